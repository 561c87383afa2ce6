"""torch.backends.cudnn: cuDNN exists here only under MindSpore's GPU backend. `deterministic`
sets MindSpore's deterministic computing (as torch's makes cuDNN pick deterministic algorithms);
`benchmark` and `allow_tf32` are permissions, kept and read back."""
import contextlib
import sys

import mindspore as _ms

from .._device import is_available as _device_available


def is_available():
    return _device_available("cuda")


def version():
    if not is_available():
        return None
    return 0


def is_acceptable(tensor):
    return is_available() and tensor.device.type == "cuda"


_flags = {"enabled": True, "benchmark": False, "benchmark_limit": 10, "allow_tf32": True, "fp32_precision": "none"}
_deterministic = [False]


def _get_deterministic(mod):
    return _deterministic[0]


def _set_deterministic(mod, value):
    _deterministic[0] = bool(value)
    from .._runtime import _apply_deterministic
    _apply_deterministic()


def _flag(name):
    return (lambda mod: _flags[name]), (lambda mod, value: _flags.__setitem__(name, value))


@contextlib.contextmanager
def flags(enabled=False, benchmark=False, benchmark_limit=10, deterministic=False, allow_tf32=True):
    mod = sys.modules[__name__]
    prev = (mod.enabled, mod.benchmark, mod.benchmark_limit, mod.deterministic, mod.allow_tf32)
    mod.enabled, mod.benchmark, mod.benchmark_limit, mod.deterministic, mod.allow_tf32 = \
        enabled, benchmark, benchmark_limit, deterministic, allow_tf32
    try:
        yield
    finally:
        mod.enabled, mod.benchmark, mod.benchmark_limit, mod.deterministic, mod.allow_tf32 = prev


from . import flag_module  # noqa: E402

flag_module(__name__, {**{n: _flag(n) for n in _flags}, "deterministic": (_get_deterministic, _set_deterministic)})
_ = _ms
