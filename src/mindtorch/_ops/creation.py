"""Creation: tensor, as_tensor, asarray, from_numpy, zeros/ones/full/empty (+ _like, new_*), arange, range,
linspace, logspace, eye, tril/triu, complex, polar, empty_strided, scalar_tensor, fill_/zero_.

Values that are computed (arange, linspace, logspace, eye, tensor data) are built on the host with NumPy and
handed to MindSpore with `ms.from_numpy` (a fresh array we own: no copy). Measured on MindSpore 2.10 CPU:
`ms.from_numpy(np.zeros((2, 3)))` costs ~1.3 us where `ops.zeros` costs ~78 us, `ops.full` ~100 us and
`ops.arange` ~250 us, so the host road is also the fast one. arange/linspace/logspace follow torch's CPU
kernels step by step (accumulate type, fused multiply-add, vector blocks) so their values match torch's
bit for bit.
"""
import builtins
import collections.abc
import math
import numbers

import numpy as np
import mindspore as ms
from mindspore import ops

from .. import _dtype as D
from .._device import as_device, check_available
from .._tensor import Tensor, Size
from .._runtime import HOST_KERNELS  # False while MindSpore differentiates: no NumPy shortcuts
from .._storage import contiguous_strides
from .registry import defop, kernel, TABLES
from .common import broadcast_shapes, cast, wrap, write_inplace, write_out

# MindSpore ships a NumPy bfloat16 type (round-to-nearest-even casts from float32); it is the host type of
# torch.bfloat16 here.
BF16_NP = ms.dtype_to_nptype(ms.bfloat16)
_HALF_TYPES = (np.dtype(np.float16), np.dtype(BF16_NP))
_EXACT_IN_F32 = {np.dtype(t) for t in (np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.float16, np.float32)}
_PY_SCALARS = (builtins.bool, builtins.int, builtins.float, builtins.complex)
_PY_SCALAR_SET = frozenset(_PY_SCALARS)


def host_type(dtype):
    """The NumPy type that holds `dtype`'s values on the host."""
    if dtype._np is not None:
        return dtype._np
    if dtype is D.bfloat16:
        return BF16_NP
    raise NotImplementedError(f"mindtorch: {dtype} tensors cannot be created (MindSpore has no host type for it)")


def host_value(arr, dtype, owned=False):
    """A MindSpore value of `dtype` holding the NumPy array `arr`. `owned`: arr is a fresh array nobody
    else holds, so MindSpore may take it without a copy."""
    np_t = np.dtype(host_type(dtype))
    if arr.dtype != np_t:
        with np.errstate(all="ignore"):
            if np_t in _HALF_TYPES and arr.dtype not in _EXACT_IN_F32:
                arr = arr.astype(np.float32)  # torch converts to Half/BFloat16 through float (c10::Half(float))
            arr = arr.astype(np_t)
    elif not owned:
        arr = arr.copy()
    if not arr.flags.c_contiguous:
        arr = np.ascontiguousarray(arr)
    return ms.from_numpy(arr)


def from_host(arr, dtype, device=None, owned=False, requires_grad=False):
    """A new tensor of `dtype` on `device` holding the NumPy array `arr`."""
    device = as_device(device)
    if device.type != "cpu":
        check_available(device)
        if device.type == "meta":
            return _grad(Tensor._make_meta(tuple(arr.shape), dtype, device), requires_grad)
    return _grad(wrap(host_value(arr, dtype, owned), device, tuple(arr.shape)), requires_grad)


def strided_from_host(storage, shape, stride, dtype, device=None, requires_grad=False):
    """A tensor with torch layout (shape, stride, offset 0) over a new storage holding the flat NumPy
    array `storage` (owned)."""
    device = as_device(device)
    shape, stride = tuple(shape), tuple(stride)
    if stride == contiguous_strides(shape):
        n = math.prod(shape)
        return from_host(storage[:n].reshape(shape), dtype, device, owned=True, requires_grad=requires_grad)
    check_available(device)
    if device.type == "meta":
        return _grad(Tensor._make_meta(shape, dtype, device), requires_grad)
    logical = np.lib.stride_tricks.as_strided(storage, shape, [s * storage.itemsize for s in stride]).copy()
    base = wrap(host_value(storage, dtype, owned=True), device)
    t = base._view(shape, stride, 0, host_value(logical, dtype, owned=True))
    t._base = None  # a fresh tensor, not a view of anything the caller can see
    return _grad(t, requires_grad)


def _grad(t, requires_grad):
    if requires_grad:
        if not (t._dtype.is_floating_point or t._dtype.is_complex):
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = True
    return t


def _check_out_dtype(out, dtype):
    """torch's factories with out=: the dtype defaults to out's and must agree with it."""
    if not isinstance(out, Tensor):
        raise TypeError(f"argument 'out' must be Tensor, not {type(out).__name__}")
    if dtype is not None and dtype is not out._dtype:
        raise RuntimeError(f"dtype {D.scalar_type_name(dtype)} does not match dtype of out parameter "
                           f"({D.scalar_type_name(out._dtype)})")
    return out._dtype


def _into_out(t, out):
    return t if out is None else write_out(out, t._ms, t._device)


# ---- scalars: categories and torch's overflow checks ----------------------------------------------------
# The names torch's "value cannot be converted to type X without overflow" uses: C++ type names where a
# Scalar is converted (fill_, full, scalar_tensor), short names where torch.tensor stores Python data.
_C_NAMES = {D.bool: "bool", D.uint8: "uint8_t", D.int8: "int8_t", D.int16: "int16_t", D.int32: "int",
            D.int64: "int64_t", D.uint16: "uint16_t", D.uint32: "uint32_t", D.uint64: "uint64_t",
            D.float16: "c10::Half", D.bfloat16: "c10::BFloat16", D.float32: "float", D.float64: "double",
            D.complex64: "c10::complex<float>", D.complex128: "c10::complex<double>"}
_FLOAT_MAX = {D.float16: 65504.0, D.bfloat16: 3.3895313892515355e+38, D.float32: 3.4028234663852886e+38,
              D.float64: 1.7976931348623157e+308}


def _int_range(dtype):
    info = np.iinfo(dtype._np)
    return builtins.int(info.min), builtins.int(info.max)


def scalar_overflows(v, dtype):
    """c10::overflows: whether Python number `v` cannot be converted to `dtype` (uint types accept
    negative values down to -max, which wrap; inf and nan convert to floating types)."""
    k = dtype._kind
    if k == 0:
        return False
    if isinstance(v, builtins.complex):
        if k == 3:
            real = dtype.to_real()
            return scalar_overflows(v.real, real) or scalar_overflows(v.imag, real)
        if v.imag != 0:
            return True
        v = v.real
    if k == 3:
        return scalar_overflows(v, dtype.to_real())
    if k == 2:
        if isinstance(v, builtins.float) and (v != v or math.isinf(v)):
            return False
        m = _FLOAT_MAX[dtype]
        return builtins.float(v) < -m or builtins.float(v) > m
    lo, hi = _int_range(dtype)
    if isinstance(v, builtins.float):
        return v != v or v < builtins.float(lo) or v > builtins.float(hi)
    if dtype.is_signed:
        return v < lo or v > hi
    return v > hi or (v < 0 and -v > hi)


def _scalar(value, what, name):
    """A torch Number argument (Python number, NumPy scalar or one-element tensor) as a Python number."""
    if isinstance(value, Tensor):
        if value.numel() != 1 or value._shape:
            raise TypeError(f"{name}(): argument '{what}' must be Number, not Tensor")
        return value.item()
    if isinstance(value, np.generic):
        value = value.item()
    if not isinstance(value, _PY_SCALARS):
        raise TypeError(f"{name}(): argument '{what}' must be Number, not {type(value).__name__}")
    if isinstance(value, builtins.int) and not isinstance(value, builtins.bool):
        if value < -(1 << 63) or value >= (1 << 64):
            raise OverflowError("int too big to convert")
        return builtins.int(value)
    return value


def checked_scalar(value, dtype):
    """`value` checked against `dtype` as torch converts a Scalar argument (fill_, full)."""
    if scalar_overflows(value, dtype):
        raise RuntimeError(f"value cannot be converted to type {_C_NAMES[dtype]} without overflow")
    return value


def category_dtype(value):
    """The dtype torch gives a Number by its category: bool, int64, the default float or complex."""
    if isinstance(value, Tensor):
        d = value._dtype
        return D.bool if d is D.bool else D.int64 if d._kind == 1 else (
            D.get_default_dtype() if d._kind == 2 else D.default_complex_dtype())
    if isinstance(value, (builtins.bool, np.bool_)):
        return D.bool
    if isinstance(value, (builtins.int, np.integer)):
        return D.int64
    if isinstance(value, (builtins.complex, np.complexfloating)):
        return D.default_complex_dtype()
    return D.get_default_dtype()


# ---- torch.tensor: nested data -> NumPy ----------------------------------------------------------------
_TENSOR_NAMES = {D.uint8: "uint8", D.int8: "int8", D.int16: "int16", D.int32: "int32", D.int64: "int64",
                 D.uint16: "uint16", D.uint32: "uint32", D.uint64: "uint64"}


def _is_seq(x):
    if isinstance(x, (list, tuple, range, np.ndarray, bytearray)):
        return True
    return isinstance(x, collections.abc.Sequence) and not isinstance(x, (str, bytes, Tensor))


def _seq_shape(data):
    """torch's compute_sizes: the shape is read off the first element of every level."""
    shape = []
    seq = data
    while _is_seq(seq):
        n = len(seq)
        shape.append(n)
        if n == 0:
            break
        seq = seq[0]
        if isinstance(seq, str):
            raise ValueError("too many dimensions 'str'")
    return shape


def _flatten(seq, shape, dim, out):
    n = len(seq)
    if n != shape[dim]:
        raise ValueError(f"expected sequence of length {shape[dim]} at dim {dim} (got {n})")
    if dim == len(shape) - 1:
        out.extend(seq)
        return
    for item in seq:
        if not _is_seq(item):
            raise TypeError("not a sequence")
        _flatten(item, shape, dim + 1, out)


def _leaf_dtype(x):
    if isinstance(x, Tensor):
        return x._dtype
    if isinstance(x, np.generic):
        return D.from_numpy_dtype(x.dtype)
    if isinstance(x, np.ndarray):
        return D.from_numpy_dtype(x.dtype)
    if isinstance(x, _PY_SCALARS):
        return D.scalar_dtype(x)
    if _is_seq(x):
        return _infer_seq(list(x))
    if isinstance(x, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(x).__name__}'")
    raise RuntimeError(f"Could not infer dtype of {type(x).__name__}")


def _infer_seq(leaves):
    """torch's infer_scalar_type over the leaves: each leaf's dtype (Python numbers by category), promoted."""
    types = set(map(type, leaves))
    result = None
    if types <= _PY_SCALAR_SET:
        for t in (builtins.bool, builtins.int, builtins.float, builtins.complex):
            if t in types:
                d = D.scalar_dtype(t(0))
                result = d if result is None else D.promote_types(result, d)
        return result
    for x in leaves:
        if type(x) is builtins.bool or type(x) is builtins.int or type(x) is builtins.float:
            d = D.scalar_dtype(x)
        else:
            d = _leaf_dtype(x)
        result = d if result is None else D.promote_types(result, d)
    return result


def _leaf_to_python(x, dtype):
    """A leaf as the Python number torch unpacks for a `dtype` element."""
    if isinstance(x, _PY_SCALARS):
        return x
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, Tensor):
        k = dtype._kind
        if k == 1:
            return x.__index__()
        if k == 0:
            return builtins.bool(x.__index__())
        if k == 3:
            return builtins.complex(x)
        if x._dtype._kind == 3:
            v = x.item()
            if v.imag != 0:
                raise RuntimeError("value cannot be converted to type double without overflow")
            return v.real
        return builtins.float(x)
    if dtype._kind == 1:
        raise TypeError(f"'{type(x).__name__}' object cannot be interpreted as an integer")
    raise TypeError(f"must be real number, not {type(x).__name__}")


def _leaves_to_numpy(leaves, dtype):
    """Python numbers as a NumPy array of `dtype`'s host type, converted as torch stores them."""
    types = set(map(type, leaves))
    if not types <= _PY_SCALAR_SET:
        leaves = [_leaf_to_python(x, dtype) for x in leaves]
        types = set(map(type, leaves))
    k = dtype._kind
    if k == 3:
        return np.array(leaves, dtype=np.complex128)
    if k == 2:
        try:
            return np.array(leaves, dtype=np.float64)
        except TypeError:
            bad = next(x for x in leaves if not isinstance(x, (builtins.bool, builtins.int, builtins.float)))
            raise TypeError(f"must be real number, not {type(bad).__name__}") from None
    if k == 0:
        return np.array(leaves, dtype=np.bool_)
    if builtins.float in types or builtins.complex in types:
        lo, hi = _int_range(dtype)
        if builtins.complex in types:  # the first bad element decides the error, as torch stores in order
            for x in leaves:
                if isinstance(x, builtins.complex):
                    raise TypeError("'complex' object cannot be interpreted as an integer")
                if isinstance(x, builtins.float) and scalar_overflows(x, dtype):
                    raise RuntimeError(f"value cannot be converted to type {_TENSOR_NAMES[dtype]} without overflow")
        arr = np.array(leaves, dtype=np.float64)
        if np.isnan(arr).any() or (arr < builtins.float(lo)).any() or (arr > builtins.float(hi)).any():
            raise RuntimeError(f"value cannot be converted to type {_TENSOR_NAMES[dtype]} without overflow")
        with np.errstate(all="ignore"):
            return arr.astype(np.int64) if dtype is not D.uint64 else arr.astype(np.uint64)
    try:
        arr = np.array(leaves, dtype=np.int64)
    except OverflowError:
        if dtype is D.uint64:
            try:
                return np.array(leaves, dtype=np.uint64)
            except OverflowError:
                pass
        raise ValueError("Overflow when unpacking long long") from None
    if dtype.itemsize < 8 or dtype is D.uint64:
        lo, hi = _int_range(dtype)
        if dtype.is_signed:
            bad = (arr < lo).any() or (arr > hi).any()
        else:
            bad = (arr > hi).any() or (arr < -hi).any()
        if bad:
            raise RuntimeError(f"value cannot be converted to type {_TENSOR_NAMES[dtype]} without overflow")
    return arr


def data_to_numpy(data, dtype=None):
    """torch.tensor's reading of `data` (not a Tensor): (NumPy array, dtype)."""
    if isinstance(data, np.ndarray):
        src = D.from_numpy_dtype(data.dtype)
        return data, dtype or src
    if isinstance(data, np.generic):
        src = D.from_numpy_dtype(data.dtype)
        return np.asarray(data), dtype or src
    if isinstance(data, _PY_SCALARS):
        dtype = dtype or D.scalar_dtype(data)
        return _leaves_to_numpy([data], dtype).reshape(()), dtype
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    if not _is_seq(data):
        raise RuntimeError(f"Could not infer dtype of {type(data).__name__}")
    shape = _seq_shape(data)
    leaves = []
    if shape and 0 not in shape:
        _flatten(data, shape, 0, leaves)
    if dtype is None:
        dtype = _infer_seq(leaves) if leaves else None
        if dtype is None:
            dtype = D.get_default_dtype() if not leaves else dtype
    if not leaves:
        return np.zeros(shape, dtype=np.float32), dtype
    return _leaves_to_numpy(leaves, dtype).reshape(shape), dtype


def _from_tensor(t, dtype, device):
    value = t._ms
    dtype = dtype or t._dtype
    device = as_device(device) if device is not None else t._device
    if device.type == "meta" or t._device.type == "meta":
        return Tensor._make_meta(t._shape, dtype, device)
    if value.dtype != dtype._ms:
        value = cast(value, dtype, t._device)
    # values are immutable here (a write replaces the storage's value), so the copy may share it
    return wrap(value, device, t._shape)


@defop(method=False, differentiable_output=False)
def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """torch.tensor: always a copy of `data`, with torch's dtype inference and errors."""
    if isinstance(data, Tensor):
        return _grad(_from_tensor(data, dtype, device), requires_grad)
    arr, dtype = data_to_numpy(data, dtype)
    return from_host(arr, dtype, device, owned=arr is not data, requires_grad=requires_grad)


@defop(method=False, differentiable_output=False)
def as_tensor(data, dtype=None, device=None):
    """torch.as_tensor. A Tensor of the requested dtype and device is returned as is; NumPy arrays are
    copied (torch shares their memory; MindSpore values cannot alias host memory that the array's owner
    keeps writing)."""
    if isinstance(data, Tensor):
        if (dtype is None or dtype is data._dtype) and (device is None or as_device(device) == data._device):
            return data
        return _from_tensor(data, dtype, device)
    return tensor(data, dtype=dtype, device=device)


@defop(method=False)
def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """torch.asarray. Tensors are shared when no copy is needed (or copy=False); other data is copied,
    NumPy arrays included (torch aliases them where it can; mindtorch cannot: see from_numpy)."""
    if isinstance(obj, Tensor):
        same = (dtype is None or dtype is obj._dtype) and (device is None or as_device(device) == obj._device)
        if copy is False and not same:
            if dtype is not None and dtype is not obj._dtype:
                raise ValueError(f"can't alias tensor with dtype '{D.scalar_type_name(obj._dtype)}' into dtype "
                                 f"'{D.scalar_type_name(dtype)}'.")
            raise ValueError(f"can't alias tensor from device '{obj._device}' to '{as_device(device)}'.")
        if same and not copy:
            t = obj
        else:
            t = _from_tensor(obj, dtype, device)
        if requires_grad:
            if t is obj:
                t = obj.detach()
            _grad(t, True)
        return t
    from .._runtime import UntypedStorage
    if isinstance(obj, UntypedStorage) and hasattr(obj, "_bytes"):
        return _grad(_from_bytes(obj._bytes, D.uint8 if dtype is None else dtype, device), requires_grad)
    return tensor(obj, dtype=dtype, device=device, requires_grad=requires_grad)


def _from_bytes(data, dtype, device=None):
    """A 1-D tensor of `dtype` holding the bytes `data` (a NumPy uint8 array; copied), as a bit cast."""
    if data.size % dtype.itemsize:
        raise ValueError(f"buffer length ({data.size} bytes) must be a multiple of element size ({dtype.itemsize})")
    if dtype._ms is None:
        raise NotImplementedError(f"mindtorch: MindSpore has no {dtype} dtype")
    t = from_host(np.array(data, dtype=np.uint8, copy=True), D.uint8, device, owned=True)
    if dtype is D.uint8 or t._device.type == "meta":
        return t if dtype is D.uint8 else Tensor._make_meta((data.size // dtype.itemsize,), dtype, t._device)
    return wrap(t._ms.view(dtype._ms), t._device)


@defop(method=False)
def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """torch.frombuffer: the buffer's bytes read as `dtype`, with torch's checks. Limit: a copy (torch's
    tensor shares the buffer's memory)."""
    data = np.frombuffer(buffer, dtype=np.uint8)
    n = data.size
    item = dtype.itemsize
    if n <= 0:
        raise ValueError(f"both buffer length ({n}) and count ({count}) must not be 0")
    if not 0 <= offset < n:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length ({n} "
                         "bytes) minus 1")
    if count == 0 or count < -1:
        raise ValueError(f"both buffer length ({n}) and count ({count}) must not be 0")
    if count == -1:
        if (n - offset) % item:
            raise ValueError(f"buffer length ({n - offset} bytes) after offset ({offset} bytes) must be a multiple "
                             f"of element size ({item})")
        count = (n - offset) // item
    elif offset + count * item > n:
        raise ValueError(f"requested buffer length ({count} * {item} bytes) after offset ({offset} bytes) must "
                         f"not be greater than actual buffer length ({n} bytes)")
    return _grad(_from_bytes(data[offset:offset + count * item], dtype), requires_grad)


@defop(method=False)
def from_numpy(ndarray):
    """torch.from_numpy: a tensor with the array's dtype, shape and strides.

    Limit: torch's result shares memory with the array, so writes to either show in the other. mindtorch
    copies the array's memory (MindSpore values are immutable snapshots here), so later writes to the array
    do not reach the tensor, nor writes to the tensor the array."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    dtype = D.from_numpy_dtype(ndarray.dtype)
    item = ndarray.itemsize
    if any(s < 0 for s in ndarray.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors with negative "
                         "strides are not currently supported. (You can probably work around this by making a "
                         "copy of your array  with array.copy().)")
    if any(s % item for s in ndarray.strides):
        return from_host(ndarray, dtype, "cpu")  # unaligned strides: torch refuses, a copy is kinder
    stride = tuple(s // item for s in ndarray.strides)
    if stride == contiguous_strides(ndarray.shape):
        return from_host(ndarray, dtype, "cpu")
    if ndarray.size == 0:  # NumPy gives empty arrays zero strides, which torch keeps
        return strided_from_host(np.zeros(0, ndarray.dtype), ndarray.shape, stride, dtype, "cpu")
    span = 1 + builtins.sum((n - 1) * s for n, s in zip(ndarray.shape, stride))
    storage = np.lib.stride_tricks.as_strided(ndarray, (span,), (item,)).copy()
    return strided_from_host(storage, ndarray.shape, stride, dtype, "cpu")


# ---- sizes, zeros/ones/full/empty ---------------------------------------------------------------------
def size_args(size, name, kw_size=None):
    """A factory's size from varargs ints, one sequence, or size=, with torch's errors."""
    if kw_size is not None:
        if size:
            raise TypeError(f"{name}() got multiple values for argument 'size'")
        size = (kw_size,)
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
        seq = True
    else:
        seq = False
        if not size:
            raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
    if all(type(s) is builtins.int for s in size):
        return tuple(size)
    out = []
    for i, s in enumerate(size):
        if isinstance(s, numbers.Integral) and not isinstance(s, builtins.bool):
            out.append(builtins.int(s))
            continue
        if isinstance(s, Tensor) and not s._shape and s._dtype._kind == 1:
            out.append(builtins.int(s.item()))
            continue
        if seq or len(size) > 1:
            raise TypeError(f"{name}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                            f"\"type must be tuple of ints,but got {type(s).__name__}\"")
        raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, not {type(s).__name__}")
    return tuple(out)


def check_size(shape):
    if shape and min(shape) < 0:
        s = next(s for s in shape if s < 0)
        raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
    return shape


def _is_plus_zero(v):
    """0, False or +0.0 (not -0.0, whose sign a zero fill would lose)."""
    t = type(v)
    return (t is builtins.int or t is builtins.bool or (t is builtins.float and math.copysign(1.0, v) > 0)) and v == 0


@kernel("full")
def _full(shape, fill_value, ms_dtype):
    if _is_plus_zero(fill_value):
        return ops.zeros(shape, ms_dtype)
    if ms_dtype == ms.bfloat16:
        return ops.cast(ops.full(shape, fill_value, dtype=ms.float32), ms_dtype)
    return ops.full(shape, fill_value, dtype=ms_dtype)


@kernel("full", "cpu")
def _full_cpu(shape, fill_value, ms_dtype):
    # on the host: np.full + ms.from_numpy ~3 us against ~100 us for ops.full (and ops.full has no
    # bfloat16 kernel on CPU)
    np_t = _NP_OF_MS[ms_dtype]
    if _is_plus_zero(fill_value):
        return ms.from_numpy(np.zeros(shape, dtype=np_t))
    if np_t is BF16_NP or np_t is np.float16:
        arr = np.full(shape, fill_value, dtype=np.float32).astype(np_t)
    elif isinstance(fill_value, builtins.float) and np.issubdtype(np_t, np.integer):
        arr = np.full(shape, builtins.int(fill_value) if fill_value == fill_value else 0, dtype=np_t)
    else:
        arr = np.full(shape, fill_value, dtype=np_t)
    return ms.from_numpy(arr)


_NP_OF_MS = {d._ms: (d._np if d._np is not None else BF16_NP) for d in D.ALL if d._ms is not None
             and (d._np is not None or d is D.bfloat16)}


def _fill_python(value, dtype):
    """The Python number a fill with `value` stores in a `dtype` element (C++ casts: truncation toward
    zero for integers, wrap-around for unsigned)."""
    k = dtype._kind
    if k == 0:
        return builtins.bool(value)
    if isinstance(value, builtins.complex) and k != 3:
        value = value.real
    if k == 1:
        v = builtins.int(value)
        lo, hi = _int_range(dtype)
        return (v - lo) % (hi - lo + 1) + lo
    if k == 2:
        return builtins.float(value)
    return builtins.complex(value)


def full_tensor(shape, fill_value, dtype, device, requires_grad=False, stride=None):
    """A new tensor of `shape` filled with the Python number `fill_value` (already checked)."""
    device = as_device(device)
    if device.type != "cpu":
        check_available(device)
        if device.type == "meta":
            return _grad(Tensor._make_meta(shape, dtype, device), requires_grad)
    value = TABLES[device.type]["full"](shape, _fill_python(fill_value, dtype), dtype._ms)
    if stride is not None and stride != contiguous_strides(shape):
        t = wrap(value.reshape(-1), device)._view(shape, stride, 0, value)
        t._base = None
    else:
        t = wrap(value, device, shape)
    return _grad(t, requires_grad)


def _constant_factory(name, fill):
    def factory(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
                memory_format=None, names=None, **kw):
        shape = size_args(size, name, _size_kw(kw, name))
        if out is not None:
            dtype = _check_out_dtype(out, dtype)
        if name == "zeros":
            for s in shape:
                if s < 0:
                    raise RuntimeError("zeros: Dimension size must be non-negative.")
        check_size(shape)
        t = full_tensor(shape, fill, dtype or D.get_default_dtype(), device, requires_grad)
        return _into_out(t, out)
    factory.__name__ = factory.__qualname__ = name
    return defop(name, method=False)(factory)


def _size_kw(kw, name):
    size = kw.pop("size", None)
    if kw:
        raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kw))}'")
    return size


zeros = _constant_factory("zeros", 0)
ones = _constant_factory("ones", 1)
empty = _constant_factory("empty", 0)  # uninitialized in torch; zeros here (any value is allowed)


@defop(method=False)
def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not {type(size).__name__}")
    shape = check_size(size_args((size,), "full"))
    if isinstance(fill_value, Tensor) and fill_value._shape:
        raise TypeError("full(): argument 'fill_value' (position 2) must be Number, not Tensor")
    if out is not None:
        dtype = _check_out_dtype(out, dtype)
    dtype = dtype or category_dtype(fill_value)
    value = checked_scalar(_scalar(fill_value, "fill_value", "full"), dtype)
    return _into_out(full_tensor(shape, value, dtype, device, requires_grad), out)


def _non_overlapping_and_dense(shape, stride):
    dims = sorted(range(len(shape)), key=lambda d: (shape[d] < 2, stride[d] if shape[d] >= 2 else 0))
    expected = 1
    for d in dims:
        if shape[d] < 2:
            return True
        if stride[d] != expected:
            return False
        expected *= shape[d]
    return True


def like_layout(input, memory_format):
    """The strides torch's *_like gives its result: the input's when memory_format is preserve and the
    input is non-overlapping and dense, else contiguous (None)."""
    if input._stride is None:
        return None
    if memory_format is not None and str(memory_format) not in ("torch.preserve_format", "preserve_format"):
        return None  # contiguous_format (channels_last layouts are not modelled)
    stride = input.stride()
    if _non_overlapping_and_dense(input._shape, stride):
        return stride
    return _infer_dense_strides(input._shape, stride)


def _infer_dense_strides(shape, stride):
    """Dense strides that keep the input's order of dims by stride (torch's infer_dense_strides: a stable
    insertion sort where a zero stride compares as equal, equal strides put the smaller size first)."""
    ndim = len(shape)
    perm = list(builtins.range(ndim - 1, -1, -1))

    def order(d0, d1):
        s0, s1 = stride[d0], stride[d1]
        if s0 == 0 or s1 == 0:
            return 0
        if s0 != s1:
            return -1 if s0 < s1 else 1
        return 1 if shape[d0] > shape[d1] else 0
    for i in builtins.range(1, ndim):
        d1 = i
        for d0 in builtins.range(i - 1, -1, -1):
            c = order(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    out = [0] * ndim
    acc = 1
    for d in perm:
        out[d] = acc
        if shape[d] > 1:
            acc *= shape[d]
    return tuple(out)


def _check_like_input(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


def _like_factory(name, fill):
    def like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None,
             pin_memory=False):
        _check_like_input(input, name)
        dtype = dtype or input._dtype
        return full_tensor(input._shape, fill, dtype, device or input._device, requires_grad,
                           like_layout(input, memory_format))
    like.__name__ = like.__qualname__ = name
    return defop(name, method=False, differentiable_output=False)(like)


zeros_like = _like_factory("zeros_like", 0)
ones_like = _like_factory("ones_like", 1)
empty_like = _like_factory("empty_like", 0)


@defop(method=False, differentiable_output=False)
def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None, pin_memory=False):
    _check_like_input(input, "full_like")
    dtype = dtype or input._dtype
    value = checked_scalar(_scalar(fill_value, "fill_value", "full_like"), dtype)
    return full_tensor(input._shape, value, dtype, device or input._device, requires_grad,
                       like_layout(input, memory_format))


def _new_factory(name, fill):
    def new(self, *size, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False, **kw):
        shape = check_size(size_args(size, name, _size_kw(kw, name)))
        return full_tensor(shape, fill, dtype or self._dtype, device or self._device, requires_grad)
    new.__name__ = new.__qualname__ = name
    return defop(name, namespace=False, differentiable_output=False)(new)


new_zeros = _new_factory("new_zeros", 0)
new_ones = _new_factory("new_ones", 1)
new_empty = _new_factory("new_empty", 0)


@defop(namespace=False, differentiable_output=False)
def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False):
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"new_full(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{type(size).__name__}")
    shape = check_size(size_args((size,), "new_full"))
    dtype = dtype or self._dtype
    value = checked_scalar(_scalar(fill_value, "fill_value", "new_full"), dtype)
    return full_tensor(shape, value, dtype, device or self._device, requires_grad)


@defop(namespace=False, differentiable_output=False)
def new(self, *args, device=None):
    """The legacy Tensor.new: new() is empty; new(*sizes) uninitialised of that shape; new(data) a copy of
    the data (a sequence or tensor), in self's dtype and on self's device."""
    if len(args) == 1 and not isinstance(args[0], (builtins.int, Size)):  # a plain tuple is data, as in torch
        return tensor(args[0] if not isinstance(args[0], Tensor) else args[0].detach(), dtype=self._dtype,
                      device=device or self._device)
    shape = check_size(size_args(args, "new")) if args else (0,)
    return full_tensor(shape, 0, self._dtype, device or self._device, False)


@defop(namespace=False, differentiable_output=False)
def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    return tensor(data, dtype=dtype or self._dtype, device=device or self._device, requires_grad=requires_grad)


@defop(method=False)
def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad=False,
                  pin_memory=False):
    shape = size_args((size,), "empty_strided")
    stride = size_args((stride,), "empty_strided")
    if len(shape) != len(stride):
        raise RuntimeError(f"dimensionality of sizes ({len(shape)}) must match dimensionality of strides "
                           f"({len(stride)})")
    check_size(shape)
    if any(s < 0 for s in stride):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(shape)} and "
                           f"strides={list(stride)}")
    dtype = dtype or D.get_default_dtype()
    span = 0 if 0 in shape else 1 + builtins.sum((n - 1) * s for n, s in zip(shape, stride))
    storage = np.zeros(span, dtype=np.float32 if dtype is D.bfloat16 else host_type(dtype))
    return strided_from_host(storage, shape, stride, dtype, device, requires_grad)


@defop(method=False)
def scalar_tensor(s, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    dtype = dtype or D.get_default_dtype()
    value = checked_scalar(_scalar(s, "s", "scalar_tensor"), dtype)
    return full_tensor((), value, dtype, device, requires_grad)


# ---- fill_ / zero_ --------------------------------------------------------------------------------------
def _write_constant(self, value):
    """Store the Python number `value` (already converted) in every element of `self`, views and
    overlapping (expanded) tensors included, as torch's fill_ does."""
    target = self
    if self._stride is not None and any(st == 0 and n > 1 for st, n in zip(self._stride, self._shape)):
        # each memory location once: drop the broadcast dims
        shape = tuple(1 if st == 0 else n for st, n in zip(self._stride, self._shape))
        target = self._view(shape, self._stride, self._offset)
    target._write(TABLES[self._device.type]["full"](target._shape, value, self._dtype._ms))
    if target is not self:
        self._seen = -1  # re-read from the storage
    return self


def _fill_backward(grad, value_shape):
    return (grad.new_zeros(grad._shape), grad.sum() if value_shape is not None else None)


def _zero_backward(grad):
    return (grad.new_zeros(grad._shape),)


@defop(backward=_fill_backward)
def fill_(self, value):
    if isinstance(value, Tensor):
        if value._shape:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{len(value._shape)} dimensions.")
        return _write_constant(self, _fill_python(value.item(), self._dtype))
    value = checked_scalar(_scalar(value, "value", "fill_"), self._dtype)
    return _write_constant(self, _fill_python(value, self._dtype))


@defop(method=False)
def fill(input, value):
    return fill_(input.clone(), value)


@defop(backward=_zero_backward)
def zero_(self):
    return _write_constant(self, _fill_python(0, self._dtype))


# ---- arange / range: torch's CPU kernels, step by step ---------------------------------------------------
def _two_prod(a, b):
    """a*b = p + e exactly (Dekker), elementwise over float64 arrays."""
    p = a * b
    c = 134217729.0 * a
    ah = c - (c - a)
    al = a - ah
    c = 134217729.0 * b
    bh = c - (c - b)
    bl = b - bh
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def fma64(a, b, c):
    """Fused a*b + c in float64 (one rounding, bar double-rounding corner cases), elementwise."""
    a, b, c = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64), np.asarray(c, np.float64))
    with np.errstate(all="ignore"):
        p, e = _two_prod(a, b)
        s = p + c
        bb = s - p
        t = (p - (s - bb)) + (c - bb)
        u = t + e
        r = s + u
        # s + t + e rounds differently from s + u only when u is inexact and s + u is an exact tie
        uu = u - t
        z = (t - (u - uu)) + (e - uu)
        tie = (z != 0) & (np.abs(u - (r - s)) == np.spacing(np.abs(r)) / 2)
        r = np.where(np.isfinite(r), r, a * b + c)
    if tie.any():
        from fractions import Fraction
        for i in zip(*np.nonzero(tie)):
            r[i] = builtins.float(Fraction(builtins.float(a[i])) * Fraction(builtins.float(b[i])) +
                                  Fraction(builtins.float(c[i])))
    return r


def fma32(a, b, c):
    """Fused a*b + c in float32, rounded once. The float32 product is exact in float64; the float64 sum
    may round, and when it lands exactly halfway between two float32 values the lost part (TwoSum)
    decides the direction, so the double rounding matches a single one."""
    with np.errstate(all="ignore"):
        p = np.asarray(a, np.float64) * np.asarray(b, np.float64)
        c = np.asarray(c, np.float64)
        t = p + c
        bp = t - c
        lost = (p - bp) + (c - (t - bp))
        nudged = np.where(lost != 0, np.nextafter(t, np.where(lost > 0, np.inf, -np.inf)), t)
        return nudged.astype(np.float32)


def _round_to(x, dtype):
    """float values rounded to `dtype` (float16/bfloat16 through float32, as c10 does), as float32/64."""
    with np.errstate(all="ignore"):
        if dtype is D.float64:
            return np.asarray(x, np.float64)
        if dtype is D.float32:
            return np.asarray(x).astype(np.float32)
        return np.asarray(x).astype(np.float32).astype(host_type(dtype)).astype(np.float32)


# torch's CPU kernels use 256-bit vectors here (AVX2 build of the vectorized loops): elements per vector
_VEC = {D.float32: 8, D.float64: 4, D.float16: 16, D.bfloat16: 16}
_ARANGE_DTYPES = (D.uint8, D.int8, D.int16, D.int32, D.int64, D.float16, D.bfloat16, D.float32, D.float64)


def _float_arange(start, step, n, dtype):
    """torch's arange_kernel for floating dtypes: in the accumulate type (double for float/double, float
    for half types), value = start + step * i fused; whole vector blocks start from the block's first value
    (rounded to the output type) and add j * step within the block (fused, bfloat16 excepted)."""
    acc64 = dtype in (D.float32, D.float64)
    fma = fma64 if acc64 else fma32
    acc = np.float64 if acc64 else np.float32
    start, step = acc(start), acc(step)
    idx = np.arange(n, dtype=acc)
    out = _round_to(fma(idx, step, start), dtype)
    w = _VEC[dtype]
    nv = (n // (2 * w)) * 2 * w
    if nv and n <= 32768:  # larger ranges are split between threads by torch (block starts then differ)
        base = _round_to(fma(np.arange(0, nv, w, dtype=acc), step, start), dtype).astype(acc)
        j = np.arange(w, dtype=acc)
        if dtype is not D.bfloat16:
            block = fma(j[None, :], step, base[:, None])
        else:  # measured: Vectorized<BFloat16>::arange rounds j * step to float before the add (no fusion)
            block = base[:, None] + j[None, :] * step
        out[:nv] = _round_to(block, dtype).reshape(-1)
    return out


def _number_args(values, name):
    out = []
    for what, v in values:
        if isinstance(v, Tensor):
            if v._shape:
                raise TypeError(f"{name}(): argument '{what}' must be Number, not Tensor")
            v = v.item()
        elif isinstance(v, np.generic):
            v = v.item()
        elif not isinstance(v, _PY_SCALARS):
            raise TypeError(f"{name}(): argument '{what}' must be Number, not {type(v).__name__}")
        if isinstance(v, builtins.int) and not isinstance(v, builtins.bool) and not -(1 << 63) <= v < (1 << 64):
            raise OverflowError("int too big to convert")
        out.append(v)
    return out


def _is_integral(v):
    if isinstance(v, Tensor):
        return v._dtype._kind <= 1
    return isinstance(v, (builtins.int, np.integer, np.bool_))


def _range_dtype(values, dtype, name):
    if dtype is None:
        return D.int64 if all(_is_integral(v) for v in values) else D.get_default_dtype()
    return dtype


def _as_real(v):
    return v.real if isinstance(v, builtins.complex) else v


_NO_STEP = object()


@defop(method=False)
def arange(start=0, end=None, step=_NO_STEP, *, out=None, dtype=None, layout=None, device=None,
           requires_grad=False, pin_memory=False):
    if end is None:
        if step is not _NO_STEP:
            raise TypeError("arange() received an invalid combination of arguments - got (end, step)")
        start, end = 0, start
    if step is _NO_STEP:
        step = 1
    raw = (start, end, step)
    if out is not None:
        dtype = _check_out_dtype(out, dtype)
    dtype = _range_dtype(raw, dtype, "arange")
    start, end, step = (_as_real(v) for v in _number_args((("start", start), ("end", end), ("step", step)),
                                                          "arange"))
    if dtype not in _ARANGE_DTYPES:
        raise NotImplementedError(f"\"arange_cpu\" not implemented for '{D.scalar_type_name(dtype)}'")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {_fmt(start)} -> {_fmt(end)}")
    if not ((step > 0 and end >= start) or (step < 0 and end <= start)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype._kind == 1:
        s, e, st = builtins.int(start), builtins.int(end), builtins.int(step)
        if dtype is D.int64:
            if st == 0:
                raise ValueError("step must be nonzero")
            diff = (e - s + (1 << 63)) % (1 << 64) - (1 << 63)  # int64 arithmetic wraps
            n = -(-diff // st)  # ceil(diff / st) exactly
            if n < 0:
                raise RuntimeError("invalid size, possible overflow?")
        else:
            n = math.ceil((end - start) / step)
        n = max(n, 0)
        _check_range_size(n)
        values = (np.int64(s) + np.arange(n, dtype=np.int64) * np.int64(st)) if n else np.zeros(0, np.int64)
    else:
        size = (builtins.float(end) - builtins.float(start)) / builtins.float(step)
        _check_range_size(size)
        size = math.ceil(size)
        values = _float_arange(start, step, size, dtype)
    return _into_out(from_host(values, dtype, device, owned=True, requires_grad=requires_grad), out)


def _check_range_size(n):
    if not (0 <= n <= 9.223372036854775807e18) or n != n:
        raise RuntimeError("invalid size, possible overflow?")


def _fmt(v):
    if isinstance(v, builtins.float) and v.is_integer():
        return str(builtins.int(v))
    return str(v)


@defop("range", method=False)
def range_(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
           pin_memory=False):
    """torch.range (deprecated): [start, end] inclusive, default float dtype."""
    import warnings
    warnings.warn("torch.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in "
                  "[start, end).", UserWarning, stacklevel=2)
    if end is None:
        raise TypeError("range() missing required argument 'end'")
    if out is not None:
        dtype = _check_out_dtype(out, dtype)
    dtype = dtype or D.get_default_dtype()
    start, end, step = (_as_real(v) for v in _number_args((("start", start), ("end", end), ("step", step)),
                                                          "range"))
    if dtype not in _ARANGE_DTYPES:
        raise NotImplementedError(f"\"range_cpu\" not implemented for '{D.scalar_type_name(dtype)}'")
    if dtype._kind == 1:
        xs, xe, xst = builtins.int(start), builtins.int(end), builtins.int(step)
    else:
        acc = np.float64 if dtype in (D.float32, D.float64) else np.float32
        xs, xe, xst = acc(start), acc(end), acc(step)
    if xst == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(xs) and math.isfinite(xe)):
        raise RuntimeError(f"unsupported range: {_fmt(start)} -> {_fmt(end)}")
    if not ((xst > 0 and xe >= xs) or (xst < 0 and xe <= xs)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype._kind == 1:
        q = xe - xs
        n = (abs(q) // abs(xst)) * (1 if (q >= 0) == (xst > 0) else -1) + 1  # C++ division truncates
        values = np.int64(xs) + np.arange(n, dtype=np.int64) * np.int64(xst)
    else:
        with np.errstate(all="ignore"):
            n = builtins.int((xe - xs) / xst + 1)
        _check_range_size(n)
        values = _round_to(xs + np.arange(n, dtype=acc) * xst, dtype)
    return _into_out(from_host(values, dtype, device, owned=True, requires_grad=requires_grad), out)


# ---- linspace / logspace ------------------------------------------------------------------------------------
_SPACE_DTYPES = _ARANGE_DTYPES + (D.complex64, D.complex128)


def _space_args(start, end, steps, name, dtype):
    for what, v in (("start", start), ("end", end)):
        if isinstance(v, Tensor) and v._shape:
            raise RuntimeError(f"{name} only supports 0-dimensional start and end tensors, but got {what} with "
                               f"{len(v._shape)} dimension(s).")
    if isinstance(steps, Tensor):
        steps = steps.__index__()
    if not isinstance(steps, numbers.Integral) or isinstance(steps, builtins.bool):
        raise TypeError(f"{name}() received an invalid combination of arguments - got steps of type "
                        f"{type(steps).__name__}")
    steps = builtins.int(steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    start, end = _number_args((("start", start), ("end", end)), name)
    if dtype is None:
        dtype = D.default_complex_dtype() if any(isinstance(v, builtins.complex) for v in (start, end)) \
            else D.get_default_dtype()
    if dtype not in _SPACE_DTYPES:
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{D.scalar_type_name(dtype)}'")
    return start, end, steps, dtype


def _to_scalar_t(v, dtype):
    """Scalar.to<scalar_t>() for real dtypes: a float64 holding the converted value."""
    v = _as_real(v)
    if dtype._kind == 1:
        return np.float64(builtins.int(v))
    return np.float64(_round_to(np.float64(v), dtype))


def _linspace_real(start, end, steps, dtype):
    """torch's linspace_kernel: step in the output type (double for integers); the first half counts up
    from start, the second half down from end."""
    idx = np.arange(steps, dtype=np.float64)
    half = steps // 2
    lo, hi = idx[:half], (steps - 1 - idx[half:])
    s, e = _to_scalar_t(start, dtype), _to_scalar_t(end, dtype)
    with np.errstate(all="ignore"):
        if dtype._kind == 1 or dtype is D.float64:
            step = (e - s) / np.float64(steps - 1)
            vals = np.concatenate([fma64(lo, step, s), fma64(-hi, step, e)])
        elif dtype is D.float32:
            s32, e32 = np.float32(s), np.float32(e)
            step = np.float32(e32 - s32) / np.float32(steps - 1)
            vals = np.concatenate([fma32(lo, step, s32), fma32(-hi, step, e32)]).astype(np.float64)
        else:  # Half/BFloat16 arithmetic: every operation rounds to the type, integers converted to it first
            r = lambda x: _round_to(x, dtype).astype(np.float64)  # noqa: E731
            step = r(r(e - s) / r(np.float64(steps - 1)))
            vals = np.concatenate([r(s + r(step * r(lo))), r(e - r(step * r(hi)))])
    if dtype._kind == 1:
        with np.errstate(all="ignore"):
            return np.trunc(vals).astype(np.int64)
    return vals


@defop(method=False)
def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    if out is not None:
        dtype = _check_out_dtype(out, dtype)
    start, end, steps, dtype = _space_args(start, end, steps, "linspace", dtype)
    if steps == 1:
        values = np.array([start], dtype=np.complex128 if dtype._kind == 3 else np.float64)
        if dtype._kind == 1:
            values = np.trunc(values.real).astype(np.int64)
    elif dtype._kind == 3:
        real = dtype.to_real()
        s, e = builtins.complex(start), builtins.complex(end)
        values = (_linspace_real(s.real, e.real, steps, real) + 1j * _linspace_real(s.imag, e.imag, steps, real))
    else:
        values = _linspace_real(start, end, steps, dtype) if steps else np.zeros(0)
    return _into_out(from_host(values, dtype, device, owned=True, requires_grad=requires_grad), out)


@defop(method=False)
def logspace(start, end, steps, base=10.0, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False):
    if out is not None:
        dtype = _check_out_dtype(out, dtype)
    start, end, steps, dtype = _space_args(start, end, steps, "logspace", dtype)
    base = builtins.float(base)
    with np.errstate(all="ignore"):
        if steps == 0:
            values = np.zeros(0)
        elif dtype._kind == 3:
            c = np.complex128 if dtype is D.complex128 else np.complex64
            s, e = c(start), c(end)
            if steps == 1:
                values = np.array([np.power(np.complex128(base), np.complex128(start))])
            else:
                step = (e - s) / c(steps - 1)
                i = np.arange(steps)
                half = steps // 2
                expo = np.where(i < half, s + step * i.astype(c), e - step * (steps - i - 1).astype(c))
                values = np.power(c(base), expo.astype(c))
        elif steps == 1:
            values = libm_pow(base, np.float64([_as_real(start)]))
        else:
            s, e = _to_scalar_t(start, dtype), _to_scalar_t(end, dtype)
            if dtype._kind == 1:
                diff = np.float64(builtins.int(e) - builtins.int(s))
            else:
                diff = np.float64(_round_to(e - s, dtype))
            step = diff / np.float64(steps - 1)
            i = np.arange(steps, dtype=np.float64)
            half = steps // 2
            expo = np.where(i < half, s + step * i, e - step * (steps - i - 1))
            values = libm_pow(base, expo)
        if dtype._kind == 1:
            values = _float_to_int(values, dtype)
    return _into_out(from_host(values, dtype, device, owned=True, requires_grad=requires_grad), out)


def libm_pow(base, exponents):
    """std::pow(double, double) elementwise: the C library's pow, which math.pow calls (NumPy's own
    vectorized power differs from it in the last bit for about a quarter of the values)."""
    out = np.empty(len(exponents), dtype=np.float64)
    for i, e in enumerate(exponents.tolist()):
        try:
            out[i] = math.pow(base, e)
        except (ValueError, OverflowError):
            with np.errstate(all="ignore"):
                out[i] = np.power(np.float64(base), np.float64(e))
    return out


def _float_to_int(values, dtype):
    """static_cast<int type>(double) as x86 does it: truncation, through int64 (wrap-around for narrow types)."""
    with np.errstate(all="ignore"):
        return np.trunc(values.real).astype(np.int64).astype(dtype._np)


# ---- eye, tril/triu ------------------------------------------------------------------------------------------
def _int_arg(v, what, name):
    if isinstance(v, Tensor):
        v = v.__index__()
    if not isinstance(v, numbers.Integral) or isinstance(v, builtins.bool):
        raise TypeError(f"{name}(): argument '{what}' must be int, not {type(v).__name__}")
    return builtins.int(v)


@defop(method=False)
def eye(n, m=_NO_STEP, *, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    n = _int_arg(n, "n", "eye")
    m = n if m is _NO_STEP else _int_arg(m, "m", "eye")
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    if out is not None:
        dtype = _check_out_dtype(out, dtype)
    dtype = dtype or D.get_default_dtype()
    arr = np.eye(n, m, dtype=np.float32 if dtype is D.bfloat16 else host_type(dtype))
    return _into_out(from_host(arr, dtype, device, owned=True, requires_grad=requires_grad), out)


# Data movement is dtype-blind: dtypes without a Tril/Triu CPU kernel move as the same-width integers.
_TRI_AS_INT = {ms.bfloat16: ms.int16, ms.complex64: ms.int64}


def _tri_kernel(fn, lower):
    def run(value, diagonal):
        dt = value.dtype
        as_int = _TRI_AS_INT.get(dt)
        if as_int is not None:
            return fn(value.view(as_int), diagonal).view(dt)
        if dt == ms.complex128:  # no same-width integer: select against a host mask
            rows, cols = value.shape[-2:]
            mask = np.tri(rows, cols, diagonal, dtype=np.bool_)
            mask = ms.from_numpy(mask if lower else ~np.tri(rows, cols, diagonal - 1, dtype=np.bool_))
            return ops.select(ops.broadcast_to(mask, value.shape), value, ops.zeros(value.shape, value.dtype))
        return fn(value, diagonal)
    return run


kernel("tril")(_tri_kernel(ops.tril, True))
kernel("triu")(_tri_kernel(ops.triu, False))


# CPU: on the host, where NumPy's tril/triu cover every dtype and batch. Measured (MindSpore 2.10 CPU):
# 4x4 float32 56 us against ops.tril's 108 us, 64x64 24 us against 120 us, 8x512x512 9 ms against 36 ms;
# ops.tril/ops.triu also lack bfloat16 and complex kernels there.
# While MindSpore differentiates (HOST_KERNELS off), the MindSpore kernels above.
def _tri_cpu(np_fn, ms_fn):
    def run(value, diagonal):
        if HOST_KERNELS[0]:
            return ms.from_numpy(np_fn(value.asnumpy(), diagonal))
        return ms_fn(value, diagonal)
    return run


kernel("tril", "cpu")(_tri_cpu(np.tril, _tri_kernel(ops.tril, True)))
kernel("triu", "cpu")(_tri_cpu(np.triu, _tri_kernel(ops.triu, False)))


def _tri(name, input, diagonal, out=None, inplace=False):
    if len(input._shape) < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    diagonal = _int_arg(diagonal, "diagonal", name)
    if out is not None and out._dtype is not input._dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_C_TYPE_WORDS[input._dtype]}, but got "
                           f"{_C_TYPE_WORDS[out._dtype]} instead")
    if 0 in input._shape:  # MindSpore's CPU Tril/Triu reject empty matrices
        value = input._ms
    else:
        value = TABLES[input._device.type][name](input._ms, diagonal)
    if inplace:
        return write_inplace(input, value, input._dtype)
    if out is not None:
        return write_out(out, value, input._device)
    return wrap(value, input._device, input._shape)


_C_TYPE_WORDS = {D.bool: "bool", D.uint8: "unsigned char", D.int8: "signed char", D.int16: "short int",
                 D.int32: "int", D.int64: "long int", D.float16: "c10::Half", D.bfloat16: "c10::BFloat16",
                 D.float32: "float", D.float64: "double", D.complex64: "c10::complex<float>",
                 D.complex128: "c10::complex<double>", D.uint16: "unsigned short", D.uint32: "unsigned int",
                 D.uint64: "unsigned long"}


def _tril_backward(grad, diagonal=0):
    return (grad.tril(diagonal),)


def _triu_backward(grad, diagonal=0):
    return (grad.triu(diagonal),)


@defop(backward=_tril_backward)
def tril(input, diagonal=0, *, out=None):
    return _tri("tril", input, diagonal, out)


@defop(backward=_triu_backward)
def triu(input, diagonal=0, *, out=None):
    return _tri("triu", input, diagonal, out)


@defop(namespace=False, backward=_tril_backward)
def tril_(self, diagonal=0):
    return _tri("tril", self, diagonal, inplace=True)


@defop(namespace=False, backward=_triu_backward)
def triu_(self, diagonal=0):
    return _tri("triu", self, diagonal, inplace=True)


# ---- complex, polar --------------------------------------------------------------------------------------
kernel("complex")(lambda real, imag: ops.Complex()(real, imag))
kernel("polar")(ops.polar)


def _complex_pair(name, a, b, out):
    for what, x in (("real" if name == "complex" else "abs", a), ("imag" if name == "complex" else "angle", b)):
        if not isinstance(x, Tensor):
            raise TypeError(f"{name}(): argument '{what}' (position {1 if x is a else 2}) must be Tensor, not "
                            f"{type(x).__name__}")
    if a._dtype not in (D.float16, D.float32, D.float64) or b._dtype not in (D.float16, D.float32, D.float64):
        raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors but got "
                           f"{D.scalar_type_name(a._dtype)} and {D.scalar_type_name(b._dtype)}")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"Expected object of scalar type {D.scalar_type_name(a._dtype)} but got scalar type "
                           f"{D.scalar_type_name(b._dtype)} for second argument")
    if a._dtype is D.float16:
        if name == "polar":
            raise NotImplementedError("\"polar_cpu\" not implemented for 'Half'")
        raise NotImplementedError("mindtorch: complex32 (ComplexHalf) has no MindSpore dtype")
    result = D.complex64 if a._dtype is D.float32 else D.complex128
    if out is not None and out._dtype is not result:
        raise RuntimeError(f"Expected object of scalar type {D.scalar_type_name(result)} but got scalar type "
                           f"{D.scalar_type_name(out._dtype)} for argument 'out'")
    shape = broadcast_shapes(a._shape, b._shape)
    va, vb = a._ms, b._ms
    if a._shape != shape:
        va = ops.broadcast_to(va, shape)
    if b._shape != shape:
        vb = ops.broadcast_to(vb, shape)
    value = TABLES[a._device.type][name](va, vb)
    return wrap(value, a._device, shape) if out is None else write_out(out, value, a._device)


def _complex_backward(grad):
    return grad.real, grad.imag


def _polar_backward(grad, abs, angle):
    # result = abs * e^{i angle}: d/d abs = e^{i angle}, d/d angle = i * result; a real input's grad is the
    # real part of conj(derivative) * grad
    c, s = angle.cos(), angle.sin()
    gr, gi = grad.real, grad.imag
    g_abs = gr * c + gi * s
    g_angle = (gi * c - gr * s) * abs
    return g_abs, g_angle


@defop(method=False, backward=_complex_backward)
def complex(real, imag, *, out=None):
    return _complex_pair("complex", real, imag, out)


@defop(method=False, backward=_polar_backward)
def polar(abs, angle, *, out=None):
    return _complex_pair("polar", abs, angle, out)
