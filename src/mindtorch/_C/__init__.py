"""torch._C: only the names libraries import from it at module level or probe at run time. mindtorch
has no C extension of torch's; each name here answers for mindtorch."""
from . import _nn  # noqa: F401


def _get_accelerator(check=False):
    from .. import accelerator
    from .._device import device
    acc = accelerator.current_accelerator()
    return acc if acc is not None else device("cpu")


def _log_api_usage_once(event):
    pass


def _get_tracing_state():
    return None


def _cuda_isInBadFork():
    return False


def _set_math_sdp_allow_fp16_bf16_reduction(enabled):
    from ..backends import cuda
    cuda.allow_fp16_bf16_reduction_math_sdp(enabled)


def _get_math_sdp_allow_fp16_bf16_reduction():
    from ..backends import cuda
    return cuda.fp16_bf16_reduction_math_sdp_allowed()


def _get_cudnn_enabled():
    from ..backends import cudnn
    return cudnn.enabled


def _set_grad_enabled(enabled):
    from ..autograd.grad_mode import _set
    _set(enabled)


def is_grad_enabled():
    from ..autograd.grad_mode import is_grad_enabled as f
    return f()


def _is_torch_function_mode_enabled():
    return False


def _has_torch_function(args):
    return False


class DisableTorchFunctionSubclass:
    """No __torch_function__ dispatch happens in mindtorch, so there is nothing to disable."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class DisableTorchFunction(DisableTorchFunctionSubclass):
    pass


class _DisableFuncTorch(DisableTorchFunctionSubclass):
    pass


class Graph:
    """A TorchScript graph (none exists in mindtorch; the class is here for annotations/isinstance)."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("mindtorch: torch._C.Graph is not supported (no TorchScript)")


class Value(Graph):
    pass


class Node(Graph):
    pass


def _get_privateuse1_backend_name():
    return "npu"


def _jit_set_profiling_executor(flag):
    return False


def _jit_set_profiling_mode(flag):
    return False


def _jit_override_can_fuse_on_cpu(flag):
    pass


def _jit_override_can_fuse_on_gpu(flag):
    pass


def _jit_set_texpr_fuser_enabled(flag):
    pass
