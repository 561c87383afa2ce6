"""Indexing: Tensor.__getitem__/__setitem__ and the index ops (index_select, gather, scatter, masked_*,
take, put, nonzero, searchsorted, ...).

Basic indices (ints, slices, None, Ellipsis) make views: torch's layout arithmetic over the shared
storage, so writes through them reach the base; the view's value comes from a MindSpore slice of the
base's current value (a MindSpore view: no copy). Advanced indices (integer tensors, lists and
arrays, bool masks, Python bools) make copies, laid out as torch lays them out: the dims the index
tensors produce replace the indexed dims in place when those are adjacent, and go first otherwise.

Index tensors are read on the host (they are small and never differentiated) to check bounds, wrap
negative indices and turn masks into positions, as torch's own checks do; the values move through
MindSpore kernels (gather, gather_nd, masked_select, tensor_scatter_*), so MindSpore's autograd sees
them. Assignments compute the new values of the indexed tensor functionally and store them with
`Tensor._write`, which writes through to the shared storage (views stay coherent)."""
import builtins
import math

import numpy as np
import mindspore as ms
from mindspore import ops

from .. import _dtype as D
from .._tensor import Tensor
from .registry import defop, kernel, TABLES
from .common import wrap, wrap_dim, broadcast_shapes, finish, result_type, device_of, cast

_int = builtins.int
_bool = builtins.bool
_float = builtins.float


# ==== kernels (over MindSpore values) ==============================================================
@kernel("index_gather")
def _index_gather(x, index, axis):
    return ops.gather(x, index, axis)


@kernel("gather_nd")
def _gather_nd(x, index):
    return ops.gather_nd(x, index)


@kernel("gather")
def _gather_elements(x, dim, index):
    return ops.gather_elements(x, dim, index)


@kernel("masked_select")
def _masked_select(x, mask):
    return ops.masked_select(x, mask)


@kernel("masked_fill")
def _masked_fill(x, mask, value):
    return ops.masked_fill(x, mask, value)


@kernel("where")
def _where(cond, x, y):
    return ops.select(cond, x, y)


@kernel("scatter_nd_update")
def _scatter_nd_update(x, index, updates):
    return ops.tensor_scatter_update(x, index, updates)


@kernel("scatter_nd_add")
def _scatter_nd_add(x, index, updates):
    return ops.tensor_scatter_add(x, index, updates)


@kernel("scatter_nd_mul")
def _scatter_nd_mul(x, index, updates):
    return ops.tensor_scatter_mul(x, index, updates)


@kernel("scatter_nd_max")
def _scatter_nd_max(x, index, updates):
    return ops.tensor_scatter_max(x, index, updates)


@kernel("scatter_nd_min")
def _scatter_nd_min(x, index, updates):
    return ops.tensor_scatter_min(x, index, updates)


@kernel("nonzero")
def _nonzero(x):
    return ops.nonzero(x)


@kernel("searchsorted")
def _searchsorted(sorted_sequence, values, right):
    # int64 positions; MindSpore's out_int32=True fails on CPU for more than one value ("the dimension
    # of `v` and output must be equal"), so callers narrow the result themselves.
    return ops.searchsorted(sorted_sequence, values, right=right)


# ---- CPU holes (probed on MindSpore 2.10 CPU) ------------------------------------------------------
# Data movement has no bfloat16 kernel at all on CPU (Gather, GatherNd, GatherD, MaskedSelect,
# MaskedFill, Select, TensorScatterUpdate): it is dtype-blind, so bfloat16 moves as int16 bits.
_MOVE_AS = {ms.bfloat16: ms.int16}


def _bits(fn, *value_args):
    """A data-movement kernel `fn(*args)` whose args at positions `value_args` carry the values: for a
    dtype without a kernel they are reinterpreted as same-width ints, and so is the result."""
    def run(*args):
        dt = args[value_args[0]].dtype
        as_int = _MOVE_AS.get(dt)
        if as_int is None:
            return fn(*args)
        args = list(args)
        for i in value_args:
            args[i] = args[i].view(as_int)
        return fn(*args).view(dt)
    return run


kernel("index_gather", "cpu")(_bits(_index_gather, 0))
kernel("gather_nd", "cpu")(_bits(_gather_nd, 0))
kernel("gather", "cpu")(_bits(_gather_elements, 0))
kernel("masked_select", "cpu")(_bits(_masked_select, 0))
kernel("masked_fill", "cpu")(_bits(_masked_fill, 0, 2))
kernel("where", "cpu")(_bits(_where, 1, 2))
kernel("scatter_nd_update", "cpu")(_bits(_scatter_nd_update, 0, 2))


def _arith_scatter_cpu(fn, bool_fn):
    """TensorScatterAdd/Mul/Max/Min on CPU have no bool, bfloat16 or complex kernels (probed).
    bool runs as uint8 with the logical meaning torch gives it (add: or, mul: and); bfloat16 computes
    in float32 and rounds back, as torch's CPU kernels accumulate reduced floats in float32."""
    def run(x, index, updates):
        dt = x.dtype
        if dt == ms.bool_:
            return bool_fn(x.view(ms.uint8), index, updates.view(ms.uint8)).view(ms.bool_)
        if dt == ms.bfloat16:
            return ops.cast(fn(ops.cast(x, ms.float32), index, ops.cast(updates, ms.float32)), dt)
        return fn(x, index, updates)
    return run


kernel("scatter_nd_add", "cpu")(_arith_scatter_cpu(_scatter_nd_add, _scatter_nd_max))
kernel("scatter_nd_mul", "cpu")(_arith_scatter_cpu(_scatter_nd_mul, _scatter_nd_min))
kernel("scatter_nd_max", "cpu")(_arith_scatter_cpu(_scatter_nd_max, _scatter_nd_max))
kernel("scatter_nd_min", "cpu")(_arith_scatter_cpu(_scatter_nd_min, _scatter_nd_min))


@kernel("nonzero", "cpu")
def _nonzero_cpu(x):
    # NonZero has no bfloat16 CPU kernel: test the bits without the sign (-0.0 is zero, NaN is not).
    if x.dtype == ms.bfloat16:
        x = ops.bitwise_and(x.view(ms.int16), ms.Tensor(np.int16(0x7FFF)))
    return ops.nonzero(x)


# SearchSorted's CPU kernel covers int8/16/32/64 and float32/64 only: narrower types search in a
# wider one that holds their values exactly.
_SEARCH_AS = {ms.uint8: ms.int16, ms.float16: ms.float32, ms.bfloat16: ms.float32}


@kernel("searchsorted", "cpu")
def _searchsorted_cpu(sorted_sequence, values, right):
    wider = _SEARCH_AS.get(sorted_sequence.dtype)
    if wider is not None:
        sorted_sequence, values = ops.cast(sorted_sequence, wider), ops.cast(values, wider)
    return ops.searchsorted(sorted_sequence, values, right=right)


def _k(name, t):
    return TABLES[t._device.type][name]


# ==== Python scalars as values of a dtype ===========================================================
_F32_MAX = _float(np.finfo(np.float32).max)


def _overflow(dtype):
    name = {D.int64: "int64_t", D.int32: "int", D.int16: "short", D.int8: "int8_t", D.uint8: "uint8_t",
            D.float32: "float", D.float64: "double", D.float16: "c10::Half", D.bfloat16: "c10::BFloat16",
            D.complex64: "c10::complex<float>", D.complex128: "c10::complex<double>"}.get(dtype, dtype.name)
    return RuntimeError(f"value cannot be converted to type {name} without overflow")


def scalar_value(value, dtype):
    """A Python number converted to `dtype` as torch's checked conversion does (errors on overflow)."""
    if isinstance(value, Tensor):
        value = value.item()
    if isinstance(value, np.generic):
        value = value.item()
    if dtype is D.bool:
        return _bool(value)
    if isinstance(value, _bool):
        value = _int(value)
    if isinstance(value, complex):
        if dtype._kind == 3:
            return value
        if value.imag != 0:
            raise _overflow(dtype)
        value = value.real
    if isinstance(value, _int) and not -2 ** 63 <= value < 2 ** 64:
        raise ValueError("Overflow when unpacking long long")
    if dtype._kind == 1:
        if isinstance(value, _float):
            if math.isnan(value) or math.isinf(value):
                raise _overflow(dtype)
            value = _int(value)  # truncation toward zero, after the range check below
        info = np.iinfo(dtype._np)
        low = -info.max if not dtype.is_signed else info.min  # unsigned: negatives wrap (two's complement)
        if not low <= value <= info.max:
            raise _overflow(dtype)
        return value % (info.max + 1) if value < 0 and not dtype.is_signed else value
    if dtype._kind == 2:
        if dtype is not D.float64 and isinstance(value, _float) and math.isfinite(value) and abs(value) > _F32_MAX:
            raise _overflow(dtype)
        return _float(value)
    return complex(value)


def scalar_tensor(value, dtype):
    """A 0-dim MindSpore value of `dtype` holding the Python number `value` (already converted)."""
    if dtype._np is not None:
        return ms.from_numpy(np.array(value, dtype=dtype._np))
    return ms.Tensor(value, dtype._ms)


def _type_name(dtype):
    return "torch." + {D.float32: "Float", D.float64: "Double", D.float16: "Half", D.bfloat16: "BFloat16",
                       D.int64: "Long", D.int32: "Int", D.int16: "Short", D.int8: "Char", D.uint8: "Byte",
                       D.bool: "Bool", D.complex64: "ComplexFloat", D.complex128: "ComplexDouble"}.get(
        dtype, dtype.name) + "Tensor"


def _assign_value(self, value):
    """The right-hand side of `self[...] = value`: a Tensor as is, a Python number as a 0-dim value of
    self's dtype (checked as torch checks), anything else a TypeError as in torch."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (_bool, _int, _float, complex)) or (
            isinstance(value, np.generic) and isinstance(value, (np.integer, np.bool_, np.float64))):
        return wrap(scalar_tensor(scalar_value(value, self._dtype), self._dtype), self._device, ())
    raise TypeError(f"can't assign a {type(value).__module__ + '.' if type(value).__module__ != 'builtins' else ''}"
                    f"{type(value).__name__} to a {_type_name(self._dtype)}")


# ==== index parsing =================================================================================
# Items after parsing: None, Ellipsis, int, slice (normalized ints), ("bool", b), ("mask", m) with m a
# Tensor or NumPy bool array of ndim >= 1, ("index", a) with a a NumPy int64 array or an int Tensor.
_BAD_INDEX = ("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
              "indices (got {})")
_BAD_TENSOR = "tensors used as indices must be long, int, byte or bool tensors"


def _as_items(index):
    """torch's rule for what is a tuple of indices: a tuple, or a short non-tensor sequence holding a
    tensor, a sequence, a slice, Ellipsis or None (a deprecated form torch still accepts)."""
    if type(index) is tuple:
        return index
    if isinstance(index, (Tensor, np.ndarray)):
        return (index,)
    if isinstance(index, (list, tuple)) and len(index) < 32:
        for i in index:
            if i is None or i is Ellipsis or isinstance(i, (Tensor, list, tuple, slice, np.ndarray)):
                return tuple(index)
    if isinstance(index, str):
        raise TypeError(f"new(): invalid data type 'str'")
    return (index,)


def _slice_int(v):
    if v is None or isinstance(v, _int):
        return v
    return v.__index__()


def _sequence_index(seq):
    """A list used as an index: bool items make a mask, anything else a long index (floats truncated)."""
    def plain(x):
        if isinstance(x, Tensor):
            return x.item()
        if isinstance(x, (list, tuple)):
            return [plain(i) for i in x]
        return x
    try:
        arr = np.array(plain(seq))
    except (ValueError, TypeError) as e:
        raise ValueError(f"expected sequence of equal lengths: {e}") from None
    if arr.dtype == np.bool_:
        return ("mask", arr) if arr.ndim else ("bool", _bool(arr))
    if arr.dtype.kind not in "iuf" and arr.size:
        raise TypeError(f"new(): invalid data type '{arr.dtype}'")
    return "index", arr.astype(np.int64).reshape(arr.shape)


def _parse_item(i):
    if i is None or i is Ellipsis:
        return i
    t = type(i)
    if t is _int:
        return i
    if t is slice:
        step = _slice_int(i.step)
        if step == 0:
            raise ValueError("slice step cannot be zero")
        return slice(_slice_int(i.start), _slice_int(i.stop), step)
    if t is _bool:
        return ("bool", i)
    if isinstance(i, Tensor):
        dt = i._dtype
        if dt is D.bool or dt is D.uint8:
            return ("mask", i) if i._shape else ("bool", _bool(i.item()))
        if dt._kind != 1:
            raise IndexError(_BAD_TENSOR)
        if not i._shape:
            return _int(i.item())
        if dt is not D.int64 and dt is not D.int32:
            raise IndexError(_BAD_TENSOR)
        return ("index", i)
    if isinstance(i, np.ndarray):
        if i.ndim == 0:
            return i.__index__()
        if i.dtype == np.bool_ or i.dtype == np.uint8:
            return ("mask", i.astype(np.bool_))
        return ("index", i.astype(np.int64))
    if isinstance(i, (list, tuple)):
        return _sequence_index(i)
    if isinstance(i, _bool):
        return ("bool", _bool(i))
    if isinstance(i, str):
        raise TypeError("new(): invalid data type 'str'")
    if hasattr(i, "__index__") and not isinstance(i, _float):
        return i.__index__()
    raise IndexError(_BAD_INDEX.format(type(i).__name__))


def _mask_shape(m):
    return m._shape if isinstance(m, Tensor) else m.shape


def _parse(index, ndim):
    """The parsed items with Ellipsis expanded to full slices; raises torch's too-many-indices error."""
    items = [_parse_item(i) for i in _as_items(index)]
    consumed = 0
    ellipsis = None
    for n, i in enumerate(items):
        if i is None:
            continue
        if i is Ellipsis:
            if ellipsis is not None:
                raise IndexError("an index can only have a single ellipsis ('...')")
            ellipsis = n
        elif type(i) is tuple:
            kind, payload = i
            if kind == "mask":
                consumed += len(_mask_shape(payload))
            elif kind == "index":
                consumed += 1
        else:
            consumed += 1
    if consumed > ndim:
        if ndim == 0 and any(isinstance(i, _int) for i in items):
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
                             "in C++ to convert a 0-dim tensor to a number")
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    if ellipsis is not None:
        items[ellipsis:ellipsis + 1] = [slice(None, None, None)] * (ndim - consumed)
    return items


# ==== basic indexing: the view ======================================================================
class _Plan:
    """What parsing an index against a tensor yields: the view of its basic part and the advanced
    entries (view dim, kind, payload) still to apply to that view."""
    __slots__ = ("view", "adv")

    def __init__(self, view, adv):
        self.view, self.adv = view, adv


def _plan(t, index, want_value=True):
    shape, ndim = t._shape, len(t._shape)
    items = _parse(index, ndim)
    stride = t.stride()
    offset = t._offset
    out_shape, out_stride, adv = [], [], []
    begin, end, step = [0] * ndim, list(shape), [1] * ndim
    sliced = False
    d = 0  # the source dim the next item applies to
    for i in items:
        if type(i) is _int:
            size = shape[d]
            if not -size <= i < size:
                raise IndexError(f"index {i} is out of bounds for dimension {d} with size {size}")
            i %= size
            offset += i * stride[d]
            begin[d], end[d] = i, i + 1
            sliced = True
            d += 1
        elif type(i) is slice:
            size = shape[d]
            if i.step is not None and i.step < 0:
                raise ValueError("step must be greater than zero")
            start, stop, st = i.indices(size)
            n = max(0, (stop - start + st - 1) // st)
            if n != size:
                sliced = True
                if n:
                    begin[d], end[d], step[d] = start, start + (n - 1) * st + 1, st
                else:
                    begin[d], end[d] = 0, 0
            offset += start * stride[d]
            out_shape.append(n)
            out_stride.append(stride[d] * st)
            d += 1
        elif i is None or type(i) is tuple and i[0] == "bool":
            out_stride.append(stride[d] * shape[d] if d < ndim else 1)
            out_shape.append(1)
            if i is not None:
                adv.append((len(out_shape) - 1, "bool", i[1]))
        else:
            kind, payload = i
            k = len(_mask_shape(payload)) if kind == "mask" else 1
            adv.append((len(out_shape), kind, payload))
            out_shape.extend(shape[d:d + k])
            out_stride.extend(stride[d:d + k])
            d += k
    out_shape.extend(shape[d:])
    out_stride.extend(stride[d:])
    out_shape = tuple(out_shape)
    if not sliced and out_shape == shape:
        return _Plan(t, adv)
    value = None
    if want_value and t._seen == t._storage.version:
        value = _slice_value(t._value, begin, end, step, sliced, out_shape)
    return _Plan(t._view(out_shape, out_stride, offset, value), adv)


def _slice_value(v, begin, end, step, sliced, out_shape):
    """The value of a basic view computed from its base's value by MindSpore slicing (views there)."""
    if sliced:
        if any(s != 1 for s in step):
            v = ops.strided_slice(v, tuple(begin), tuple(end), tuple(step))
        else:
            v = ops.slice(v, tuple(begin), tuple(e - b for b, e in zip(begin, end)))
    if tuple(v.shape) != out_shape:
        v = v.reshape(out_shape)
    return v


# ==== advanced indexing ==============================================================================
def _host_ints(t):
    """An integer index as a NumPy array (read-only; it may share the MindSpore value's memory)."""
    if isinstance(t, Tensor):
        return t._ms.asnumpy()
    return t


def _host_mask(m):
    if isinstance(m, Tensor):
        a = m._ms.asnumpy()
        return a if a.dtype == np.bool_ else a != 0
    return m


def _mask_value(m):
    """A bool mask as a MindSpore bool value."""
    if isinstance(m, Tensor):
        v = m._ms
        if m._dtype is D.bool:
            return v
        return ms.from_numpy(v.asnumpy() != 0)
    return ms.from_numpy(np.ascontiguousarray(m))


def _check_mask(mask_shape, view_shape, dim):
    for j, n in enumerate(mask_shape):
        if dim + j >= len(view_shape) or n != view_shape[dim + j]:
            raise IndexError(f"The shape of the mask {list(mask_shape)} at index {j} does not match the shape of the "
                             f"indexed tensor {list(view_shape)} at index {dim + j}")


def _long_indices(view_shape, adv):
    """The advanced entries as (dim, int64 array) pairs: masks become their nonzero positions, Python
    bools a [0] or [] index into the unit dim they added."""
    out = []
    for dim, kind, payload in adv:
        if kind == "bool":
            out.append((dim, np.zeros(1 if payload else 0, np.int64)))
        elif kind == "mask":
            shape = _mask_shape(payload)
            _check_mask(shape, view_shape, dim)
            for j, a in enumerate(np.nonzero(_host_mask(payload))):
                out.append((dim + j, a.astype(np.int64, copy=False)))
        else:
            out.append((dim, _host_ints(payload)))
    return out


def _bounds(a, size, dim):
    """`a` with negative indices wrapped; torch's IndexError for the first out-of-range one."""
    if a.size:
        lo, hi = a.min(), a.max()
        if lo < -size or hi >= size:
            bad = a.reshape(-1)[np.argmax((a.reshape(-1) < -size) | (a.reshape(-1) >= size))]
            raise IndexError(f"index {bad} is out of bounds for dimension {dim} with size {size}")
        if lo < 0:
            return np.where(a < 0, a + size, a)
    return a


def _broadcast_indices(arrays):
    shapes = [a.shape for a in arrays]
    try:
        return np.broadcast_arrays(*arrays) if len(arrays) > 1 else arrays, np.broadcast_shapes(*shapes)
    except ValueError:
        raise IndexError("shape mismatch: indexing tensors could not be broadcast together with shapes "
                         + ", ".join(str(list(s)) for s in shapes)) from None


class _Adv:
    """Advanced indices resolved against a view of shape `shape`: the indexed dims, their broadcast
    int64 indices (in range), the broadcast shape and torch's result layout."""
    __slots__ = ("dims", "arrays", "bshape", "adjacent", "rest", "result_shape")

    def __init__(self, shape, pairs):
        dims = [d for d, _ in pairs]
        arrays = [_bounds(a, shape[d], d) for d, a in pairs]
        arrays, bshape = _broadcast_indices(arrays)
        self.dims, self.arrays, self.bshape = dims, arrays, tuple(bshape)
        self.adjacent = all(b == a + 1 for a, b in zip(dims, dims[1:]))
        self.rest = [d for d in range(len(shape)) if d not in dims]
        rest_shape = tuple(shape[d] for d in self.rest)
        if self.adjacent:
            first = dims[0]
            self.result_shape = tuple(shape[:first]) + self.bshape + tuple(shape[dims[-1] + 1:])
        else:
            self.result_shape = self.bshape + rest_shape

    def nd_index(self):
        """The indices as gather_nd/scatter_nd take them: shape bshape + (len(dims),)."""
        return ms.from_numpy(np.stack(self.arrays, axis=-1).astype(np.int64))

    def front_perm(self, ndim):
        """The permutation bringing the indexed dims to the front (None when they are already)."""
        perm = self.dims + self.rest
        return None if perm == list(range(ndim)) else perm

    def result_perm(self):
        """gather_nd's layout (bshape + rest) to torch's (None when they agree)."""
        if not self.adjacent or self.dims[0] == 0:
            return None
        nb, first = len(self.bshape), self.dims[0]
        return [nb + i for i in range(first)] + list(range(nb)) + [nb + i for i in range(first, len(self.rest))]


def _inverse(perm):
    inv = [0] * len(perm)
    for i, p in enumerate(perm):
        inv[p] = i
    return inv


def _advanced_read(v, adv):
    dev = v._device
    if len(adv) == 1 and adv[0][1] == "mask" and adv[0][0] == 0:
        mask = adv[0][2]
        mshape = _mask_shape(mask)
        _check_mask(mshape, v._shape, 0)
        rest = v._shape[len(mshape):]
        if 0 not in rest:
            m = _mask_value(mask)
            if rest:
                m = m.reshape(tuple(mshape) + (1,) * len(rest))
            r = _k("masked_select", v)(v._ms, m)
            return wrap(r.reshape((-1,) + rest) if rest else r, dev)
    pairs = _long_indices(v._shape, adv)
    if len(pairs) == 1:
        dim, a = pairs[0]
        wrapped = _bounds(a, v._shape[dim], dim)
        shape = v._shape[:dim] + wrapped.shape + v._shape[dim + 1:]
        if 0 in shape:
            return wrap(_empty_value(shape, v._dtype), dev)
        payload = adv[0][2]
        if wrapped is a and isinstance(payload, Tensor):
            index = payload._ms  # the index tensor's own value: no copy
        else:
            index = ms.from_numpy(np.array(wrapped, np.int64))
        return wrap(_k("index_gather", v)(v._ms, index, dim), dev)
    info = _Adv(v._shape, pairs)
    if 0 in info.result_shape:
        return wrap(_empty_value(info.result_shape, v._dtype), dev)
    value = v._ms
    perm = info.front_perm(len(v._shape))
    if perm is not None:
        value = ops.transpose(value, tuple(perm))
    r = _k("gather_nd", v)(value, info.nd_index())
    perm = info.result_perm()
    if perm is not None:
        r = ops.transpose(r, tuple(perm))
    return wrap(r, dev)


def _empty_value(shape, dtype):
    if dtype._np is not None:
        return ms.from_numpy(np.zeros(shape, dtype._np))
    return ms.from_numpy(np.zeros(shape, np.int16)).view(dtype._ms)


def _strip_leading_ones(shape):
    i = 0
    while i < len(shape) and shape[i] == 1:
        i += 1
    return tuple(shape[i:])


def _advanced_write(v, adv, value, accumulate=False):
    """`v[adv] = value` (or += with accumulate), stored through v._write."""
    dt = v._dtype
    if not accumulate and len(adv) == 1 and adv[0][1] == "mask" and value.numel() == 1:
        # torch fills through a single mask with a one-element value (any dtype, converted as a scalar)
        dim, _, mask = adv[0]
        mshape = _mask_shape(mask)
        _check_mask(mshape, v._shape, dim)
        fill = scalar_tensor(scalar_value(value, dt), dt) if value._dtype is not dt or value._shape else value._ms
        m = _mask_value(mask)
        trailing = len(v._shape) - dim - len(mshape)
        if trailing:
            m = m.reshape(tuple(mshape) + (1,) * trailing)
        if v.numel():
            v._write(_k("masked_fill", v)(v._ms, m, fill))
        return
    if value._dtype is not dt:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{D.scalar_type_name(dt)} for the destination and {D.scalar_type_name(value._dtype)} "
                           f"for the source.")
    info = _Adv(v._shape, _long_indices(v._shape, adv))
    vshape = _strip_leading_ones(value._shape)
    try:
        ok = broadcast_shapes(vshape, info.result_shape) == info.result_shape
    except RuntimeError:
        ok = False
    if not ok:
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(value._shape)} cannot be broadcast to "
                           f"indexing result of shape {list(info.result_shape)}")
    if 0 in info.result_shape:
        return
    vals = value._ms
    if vshape != value._shape:
        vals = vals.reshape(vshape)
    if tuple(vals.shape) != info.result_shape:
        vals = ops.broadcast_to(vals, info.result_shape)
    rperm = info.result_perm()
    if rperm is not None:
        vals = ops.transpose(vals, tuple(_inverse(rperm)))
    target = v._ms
    perm = info.front_perm(len(v._shape))
    if perm is not None:
        target = ops.transpose(target, tuple(perm))
    new = _k("scatter_nd_add" if accumulate else "scatter_nd_update", v)(target, info.nd_index(), vals)
    if perm is not None:
        new = ops.transpose(new, tuple(_inverse(perm)))
    v._write(new)


# ==== __getitem__ / __setitem__ =====================================================================
def getitem(self, index):
    if type(index) is _int and self._shape:
        size = self._shape[0]
        if -size <= index < size:
            return _select0(self, index % size)
    plan = _plan(self, index)
    if not plan.adv:
        if plan.view is self:  # x[()] or x[...]: an alias, as torch returns
            return self._view(self._shape, self._stride, self._offset,
                              self._value if self._seen == self._storage.version else None)
        return plan.view
    return _advanced_read(plan.view, plan.adv)


def _select0(t, i):
    """t[i] for an int in range: the most common index, without the general parse."""
    stride = t.stride()
    value = None
    if t._seen == t._storage.version:
        v = t._value
        value = ops.slice(v, (i,) + (0,) * (v.ndim - 1), (1,) + tuple(v.shape[1:])).reshape(t._shape[1:])
    return t._view(t._shape[1:], stride[1:], t._offset + i * stride[0], value)


def setitem(self, index, value):
    value = _assign_value(self, value)
    if index is False:
        return  # torch assigns nothing, and checks nothing
    plan = _plan(self, None if index is True else index, want_value=False)  # x[True] = v copies as x[None]
    if plan.adv:
        _advanced_write(plan.view, plan.adv, value)
        return
    _copy_into(plan.view, value)


def _copy_into(target, value):
    """torch's copy_to for basic indexing: the value loses leading unit dims, broadcasts to the target
    and converts to its dtype."""
    v = value._ms
    shape = value._shape
    if shape != target._shape:
        shape = _strip_leading_ones(shape)
        if len(shape) > len(target._shape):
            raise RuntimeError(f"expand({_type_name(value._dtype)}{{{list(value._shape)}}}, size={list(target._shape)}): "
                               f"the number of sizes provided ({len(target._shape)}) must be greater or equal to "
                               f"the number of dimensions in the tensor ({len(shape)})")
        for i, (n, m) in enumerate(zip(reversed(shape), reversed(target._shape))):
            if n != m and n != 1:
                dim = len(target._shape) - 1 - i
                raise RuntimeError(f"The expanded size of the tensor ({m}) must match the existing size ({n}) at "
                                   f"non-singleton dimension {dim}.  Target sizes: {list(target._shape)}.  Tensor "
                                   f"sizes: {list(value._shape)}")
        v = v.reshape(shape) if tuple(v.shape) != shape else v
    if value._dtype is not target._dtype:
        v = cast(v, target._dtype, target._device)
    if tuple(v.shape) != target._shape:
        if not target.numel():
            return
        v = ops.broadcast_to(v, target._shape)
    target._write(v)


defop("__getitem__", namespace=False)(getitem)
defop("__setitem__", namespace=False)(setitem)
