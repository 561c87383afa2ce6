"""torch.distributed.elastic."""
from . import multiprocessing  # noqa: F401
