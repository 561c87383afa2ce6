"""The op table.

Every op is declared once:
- its torch-facing entry (`defop`): signature, argument checks, type promotion, and where it appears
  (torch.<name>, Tensor.<name>, the in-place Tensor.<name>_);
- its kernels (`kernel`): one MindSpore implementation per device type, kept in per-device tables
  (TABLES['cpu'], TABLES['cuda'], TABLES['npu']). A kernel registered with no device list serves every
  device; cpu.py, gpu.py and ascend.py override entries where a device lacks a kernel (a composite
  of primitives) or has a better one;
- its derivative (`defop(..., backward=formula)`): `formula(grad, <names>)` returns the grads of the
  op's parameters in signature order (None where there is none); the names it takes after `grad` are
  the op's parameters it reads (saved for backward, version-checked) and `result`, the op's output.
  It is written in mindtorch ops, so it runs on every device and is itself differentiable.

The entry calls `dispatch(name, tensor)` to get the kernel of the tensor's device.
"""
import functools
import inspect

import mindspore

from .. import _dtype as D
from ..autograd.record import differentiable, without_formula
from .._autocast import POLICY as _AUTOCAST_POLICY, autocast_entry

DEVICES = ("cpu", "cuda", "npu")


class _Table(dict):
    """One device type's kernels by op name; a missing entry raises NotImplementedError naming both."""

    def __init__(self, device_type):
        super().__init__()
        self.device_type = device_type

    def __missing__(self, name):
        raise NotImplementedError(f"mindtorch: '{name}' has no kernel for device '{self.device_type}'")


class _Tables(dict):
    def __missing__(self, device_type):
        if device_type == "meta":  # meta operands read as zeros and results are meta again (Tensor._make)
            return self["cpu"]
        raise NotImplementedError(f"mindtorch: no kernel table for device '{device_type}'")


TABLES = _Tables({d: _Table(d) for d in DEVICES})
OPS = {}


class OpDef:
    __slots__ = ("name", "fn", "method", "namespace", "backward")

    def __init__(self, name, fn, method, namespace, backward):
        self.name, self.fn, self.method, self.namespace, self.backward = name, fn, method, namespace, backward


def defop(name=None, *, method=True, namespace=True, backward=None, differentiable_output=True):
    """Declare a torch op entry. `method` puts it on Tensor too (True, or another method name);
    `namespace=False` keeps it off the torch namespace (Tensor-only ops such as `add_`).
    `differentiable_output=False` for ops whose outputs torch never puts on the graph though they are
    floating (zeros_like, rand_like, detach): without it, an op with no formula refuses backward."""
    def register(fn):
        op_name = name or fn.__name__
        if backward is not None:
            entry = differentiable(op_name, fn, backward)
        elif differentiable_output and callable(fn):  # properties call an entry that is wrapped
            entry = without_formula(op_name, fn)
        else:
            entry = fn
        if op_name in _AUTOCAST_POLICY:  # only ops on an autocast list; see _autocast.py
            entry = autocast_entry(op_name, entry)
        entry = _python_type_dtype(fn, entry)
        entry = _numpy_keyword_aliases(fn, entry)
        OPS[op_name] = OpDef(op_name, entry, method, namespace, backward)
        return entry
    return register


def _python_type_dtype(fn, entry):
    """Where the op takes `dtype`, Python's int/float/bool/complex stand for int64/float64/bool/complex128, as
    torch's argument parser reads them (torch.tensor(0, dtype=int))."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return entry
    if "dtype" not in params:
        return entry
    names = list(params)
    pos = names.index("dtype") if params["dtype"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD else None
    py = D.PYTHON_TYPES

    @functools.wraps(entry)
    def with_python_types(*args, **kwargs):
        d = kwargs.get("dtype")
        if d is not None:
            if d.__class__ is type:
                kwargs["dtype"] = py.get(d, d)
        elif pos is not None and len(args) > pos and args[pos].__class__ is type:
            args = args[:pos] + (py.get(args[pos], args[pos]),) + args[pos + 1:]
        return entry(*args, **kwargs)
    return with_python_types


def kernel(name, *devices, translate_errors=True):
    """Register `fn` (over MindSpore tensors) as op `name`'s kernel on `devices` (default: all)."""
    def register(fn):
        k = _guarded(name, fn) if translate_errors else fn
        for d in devices or DEVICES:
            TABLES[d][name] = k
        return fn
    return register


def _guarded(name, fn):
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (RuntimeError, TypeError, ValueError) as e:
            raise _translate(name, args, e) from e
    run.__name__ = run.__qualname__ = f"{name}_kernel"
    run.__wrapped__ = fn
    return run


_MISSING_KERNEL = ("unregistered", "not support", "must be a type of", "should be one of",
                   "is not supported", "Unsupported")


def _translate(name, args, err):
    """MindSpore's error for a missing kernel becomes NotImplementedError naming the op, dtype and
    device; other errors keep their type and gain the op's name."""
    # MindSpore's text: optional "----"-framed headings, the message, then "- C++ Call Stack: ..."
    text = str(err).split("- C++ Call Stack")[0]
    msg = "\n".join(ln.strip() for ln in text.splitlines()
                    if ln.strip() and not ln.lstrip().startswith(("---", "- ")))
    first = msg.splitlines()[0] if msg else type(err).__name__
    dtypes = sorted({str(a.dtype) for a in args if isinstance(a, mindspore.Tensor)})
    device = mindspore.get_context("device_target")
    if any(m in str(err) for m in _MISSING_KERNEL):  # CPU kernel-select errors start with the dashed banner
        return NotImplementedError(
            f"mindtorch: '{name}' has no MindSpore {device} kernel for dtype {', '.join(dtypes) or '?'}: {first}")
    return type(err)(f"mindtorch '{name}': {first}")


def dispatch(name, tensor):
    """The kernel of op `name` for the device type of `tensor`."""
    return TABLES[tensor._device.type][name]


def _numpy_keyword_aliases(fn, entry):
    """torch's argument parser takes NumPy's names for two keywords everywhere: axis= for dim= and keepdims= for
    keepdim= (torch.all(x, axis=-1, keepdims=True))."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return entry
    aliases = {a: n for a, n in (("axis", "dim"), ("keepdims", "keepdim")) if n in params and a not in params}
    if not aliases:
        return entry

    @functools.wraps(entry)
    def with_numpy_names(*args, **kwargs):
        if kwargs:
            for alias, name in aliases.items():
                if alias in kwargs:
                    if name in kwargs:
                        raise TypeError(f"{fn.__name__}() got multiple values for argument '{name}'")
                    kwargs[name] = kwargs.pop(alias)
        return entry(*args, **kwargs)
    return with_numpy_names
