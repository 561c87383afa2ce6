"""The op table.

Every op is declared once:
- its torch-facing entry (`defop`): signature, argument checks, type promotion, and where it appears
  (torch.<name>, Tensor.<name>, the in-place Tensor.<name>_);
- its kernels (`kernel`): one MindSpore implementation per device type, kept in per-device tables
  (TABLES['cpu'], TABLES['cuda'], TABLES['npu']). A kernel registered with no device list serves every
  device; cpu.py, gpu.py and ascend.py override entries where a device lacks a kernel (a composite
  of primitives) or has a better one;
- its derivative (`defop(..., backward=...)`), kept beside the entry for the autograd engine.

The entry calls `dispatch(name, tensor)` to get the kernel of the tensor's device.
"""
import mindspore

DEVICES = ("cpu", "cuda", "npu")
TABLES = {d: {} for d in DEVICES}
OPS = {}


class OpDef:
    __slots__ = ("name", "fn", "method", "namespace", "backward")

    def __init__(self, name, fn, method, namespace, backward):
        self.name, self.fn, self.method, self.namespace, self.backward = name, fn, method, namespace, backward


def defop(name=None, *, method=True, namespace=True, backward=None):
    """Declare a torch op entry. `method` puts it on Tensor too (True, or another method name);
    `namespace=False` keeps it off the torch namespace (Tensor-only ops such as `add_`)."""
    def register(fn):
        op_name = name or fn.__name__
        OPS[op_name] = OpDef(op_name, fn, method, namespace, backward)
        return fn
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
    if any(m in msg for m in _MISSING_KERNEL):
        return NotImplementedError(
            f"mindtorch: '{name}' has no MindSpore {device} kernel for dtype {', '.join(dtypes) or '?'}: {first}")
    return type(err)(f"mindtorch '{name}': {first}")


def dispatch(name, tensor):
    """The kernel of op `name` for the device type of `tensor`."""
    device_type = tensor._device.type
    try:
        return TABLES[device_type][name]
    except KeyError:
        if device_type == "meta":
            raise NotImplementedError(f"mindtorch: '{name}' does not run on 'meta' tensors (they carry no data)") from None
        raise NotImplementedError(f"mindtorch: '{name}' has no kernel for device '{device_type}'") from None


def kernel_for(name, device_type):
    return TABLES[device_type][name]
