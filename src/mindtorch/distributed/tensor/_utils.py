"""torch.distributed.tensor._utils."""
from .. import _unavailable as _u

_u.fill(globals(), __name__, functions=("compute_local_shape_and_global_offset", "compute_local_shape"))
