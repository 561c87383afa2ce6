"""torch.amp.autocast: a region in which ops on torch's autocast lists run in lower precision (matmul,
linear, conv, ...) or in float32 (losses, ...), per device type. The policy and the op wrapper are in
mindtorch/_autocast.py; this module holds the context manager and torch's state functions."""
import collections.abc
import functools
import warnings

from .. import _autocast as _A
from .. import _dtype as D

__all__ = ["autocast", "custom_fwd", "custom_bwd", "is_autocast_available"]

_SUPPORTED = {
    "cpu": (D.bfloat16, D.float16),
    "cuda": (D.bfloat16, D.float16),
    "npu": (D.bfloat16, D.float16),
}


def is_autocast_available(device_type):
    """Whether autocast is supported for `device_type` (torch's answer: a device type that has a policy)."""
    return device_type in ("cpu", "cuda", "npu")


def _available_here(device_type):
    from .._device import is_available
    return device_type == "cpu" or (device_type in ("cuda", "npu") and is_available(device_type))


def is_autocast_enabled(device_type=None):
    """Whether autocast is on for `device_type` in this thread (no argument: 'cuda', as torch)."""
    return bool(_A.state.enabled.get("cuda" if device_type is None else device_type, False))


def set_autocast_enabled(device_type, enabled=None):
    if enabled is None:  # torch's old form set_autocast_enabled(enabled) is about CUDA
        device_type, enabled = "cuda", device_type
    _A.state.enabled[device_type] = bool(enabled)
    _A.state.refresh()


def get_autocast_dtype(device_type):
    return _A.autocast_dtype(device_type)


def set_autocast_dtype(device_type, dtype):
    _A.state.dtypes[device_type] = dtype


def is_autocast_cpu_enabled():
    return is_autocast_enabled("cpu")


def set_autocast_cpu_enabled(enabled):
    set_autocast_enabled("cpu", enabled)


def get_autocast_cpu_dtype():
    return get_autocast_dtype("cpu")


def set_autocast_cpu_dtype(dtype):
    set_autocast_dtype("cpu", dtype)


def get_autocast_gpu_dtype():
    return get_autocast_dtype("cuda")


def set_autocast_gpu_dtype(dtype):
    set_autocast_dtype("cuda", dtype)


def is_autocast_cache_enabled():
    return _A.state.cache_enabled


def set_autocast_cache_enabled(enabled):
    _A.state.cache_enabled = bool(enabled)


def clear_autocast_cache():
    """mindtorch keeps no cast cache (see mindtorch/_autocast.py), so there is nothing to clear."""


def autocast_increment_nesting():
    _A.state.nesting += 1
    return _A.state.nesting


def autocast_decrement_nesting():
    _A.state.nesting -= 1
    return _A.state.nesting


class autocast:
    """Autocast region for `device_type` ('cpu', 'cuda', 'npu'): inside it, ops on torch's autocast lists
    cast their floating inputs as torch's policy for that device type says (see mindtorch/_autocast.py).
    Usable as a context manager and as a decorator."""

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        if dtype is None:
            dtype = get_autocast_dtype(device_type)
        self.device = device_type
        self.fast_dtype = dtype
        self._cache_enabled = is_autocast_cache_enabled() if cache_enabled is None else cache_enabled
        if device_type not in _A.AUTOCAST_DEVICE_TYPES:
            raise RuntimeError(f"User specified an unsupported autocast device_type '{device_type}'")
        if enabled and not _available_here(device_type):
            warnings.warn(f"User provided device_type of '{device_type}', but {device_type.upper()} is not "
                          "available (mindtorch: MindSpore's device_target does not run it). Disabling")
            enabled = False
        if enabled and dtype not in _SUPPORTED.get(device_type, ()):
            names = ", ".join(str(d) for d in _SUPPORTED[device_type] if d is not D.float32)
            warnings.warn(f"In {device_type.upper()} autocast, but the target dtype is not supported. Disabling "
                          f"autocast.\n{device_type.upper()} Autocast only supports dtypes of {names} currently.")
            enabled = False
        self._enabled = bool(enabled)

    def __enter__(self):
        s = _A.state
        self._prev = (s.enabled.get(self.device, False), s.dtypes.get(self.device), s.cache_enabled)
        s.enabled[self.device] = self._enabled
        s.dtypes[self.device] = self.fast_dtype
        s.cache_enabled = self._cache_enabled
        s.nesting += 1
        s.refresh()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        s = _A.state
        enabled, dtype, cache = self._prev
        s.enabled[self.device] = enabled
        if dtype is None:
            s.dtypes.pop(self.device, None)
        else:
            s.dtypes[self.device] = dtype
        s.cache_enabled = cache
        s.nesting -= 1
        s.refresh()
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def decorate_autocast(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return decorate_autocast


def _cast(value, device_type, dtype):
    """`value` with every floating (not float64) tensor of `device_type` in it cast to `dtype`
    (lists, tuples, dicts and other iterables are walked)."""
    if _A._eligible(value, device_type):
        return value.to(dtype)
    if hasattr(value, "_storage") or isinstance(value, (str, bytes)) or value is None:
        return value
    if type(value).__module__ == "numpy":
        return value
    if isinstance(value, collections.abc.Mapping):
        return {_cast(k, device_type, dtype): _cast(v, device_type, dtype) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_cast(v, device_type, dtype) for v in value)
    if isinstance(value, collections.abc.Iterable):
        return (_cast(v, device_type, dtype) for v in value)
    return value


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """Decorator for an autograd Function's forward: with `cast_inputs`, inside an autocast region the
    forward gets its floating inputs cast to that dtype and runs with autocast off; without it, the
    forward runs in the caller's autocast state and backward (custom_bwd) repeats that state."""
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def decorate_fwd(*args, **kwargs):
        ctx = args[0]
        ctx._dtype = get_autocast_dtype(device_type)
        if cast_inputs is None:
            ctx._fwd_used_autocast = is_autocast_enabled(device_type)
            return fwd(*args, **kwargs)
        ctx._fwd_used_autocast = False
        if is_autocast_enabled(device_type):
            with autocast(device_type=device_type, enabled=False):
                return fwd(*_cast(args, device_type, cast_inputs), **_cast(kwargs, device_type, cast_inputs))
        return fwd(*args, **kwargs)
    return decorate_fwd


def custom_bwd(bwd=None, *, device_type):
    """Decorator for an autograd Function's backward: runs it in the autocast state its forward ran in."""
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)

    @functools.wraps(bwd)
    def decorate_bwd(*args, **kwargs):
        ctx = args[0]
        with autocast(device_type=device_type, enabled=getattr(ctx, "_fwd_used_autocast", False),
                      dtype=getattr(ctx, "_dtype", None)):
            return bwd(*args, **kwargs)
    return decorate_bwd


def _enter_autocast(*vals):
    mode = autocast(*vals)
    mode.__enter__()
    return mode


def _exit_autocast(mode):
    mode.__exit__(None, None, None)
