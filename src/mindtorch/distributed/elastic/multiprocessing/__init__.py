"""torch.distributed.elastic.multiprocessing."""
from . import errors  # noqa: F401
