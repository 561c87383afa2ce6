"""torch.distributed.algorithms.ddp_comm_hooks.powerSGD_hook."""
from ... import _unavailable as _u

_u.fill(globals(), __name__, functions=("powerSGD_hook", "batched_powerSGD_hook"), classes=("PowerSGDState",))
