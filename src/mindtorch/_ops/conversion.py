"""Dtype and device conversion, copies: cast, to, type, float()/half()/..., clone, contiguous, copy_."""
import mindspore as ms
from mindspore import ops

from .. import _dtype as D
from .._device import as_device, check_available, device as Device
from .._tensor import Tensor
from .registry import defop, kernel, TABLES
from .common import cast, wrap, write_inplace


@kernel("cast")
def _cast(value, ms_dtype):
    return ops.cast(value, ms_dtype)


@kernel("clone")
def _clone(value):
    return ops.identity(value) if value.ndim else value.copy()


def _parse_to(args, kwargs):
    dtype = kwargs.pop("dtype", None)
    device = kwargs.pop("device", None)
    for a in args:
        if isinstance(a, D.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            dtype, device = a._dtype, a._device
        elif isinstance(a, (str, Device, int)):
            device = a
        elif a is not None:
            raise TypeError(f"to() received an invalid combination of arguments - got ({type(a).__name__})")
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    copy = kwargs.pop("copy", False)
    if kwargs:
        raise TypeError(f"to() got an unexpected keyword argument '{next(iter(kwargs))}'")
    return dtype, (None if device is None else as_device(device)), copy


def to_device(t, device):
    """`t` on `device`: the value moves to the MindSpore backend of the device type."""
    check_available(device)
    if device.type == "meta":
        return Tensor._make_meta(t._shape, t._dtype, device)
    value = t._ms
    return wrap(value, device, t._shape)


@defop()
def to(self, *args, **kwargs):
    dtype, device, copy = _parse_to(args, dict(kwargs))
    if device is not None and device.type == self._device.type and device.index is None:
        device = self._device if self._device.index is not None or device == self._device else device
    same_device = device is None or device == self._device
    same_dtype = dtype is None or dtype is self._dtype
    if same_device and same_dtype and not copy:
        return self
    out = self
    if not same_device:
        out = to_device(out, device)
    if not same_dtype:
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


_TYPE_NAMES = {"torch.FloatTensor": D.float32, "torch.DoubleTensor": D.float64, "torch.HalfTensor": D.float16,
               "torch.BFloat16Tensor": D.bfloat16, "torch.LongTensor": D.int64, "torch.IntTensor": D.int32,
               "torch.ShortTensor": D.int16, "torch.CharTensor": D.int8, "torch.ByteTensor": D.uint8,
               "torch.BoolTensor": D.bool}
_TYPE_OF = {v: k for k, v in _TYPE_NAMES.items()}


@defop(namespace=False)
def type(self, dtype=None, non_blocking=False, **kwargs):
    if dtype is None:
        name = _TYPE_OF.get(self._dtype, f"torch.{self._dtype.name}")
        return name if self._device.type == "cpu" else name.replace("torch.", f"torch.{self._device.type}.")
    if isinstance(dtype, str):
        dtype = _TYPE_NAMES[dtype.replace("cuda.", "")]
    return to(self, dtype)


@defop()
def clone(input, *, memory_format=None):
    return wrap(TABLES[input._device.type]["clone"](input._ms), input._device, input._shape)


@defop(namespace=False)
def contiguous(self, memory_format=None):
    if self.is_contiguous():
        return self
    return wrap(self._ms, self._device, self._shape)


@defop(namespace=False)
def copy_(self, src, non_blocking=False):
    from .common import broadcast_shapes
    value = src._ms if isinstance(src, Tensor) else ms.Tensor(src)
    if tuple(value.shape) != self._shape:
        if broadcast_shapes(tuple(value.shape), self._shape) != self._shape:
            raise RuntimeError(f"output with shape {list(self._shape)} doesn't match the broadcast shape "
                               f"{list(broadcast_shapes(tuple(value.shape), self._shape))}")
        value = ops.broadcast_to(value, self._shape)
    if value.dtype != self._dtype._ms:
        value = cast(value, self._dtype, self._device)
    self._write(value)
    return self


@defop(namespace=False)
def type_as(self, other):
    return to(self, other._dtype)
