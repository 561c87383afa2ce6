"""torch.distributed.algorithms._checkpoint."""
from . import checkpoint_wrapper  # noqa: F401
