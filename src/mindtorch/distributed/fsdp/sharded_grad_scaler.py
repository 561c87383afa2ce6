"""torch.distributed.fsdp.sharded_grad_scaler."""
from .. import _unavailable as _u

_u.fill(globals(), __name__, classes=("ShardedGradScaler",))
