"""torch.backends.mkldnn: mindtorch has no oneDNN tensor layout (Tensor.to_mkldnn), so it is not
available; the `enabled` flag is kept."""
import contextlib

enabled = True
deterministic = False
allow_tf32 = False
fp32_precision = "none"


def is_available():
    return False


def is_acl_available():
    return False


@contextlib.contextmanager
def flags(enabled=False, deterministic=False, fp32_precision="none"):
    import sys
    mod = sys.modules[__name__]
    prev = (mod.enabled, mod.deterministic)
    mod.enabled, mod.deterministic = enabled, deterministic
    try:
        yield
    finally:
        mod.enabled, mod.deterministic = prev
