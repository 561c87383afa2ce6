"""torch.distributed.device_mesh."""
from . import _unavailable as _u

_u.fill(globals(), __name__, functions=("init_device_mesh",), classes=("DeviceMesh",))
