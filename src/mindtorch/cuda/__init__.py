"""torch.cuda: answers for MindSpore's GPU backend. Available only when MindSpore's device_target is
GPU; otherwise every function answers as torch does on a machine without CUDA (see _device_api.py)."""
from .._api import OutOfMemoryError  # noqa: F401  (torch.cuda.OutOfMemoryError is torch.OutOfMemoryError)
from .._device_api import make as _make

_api = _make("cuda", "GPU", "CUDA")
globals().update(_api.functions())

from . import amp, random, memory, graphs, nvtx  # noqa: E402,F401
from .graphs import CUDAGraph, graph, graph_pool_handle, make_graphed_callables  # noqa: E402,F401


def _get_device_index(device, optional=False, allow_cpu=False):
    from .._device_api import _index
    idx = _index(device)
    if idx is None:
        if optional:
            return current_device() if is_available() else -1  # noqa: F821
        raise ValueError(f"Expected a torch.device with a specified index or an integer, but got:{device}")
    return idx


def is_bf16_supported(including_emulation=True):  # noqa: F811  (documented here for torch.cuda)
    """Whether bfloat16 runs on the GPU: False without a GPU backend."""
    return _api.is_bf16_supported(including_emulation)


def get_sync_debug_mode():
    return 0


def set_sync_debug_mode(debug_mode):
    if debug_mode not in (0, "default"):
        raise NotImplementedError("mindtorch: torch.cuda.set_sync_debug_mode is not supported")
