"""torch.* functions about the runtime rather than tensors: threads, determinism, matmul precision,
inference/autocast state, checks (_assert, _check*), symbolic-shape helpers, compile, vmap."""
import builtins
import math
import warnings

import mindspore as _ms

from .amp.autocast_mode import (  # noqa: F401  (re-exported as torch.*)
    is_autocast_enabled, set_autocast_enabled, get_autocast_dtype, set_autocast_dtype, is_autocast_cpu_enabled,
    set_autocast_cpu_enabled, get_autocast_cpu_dtype, set_autocast_cpu_dtype, get_autocast_gpu_dtype,
    set_autocast_gpu_dtype, is_autocast_cache_enabled, set_autocast_cache_enabled, clear_autocast_cache,
    autocast_increment_nesting, autocast_decrement_nesting, autocast)
from .autograd.grad_mode import is_inference_mode_enabled  # noqa: F401

__all__ = [
    "get_num_threads", "set_num_threads", "get_num_interop_threads", "set_num_interop_threads",
    "use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
    "is_deterministic_algorithms_warn_only_enabled", "set_deterministic_debug_mode", "get_deterministic_debug_mode",
    "set_float32_matmul_precision", "get_float32_matmul_precision", "is_inference_mode_enabled",
    "is_autocast_enabled", "set_autocast_enabled", "get_autocast_dtype", "set_autocast_dtype",
    "is_autocast_cpu_enabled", "set_autocast_cpu_enabled", "get_autocast_cpu_dtype", "set_autocast_cpu_dtype",
    "get_autocast_gpu_dtype", "set_autocast_gpu_dtype", "is_autocast_cache_enabled", "set_autocast_cache_enabled",
    "clear_autocast_cache", "autocast_increment_nesting", "autocast_decrement_nesting", "autocast",
    "_assert", "_check", "_check_with", "_check_index", "_check_value", "_check_type", "_check_not_implemented",
    "_check_is_size", "_check_tensor_all", "_check_tensor_all_with",
    "SymInt", "SymFloat", "SymBool", "sym_int", "sym_float", "sym_max", "sym_min", "sym_not", "sym_ite", "sym_sum",
    "sym_sqrt", "compile", "vmap", "set_warn_always", "is_warn_always_enabled", "get_device_module", "Stream",
    "Event", "TypedStorage", "UntypedStorage",
    "memory_format", "contiguous_format", "preserve_format", "channels_last", "channels_last_3d",
]

# ---- MindSpore differentiation: every kernel on MindSpore ops ------------------------------------------
# Some CPU kernels compute small tensors on the host with NumPy (faster there: see _ops/cpu.py and the `host`
# kernels of _ops/pointwise.py). A NumPy round trip is invisible to MindSpore's autodiff: while
# `mindspore.value_and_grad`/`mindspore.grad` differentiates a function that runs mindtorch ops, such a
# result would be a constant and its gradient silently zero. Inside `mindspore_autodiff()` those kernels take
# their MindSpore road. HOST_KERNELS[0] is read by the kernels on every call (a list: one cheap lookup).
HOST_KERNELS = [True]


class mindspore_autodiff:
    """Context manager (and decorator): mindtorch kernels stay on MindSpore ops (no NumPy host shortcuts),
    so MindSpore's autodiff sees every computation. Nests; restores the previous state on exit."""

    def __enter__(self):
        self._prev = HOST_KERNELS[0]
        HOST_KERNELS[0] = False
        return self

    def __exit__(self, *exc):
        HOST_KERNELS[0] = self._prev
        return False

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with mindspore_autodiff():
                return fn(*args, **kwargs)
        return wrapper


def is_mindspore_autodiff():
    """True inside `mindspore_autodiff()`: kernels avoid host (NumPy) shortcuts."""
    return not HOST_KERNELS[0]


# ---- threads --------------------------------------------------------------------------------------------
_threads = {"intra": None, "inter": None}


def get_num_threads():
    """Threads of MindSpore's CPU kernels (its runtime_num_threads)."""
    return _threads["intra"] or int(_ms.get_context("runtime_num_threads"))


def set_num_threads(int):
    if not isinstance(int, builtins.int) or int <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _threads["intra"] = int
    try:  # MindSpore reads it when its thread pool starts; later calls are kept and reported back
        _ms.set_context(runtime_num_threads=int)
    except (RuntimeError, ValueError, TypeError):
        pass


def get_num_interop_threads():
    return _threads["inter"] or get_num_threads()


def set_num_interop_threads(int):
    if not isinstance(int, builtins.int) or int <= 0:
        raise RuntimeError("Expected positive number of threads")
    if _threads["inter"] is not None:
        raise RuntimeError("Error: cannot set number of interop threads after parallel work has started or "
                           "set_num_interop_threads called")
    _threads["inter"] = int


# ---- determinism ------------------------------------------------------------------------------------------
_det = {"mode": False, "warn_only": False}


def _apply_deterministic():
    """MindSpore's deterministic computing is on when torch's deterministic algorithms or
    cudnn.deterministic are."""
    from .backends import cudnn
    on = _det["mode"] or cudnn.deterministic
    # set_context can switch it repeatedly (mindspore.set_deterministic refuses a second call)
    _ms.set_context(deterministic="ON" if on else "OFF")


def use_deterministic_algorithms(mode, *, warn_only=False):
    if not isinstance(mode, builtins.bool):
        raise TypeError(f"use_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not "
                        f"{type(mode).__name__}")
    _det["mode"], _det["warn_only"] = mode, builtins.bool(warn_only)
    _apply_deterministic()


def are_deterministic_algorithms_enabled():
    return _det["mode"]


def is_deterministic_algorithms_warn_only_enabled():
    return _det["warn_only"]


def set_deterministic_debug_mode(debug_mode):
    if isinstance(debug_mode, str):
        names = {"default": 0, "warn": 1, "error": 2}
        if debug_mode not in names:
            raise RuntimeError("invalid value of debug_mode, expected one of `default`, `warn`, `error`, but got "
                               f"{debug_mode}")
        debug_mode = names[debug_mode]
    if debug_mode == 0:
        use_deterministic_algorithms(False)
    elif debug_mode == 1:
        use_deterministic_algorithms(True, warn_only=True)
    elif debug_mode == 2:
        use_deterministic_algorithms(True)
    else:
        raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got {debug_mode}")


def get_deterministic_debug_mode():
    if not _det["mode"]:
        return 0
    return 1 if _det["warn_only"] else 2


# ---- matmul precision: a permission (TF32/bf16 internal precision), kept and read back -----------------
_matmul_precision = ["highest"]


def set_float32_matmul_precision(precision):
    if precision not in ("highest", "high", "medium"):
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      "setFloat32MatmulPrecision call has no effect.")
        return
    _matmul_precision[0] = precision


def get_float32_matmul_precision():
    """The permitted internal precision of float32 matmuls. MindSpore computes them in float32 at any
    setting (a permitted choice: 'high'/'medium' allow lower precision, they do not require it)."""
    return _matmul_precision[0]


# ---- warnings ------------------------------------------------------------------------------------------
_warn_always = [False]


def set_warn_always(b):
    _warn_always[0] = builtins.bool(b)


def is_warn_always_enabled():
    return _warn_always[0]


# ---- checks --------------------------------------------------------------------------------------------
def _assert(condition, message):
    if type(condition) is not builtins.bool and hasattr(condition, "_storage"):
        condition = builtins.bool(condition)
    assert condition, message


def _fail(error_type, message, default):
    text = message() if callable(message) else default
    raise error_type(text)


_IMPROVE = " (Could this error message be improved? If so, please report an enhancement request to PyTorch.)"


def _cond_value(cond):
    if isinstance(cond, builtins.bool):
        return cond
    if hasattr(cond, "_storage"):
        return builtins.bool(cond)
    if isinstance(cond, SymBool):
        return builtins.bool(cond)
    raise TypeError(f"cond must be a bool, but got {type(cond)}")


def _check_with(error_type, cond, message=None):
    if not isinstance(error_type, type) or not issubclass(error_type, Exception):
        raise TypeError(f"error_type must be an exception type, not {error_type}")
    if not _cond_value(cond):
        if message is not None and not callable(message):
            raise TypeError("message must be a callable")
        _fail(error_type, message, f"Expected cond to be True, but got False.{_IMPROVE}")


def _check(cond, message=None):
    _check_with(RuntimeError, cond, message)


def _check_index(cond, message=None):
    _check_with(IndexError, cond, message)


def _check_value(cond, message=None):
    _check_with(ValueError, cond, message)


def _check_type(cond, message=None):
    _check_with(TypeError, cond, message)


def _check_not_implemented(cond, message=None):
    _check_with(NotImplementedError, cond, message)


def _check_is_size(i, message=None, *, max=None):
    _check(i >= 0, message)
    if max is not None:
        _check(i <= max, message)


def _check_tensor_all_with(error_type, cond, message=None):
    if not hasattr(cond, "_storage"):
        raise TypeError(f"cond must be a tensor, but got {type(cond)}")
    if cond._dtype.name != "bool":
        raise TypeError(f"cond tensor must have dtype torch.bool, but got {cond._dtype}")
    _check_with(error_type, builtins.bool(cond._ms.all()), message)


def _check_tensor_all(cond, message=None):
    _check_tensor_all_with(RuntimeError, cond, message)


# ---- symbolic shapes: mindtorch runs eagerly, so sizes are plain Python numbers ---------------------------
class SymInt:
    """A symbolic integer of torch's tracing; mindtorch never makes one (sizes are ints), so
    isinstance(x, SymInt) is False for every size here."""

    def __init__(self, *args, **kwargs):
        raise TypeError("mindtorch: SymInt is not constructible (sizes are plain ints in eager mode)")


class SymFloat(SymInt):
    """A symbolic float of torch's tracing; never made here."""


class SymBool(SymInt):
    """A symbolic bool of torch's tracing; never made here."""


def sym_int(a):
    if isinstance(a, builtins.float):
        return builtins.int(math.floor(a)) if a >= 0 else builtins.int(math.ceil(a))
    return builtins.int(a)


def sym_float(a):
    return builtins.float(a)


def sym_max(a, b):
    return builtins.max(a, b)


def sym_min(a, b):
    return builtins.min(a, b)


def sym_not(a):
    return not a


def sym_ite(b, t, f):
    return t if b else f


def sym_sum(args):
    return builtins.sum(args)


def sym_sqrt(a):
    return math.sqrt(a)


# ---- compile -------------------------------------------------------------------------------------------
def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None, options=None, name=None,
            disable=False, recompile_limit=None, isolate_recompiles=False, shapes_spec=None):
    """torch.compile: mindtorch has no graph compiler behind it, so this returns `model` UNCHANGED (or,
    used as a decorator factory, a decorator that returns its function unchanged). This is an honest
    fallback: the model runs eagerly and its results are exactly those of the uncompiled model; only
    the speed-up of compilation is missing."""
    if mode is not None and options is not None:
        raise RuntimeError("Either mode or options can be specified, but both can't be specified at the same time.")
    if model is None:
        def fn(model):
            if model is None:
                raise RuntimeError("Model can't be None")
            return model
        return fn
    if not callable(model):
        raise RuntimeError("compile() expects a callable model")
    return model


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """torch.vmap by a Python loop: `func` runs once per batch entry and the outputs are stacked (see
    mindtorch.func.vmap)."""
    from .func import vmap as _vmap
    return _vmap(func, in_dims, out_dims, randomness, chunk_size=chunk_size)


def get_device_module(device=None):
    import importlib
    from ._device import device as Device
    if device is None:
        from . import accelerator
        acc = accelerator.current_accelerator()
        name = acc.type if acc is not None else "cpu"
    elif isinstance(device, Device):
        name = device.type
    elif isinstance(device, str):
        name = Device(device).type
    else:
        raise RuntimeError(f"Invalid value of device '{device}', expect torch.device, str, or None")
    try:
        return importlib.import_module(f"mindtorch.{name}")
    except ImportError:
        raise RuntimeError(f"Device '{name}' does not have a corresponding module registered as 'torch.{name}'.")


class Stream:
    """torch.Stream: a stream of the given device; only CPU streams (work runs in order) exist without
    an accelerator."""

    def __new__(cls, device=None, *, priority=0, **kwargs):
        from ._device import as_device
        d = as_device(device)
        if d.type == "cpu":
            from .cpu import Stream as CpuStream
            return CpuStream(priority)
        return get_device_module(d).Stream(priority=priority)


class Event:
    def __new__(cls, device=None, *, enable_timing=False, blocking=False, interprocess=False):
        from ._device import as_device
        d = as_device(device)
        if d.type == "cpu":
            raise RuntimeError("mindtorch: torch.Event on 'cpu' is not supported (no device events on CPU)")
        return get_device_module(d).Event(enable_timing=enable_timing, blocking=blocking)


# ---- storages: mindtorch keeps a tensor's data in its own Storage (mindtorch/_storage.py) -------------------
class _StorageMeta(type):
    def __instancecheck__(cls, obj):
        from ._tensor import _StorageView
        return isinstance(obj, _StorageView) or type.__instancecheck__(cls, obj)


class UntypedStorage(metaclass=_StorageMeta):
    """torch.UntypedStorage. What a tensor's untyped_storage() returns is one (a view of the tensor's own
    storage: identity and size). One made here holds host bytes: UntypedStorage(nbytes or a list of byte
    values), UntypedStorage.from_file (a memory map, as safetensors' safe_open uses it) and their slices;
    torch.asarray(storage, dtype=...) reads the bytes as a tensor. Limit: that tensor is a copy (torch's
    shares the bytes), as from_numpy's is."""

    def __init__(self, size=0, *, device=None):
        import numpy as np
        from ._device import as_device
        if device is not None and as_device(device).type != "cpu":
            raise NotImplementedError(f"mindtorch: torch.UntypedStorage on '{as_device(device)}' (host bytes only)")
        if isinstance(size, builtins.int):
            if size < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {size}: [{size}]")
            self._bytes = np.zeros(size, np.uint8)
        else:
            self._bytes = np.array(list(size), dtype=np.uint8)

    @classmethod
    def _of(cls, array):
        s = object.__new__(cls)
        s._bytes = array
        return s

    @classmethod
    def from_file(cls, filename, shared=False, nbytes=0):
        """The file's first `nbytes` bytes, memory-mapped: shared=True writes reach the file (which grows to
        `nbytes` when shorter), shared=False maps it copy-on-write."""
        import os
        import numpy as np
        nbytes = builtins.int(nbytes)
        have = os.path.getsize(filename)
        if nbytes > have and shared:  # torch grows the file to the mapping's size
            os.truncate(filename, nbytes)
        elif nbytes > have:
            raise RuntimeError(f"file <{filename}> size <{have}> is smaller than the required mapping size <{nbytes}>")
        if nbytes == 0:
            return cls._of(np.zeros(0, np.uint8))
        return cls._of(np.memmap(filename, np.uint8, "r+" if shared else "c", shape=(nbytes,)))

    @property
    def device(self):
        from ._device import device
        return device("cpu")

    def nbytes(self):
        return builtins.int(self._bytes.size)

    size = nbytes

    def __len__(self):
        return self.nbytes()

    def element_size(self):
        return 1

    def untyped(self):
        return self

    def data_ptr(self):
        return self._bytes.ctypes.data if self._bytes.size else 0

    def is_shared(self):
        return False

    def __getitem__(self, index):
        if isinstance(index, slice):
            if index.step not in (None, 1):
                raise RuntimeError("slices with steps are not supported by storages")
            return UntypedStorage._of(self._bytes[index])
        return builtins.int(self._bytes[index])

    def __setitem__(self, index, value):
        self._bytes[index] = value

    def tolist(self):
        return self._bytes.tolist()

    def __repr__(self):
        body = "\n".join(f" {b}" for b in self._bytes[:64].tolist())
        return f"{body}\n[torch.storage.UntypedStorage(device=cpu) of size {self.nbytes()}]"

    def __array__(self, dtype=None, copy=None):
        return self._bytes if dtype is None else self._bytes.astype(dtype)


class TypedStorage(UntypedStorage):
    """torch.TypedStorage for isinstance checks."""



# ---- memory formats ---------------------------------------------------------------------------------------------
class memory_format:
    """torch.memory_format. mindtorch lays tensors out row-major (contiguous_format) or as views; the channels_last
    layouts are not modelled: ops asked for them raise NotImplementedError (see check_memory_format)."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return "torch." + self._name

    def __reduce__(self):
        return self._name


contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")


def check_memory_format(fmt, op):
    if fmt is channels_last or fmt is channels_last_3d:
        raise NotImplementedError(f"mindtorch: {op}(memory_format={fmt}) is not supported (channels_last layouts "
                                  "are not modelled)")
