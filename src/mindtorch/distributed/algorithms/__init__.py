"""torch.distributed.algorithms."""
from . import join, _checkpoint, ddp_comm_hooks  # noqa: F401
from .join import Join, Joinable, JoinHook  # noqa: F401
