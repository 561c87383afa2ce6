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
import mindspore

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
        if callable(fn) and _takes_dtype(fn):
            fn = _python_type_dtypes(fn)
        if backward is not None:
            entry = differentiable(op_name, fn, backward)
        elif differentiable_output and callable(fn):  # properties call an entry that is wrapped
            entry = without_formula(op_name, fn)
        else:
            entry = fn
        if op_name in _AUTOCAST_POLICY:  # only ops on an autocast list; see _autocast.py
            entry = autocast_entry(op_name, entry)
        OPS[op_name] = OpDef(op_name, entry, method, namespace, backward)
        return entry
    return register


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


# torch takes Python types where a dtype goes (dtype=int is int64, float float64, bool, complex complex128)


def _takes_dtype(fn):
    import inspect
    try:
        return "dtype" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _python_type_dtypes(entry):
    import functools
    from .._dtype import from_python_type

    @functools.wraps(entry)
    def run(*args, **kwargs):
        d = kwargs.get("dtype")
        if d is int or d is float or d is bool or d is complex:
            kwargs["dtype"] = from_python_type(kwargs["dtype"])
        return entry(*args, **kwargs)
    return run
