"""torch.distributed.nn."""
from . import functional  # noqa: F401
from .functional import all_gather, all_reduce, broadcast, all_to_all, reduce_scatter  # noqa: F401
