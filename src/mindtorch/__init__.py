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
from ._layout import (  # noqa: E402
    layout, strided, sparse_coo, sparse_csr, sparse_csc, sparse_bsr, sparse_bsc, _mkldnn, jagged)
from ._tensor import Tensor, Size  # noqa: E402
from . import _ops  # noqa: E402
from ._ops import namespace as _namespace  # noqa: E402
from ._ops.random import (  # noqa: E402
    Generator, default_generator, manual_seed, seed, initial_seed, get_rng_state, set_rng_state)
from . import random  # noqa: E402  torch.random (fork_rng, ...)
from . import autograd  # noqa: E402
from . import optim  # noqa: E402
from . import serialization  # noqa: E402
from .serialization import save, load  # noqa: E402
from . import linalg  # noqa: E402  torch.linalg
from . import special  # noqa: E402,F401  torch.special
from . import fft  # noqa: E402,F401  torch.fft
from .autograd.grad_mode import no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode  # noqa: E402

globals().update(_namespace())

from ._api import *  # noqa: E402,F401,F403  torch.* functions that are not ops (is_tensor, result_type, ...)
from . import nn, utils  # noqa: E402,F401  (nn needs the ops namespace above)
# the rest of the torch namespace that libraries probe (flags, device modules, amp, distributed, ...)
from ._runtime import *  # noqa: E402,F401,F403
from ._ops_namespace import ops  # noqa: E402,F401
from . import (  # noqa: E402,F401
    amp, cuda, npu, xpu, mps, cpu, accelerator, backends, distributed, compiler, jit, _dynamo, fx, library, overrides,
    testing, hub, version, types, _C, __config__, multiprocessing, random, export, sparse, nested, onnx, profiler, func,
    _inductor, _higher_order_ops)
from .utils import _pytree, checkpoint as _checkpoint  # noqa: E402,F401
from .torch_version import __version__  # noqa: E402,F811  (a TorchVersion, as torch.__version__)
from .nn import attention as _attention  # noqa: E402,F401
if hasattr(nn, "functional"):  # autocast for the nn.functional entries on torch's autocast lists (see _autocast.py)
    from ._autocast import wrap_module_functions as _wrap_autocast
    _wrap_autocast(nn.functional)
from . import distributions  # noqa: E402,F401  torch.distributions (torch imports it eagerly)
