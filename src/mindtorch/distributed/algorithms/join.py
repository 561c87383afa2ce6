"""torch.distributed.algorithms.join."""
from .. import _unavailable as _u

_u.fill(globals(), __name__, classes=("Join", "Joinable", "JoinHook"))
