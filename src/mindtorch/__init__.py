"""mindtorch: the torch API on MindSpore. `import mindtorch as torch`."""
import os as _os

_os.environ.setdefault("GLOG_v", "3")  # MindSpore logs kernel warnings to stderr unless told not to
import mindspore as _ms  # noqa: E402

# Kernel errors must raise at the op that caused them, not at a later one; blocking launch also
# made chains of small ops steadier and never slower on CPU (see DESIGN.md).
_ms.runtime.launch_blocking()

__version__ = "2.13.0"

from ._dtype import (  # noqa: E402
    dtype, bool, uint8, uint16, uint32, uint64, int8, int16, int32, int64, float16, bfloat16, float32, float64,
    complex64, complex128, float8_e4m3fn, float8_e5m2, half, float, double, short, int, long, cfloat, cdouble,
    finfo, iinfo, get_default_dtype, set_default_dtype, promote_types, can_cast)
from ._device import device, get_default_device, set_default_device  # noqa: E402
from ._tensor import Tensor, Size  # noqa: E402
from . import _ops  # noqa: E402
from ._ops import namespace as _namespace  # noqa: E402
from ._ops.random import (  # noqa: E402
    Generator, default_generator, manual_seed, seed, initial_seed, get_rng_state, set_rng_state)
from . import autograd  # noqa: E402
from . import linalg  # noqa: E402  torch.linalg
from .autograd.grad_mode import no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode  # noqa: E402

globals().update(_namespace())

from ._api import *  # noqa: E402,F401,F403  torch.* functions that are not ops (is_tensor, result_type, ...)
