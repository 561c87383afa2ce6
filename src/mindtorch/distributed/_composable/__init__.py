"""torch.distributed._composable."""
from .. import _unavailable as _u

_u.fill(globals(), __name__, functions=("checkpoint", "replicate", "fully_shard"))
from . import fsdp  # noqa: E402,F401
