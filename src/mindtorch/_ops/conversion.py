"""Dtype and device conversion, copies: cast, to, type, float()/half()/..., clone, contiguous, copy_."""
import mindspore as ms
from mindspore import ops

from .. import _dtype as D
from .._device import as_device, check_available, device as Device
from .._runtime import check_memory_format
from .._tensor import Tensor
from .registry import defop, kernel, TABLES
from .common import broadcast_shapes, cast, wrap


@kernel("cast")
def _cast(value, ms_dtype):
    return ops.cast(value, ms_dtype)


@kernel("clone")
def _clone(value):
    return ops.identity(value) if value.ndim else value.copy()


_TO_SIGNATURES = ("to() received an invalid combination of arguments - got ({}), but expected one of:\n"
                  " * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, "
                  "bool copy = False, *, torch.memory_format memory_format = None)\n"
                  " * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, "
                  "torch.memory_format memory_format = None)\n"
                  " * (Tensor tensor, bool non_blocking = False, bool copy = False, *, "
                  "torch.memory_format memory_format = None)\n")


_PYTYPE = type  # (this module defines Tensor.type below)


def _parse_to(args, kwargs):
    """torch's three overloads of Tensor.to: (device, dtype, non_blocking, copy), (dtype,
    non_blocking, copy) and (tensor, non_blocking, copy); the first positional argument decides."""
    dtype = kwargs.pop("dtype", None)
    device = kwargs.pop("device", None)
    kwargs.pop("non_blocking", None)  # copies are synchronous here
    copy = kwargs.pop("copy", False)
    kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(_TO_SIGNATURES.format(", ".join(f"{k}={v.__class__.__name__}" for k, v in kwargs.items()) + ", "))
    if dtype.__class__ is _PYTYPE:  # Python's int/float/bool/complex, as torch's arg parser reads them
        dtype = D.PYTHON_TYPES.get(dtype, dtype)
    rest = [D.PYTHON_TYPES.get(a, a) if a.__class__ is _PYTYPE else a for a in args]
    if rest:
        first = rest[0]
        if isinstance(first, D.dtype):
            dtype = rest.pop(0)
        elif isinstance(first, Tensor):
            rest.pop(0)
            dtype, device = first._dtype, first._device
        elif isinstance(first, (str, Device, int)) and not isinstance(first, bool) or first is None:
            device = rest.pop(0)
            if rest and (isinstance(rest[0], D.dtype) or rest[0] is None):
                dtype = rest.pop(0)
    flags = []
    while rest and isinstance(rest[0], bool):
        flags.append(rest.pop(0))
    if rest or len(flags) > 2:
        raise TypeError(_TO_SIGNATURES.format(", ".join(a.__class__.__name__ for a in args)))
    if len(flags) > 1:  # (non_blocking, copy)
        copy = flags[1]
    return dtype, (None if device is None else as_device(device)), copy


def to_device(t, device):
    """`t` on `device`: the value moves to the MindSpore backend of the device type."""
    check_available(device)
    if device.type == "meta":
        return Tensor._make_meta(t._shape, t._dtype, device)
    t._check_data("to")
    value = t._ms
    return wrap(value, device, t._shape)


@defop()
def to(self, *args, **kwargs):
    dtype, device, copy = _parse_to(args, dict(kwargs))
    same_device = device is None or device == self._device
    same_dtype = dtype is None or dtype is self._dtype
    if same_device and same_dtype and not copy:
        return self
    return _to_copy(self, dtype if not same_dtype else None, None if same_device else device, self._device)


def _to_copy_backward(grad, src_device):
    # the engine casts the grad back to the source dtype (engine._sum_to); only the device is ours to undo
    return (grad if grad._device == src_device else to(grad, src_device),)


@defop(method=False, namespace=False, backward=_to_copy_backward)
def _to_copy(self, dtype, device, src_device):
    """The copy `to` makes (a new tensor of another dtype and/or device, or a copy=True clone): the
    differentiable part of `to`, which itself returns `self` when nothing changes (torch's _to_copy)."""
    out = self
    if device is not None:
        out = to_device(out, device)
    if out._device.type == "meta":
        return Tensor._make_meta(out._shape, dtype or out._dtype, out._device)
    if dtype is not None:
        out = wrap(cast(out._ms, dtype, out._device), out._device, out._shape)
    elif out is self:
        out = wrap(TABLES[self._device.type]["clone"](self._ms), self._device, self._shape)
    out._requires_grad = False
    return out


def _to_dtype_method(name, target):
    def convert(self, memory_format=None):
        return to(self, target)
    convert.__name__ = name
    defop(name, namespace=False)(convert)


for _name, _target in (("float", D.float32), ("double", D.float64), ("half", D.float16), ("bfloat16", D.bfloat16),
                       ("long", D.int64), ("int", D.int32), ("short", D.int16), ("char", D.int8),
                       ("byte", D.uint8), ("bool", D.bool), ("cfloat", D.complex64), ("cdouble", D.complex128)):
    _to_dtype_method(_name, _target)


@defop(namespace=False)
def cpu(self, memory_format=None):
    return to(self, "cpu")


@defop(namespace=False)
def cuda(self, device=None, non_blocking=False, memory_format=None):
    return to(self, as_device("cuda" if device is None else device if not isinstance(device, int) else f"cuda:{device}"))


@defop(namespace=False)
def npu(self, device=None, non_blocking=False, memory_format=None):
    return to(self, as_device("npu" if device is None else device if not isinstance(device, int) else f"npu:{device}"))


def _type_name(dtype, device):
    """'torch.FloatTensor', 'torch.cuda.LongTensor', ...: torch's legacy name of a tensor type."""
    prefix = "torch." if device.type == "cpu" else f"torch.{device.type}."
    return f"{prefix}{D.scalar_type_name(dtype)}Tensor"


_TYPE_BY_NAME = {f"{D.scalar_type_name(d)}Tensor": d for d in D.EVERY}


@defop(namespace=False)
def type(self, dtype=None, non_blocking=False, **kwargs):
    if dtype is None:
        return _type_name(self._dtype, self._device)
    if isinstance(dtype, str):
        parts = dtype.split(".")
        target = _TYPE_BY_NAME.get(parts[-1])
        if parts[0] != "torch" or target is None or len(parts) > 3:
            raise ValueError(f"invalid type: '{dtype}'")
        device = parts[1] if len(parts) == 3 else "cpu"
        return to(self, device, target)
    if isinstance(getattr(dtype, "dtype", None), D.dtype) and not isinstance(dtype, Tensor):
        dtype = dtype.dtype  # torch.FloatTensor and friends
    if not isinstance(dtype, D.dtype):
        raise TypeError(f"type(): argument 'dtype' must be torch.dtype or str, not {dtype.__class__.__name__}")
    return to(self, dtype)


def _identity_backward(grad):
    return (grad,)


@defop(backward=_identity_backward)
def clone(input, *, memory_format=None):
    if memory_format is not None:
        check_memory_format(memory_format, "clone")
    return wrap(TABLES[input._device.type]["clone"](input._ms), input._device, input._shape)


@defop(namespace=False)
def contiguous(self, memory_format=None):
    if memory_format is not None:
        check_memory_format(memory_format, "contiguous")
    if self.is_contiguous():
        return self
    return _contiguous_copy(self)


@defop(method=False, namespace=False, backward=_identity_backward)
def _contiguous_copy(self):
    return wrap(self._ms, self._device, self._shape)


def _overlap(a, b):
    """torch refuses a copy between two dense tensors of one storage whose element ranges overlap
    partly (it does not look closer at strided layouts, and neither do we)."""
    if a._storage is not b._storage or not (a.is_contiguous() and b.is_contiguous()):
        return False
    na, nb = a.numel(), b.numel()
    if (a._offset, na) == (b._offset, nb):
        return False
    return a._offset < b._offset + nb and b._offset < a._offset + na


def _copy_backward(grad, src):
    # self's old value is overwritten (zero grad); src gets the grad, reduced to its shape and cast to its
    # dtype by the engine
    from .creation import zeros_like  # noqa: PLC0415
    return zeros_like(grad), (grad if isinstance(src, Tensor) else None)


@defop(namespace=False, backward=_copy_backward)
def copy_(self, src, non_blocking=False):
    if isinstance(src, Tensor):
        if _overlap(self, src):
            raise RuntimeError("unsupported operation: some elements of the input tensor and the written-to tensor "
                               "refer to a single memory location. Please clone() the tensor before performing the "
                               "operation.")
        if self._device.type != "meta":
            src._check_data("copy_")
        value, shape = src._ms, src._shape
    else:
        value = ms.Tensor(src)
        shape = ()
    if shape != self._shape:
        if broadcast_shapes(self._shape, shape) != self._shape:
            raise RuntimeError(f"output with shape {list(self._shape)} doesn't match the broadcast shape "
                               f"{list(broadcast_shapes(shape, self._shape))}")
        value = ops.broadcast_to(value.reshape(shape), self._shape)
    elif tuple(value.shape) != shape:
        value = value.reshape(shape)
    if value.dtype != self._dtype._ms:
        value = cast(value, self._dtype, self._device)
    self._write(value)
    return self


@defop(namespace=False, differentiable_output=False)  # `other` gives only a dtype; `to` records for self
def type_as(self, other):
    return to(self, other._dtype)
