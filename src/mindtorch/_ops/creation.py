"""Creation: tensor, as_tensor, from_numpy, zeros/ones/full/empty (+ _like, new_*), arange, ..."""
import builtins
import numbers

import numpy as np
import mindspore as ms
from mindspore import ops

from .. import _dtype as D
from .._device import as_device, check_available
from .._tensor import Tensor
from .registry import defop, kernel, TABLES
from .common import cast, wrap


def _infer_dtype(data):
    """torch.tensor's dtype inference: arrays and tensors bring their dtype, Python numbers their
    category's default (bool, int64, the default float or complex); a sequence promotes its items."""
    if isinstance(data, (Tensor, np.ndarray, np.generic)):
        return data._dtype if isinstance(data, Tensor) else D.from_numpy_dtype(data.dtype)
    if isinstance(data, (list, tuple)):
        result = None
        for item in data:
            d = _infer_dtype(item)
            if d is not None:
                result = d if result is None else D.promote_types(result, d)
        return result
    return D.scalar_dtype(data)


def _to_numpy(data, dtype):
    """Nested Python data as a NumPy array of `dtype` (None for bfloat16: built as float32)."""
    np_dtype = dtype._np or np.float32
    if isinstance(data, Tensor):
        return data._host_array().astype(np_dtype, copy=False)
    if isinstance(data, (list, tuple)) and any(isinstance(x, Tensor) for x in _flatten_first(data)):
        data = _tensors_to_lists(data)
    try:
        arr = np.array(data, dtype=np_dtype)
    except (ValueError, TypeError) as e:
        raise _creation_error(data, e) from None
    if arr.dtype == object:
        raise TypeError(f"can't convert data of type {type(data).__name__} to a tensor")
    return arr


def _flatten_first(data):
    while isinstance(data, (list, tuple)) and data:
        yield from (x for x in data if isinstance(x, Tensor))
        data = data[0]


def _tensors_to_lists(data):
    if isinstance(data, Tensor):
        return data._host_array()
    if isinstance(data, (list, tuple)):
        return [_tensors_to_lists(x) for x in data]
    return data


def _creation_error(data, err):
    if "inhomogeneous" in str(err) or "sequence" in str(err):
        return ValueError(f"expected sequence of length mismatch: {err}")
    return TypeError(f"new(): invalid data type '{type(data).__name__}'")


def from_host(arr, dtype, device):
    """A tensor of `dtype` on `device` holding the NumPy array `arr`."""
    device = as_device(device)
    check_available(device)
    if device.type == "meta":
        return Tensor._make_meta(arr.shape, dtype, device)
    value = ms.Tensor(np.ascontiguousarray(arr).reshape(arr.shape))  # ascontiguousarray makes 0-d arrays 1-d
    if dtype._np is None:
        value = cast(value, dtype, device)
    return wrap(value, device, tuple(arr.shape))


@defop(method=False)
def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    if isinstance(data, Tensor) and device is None:
        device = data._device
    dtype = dtype or _infer_dtype(data) or D.get_default_dtype()
    t = from_host(_to_numpy(data, dtype), dtype, device)
    if requires_grad:
        t.requires_grad_(True)
    return t


@defop(method=False)
def as_tensor(data, dtype=None, device=None):
    if isinstance(data, Tensor):
        return data.to(device=device, dtype=dtype) if (device or dtype) else data
    return tensor(data, dtype=dtype, device=device)


asarray = defop("asarray", method=False)(
    lambda obj, *, dtype=None, device=None, copy=None, requires_grad=False: as_tensor(obj, dtype, device))


@defop(method=False)
def from_numpy(ndarray):
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    return from_host(ndarray, D.from_numpy_dtype(ndarray.dtype), "cpu")


def _size_args(size):
    if len(size) == 1 and isinstance(size[0], (list, tuple)):
        size = size[0]
    out = []
    for s in size:
        if isinstance(s, Tensor):
            s = s.__index__()
        if not isinstance(s, numbers.Integral) or isinstance(s, builtins.bool):
            raise TypeError(f"empty(): argument 'size' must be tuple of ints, but found element of type "
                            f"{type(s).__name__}")
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(size)}")
        out.append(builtins.int(s))
    return tuple(out)


@kernel("full")
def _full(shape, fill_value, ms_dtype):
    return ops.full(shape, fill_value, dtype=ms_dtype)


def full_tensor(shape, fill_value, dtype, device, requires_grad=False):
    device = as_device(device)
    check_available(device)
    if device.type == "meta":
        t = Tensor._make_meta(shape, dtype, device)
    else:
        if isinstance(fill_value, Tensor):
            fill_value = fill_value.item()
        t = wrap(TABLES[device.type]["full"](shape, fill_value, dtype._ms), device, shape)
    if requires_grad:
        t.requires_grad_(True)
    return t


@defop(method=False)
def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    return full_tensor(_size_args(size), 0, dtype or D.get_default_dtype(), device, requires_grad)


@defop(method=False)
def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    return full_tensor(_size_args(size), 1, dtype or D.get_default_dtype(), device, requires_grad)


@defop(method=False)
def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
          memory_format=None):
    return full_tensor(_size_args(size), 0, dtype or D.get_default_dtype(), device, requires_grad)


@defop(method=False)
def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    if dtype is None:
        dtype = D.scalar_dtype(fill_value.item() if isinstance(fill_value, Tensor) else fill_value)
    return full_tensor(_size_args((size,)), fill_value, dtype, device, requires_grad)


def _like(name, fill):
    def like(input, *args, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
        value = args[0] if fill is None else fill
        return full_tensor(input._shape, value, dtype or input._dtype, device or input._device, requires_grad)
    like.__name__ = name
    defop(name, method=False)(like)


_like("zeros_like", 0)
_like("ones_like", 1)
_like("empty_like", 0)
_like("full_like", None)


def _new(name, fill):
    def new(self, *args, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
        if fill is None:
            size, value = args[0], args[1] if len(args) > 1 else None
            return full_tensor(_size_args((size,)), value, dtype or self._dtype, device or self._device,
                               requires_grad)
        return full_tensor(_size_args(args), fill, dtype or self._dtype, device or self._device, requires_grad)
    new.__name__ = name
    defop(name, namespace=False)(new)


_new("new_zeros", 0)
_new("new_ones", 1)
_new("new_empty", 0)
_new("new_full", None)


@defop(namespace=False)
def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    return tensor(data, dtype=dtype or self._dtype, device=device or self._device, requires_grad=requires_grad)


@defop(method=False)
def arange(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    if end is None:
        start, end = 0, start
    start, end, step = (x.item() if isinstance(x, Tensor) else x for x in (start, end, step))
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and larger bound inconsistent with step sign")
    if dtype is None:
        dtype = D.get_default_dtype() if any(isinstance(x, float) for x in (start, end, step)) else D.int64
    # torch computes the length in double and the values as start + i * step in the output's accumulate type
    n = builtins.int(np.ceil((end - start) / step))
    acc = np.float64 if dtype._kind == 2 else np.int64
    values = np.asarray(start, dtype=acc) + np.arange(n, dtype=acc) * np.asarray(step, dtype=acc)
    t = from_host(values.astype(dtype._np or np.float32), dtype, device)
    if requires_grad:
        t.requires_grad_(True)
    return t
