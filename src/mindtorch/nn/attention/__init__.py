"""torch.nn.attention: the SDPA backend enum and `sdpa_kernel`. mindtorch's scaled_dot_product_attention
has one implementation (the math formula), so every backend choice runs it; the choice is recorded in
torch.backends.cuda's SDPA switches, as torch's context does, and restored on exit."""
import contextlib
import enum

from ...backends.cuda import SDPBackend  # noqa: F401

__all__ = ["SDPBackend", "sdpa_kernel", "WARN_FOR_UNFUSED_KERNELS", "activate_flash_attention_impl",
           "current_flash_attention_impl", "list_flash_attention_impls", "restore_flash_attention_impl"]

WARN_FOR_UNFUSED_KERNELS = False
_ = enum


@contextlib.contextmanager
def sdpa_kernel(backends, set_priority=False):
    from ...backends import cuda
    if isinstance(backends, SDPBackend):
        backends = [backends]
    backends = list(backends)
    for b in backends:
        if not isinstance(b, SDPBackend):
            raise AssertionError("Backend must be an instance of SDPBackend")
    prev = dict(cuda._SDP)
    cuda._SDP.update(flash=SDPBackend.FLASH_ATTENTION in backends, mem_efficient=SDPBackend.EFFICIENT_ATTENTION in
                     backends, math=SDPBackend.MATH in backends, cudnn=SDPBackend.CUDNN_ATTENTION in backends,
                     overrideable=SDPBackend.OVERRIDEABLE in backends)
    try:
        yield {}
    finally:
        cuda._SDP.clear()
        cuda._SDP.update(prev)


def _cur_sdpa_kernel_backends(with_priority=False):
    from ...backends import cuda
    names = {"math": SDPBackend.MATH, "flash": SDPBackend.FLASH_ATTENTION, "mem_efficient":
             SDPBackend.EFFICIENT_ATTENTION, "cudnn": SDPBackend.CUDNN_ATTENTION, "overrideable":
             SDPBackend.OVERRIDEABLE}
    return [names[k] for k, v in cuda._SDP.items() if v]


def list_flash_attention_impls():
    return []


def current_flash_attention_impl():
    return None


def activate_flash_attention_impl(impl):
    raise NotImplementedError(f"mindtorch: flash attention implementation {impl!r} is not available")


def restore_flash_attention_impl():
    pass
