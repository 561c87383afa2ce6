"""torch.distributed.tensor (DTensor). No DTensor is ever made in mindtorch (no distributed backend):
the classes exist for isinstance checks, and making one raises."""
from .. import _unavailable as _u
from . import placement_types, parallel, experimental, _utils  # noqa: F401
from .placement_types import Placement, Shard, Replicate, Partial  # noqa: F401

_u.fill(globals(), __name__, functions=("distribute_tensor", "distribute_module", "zeros", "ones", "empty", "full",
                                        "rand", "randn"), classes=("DTensor",))
from ..device_mesh import DeviceMesh, init_device_mesh  # noqa: E402,F401
