"""torch.backends.cuda: the GPU backend's switches. `is_built()` says whether MindSpore was built
with its GPU backend. The matmul/SDPA switches are permissions that torch's CUDA kernels may use; they
are kept and read back here (MindSpore computes float32 matmuls at full precision either way)."""
import contextlib
import enum

import mindspore as _ms


def is_built():
    try:
        return bool(_ms.hal.is_available("GPU"))
    except (ValueError, RuntimeError):
        return False


class cuBLASModule:
    def __init__(self):
        object.__setattr__(self, "_flags", {"allow_tf32": False, "allow_fp16_reduced_precision_reduction": True,
                                            "allow_bf16_reduced_precision_reduction": True,
                                            "allow_fp16_accumulation": False, "fp32_precision": "none"})

    def __getattr__(self, name):
        flags = object.__getattribute__(self, "_flags")
        if name in flags:
            if name == "allow_tf32":
                from .._runtime import get_float32_matmul_precision
                return get_float32_matmul_precision() != "highest"
            return flags[name]
        raise AttributeError(f"Unknown attribute {name}")

    def __setattr__(self, name, value):
        flags = object.__getattribute__(self, "_flags")
        if name not in flags:
            raise AttributeError(f"Unknown attribute {name}")
        if name == "allow_tf32":
            from .._runtime import set_float32_matmul_precision
            set_float32_matmul_precision("high" if value else "highest")
        flags[name] = value


class cuFFTPlanCacheManager:
    max_size = 0
    size = 0

    def clear(self):
        pass

    def __getitem__(self, device):
        return self


matmul = cuBLASModule()
cufft_plan_cache = cuFFTPlanCacheManager()

_SDP = {"flash": True, "mem_efficient": True, "math": True, "cudnn": True, "overrideable": True}
_preferred_linalg = None
_preferred_blas = None


class SDPBackend(enum.IntEnum):
    ERROR = -1
    MATH = 0
    FLASH_ATTENTION = 1
    EFFICIENT_ATTENTION = 2
    CUDNN_ATTENTION = 3
    OVERRIDEABLE = 4

    def __str__(self):
        return f"SDPBackend.{self.name}"

    __repr__ = __str__


class SDPAParams:
    def __init__(self, query, key, value, attn_mask=None, dropout=0.0, is_causal=False, enable_gqa=False):
        self.query, self.key, self.value, self.attn_mask = query, key, value, attn_mask
        self.dropout, self.is_causal, self.enable_gqa = dropout, is_causal, enable_gqa


def flash_sdp_enabled():
    return _SDP["flash"]


def enable_flash_sdp(enabled):
    _SDP["flash"] = bool(enabled)


def mem_efficient_sdp_enabled():
    return _SDP["mem_efficient"]


def enable_mem_efficient_sdp(enabled):
    _SDP["mem_efficient"] = bool(enabled)


def math_sdp_enabled():
    return _SDP["math"]


def enable_math_sdp(enabled):
    _SDP["math"] = bool(enabled)


def cudnn_sdp_enabled():
    return _SDP["cudnn"]


def enable_cudnn_sdp(enabled):
    _SDP["cudnn"] = bool(enabled)


def is_flash_attention_available():
    """Flash attention kernels: MindSpore's GPU backend has none that mindtorch uses."""
    return False


def can_use_flash_attention(params, debug=False):
    if debug:
        import warnings
        warnings.warn("mindtorch: flash attention is not available (no CUDA flash kernel)")
    return False


def can_use_efficient_attention(params, debug=False):
    if debug:
        import warnings
        warnings.warn("mindtorch: memory-efficient attention is not available (no CUDA kernel)")
    return False


def can_use_cudnn_attention(params, debug=False):
    return False


_math_allow_fp16_bf16_reduction = False


def allow_fp16_bf16_reduction_math_sdp(enabled):
    global _math_allow_fp16_bf16_reduction
    _math_allow_fp16_bf16_reduction = bool(enabled)


def fp16_bf16_reduction_math_sdp_allowed():
    return _math_allow_fp16_bf16_reduction


@contextlib.contextmanager
def sdp_kernel(enable_flash=True, enable_math=True, enable_mem_efficient=True, enable_cudnn=True):
    prev = dict(_SDP)
    _SDP.update(flash=enable_flash, math=enable_math, mem_efficient=enable_mem_efficient, cudnn=enable_cudnn)
    try:
        yield
    finally:
        _SDP.clear()
        _SDP.update(prev)


def preferred_linalg_library(backend=None):
    global _preferred_linalg
    if backend is not None:
        _preferred_linalg = backend
    return _preferred_linalg or "default"


def preferred_blas_library(backend=None):
    global _preferred_blas
    if backend is not None:
        _preferred_blas = backend
    return _preferred_blas or "cublas"


def preferred_rocm_fa_library(backend=None):
    return "default"
