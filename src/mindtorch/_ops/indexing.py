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

import mindspore as ms
import numpy as np
from mindspore import ops

from .. import _dtype as D
from .._storage import contiguous_strides
from .._tensor import Tensor
from .common import broadcast_shapes, cast, device_of, finish, result_type, wrap, wrap_dim
from .registry import TABLES, defop, kernel
from ..autograd import grad_mode
from ..autograd.record import differentiable

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


@kernel("scatter_nd_update")
def _scatter_nd_update(x, index, updates):
    return ops.tensor_scatter_update(x, index, updates)


@kernel("scatter_nd_add")
def _scatter_nd_add(x, index, updates):
    return ops.tensor_scatter_add(x, index, updates)


# Sums rounded after every update (torch's index_put_/put_ accumulate): the same kernel where the
# device's reduced-precision sums already round that way.
kernel("scatter_nd_add_in_turns")(_scatter_nd_add)


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
kernel("scatter_nd_update", "cpu")(_bits(_scatter_nd_update, 0, 2))


def _in_turns(fn, x, index, updates):
    """fn (a TensorScatter add or mul) over float16/bfloat16 values as torch's CPU kernels do it: one
    update at a time, each result rounded to the dtype (MindSpore's float16 kernel accumulates wider).
    Updates to the same position are applied in turns (the k-th update of every position in turn k),
    each turn computed in float32 and rounded back; without duplicates that is a single turn."""
    dt = x.dtype
    k = index.shape[-1]
    rows = index.asnumpy().reshape(-1, k)
    n = rows.shape[0]
    if n > 1:
        _, inv = np.unique(rows, axis=0, return_inverse=True)
        inv = inv.reshape(-1)
        order = np.argsort(inv, kind="stable")
        sorted_inv = inv[order]
        starts = np.r_[0, np.flatnonzero(np.diff(sorted_inv)) + 1]
        rank = np.empty(n, np.int64)
        rank[order] = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
    else:
        rank = np.zeros(n, np.int64)
    wide = ops.cast(x, ms.float32)
    upd = ops.cast(updates, ms.float32).reshape((n,) + tuple(updates.shape[index.ndim - 1:]))
    for turn in range(int(rank.max()) + 1 if n else 0):
        pick = np.flatnonzero(rank == turn)
        if pick.size == n:
            wide = fn(wide, ms.from_numpy(np.ascontiguousarray(rows)), upd)
        else:
            wide = fn(wide, ms.from_numpy(np.ascontiguousarray(rows[pick])), ops.gather(upd, ms.from_numpy(pick), 0))
        wide = ops.cast(ops.cast(wide, dt), ms.float32)
    return ops.cast(wide, dt)


def _arith_scatter_cpu(fn, bool_fn, complex_parts=False, in_turns=False):
    """TensorScatterAdd/Mul/Max/Min on CPU have no bool, bfloat16 or complex kernels (probed), and
    MindSpore's float16 sum rounds after every update. bool runs as uint8 with the logical meaning
    torch gives it (add: or, mul: and); float16/bfloat16 compute in float32 and round once, as torch's
    scatter_add/scatter_reduce/index_add (2-D and up) do, or round after every update (`in_turns`),
    as torch's index_put_/put_ with accumulate and 1-D index_add do; complex sums add real and
    imaginary parts apart (products have no such split: NotImplementedError)."""
    def run(x, index, updates):
        dt = x.dtype
        if dt == ms.bool_:
            return bool_fn(x.view(ms.uint8), index, updates.view(ms.uint8)).view(ms.bool_)
        if dt in (ms.bfloat16, ms.float16):
            if in_turns:
                return _in_turns(fn, x, index, updates)
            return ops.cast(fn(ops.cast(x, ms.float32), index, ops.cast(updates, ms.float32)), dt)
        if complex_parts and dt in (ms.complex64, ms.complex128):
            re = fn(ops.real(x), index, ops.real(updates))
            im = fn(ops.imag(x), index, ops.imag(updates))
            return _COMPLEX(re, im)
        return fn(x, index, updates)
    return run


_COMPLEX = ops.Complex()
kernel("scatter_nd_add", "cpu")(_arith_scatter_cpu(_scatter_nd_add, _scatter_nd_max, complex_parts=True))
kernel("scatter_nd_add_in_turns", "cpu")(_arith_scatter_cpu(_scatter_nd_add, _scatter_nd_max, complex_parts=True,
                                                            in_turns=True))
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


def _val(t):
    """t's MindSpore value in t's shape (a value may carry a 0-dim tensor as shape (1,))."""
    v = t._ms
    return v if v.ndim == len(t._shape) else v.reshape(t._shape)


def _k(name, t):
    return TABLES[t._device.type][name]


# ==== Python scalars as values of a dtype ===========================================================
_F32_MAX = _float(np.finfo(np.float32).max)


def _overflow(dtype):
    name = {D.int64: "int64_t", D.int32: "int", D.int16: "short", D.int8: "int8_t", D.uint8: "uint8_t",
            D.float32: "float", D.float64: "double", D.float16: "c10::Half", D.bfloat16: "c10::BFloat16",
            D.complex64: "c10::complex<float>", D.complex128: "c10::complex<double>"}.get(dtype, dtype.name)
    return RuntimeError(f"value cannot be converted to type {name} without overflow")


_FLOAT_MAX = {D.float16: 65504.0, D.bfloat16: 3.3895313892515355e+38, D.float32: _F32_MAX,
              D.complex64: _F32_MAX}


def scalar_value(value, dtype, strict=False):
    """A Python number converted to `dtype` as torch's checked conversion does (errors on overflow).
    Assignment (`x[i] = v`) checks floats against float32's range only; `strict` (fill values of
    masked_fill, index_fill, ...) checks against the dtype's own range, as torch does."""
    if isinstance(value, Tensor):
        value = value.item()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, _int) and not isinstance(value, _bool) and not -2 ** 63 <= value < 2 ** 64:
        raise ValueError("Overflow when unpacking long long")
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
    limit = _FLOAT_MAX.get(dtype)
    if limit is not None and (strict or dtype in (D.float32, D.complex64)) and isinstance(value, _float) and \
            math.isfinite(value) and abs(value) > limit:
        raise _overflow(dtype)
    return _float(value) if dtype._kind == 2 else complex(value)


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
        if step is not None and step <= 0:
            raise ValueError("slice step cannot be zero" if step == 0 else "step must be greater than zero")
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
    if isinstance(i, str):  # counted as an index first (torch's too-many-indices error wins), then refused
        return ("invalid", TypeError("new(): invalid data type 'str'"))
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
            if ellipsis is None:
                ellipsis = n
        elif type(i) is tuple:
            kind, payload = i
            if kind == "mask":
                consumed += len(_mask_shape(payload))
            elif kind in ("index", "invalid"):
                consumed += 1
        else:
            consumed += 1
    if consumed > ndim:
        if ndim == 0 and any(isinstance(i, _int) for i in items):
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
                             "in C++ to convert a 0-dim tensor to a number")
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    for i in items:
        if type(i) is tuple and i[0] == "invalid":
            raise i[1]
    if ellipsis is not None:
        # torch lets every Ellipsis skip the unindexed dims; past the first there are none left to skip
        rest = items[ellipsis + 1:]
        later = [i for i in rest if i is not Ellipsis]
        if len(later) != len(rest) and ndim != consumed and any(
                i is not Ellipsis and i is not None and not (type(i) is tuple and i[0] == "bool")
                for i in rest[rest.index(Ellipsis) + 1:]):
            raise IndexError(f"too many indices for tensor of dimension {ndim}")
        items = items[:ellipsis] + [slice(None, None, None)] * (ndim - consumed) + later
    return items


# ==== basic indexing: the view ======================================================================
# MindSpore's Gather, GatherNd, StridedSlice, Transpose, TensorScatter* take at most 8 dims; past that
# (torch allows 64) values move by flat positions computed on the host.
_MAX_RANK = 8

class _Plan:
    """What parsing an index against a tensor yields: the view of its basic part and the advanced
    entries (view dim, kind, payload) still to apply to that view."""
    __slots__ = ("adv", "sel", "view")

    def __init__(self, view, adv, sel=None):
        self.view, self.adv, self.sel = view, adv, sel  # sel: per source dim (begin, end, step) of a basic index


def _plan(t, index, want_value=True):
    shape, ndim = t._shape, len(t._shape)
    items = _parse(index, ndim)
    stride = t.stride()
    offset = t._offset
    out_shape, out_stride, adv = [], [], []
    begin, end, step = [0] * ndim, list(shape), [1] * ndim
    sliced = restrided = False
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
            restrided = restrided or st != 1
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
    if not sliced and not restrided and out_shape == shape:
        return _Plan(t, adv)
    value = None
    if want_value and t._seen == t._storage.version and ndim <= _MAX_RANK and len(out_shape) <= _MAX_RANK:
        value = _slice_value(t._value, begin, end, step, sliced, out_shape)
    return _Plan(t._view(out_shape, out_stride, offset, value), adv, None if adv else (begin, end, step))


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
        return _val(t).asnumpy()
    return t


def _host_mask(m):
    if isinstance(m, Tensor):
        a = _val(m).asnumpy()
        return a if a.dtype == np.bool_ else a != 0
    return m


def _mask_value(m):
    """A bool mask as a MindSpore bool value."""
    if isinstance(m, Tensor):
        v = _val(m)
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


def _check_empty_dims(shape, dims, bshape):
    """No index is valid for a dim of size 0: torch refuses a non-empty index there up front."""
    if 0 not in bshape and any(shape[d] == 0 for d in dims):
        raise IndexError("index is out of bounds for dimension with size 0")


class _Adv:
    """Advanced indices resolved against a view of shape `shape`: the indexed dims, their broadcast
    int64 indices (in range), the broadcast shape and torch's result layout."""
    __slots__ = ("adjacent", "arrays", "bshape", "dims", "rest", "result_shape")

    def __init__(self, shape, pairs):
        dims = [d for d, _ in pairs]
        arrays, bshape = _broadcast_indices([a for _, a in pairs])
        self.dims, self.bshape = dims, tuple(bshape)
        _check_empty_dims(shape, dims, self.bshape)
        self.adjacent = all(b == a + 1 for a, b in zip(dims, dims[1:]))
        self.rest = [d for d in range(len(shape)) if d not in dims]
        rest_shape = tuple(shape[d] for d in self.rest)
        if self.adjacent:
            first = dims[0]
            self.result_shape = tuple(shape[:first]) + self.bshape + tuple(shape[dims[-1] + 1:])
        else:
            self.result_shape = self.bshape + rest_shape
        if 0 not in self.result_shape:  # torch checks the elements it reads: none when the result is empty
            arrays = [_bounds(a, shape[d], d) for d, a in zip(dims, arrays)]
        self.arrays = arrays

    def nd_index(self):
        """The indices as gather_nd/scatter_nd take them: shape bshape + (len(dims),)."""
        return ms.from_numpy(np.stack(self.arrays, axis=-1).astype(np.int64))

    def positions(self, shape):
        """Every result element's position in the contiguous layout of `shape`, in torch's result
        layout (int64, result_shape): the host path for ranks MindSpore's kernels do not take."""
        cs = contiguous_strides(shape)
        nb = len(self.bshape)
        b_at = self.dims[0] if self.adjacent else 0
        rank = len(self.result_shape)
        pos = np.zeros(self.bshape, np.int64)
        for d, a in zip(self.dims, self.arrays):
            pos = pos + a.astype(np.int64) * cs[d]
        total = pos.reshape((1,) * b_at + self.bshape + (1,) * (rank - b_at - nb))
        for k, d in enumerate(self.rest):
            axis = k if k < b_at else k + nb
            ax_shape = [1] * rank
            ax_shape[axis] = shape[d]
            total = total + (np.arange(shape[d], dtype=np.int64) * cs[d]).reshape(ax_shape)
        return np.ascontiguousarray(np.broadcast_to(total, self.result_shape))

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
    small = len(v._shape) <= _MAX_RANK
    if len(adv) == 1 and adv[0][1] == "mask" and adv[0][0] == 0 and small:
        mask = adv[0][2]
        mshape = _mask_shape(mask)
        _check_mask(mshape, v._shape, 0)
        rest = v._shape[len(mshape):]
        if 0 not in rest:
            m = _mask_value(mask)
            if rest:
                m = m.reshape(tuple(mshape) + (1,) * len(rest))
            r = _k("masked_select", v)(_val(v), m)
            return wrap(r.reshape((-1,) + rest) if rest else r, dev)
    pairs = _long_indices(v._shape, adv)
    if len(pairs) == 1 and small:
        dim, a = pairs[0]
        _check_empty_dims(v._shape, (dim,), a.shape)
        shape = v._shape[:dim] + a.shape + v._shape[dim + 1:]
        if 0 in shape:
            return wrap(_empty_value(shape, v._dtype), dev)
        wrapped = _bounds(a, v._shape[dim], dim)
        payload = adv[0][2]
        if wrapped is a and adv[0][1] == "index" and isinstance(payload, Tensor):
            index = _val(payload)  # the index tensor's own value: no copy
        else:  # a fresh host array, already in the layout the kernel takes
            index = ms.from_numpy(np.array(wrapped, np.int64).reshape(a.shape + (1,) if dim == 0 else a.shape))
        return wrap(_take(v, index, a.shape, dim), dev, shape)
    info = _Adv(v._shape, pairs)
    if 0 in info.result_shape:
        return wrap(_empty_value(info.result_shape, v._dtype), dev)
    value = _val(v)
    if not small or len(info.result_shape) > _MAX_RANK:
        flat = _k("index_gather", v)(value.reshape(-1), ms.from_numpy(info.positions(v._shape).reshape(-1)), 0)
        return wrap(flat.reshape(info.result_shape), dev, info.result_shape)
    perm = info.front_perm(len(v._shape))
    if perm is not None:
        value = ops.transpose(value, tuple(perm))
    r = _k("gather_nd", v)(value, info.nd_index())
    perm = info.result_perm()
    if perm is not None:
        r = ops.transpose(r, tuple(perm))
    return wrap(r, dev)


def _take(t, index, index_shape, dim):
    """t's slices along `dim` at `index` (a MindSpore int value of index_shape, in range): Gather, or
    GatherNd over rows for dim 0 (measured ~40% faster than Gather on CPU)."""
    if dim == 0:
        rows = tuple(index_shape) + (1,)
        return _k("gather_nd", t)(_val(t), index if tuple(index.shape) == rows else index.reshape(rows))
    return _k("index_gather", t)(_val(t), index, dim)


def _empty_value(shape, dtype):
    if dtype._np is not None:
        return ms.from_numpy(np.zeros(shape, dtype._np))
    return ms.from_numpy(np.zeros(shape, np.int16)).view(dtype._ms)


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _broadcast_flat(t, vals, vshape, shape):
    """vals (of shape vshape) broadcast to a shape of any rank, as a flat value: gathered through
    host-computed source positions (MindSpore's BroadcastTo takes at most 8 dims)."""
    src = np.arange(_numel(vshape), dtype=np.int64).reshape(vshape)
    pos = np.ascontiguousarray(np.broadcast_to(src, shape)).reshape(-1)
    return _k("index_gather", t)(vals.reshape(-1), ms.from_numpy(pos), 0)


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
        fill = _val(value) if value._dtype is dt and not value._shape else \
            scalar_tensor(scalar_value(value, dt, strict=True), dt)  # torch: masked_fill_(mask, value.item())
        m = _mask_value(mask)
        trailing = len(v._shape) - dim - len(mshape)
        if trailing:
            m = m.reshape(tuple(mshape) + (1,) * trailing)
        if v.numel():
            v._write(_k("masked_fill", v)(_val(v), m, fill))
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
    vals = _val(value)
    if vshape != value._shape:
        vals = vals.reshape(vshape)
    if len(v._shape) > _MAX_RANK or len(info.result_shape) > _MAX_RANK:
        flat_vals = vals.reshape(-1) if vshape == info.result_shape else _broadcast_flat(v, vals, vshape,
                                                                                          info.result_shape)
        new = _k("scatter_nd_add_in_turns" if accumulate else "scatter_nd_update", v)(
            _val(v).reshape(-1), ms.from_numpy(info.positions(v._shape).reshape(-1, 1)), flat_vals)
        v._write(new.reshape(v._shape))
        return
    if tuple(vals.shape) != info.result_shape:
        vals = ops.broadcast_to(vals, info.result_shape)
    rperm = info.result_perm()
    if rperm is not None:
        vals = ops.transpose(vals, tuple(_inverse(rperm)))
    target = _val(v)
    perm = info.front_perm(len(v._shape))
    if perm is not None:
        target = ops.transpose(target, tuple(perm))
    new = _k("scatter_nd_add_in_turns" if accumulate else "scatter_nd_update", v)(target, info.nd_index(), vals)
    if perm is not None:
        new = ops.transpose(new, tuple(_inverse(perm)))
    v._write(new)


# ==== __getitem__ / __setitem__ =====================================================================
def getitem(self, index):
    ti = type(index)
    if ti is _int and self._shape and len(self._shape) <= _MAX_RANK:
        size = self._shape[0]
        if -size <= index < size:
            return _select0(self, index % size)
    elif ti is slice and self._shape and len(self._shape) <= _MAX_RANK and (index.step is None or index.step == 1):
        return _slice0(self, index)
    elif ti is Tensor and index._dtype is D.bool and index._shape == self._shape and self._shape and \
            len(self._shape) <= _MAX_RANK:  # x[mask]: one MaskedSelect
        return wrap(TABLES[self._device.type]["masked_select"](self._ms, index._ms), self._device)
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
        value = v[i] if v.ndim == len(t._shape) else v.reshape(t._shape)[i]  # MindSpore's select: a view
    return t._view(t._shape[1:], stride[1:], t._offset + i * stride[0], value)


def _slice0(t, index):
    """t[a:b] (step 1) along the first dim, without the general parse."""
    shape = t._shape
    size = shape[0]
    start, stop, _ = index.indices(size)
    n = stop - start if stop > start else 0
    stride = t.stride()
    value = None
    if t._seen == t._storage.version and (n != size):
        v = t._value
        if v.ndim == len(shape):
            value = ops.slice(v, (start if n else 0,) + (0,) * (len(shape) - 1), (n,) + shape[1:])
    elif n == size:
        value = t._value if t._seen == t._storage.version else None
    return t._view((n,) + shape[1:], stride, t._offset + start * stride[0], value)


def setitem(self, index, value):
    value = _assign_value(self, value)
    if index is False:
        return  # torch assigns nothing, and checks nothing
    plan = _plan(self, None if index is True else index, want_value=False)  # x[True] = v copies as x[None]
    if plan.adv:
        _advanced_write(plan.view, plan.adv, value)
        return
    if plan.view is not self and self._stride is None and self._offset == 0 and \
            self._storage.numel == plan.view._storage.numel == _numel(self._shape) and len(self._shape) <= _MAX_RANK:
        _write_block(self, plan, value)
        return
    _copy_into(plan.view, value)


def _write_block(self, plan, value):
    """self[basic index] = value for a self that owns its whole storage: one kernel computes the new
    value (MaskedFill with a host-built mask for one-element values, TensorScatterUpdate of the
    selected rows otherwise) instead of a write through a strided view."""
    target = plan.view
    shape = self._shape
    begin, end, step = plan.sel
    restricted = [d for d in range(len(shape)) if (begin[d], end[d], step[d]) != (0, shape[d], 1)]
    if not restricted:  # only unit dims added (x[None] = v): the whole tensor
        return _copy_into(target, value)
    v = _assign_source(target, value)
    if not _numel(target._shape):
        return
    if _numel(tuple(v.shape)) == 1:
        mask = np.zeros(shape, np.bool_)
        mask[tuple(slice(b, e, s) for b, e, s in zip(begin, end, step))] = True
        new = _k("masked_fill", self)(self._ms, ms.from_numpy(mask), v.reshape(()) if v.shape else v)
    else:
        m = restricted[-1] + 1
        ranges = [np.arange(begin[d], end[d], step[d], dtype=np.int64) for d in range(m)]
        coords = np.stack(np.meshgrid(*ranges, indexing="ij"), -1) if m > 1 else ranges[0].reshape(-1, 1)
        block = tuple(len(r) for r in ranges) + shape[m:]
        vshape = tuple(v.shape)
        if vshape != target._shape:
            v = ops.broadcast_to(v, target._shape)
        if block != target._shape:
            v = v.reshape(block)
        new = _k("scatter_nd_update", self)(self._ms, ms.from_numpy(coords), v)
    self._write(new)


def _copy_into(target, value):
    """torch's copy_to for basic indexing: the value loses leading unit dims, broadcasts to the target
    and converts to its dtype."""
    v = _assign_source(target, value)
    if tuple(v.shape) != target._shape:
        if not target.numel():
            return
        v = ops.broadcast_to(v, target._shape)
    target._write(v)


def _assign_source(target, value):
    """The value of `target[...] = value` as torch's copy_to takes it: checked against the target's
    shape (leading unit dims dropped), in the target's dtype, not yet broadcast."""
    v = _val(value)
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
    return v


# ---- their derivatives: the indexed elements' positions, found by indexing a tensor of positions ------
def _index_positions(shape, index, device):
    """The flat (row-major) positions in a tensor of `shape` of the elements `t[index]` reads, in the
    layout of t[index]: the same indexing applied to arange (so every index form means the same)."""
    positions = wrap(ms.from_numpy(np.arange(_numel(shape), dtype=np.int64).reshape(shape)), device, tuple(shape))
    return getitem(positions, index)


def _scatter_positions(grad, shape, positions, accumulate=True):
    """Zeros of `shape` with grad's elements added (or put) at `positions` (an int Tensor)."""
    from .view_grad import _add_at_positions, _put_positions  # noqa: PLC0415
    zeros = grad.new_zeros(shape)
    if not positions.numel():
        return zeros
    return (_add_at_positions if accumulate else _put_positions)(zeros, positions._ms.reshape(-1), grad)


def _zero_positions(grad, positions):
    """grad with the elements at `positions` zeroed."""
    from .view_grad import _put_positions  # noqa: PLC0415
    if not positions.numel():
        return grad
    return _put_positions(grad, positions._ms.reshape(-1), grad.new_zeros(positions._shape))


def _read_positions(grad, positions):
    """grad's elements at `positions`, in the positions' shape."""
    from .view_grad import _take_positions  # noqa: PLC0415
    if not positions.numel():
        return grad.new_zeros(positions._shape)
    return _take_positions(grad, positions._ms.reshape(-1), positions._shape, grad._shape)


def _sum_to_value(g, value_shape):
    """The gradient of an assigned value broadcast (after dropping its leading unit dims) to g's shape."""
    from ..autograd.engine import _sum_to  # noqa: PLC0415
    if value_shape is None:
        return None
    stripped = _strip_leading_ones(value_shape)
    g = _sum_to(g, stripped, g._dtype)
    return g.reshape(value_shape) if stripped != tuple(value_shape) else g


def _getitem_backward(grad, self_shape, index):
    return (_scatter_positions(grad, self_shape, _index_positions(self_shape, index, grad._device)),)


def _index_put_backward(grad, self_shape, index, value_shape, accumulate=False):
    pos = _index_positions(self_shape, index, grad._device)
    return (grad if accumulate else _zero_positions(grad, pos), None, _sum_to_value(_read_positions(grad, pos),
                                                                                    value_shape))


def _setitem_backward(grad, self_shape, index, value_shape):
    return _index_put_backward(grad, self_shape, index, value_shape)


def _setitem_impl_(self, index, value):
    setitem(self, index, value)
    return self


# x[index] = value on tensors that take part in autograd: recorded as an in-place write (torch's
# index_put_ / copy_ into a view), so the engine snapshots self and handles views of a base (CopySlices)
_setitem_recorded = differentiable("index_put_", _setitem_impl_, _setitem_backward)


def _setitem_entry(self, index, value):
    if grad_mode.is_grad_enabled() and (self._requires_grad or getattr(value, "_requires_grad", False)):
        _setitem_recorded(self, index, _assign_value(self, value))
        return
    setitem(self, index, value)


defop("__getitem__", namespace=False, backward=_getitem_backward)(getitem)
defop("__setitem__", namespace=False)(_setitem_entry)


# ==== index ops ======================================================================================
_C_TYPE = {D.bool: "bool", D.uint8: "unsigned char", D.int8: "signed char", D.int16: "short int", D.int32: "int",
           D.int64: "long int", D.float16: "c10::Half", D.bfloat16: "c10::BFloat16", D.float32: "float",
           D.float64: "double", D.complex64: "c10::complex<float>", D.complex128: "c10::complex<double>"}


def _tensor_arg(x, op, arg, pos=None):
    if not isinstance(x, Tensor):
        where = f" (position {pos})" if pos is not None else ""
        raise TypeError(f"{op}(): argument '{arg}'{where} must be Tensor, not {type(x).__name__}")
    return x


def _dim_arg(dim, ndim):
    if not isinstance(dim, _int) or isinstance(dim, _bool):
        if hasattr(dim, "__index__") and not isinstance(dim, _bool):
            dim = dim.__index__()
        else:
            raise TypeError(f"argument 'dim' must be int, not {type(dim).__name__}")
    return wrap_dim(dim, ndim)


def _clone(t):
    """A new tensor with t's values (MindSpore values are never mutated: sharing one is a copy)."""
    return wrap(_val(t), t._device, t._shape)


def _vector_index(index, op, message=None, error=RuntimeError):
    if index.ndim > 1:
        raise error(message or f"{op}(): Index is supposed to be a vector")
    return index


def _as_1d(v):
    return v.reshape((1,)) if v.ndim == 0 else v


def _moved(value, dim):
    """`value` with `dim` moved to the front (the layout scatter_nd's row updates take) and the
    permutation that undoes it (None when dim is already first)."""
    if dim == 0:
        return value, None
    perm = [dim] + [d for d in range(value.ndim) if d != dim]
    return ops.transpose(value, tuple(perm)), tuple(_inverse(perm))


def _scatter_rows(kname, self, dim, rows, source_value):
    """self's value with source's slices along `dim` combined into the rows `rows` (a NumPy int64
    vector in range) by kernel `kname` (scatter_nd_update/add/mul/max/min)."""
    target, undo = _moved(_as_1d(_val(self)), dim)
    updates, _ = _moved(_as_1d(source_value), dim)
    new = _k(kname, self)(target, ms.from_numpy(np.array(rows, np.int64).reshape(-1, 1)), updates)
    if undo is not None:
        new = ops.transpose(new, undo)
    return new.reshape(self._shape) if not self._shape else new


def _finish_inplace(self, value):
    self._write(value)
    return self

# ==== derivatives of the index ops ====================================================================
# Each in mindtorch ops (index_add/index_fill/scatter_add/gather/masked_* ...), so they differentiate
# again. The in-place forms name their tensor `self`, the functional ones `input`: a formula reading it
# comes in both spellings.
def _flat_index(index, numel, device):
    a, same = _flat_positions(index, numel)
    return index if same else wrap(ms.from_numpy(np.array(a, np.int64)), device, index._shape)


def _index_select_backward(grad, input_shape, dim, index):
    return (grad.new_zeros(input_shape).index_add(dim, index, grad),)


def _gather_backward(grad, input_shape, dim, index):
    return (grad.new_zeros(input_shape).scatter_add(dim, index, grad),)


def _take_backward(grad, input_shape, index):
    return (_scatter_positions(grad, input_shape, _flat_index(index, _numel(input_shape), grad._device)),)


def _take_along_dim_backward(grad, input_shape, indices, dim):
    if dim is None:
        return (_scatter_positions(grad, input_shape, indices),)
    xs, ids = list(input_shape or (1,)), list(indices._shape or (1,))
    d = wrap_dim(dim, len(xs))
    size, n = xs[d], ids[d]
    xs[d] = ids[d] = 1
    b = list(broadcast_shapes(tuple(xs), tuple(ids)))
    b[d] = n
    a = _host_ints(indices).reshape(ids[:d] + [n] + ids[d + 1:])
    if size:
        a = np.remainder(a, size)
    index = wrap(ms.from_numpy(np.ascontiguousarray(np.broadcast_to(a, b)).astype(np.int64)), grad._device)
    xb = list(b)
    xb[d] = size
    g = grad.new_zeros(tuple(xb)).scatter_add(d, index, grad.reshape(b))
    return (g if input_shape else g.reshape(()),)


def _scatter_backward(grad, dim, index, src_shape, reduce):
    if reduce is not None:
        raise RuntimeError("derivative for aten::scatter is not implemented")
    g_src = grad.gather(dim, index) if src_shape is not None else None
    return (grad.scatter(dim, index, 0), None, None, g_src)


def _scatter_add_backward(grad, dim, index):
    return (grad, None, None, grad.gather(dim, index))


def _scatter_reduce_grads(grad, x, dim, index, src, reduce, include_self, result):
    """torch's scatter_reduce derivative (also serves index_reduce through an expanded index)."""
    if reduce == "sum":
        g_self, g_src = grad, grad.gather(dim, index)
    elif reduce == "mean":
        n = (grad.new_ones(grad._shape) if include_self else grad.new_zeros(grad._shape)).scatter_add(
            dim, index, src.new_ones(index._shape))
        n = n.masked_fill(n == 0, 1)
        g_self = grad / n
        g_src = g_self.gather(dim, index)
    elif reduce in ("amax", "amin"):
        value = result.gather(dim, index)
        self_is = (x == result).to(grad._dtype)
        src_is = (src == value).to(grad._dtype)
        share = grad / self_is.scatter_add(dim, index, src_is)
        g_self = self_is * share
        g_src = src_is * share.gather(dim, index)
    else:  # prod: the zeros of self and src take the product of the others explicitly
        masked_self = x.masked_fill(x == 0, 1)
        g_self = grad * masked_self.scatter_reduce(dim, index, src, "prod", include_self=include_self) / masked_self
        src_zero = src == 0
        zeros_per_slot = x.new_zeros(x._shape).scatter_add(dim, index, src_zero.to(x._dtype)).gather(dim, index)
        single_zero = src_zero & (zeros_per_slot == 1)
        masked_src_result = x.scatter_reduce(dim, index, src.masked_fill(single_zero, 1), "prod",
                                             include_self=include_self)
        g_src = ((grad * masked_src_result).gather(dim, index)).where(
            single_zero, (grad * result).gather(dim, index) / src.masked_fill(src_zero, 1))
    if not include_self:
        g_self = g_self.scatter(dim, index, 0)
    return g_self, g_src


def _scatter_reduce_backward(grad, input, dim, index, src, reduce, include_self, result):
    g_self, g_src = _scatter_reduce_grads(grad, input, dim, index, src, reduce, include_self, result)
    return (g_self, None, None, g_src)


def _scatter_reduce_backward_(grad, self, dim, index, src, reduce, include_self, result):
    return _scatter_reduce_backward(grad, self, dim, index, src, reduce, include_self, result)


def _rows(grad, dim, index, shape):
    """grad's slices along dim at index, in the shape of the source they came from."""
    return grad.index_select(dim, index).reshape(shape)


def _index_add_backward(grad, dim, index, source_shape, alpha=1):
    g = _rows(grad, dim, index, source_shape)
    return (grad, None, None, g if alpha == 1 else g * alpha)


def _index_copy_backward(grad, dim, index, source_shape):
    return (grad.index_fill(dim, index, 0), None, None, _rows(grad, dim, index, source_shape))


def _index_fill_backward(grad, dim, index, value_shape):
    kept = grad.index_fill(dim, index, 0)
    g_value = (grad - kept).sum() if value_shape is not None else None  # each filled element once
    return (kept, None, None, g_value)


def _expanded_index(index, dim, source_shape):
    """index_reduce's vector index as scatter_reduce's index of the source's shape."""
    if not source_shape:
        return index.reshape(())
    view = [1] * len(source_shape)
    view[dim] = -1
    return index.reshape(view).expand(source_shape)


def _index_reduce_backward(grad, input, dim, index, source, reduce, include_self, result):
    d = wrap_dim(dim, max(len(input._shape), 1))
    g_self, g_src = _scatter_reduce_grads(grad, input, d, _expanded_index(index, d, source._shape), source, reduce,
                                          include_self, result)
    return (g_self, None, None, g_src)


def _index_reduce_backward_(grad, self, dim, index, source, reduce, include_self, result):
    return _index_reduce_backward(grad, self, dim, index, source, reduce, include_self, result)


def _index_put_fn_backward(grad, input_shape, indices, values_shape, accumulate=False):
    return _index_put_backward(grad, input_shape, tuple(indices), values_shape, accumulate)


def _index_put_inplace_backward(grad, self_shape, indices, values_shape, accumulate=False):
    return _index_put_backward(grad, self_shape, tuple(indices), values_shape, accumulate)


def _put_backward(grad, index, source_shape, accumulate=False):
    pos = _flat_index(index, grad.numel(), grad._device)
    g_src = _read_positions(grad, pos).reshape(source_shape)
    return (grad if accumulate else _zero_positions(grad, pos), None, g_src)


def _masked_fill_backward(grad, mask, value_shape):
    g_value = grad.masked_fill(~mask, 0).sum() if value_shape is not None else None
    return (grad.masked_fill(mask, 0), None, g_value)


def _masked_select_backward(grad, input_shape, mask):
    shape = broadcast_shapes(tuple(input_shape), mask._shape)
    return (grad.new_zeros(shape).masked_scatter(mask, grad), None)


def _masked_scatter_backward(grad, mask, source_shape):
    picked = grad.masked_select(mask)
    n, total = picked.numel(), _numel(source_shape)
    if n < total:
        from .shape import cat  # noqa: PLC0415
        picked = cat([picked, grad.new_zeros((total - n,))])
    return (grad.masked_fill(mask, 0), None, picked.reshape(source_shape))



# ---- index_select ----------------------------------------------------------------------------------
@defop(backward=_index_select_backward)
def index_select(input, dim, index, *, out=None):
    _tensor_arg(index, "index_select", "index", 3)
    dim = _dim_arg(dim, input.ndim)
    _vector_index(index, "index_select", error=IndexError)
    if index._dtype not in (D.int64, D.int32):
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    a = _host_ints(index).reshape(-1)
    size = input._shape[dim] if input._shape else 1
    if not input._shape and a.size != 1:
        raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {a.size} value(s)")
    if a.size and (a.min() < 0 or a.max() >= size):
        raise IndexError("index out of range in self")
    if not input._shape:
        return finish(_val(input), input._device, out)
    shape = input._shape[:dim] + (a.size,) + input._shape[dim + 1:]
    if 0 in shape:
        return finish(_empty_value(shape, input._dtype), input._device, out)
    idx = _val(index) if index.ndim == 1 else ms.from_numpy(np.array(a, np.int64))
    return finish(_take(input, idx, (a.size,), dim), input._device, out)


# ---- gather / take / take_along_dim ------------------------------------------------------------------
def _gather_checks(input, dim, index, op="gather"):
    if index._dtype not in (D.int64, D.int32):
        raise RuntimeError(f"{op}(): Expected dtype int32/int64 for index")
    if max(index.ndim, 1) != max(input.ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    ishape, xshape = index._shape or (1,), input._shape or (1,)
    for d, (n, m) in enumerate(zip(ishape, xshape)):
        if d != dim and n > m:
            raise RuntimeError(f"Size does not match at dimension {d} expected index {list(index._shape)} to be no "
                               f"larger than self {list(input._shape)} apart from dimension {dim}")


def _check_range(a, size, dim, error=RuntimeError):
    if a.size and (a.min() < 0 or a.max() >= size):
        bad = a.reshape(-1)[np.argmax((a.reshape(-1) < 0) | (a.reshape(-1) >= size))]
        raise error(f"index {bad} is out of bounds for dimension {dim} with size {size}")


@defop(backward=_gather_backward)
def gather(input, dim, index, *, sparse_grad=False, out=None):
    _tensor_arg(index, "gather", "index", 3)
    dim = _dim_arg(dim, input.ndim)
    _gather_checks(input, dim, index)
    a = _host_ints(index)
    _check_range(a, input._shape[dim] if input._shape else 1, dim)
    if 0 in index._shape:
        return finish(_empty_value(index._shape, input._dtype), input._device, out)
    r = _k("gather", input)(_as_1d(_val(input)), dim, _as_1d(_val(index)))
    return finish(r.reshape(index._shape) if not index._shape else r, input._device, out)


def _flat_positions(index, numel):
    a = _host_ints(index)
    if a.size:
        lo, hi = a.min(), a.max()
        if lo < -numel or hi >= numel:
            flat = a.reshape(-1)
            bad = flat[np.argmax((flat < -numel) | (flat >= numel))]
            raise IndexError(f"out of range: tried to access index {bad} on a tensor of {numel} elements.")
        if lo < 0:
            return np.where(a < 0, a + numel, a), False
    return a, True


@defop(backward=_take_backward)
def take(input, index, *, out=None):
    _tensor_arg(index, "take", "index", 2)
    if index._dtype is not D.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got {D.scalar_type_name(index._dtype)}")
    a, same = _flat_positions(index, input.numel())
    if 0 in index._shape:
        return finish(_empty_value(index._shape, input._dtype), input._device, out)
    idx = _val(index) if same else ms.from_numpy(np.array(a, np.int64))
    r = _k("index_gather", input)(_val(input).reshape(-1), idx, 0)
    return finish(r.reshape(index._shape) if tuple(r.shape) != index._shape else r, input._device, out)


@defop(backward=_take_along_dim_backward)
def take_along_dim(input, indices, dim=None, *, out=None):
    _tensor_arg(indices, "take_along_dim", "indices", 2)
    if indices._dtype is not D.int64:
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{D.scalar_type_name(indices._dtype)}")
    if dim is None:  # torch gathers from the flattened input: no negative indices here
        a = _host_ints(indices)
        _check_range(a, input.numel(), 0)
        if 0 in indices._shape:
            return finish(_empty_value((indices.numel(),), input._dtype), input._device, out)
        return finish(_k("index_gather", input)(_val(input).reshape(-1), _val(indices).reshape(-1), 0),
                      input._device, out)
    dim = _dim_arg(dim, input.ndim)
    if input.ndim != indices.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, but "
                           f"got {input.ndim} dimensions for input, and {indices.ndim} dimensions for indices")
    return finish(_take_along(input, indices, dim)._ms, input._device, out)


def _take_along(input, indices, dim):
    xs, ids = list(input._shape or (1,)), list(indices._shape or (1,))
    xs[dim] = ids[dim] = 1
    b = list(broadcast_shapes(tuple(xs), tuple(ids)))
    xb, ib = list(b), list(b)
    xb[dim] = (input._shape or (1,))[dim]
    ib[dim] = (indices._shape or (1,))[dim]
    x_value, i_value = _as_1d(_val(input)), _as_1d(_val(indices))
    if tuple(x_value.shape) != tuple(xb):
        x_value = ops.broadcast_to(x_value, tuple(xb))
    a = _host_ints(indices)
    size = xb[dim]
    if a.size and size and (a.min() < 0 or a.max() >= size):  # torch takes indices modulo the size here
        i_value = _as_1d(ms.from_numpy(np.remainder(a, size).astype(np.int64)))
    if tuple(i_value.shape) != tuple(ib):
        i_value = ops.broadcast_to(i_value, tuple(ib))
    shape = tuple(ib) if input._shape else indices._shape
    if 0 in ib:
        return wrap(_empty_value(shape, input._dtype), input._device)
    r = _k("gather", input)(x_value, dim, i_value)
    return wrap(r.reshape(shape) if tuple(r.shape) != shape else r, input._device)


# ---- scatter family ----------------------------------------------------------------------------------
_SCATTER_KERNEL = {"sum": "scatter_nd_add", "add": "scatter_nd_add", "prod": "scatter_nd_mul",
                   "multiply": "scatter_nd_mul", "amax": "scatter_nd_max", "amin": "scatter_nd_min",
                   "mean": "scatter_nd_add"}


def _coords(a, dim):
    """Full coordinates (n, ndim) of the elements torch's scatter writes: each element of index `a`
    at its own position with the coordinate along `dim` replaced by its value."""
    grids = np.indices(a.shape, dtype=np.int64)
    grids[dim] = a
    return ms.from_numpy(np.ascontiguousarray(np.moveaxis(grids, 0, -1).reshape(-1, a.ndim)))


def _identity(reduce, dtype):
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if dtype is D.bool:
        return reduce == "amin"
    if dtype._kind == 1:
        info = np.iinfo(dtype._np)
        return _int(info.min if reduce == "amax" else info.max)
    return -math.inf if reduce == "amax" else math.inf


def _reduce_into(self, target, index_nd, updates, reduce, include_self):
    """target (self's value in the layout index_nd addresses) with `updates` reduced into the
    addressed positions; torch's scatter_reduce semantics (include_self, mean)."""
    dt = self._dtype
    kname = _SCATTER_KERNEL[reduce]
    if not include_self:
        fill = ops.broadcast_to(scalar_tensor(_identity(reduce, dt), dt), tuple(updates.shape))
        target = _k("scatter_nd_update", self)(target, index_nd, fill)
    if reduce != "mean":
        return _k(kname, self)(target, index_nd, updates)
    if dt is D.bool:
        raise NotImplementedError('"scatter_gather_tensor_cpu_reduce_mean" not implemented for \'Bool\'')
    compute = D.float32 if dt in (D.float16, D.bfloat16) else dt
    total = _k("scatter_nd_add", self)(cast(target, compute), index_nd, cast(updates, compute))
    counting = compute.to_real()  # counts of a complex mean are real
    ones = ops.broadcast_to(scalar_tensor(1, counting), tuple(updates.shape))
    count = TABLES[self._device.type]["scatter_nd_add"](
        ops.broadcast_to(scalar_tensor(1 if include_self else 0, counting), tuple(target.shape)), index_nd, ones)
    count = cast(ops.maximum(count, scalar_tensor(1, counting)), compute, self._device)
    r = ops.floor_div(total, count) if dt._kind == 1 else ops.div(total, count)
    return cast(r, dt)


def _scatter_impl(self, dim, index, src, reduce, include_self, op):
    """The new value of self for scatter/scatter_add/scatter_reduce (src a Tensor or a Python number)."""
    dim = _dim_arg(dim, self.ndim)
    if index._dtype not in (D.int64, D.int32):
        raise RuntimeError(f"{op}(): Expected dtype int64 for index")
    nd = max(self.ndim, 1)
    if max(index.ndim, 1) != nd:
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    is_tensor = isinstance(src, Tensor)
    if is_tensor:
        if src._dtype is not self._dtype:
            raise RuntimeError(f"{op}(): Expected self.dtype to be equal to src.dtype")
        if max(src.ndim, 1) != nd:
            raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    ishape = index._shape or (1,)
    xshape = self._shape or (1,)
    sshape = (src._shape or (1,)) if is_tensor else None
    for d in range(nd):
        if (d != dim and ishape[d] > xshape[d]) or (is_tensor and ishape[d] > sshape[d]):
            if is_tensor:
                raise RuntimeError(f"Expected index {list(index._shape)} to be no larger than self {list(self._shape)} "
                                   f"apart from dimension {dim} and to be no larger size than src {list(src._shape)}")
            raise RuntimeError(f"Expected index {list(index._shape)} to be no larger than self {list(self._shape)} "
                               f"apart from dimension {dim}")
    a = _host_ints(index).reshape(ishape)
    _check_range(a, xshape[dim], dim)
    if a.size == 0:
        return _val(self)
    if is_tensor:
        upd = _as_1d(_val(src))
        if tuple(upd.shape) != ishape:
            upd = ops.slice(upd, (0,) * nd, ishape)
        upd = upd.reshape(-1)
    else:
        upd = ops.broadcast_to(scalar_tensor(scalar_value(src, self._dtype), self._dtype), (a.size,))
    target = _as_1d(_val(self))
    coords = _coords(a, dim)
    if reduce is None:
        new = _k("scatter_nd_update", self)(target, coords, upd)
    else:
        new = _reduce_into(self, target, coords, upd, reduce, include_self)
    return new.reshape(()) if not self._shape else new


def _scatter_reduce_arg(reduce):
    if reduce is None:
        return None
    if reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    return reduce


@defop(backward=_scatter_backward)
def scatter(input, dim, index, src=None, value=None, *, reduce=None, out=None):
    src = _scatter_src(src, value)
    return finish(_scatter_impl(input, dim, _tensor_arg(index, "scatter", "index", 3), src,
                                _scatter_reduce_arg(reduce), True, "scatter"),
                  input._device, out)


@defop(namespace=False, backward=_scatter_backward)
def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
    src = _scatter_src(src, value)
    return _finish_inplace(self, _scatter_impl(self, dim, _tensor_arg(index, "scatter_", "index", 2), src,
                                               _scatter_reduce_arg(reduce), True, "scatter"))


def _scatter_src(src, value):
    if src is None and value is None:
        raise TypeError("scatter() missing required argument 'src' or 'value'")
    return src if src is not None else value


@defop(backward=_scatter_add_backward)
def scatter_add(input, dim, index, src, *, out=None):
    _tensor_arg(src, "scatter_add", "src", 4)
    return finish(_scatter_impl(input, dim, _tensor_arg(index, "scatter_add", "index", 3), src, "sum", True,
                                "scatter_add"), input._device, out)


@defop(namespace=False, backward=_scatter_add_backward)
def scatter_add_(self, dim, index, src):
    _tensor_arg(src, "scatter_add_", "src", 3)
    return _finish_inplace(self, _scatter_impl(self, dim, _tensor_arg(index, "scatter_add_", "index", 2), src, "sum",
                                               True, "scatter_add"))


_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


def _check_reduce(reduce):
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")


@defop(backward=_scatter_reduce_backward)
def scatter_reduce(input, dim, index, src, reduce, *, include_self=True, out=None):
    _tensor_arg(src, "scatter_reduce", "src", 4)
    _check_reduce(reduce)
    return finish(_scatter_impl(input, dim, _tensor_arg(index, "scatter_reduce", "index", 3), src, reduce,
                                include_self, "scatter_reduce"), input._device, out)


@defop(namespace=False, backward=_scatter_reduce_backward_)
def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
    _tensor_arg(src, "scatter_reduce_", "src", 3)
    _check_reduce(reduce)
    return _finish_inplace(self, _scatter_impl(self, dim, _tensor_arg(index, "scatter_reduce_", "index", 2), src,
                                               reduce, include_self, "scatter_reduce"))


# ---- index_add / index_copy / index_fill / index_reduce ------------------------------------------------
def _check_source(self, dim, index, source, count_error, scalar_source_only=False):
    n = index.numel()
    ssize = source._shape[dim] if source._shape else 1
    if n != ssize:
        raise count_error(n, ssize)
    xs, ss = list(self._shape), list(source._shape)
    if len(xs) != len(ss) and (xs and ss):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. Got "
                           f"self.shape = {xs} source.shape = {ss}")
    if xs and ss and any(a != b for d, (a, b) in enumerate(zip(xs, ss)) if d != dim):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. Got "
                           f"self.shape = {xs} source.shape = {ss}")
    if not xs and ss and (ss != [1] or scalar_source_only):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. Got "
                           f"self.shape = {xs} source.shape = {ss}")


def _index_add_value(self, dim, index, source, alpha, op="index_add_"):
    _tensor_arg(index, op.rstrip("_"), "index", 3)
    _tensor_arg(source, op.rstrip("_"), "source", 4)
    dim = _dim_arg(dim, self.ndim)
    _vector_index(index, op, f"index_add_(): Index is supposed to be a vector, but got dim: {index.ndim} with type: "
                  f"{D.scalar_type_name(index._dtype)} and size: {list(index._shape)}", IndexError)
    if index._dtype not in (D.int64, D.int32):
        raise RuntimeError(f"index_add_(): Expected dtype int32/int64 for index but got: "
                           f"{D.scalar_type_name(index._dtype)}")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"index_add_(): self ({D.scalar_type_name(self._dtype)}) and source "
                           f"({D.scalar_type_name(source._dtype)}) must have the same scalar type")

    def count_error(n, s):
        return RuntimeError(f"index_add_(): Number of indices ({n}) should be equal to source.size(dim): ({s}), "
                            f"for dim: {dim}")
    _check_source(self, dim, index, source, count_error, scalar_source_only=True)
    a = _host_ints(index).reshape(-1)
    _check_range(a, self._shape[dim] if self._shape else 1, dim)
    if a.size == 0 or 0 in self._shape:
        return _val(self)
    src = _val(source)
    if alpha != 1:
        src = TABLES[self._device.type]["mul"](src, scalar_tensor(scalar_value(alpha, self._dtype), self._dtype))
    # torch's CPU index_add accumulates wider (a scatter_add) for a 2-D-and-up self with an int64 index,
    # and otherwise adds duplicates one by one, rounding each time in float16/bfloat16 (measured)
    wide = self.ndim > 1 and index._dtype is D.int64
    return _scatter_rows("scatter_nd_add" if wide else "scatter_nd_add_in_turns", self, dim, a, src)


@defop(backward=_index_add_backward)
def index_add(input, dim, index, source, *, alpha=1, out=None):
    return finish(_index_add_value(input, dim, index, source, alpha, "index_add"), input._device, out)


@defop(namespace=False, backward=_index_add_backward)
def index_add_(self, dim, index, source, *, alpha=1):
    return _finish_inplace(self, _index_add_value(self, dim, index, source, alpha))


def _index_copy_value(self, dim, index, source, op="index_copy_"):
    _tensor_arg(index, op.rstrip("_"), "index", 3)
    _tensor_arg(source, op.rstrip("_"), "source", 4)
    dim = _dim_arg(dim, self.ndim)
    _vector_index(index, "index_copy_", f"index_copy_(): Index should have dimension 1 or 0 (got {index.ndim})",
                  IndexError)
    if index._dtype is not D.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got "
                           f"{D.scalar_type_name(index._dtype)}")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but got (self) "
                           f"{D.scalar_type_name(self._dtype)} and (source) {D.scalar_type_name(source._dtype)}")

    def count_error(n, s):
        return IndexError(f"index_copy_(): Number of indices ({n}) should be equal to source.size(dim) ({s})")
    _check_source(self, dim, index, source, count_error)
    a = _host_ints(index).reshape(-1)
    size = self._shape[dim] if self._shape else 1
    if a.size and (a.min() < 0 or a.max() >= size):
        bad = a[np.argmax((a < 0) | (a >= size))]
        raise IndexError(f"index_copy_(): index {bad} is out of bounds for dimension {dim} with size {size}")
    if a.size == 0 or 0 in self._shape:
        return _val(self)
    return _scatter_rows("scatter_nd_update", self, dim, a, _val(source))


@defop(backward=_index_copy_backward)
def index_copy(input, dim, index, source, *, out=None):
    return finish(_index_copy_value(input, dim, index, source, "index_copy"), input._device, out)


@defop(namespace=False, backward=_index_copy_backward)
def index_copy_(self, dim, index, source):
    return _finish_inplace(self, _index_copy_value(self, dim, index, source))


def _fill_scalar(value, dtype, op):
    """A fill value (Python number or 0-dim tensor) as a 0-dim MindSpore value of dtype."""
    if isinstance(value, Tensor):
        if value._shape:
            raise RuntimeError(f"{op} only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value.ndim} dimension(s).")
        if value._dtype is dtype:
            return _val(value)
        value = value.item()
    if not isinstance(value, (_bool, _int, _float, complex, np.generic)):
        raise TypeError(f"{op}(): argument 'value' must be Number, not {type(value).__name__}")
    return scalar_tensor(scalar_value(value, dtype, strict=True), dtype)


def _index_fill_value(self, dim, index, value):
    _tensor_arg(index, "index_fill", "index", 3)
    dim = _dim_arg(dim, self.ndim)
    _vector_index(index, "index_fill_", "Index has to be a vector/scalar")
    if index._dtype is not D.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if isinstance(value, complex) and self._dtype._kind != 3:
        raise RuntimeError("index_fill_(): Converting complex Scalar to non-complex type is not supported")
    fill = _fill_scalar(value, self._dtype, "index_fill_")
    a = _host_ints(index).reshape(-1)
    size = self._shape[dim] if self._shape else 1
    a = _bounds(a, size, dim)
    if a.size == 0 or 0 in self._shape:
        return _val(self)
    mask = np.zeros(size, np.bool_)
    mask[a] = True
    if self._shape:
        mask = mask.reshape((size,) + (1,) * (self.ndim - dim - 1))
    else:
        mask = mask.reshape(())
    return _k("masked_fill", self)(_val(self), ms.from_numpy(mask), fill)


@defop(backward=_index_fill_backward)
def index_fill(input, dim, index, value):
    return wrap(_index_fill_value(input, dim, index, value), input._device, input._shape)


@defop(namespace=False, backward=_index_fill_backward)
def index_fill_(self, dim, index, value):
    return _finish_inplace(self, _index_fill_value(self, dim, index, value))


def _index_reduce_value(self, dim, index, source, reduce, include_self, op="index_reduce_"):
    _tensor_arg(index, "index_reduce", "index", 3)
    _tensor_arg(source, "index_reduce", "source", 4)
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    dim = _dim_arg(dim, self.ndim)
    _vector_index(index, "index_reduce_")
    if index._dtype not in (D.int64, D.int32):
        raise RuntimeError(f"index_reduce_(): Expected dtype int32/int64 for index but got: "
                           f"{D.scalar_type_name(index._dtype)}")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"index_reduce_(): self ({D.scalar_type_name(self._dtype)}) and source "
                           f"({D.scalar_type_name(source._dtype)}) must have the same scalar type")

    def count_error(n, s):
        return RuntimeError(f"index_reduce_(): Number of indices ({n}) should be equal to source.size(dim): ({s}), "
                            f"for dim: {dim}")
    _check_source(self, dim, index, source, count_error, scalar_source_only=True)
    a = _host_ints(index).reshape(-1)
    size = self._shape[dim] if self._shape else 1
    if a.size and (a.min() < 0 or a.max() >= size):
        raise IndexError("index out of range in self")
    if a.size == 0 or 0 in self._shape:
        return _val(self)
    target, undo = _moved(_as_1d(_val(self)), dim)
    updates, _ = _moved(_as_1d(_val(source)), dim)
    rows = ms.from_numpy(np.array(a, np.int64).reshape(-1, 1))
    new = _reduce_into(self, target, rows, updates, reduce, include_self)
    if undo is not None:
        new = ops.transpose(new, undo)
    return new.reshape(()) if not self._shape else new


@defop(backward=_index_reduce_backward)
def index_reduce(input, dim, index, source, reduce, *, include_self=True, out=None):
    return finish(_index_reduce_value(input, dim, index, source, reduce, include_self), input._device, out)


@defop(namespace=False, backward=_index_reduce_backward_)
def index_reduce_(self, dim, index, source, reduce, *, include_self=True):
    return _finish_inplace(self, _index_reduce_value(self, dim, index, source, reduce, include_self))


# ---- index_put / put -----------------------------------------------------------------------------------
def _index_put_into(self, indices, values, accumulate):
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"index_put(): argument 'indices' (position 1) must be tuple of Tensors, not "
                        f"{type(indices).__name__}")
    for n, i in enumerate(indices):
        if not isinstance(i, Tensor):
            raise TypeError(f"expected Tensor as element {n} in argument 0, but got {type(i).__name__}")
    if not isinstance(values, Tensor):
        raise TypeError(f"index_put(): argument 'values' (position 2) must be Tensor, not {type(values).__name__}")
    if len(indices) > self.ndim:
        raise IndexError(f"too many indices for tensor of dimension {self.ndim} (got {len(indices)})")
    adv = []
    d = 0
    for i in indices:
        if i._dtype is D.bool or i._dtype is D.uint8:
            adv.append((d, "mask", i) if i._shape else (d, "index", np.zeros(1 if i.item() else 0, np.int64)))
            d += max(i.ndim, 1)
        elif i._dtype in (D.int64, D.int32):
            adv.append((d, "index", i))
            d += 1
        else:
            raise IndexError(_BAD_TENSOR)
    if not adv:
        return
    _advanced_write(self, adv, values, accumulate)


@defop(backward=_index_put_inplace_backward)
def index_put_(self, indices, values, accumulate=False):
    _index_put_into(self, indices, values, accumulate)
    return self


@defop(backward=_index_put_fn_backward)
def index_put(input, indices, values, accumulate=False):
    out = _clone(input)
    _index_put_into(out, indices, values, accumulate)
    return out


def _put_value(self, index, source, accumulate):
    _tensor_arg(index, "put_", "index", 1)
    _tensor_arg(source, "put_", "source", 2)
    if index._dtype is not D.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got {D.scalar_type_name(index._dtype)}")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got self.dtype = "
                           f"{D.scalar_type_name(self._dtype)} and source.dtype = {D.scalar_type_name(source._dtype)}")
    if index.numel() != source.numel():
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, but got "
                         f"source.numel() = {source.numel()}, index.numel() = {index.numel()}")
    a, _ = _flat_positions(index, self.numel())
    if a.size == 0:
        return _val(self)
    flat = _val(self).reshape(-1)
    new = _k("scatter_nd_add_in_turns" if accumulate else "scatter_nd_update", self)(
        flat, ms.from_numpy(np.array(a, np.int64).reshape(-1, 1)), _val(source).reshape(-1))
    return new.reshape(self._shape)


@defop(namespace=False, backward=_put_backward)
def put_(self, index, source, accumulate=False):
    return _finish_inplace(self, _put_value(self, index, source, accumulate))


@defop(backward=_put_backward)
def put(input, index, source, accumulate=False):
    return wrap(_put_value(input, index, source, accumulate), input._device, input._shape)


# ---- masked_fill / masked_select / masked_scatter ----------------------------------------------------------
def _check_bool_mask(mask, message):
    if mask._dtype is not D.bool:
        raise RuntimeError(message.format(_C_TYPE.get(mask._dtype, mask._dtype.name)))


@defop(backward=_masked_fill_backward)
def masked_fill(input, mask, value):
    _tensor_arg(mask, "masked_fill", "mask", 2)
    _check_bool_mask(mask, "masked_fill_ only supports boolean masks, but got mask with dtype {}")
    fill = _fill_scalar(value, input._dtype, "masked_fill_")
    shape = broadcast_shapes(input._shape, mask._shape) if input._shape != mask._shape else input._shape
    x = _val(input)
    if shape != input._shape:
        x = ops.broadcast_to(x, shape)
    if 0 in shape:
        return wrap(_empty_value(shape, input._dtype), input._device)
    return wrap(_k("masked_fill", input)(x, _val(mask), fill), input._device, shape)


@defop(namespace=False, backward=_masked_fill_backward)
def masked_fill_(self, mask, value):
    _tensor_arg(mask, "masked_fill_", "mask", 1)
    _check_bool_mask(mask, "masked_fill_ only supports boolean masks, but got mask with dtype {}")
    fill = _fill_scalar(value, self._dtype, "masked_fill_")
    if mask._shape != self._shape:
        shape = broadcast_shapes(self._shape, mask._shape)
        if shape != self._shape:
            raise RuntimeError(f"output with shape {list(self._shape)} doesn't match the broadcast shape {list(shape)}")
    if 0 in self._shape:
        return self
    return _finish_inplace(self, _k("masked_fill", self)(_val(self), _val(mask), fill))


@defop(backward=_masked_select_backward)
def masked_select(input, mask, *, out=None):
    _tensor_arg(mask, "masked_select", "mask", 2)
    if mask._dtype is not D.bool:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = broadcast_shapes(input._shape, mask._shape) if input._shape != mask._shape else input._shape
    if 0 in shape:
        return finish(_empty_value((0,), input._dtype), input._device, out)
    x, m = _val(input), _val(mask)
    if not shape:
        x, m = x.reshape((1,)), m.reshape((1,))
    return finish(_k("masked_select", input)(x, m), input._device, out)


def _masked_scatter_value(self, mask, source, shape):
    _tensor_arg(source, "masked_scatter", "source", 3)
    if mask._dtype is not D.bool:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{D.scalar_type_name(mask._dtype)}")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got"
                           f"{D.scalar_type_name(self._dtype)} and {D.scalar_type_name(source._dtype)}")
    m = _host_mask(mask)
    if m.shape != shape:
        m = np.broadcast_to(m, shape)
    coords = np.argwhere(m) if shape else np.zeros((1 if m else 0, 0), np.int64)
    n = coords.shape[0]
    if n > source.numel():
        raise RuntimeError("Number of elements of source < number of ones in mask")
    x = _val(self)
    if tuple(x.shape) != shape:
        x = ops.broadcast_to(x, shape)
    if n == 0:
        return x
    upd = ops.slice(_val(source).reshape(-1), (0,), (n,))
    if not shape:
        return upd.reshape(())
    return _k("scatter_nd_update", self)(x, ms.from_numpy(coords.astype(np.int64)), upd)


@defop(backward=_masked_scatter_backward)
def masked_scatter(input, mask, source):
    _tensor_arg(mask, "masked_scatter", "mask", 2)
    shape = broadcast_shapes(input._shape, mask._shape) if input._shape != mask._shape else input._shape
    return wrap(_masked_scatter_value(input, mask, source, shape), input._device, shape)


@defop(namespace=False, backward=_masked_scatter_backward)
def masked_scatter_(self, mask, source):
    _tensor_arg(mask, "masked_scatter_", "mask", 1)
    if mask._shape != self._shape:
        shape = broadcast_shapes(self._shape, mask._shape)
        if shape != self._shape:
            raise RuntimeError(f"masked_scatter_: expected mask to be broadcastable to self, got mask shape "
                               f"{list(mask._shape)} and self shape {list(self._shape)}")
    return _finish_inplace(self, _masked_scatter_value(self, mask, source, self._shape))


# ---- nonzero / argwhere / where ----------------------------------------------------------------------------
def _nonzero_value(input):
    if not input._shape:
        r = _k("nonzero", input)(_val(input).reshape((1,)))
        return ms.from_numpy(np.zeros((r.shape[0], 0), np.int64))
    if 0 in input._shape:
        return ms.from_numpy(np.zeros((0, input.ndim), np.int64))
    return _k("nonzero", input)(_val(input))


@defop()
def nonzero(input, *, out=None, as_tuple=False):
    if as_tuple:
        return _nonzero_tuple(input)
    return finish(_nonzero_value(input), input._device, out)


def _nonzero_tuple(input):
    if not input._shape:
        r = _k("nonzero", input)(_val(input).reshape((1,)))
        return (wrap(r.reshape(-1), input._device),)
    r = _nonzero_value(input)
    if r.shape[0] == 0:
        return tuple(wrap(ms.from_numpy(np.zeros(0, np.int64)), input._device) for _ in range(input.ndim))
    if input.ndim == 1:
        return (wrap(r.reshape(-1), input._device),)
    return tuple(wrap(c, input._device) for c in ops.unstack(r, 1))


@defop()
def argwhere(input):
    return wrap(_nonzero_value(input), input._device)


@defop(method=False)
def nonzero_static(input, *, size, fill_value=-1):
    r = _nonzero_value(input)
    n = r.shape[0]
    if n >= size:
        r = ops.slice(r, (0, 0), (size, input.ndim)) if n > size else r
    else:
        pad = ms.from_numpy(np.full((size - n, input.ndim), fill_value, np.int64))
        r = ops.concat((r, pad)) if n else pad
    return wrap(r, input._device)


# ---- searchsorted / bucketize ------------------------------------------------------------------------------
def _search(sorted_sequence, values, out_int32, right, sorter, out, op="torch.searchsorted()"):
    scalar = not isinstance(values, Tensor)
    dtype = result_type(sorted_sequence, values) if scalar else D.promote_types(sorted_sequence._dtype,
                                                                                 values._dtype)
    if dtype is D.bool or dtype._kind == 3:
        raise NotImplementedError(f"\"searchsorted_out_cpu\" not implemented for '{D.scalar_type_name(dtype)}'")
    dev = sorted_sequence._device
    seq = _val(sorted_sequence)
    if sorter is not None:
        if sorter._dtype is not D.int64:
            raise RuntimeError("torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                               f"{D.scalar_type_name(sorter._dtype)}")
        if sorter._shape != sorted_sequence._shape:
            raise RuntimeError("torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                               f"tensor {list(sorted_sequence._shape)}and got sorter tensor {list(sorter._shape)}")
        s = _host_ints(sorter)
        n = sorted_sequence._shape[-1]
        if s.size and (s.min() < 0 or s.max() >= n):
            raise RuntimeError("torch.searchsorted(): sorter index out of range")
        if s.size:
            seq = _k("gather", sorted_sequence)(seq, sorted_sequence.ndim - 1, _val(sorter))
    if scalar:
        vals = scalar_tensor(scalar_value(values, dtype), dtype)
        vshape = ()
    else:
        vals, vshape = _val(values), values._shape
    if sorted_sequence._dtype is not dtype:
        seq = cast(seq, dtype, dev)
    if vals.dtype != dtype._ms:
        vals = cast(vals, dtype, dev)
    if 0 in vshape or 0 in sorted_sequence._shape:
        r = ms.from_numpy(np.zeros(vshape, np.int64))
    else:
        r = _k("searchsorted", sorted_sequence)(seq, vals, right)
    if out_int32:
        r = cast(r, D.int32, dev)
    return finish(r, dev, out)


@defop(method=False)
def searchsorted(sorted_sequence, values, *, out_int32=False, right=False, side=None, out=None, sorter=None):
    _tensor_arg(sorted_sequence, "searchsorted", "sorted_sequence", 1)
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if side == "left" and right:
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left while "
                               "right was True")
        right = side == "right"
    if not sorted_sequence._shape:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    if isinstance(values, Tensor) and sorted_sequence.ndim > 1 and (
            values.ndim != sorted_sequence.ndim or values._shape[:-1] != sorted_sequence._shape[:-1]):
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions "
                           f"of boundaries tensor and input value tensor must match, but we got boundaries tensor "
                           f"{list(sorted_sequence._shape)} and input value tensor {list(values._shape)}")
    if not isinstance(values, Tensor) and sorted_sequence.ndim > 1:
        raise RuntimeError("torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension "
                           f"is 1, but we got boundaries tensor dim({sorted_sequence.ndim}) and input value's dim(0) "
                           "numel(1)")
    return _search(sorted_sequence, values, out_int32, right, sorter, out)


@defop(method=False)
def bucketize(input, boundaries, *, out_int32=False, right=False, out=None):
    _tensor_arg(boundaries, "bucketize", "boundaries", 2)
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return _search(boundaries, input, out_int32, right, None, out)


# ---- isin ----------------------------------------------------------------------------------------------------
@kernel("isin")
def _isin(elements, test_elements, invert):
    """Membership by binary search: sort the test elements, find each element's slot, compare (NaN never
    matches, as torch)."""
    test = ops.sort(test_elements.reshape(-1))[0]
    flat = elements.reshape(-1)
    slot = ops.clamp(ops.searchsorted(test, flat), 0, test.shape[0] - 1)
    found = ops.equal(ops.gather(test, slot, 0), flat)
    return (ops.logical_not(found) if invert else found).reshape(elements.shape)


@kernel("isin", "cpu")
def _isin_cpu(elements, test_elements, invert):
    # measured: MindSpore's CPU SearchSorted has no uint8 or float16 kernel and Sort no bfloat16: compare in a
    # wider dtype that holds every value exactly
    wider = {ms.uint8: ms.int16, ms.float16: ms.float32, ms.bfloat16: ms.float32}.get(elements.dtype)
    if wider is not None:
        elements, test_elements = ops.cast(elements, wider), ops.cast(test_elements, wider)
    return _isin(elements, test_elements, invert)


@defop(method=False)
def isin(elements, test_elements, *, assume_unique=False, invert=False, out=None):
    if not isinstance(elements, Tensor) and not isinstance(test_elements, Tensor):
        raise TypeError(f"isin() received an invalid combination of arguments - got ({type(elements).__name__}, "
                        f"{type(test_elements).__name__}), but expected one of: (Tensor elements, Tensor "
                        "test_elements), (Number element, Tensor test_elements), (Tensor elements, Number test_element)")
    dtype = result_type(elements, test_elements)
    for x in (elements, test_elements):
        if isinstance(x, Tensor) and (x._dtype is D.bool or x._dtype._kind == 3):
            raise RuntimeError(f"Unsupported input type encountered for isin(): {D.scalar_type_name(x._dtype)}")
    dev = device_of(*(x for x in (elements, test_elements) if isinstance(x, Tensor)))

    def value(x):
        if isinstance(x, Tensor):
            v = _val(x)
            return v if v.dtype == dtype._ms else cast(v, dtype, dev)
        if dtype._kind == 1:  # torch converts the number unchecked: integers wrap (-3 in uint8 is 253)
            bits = 8 * dtype.itemsize
            x = _int(x) % (1 << bits)
            if dtype.is_signed and x >= 1 << (bits - 1):
                x -= 1 << bits
            return scalar_tensor(x, dtype)
        return scalar_tensor(_float(x) if dtype._kind == 2 else x, dtype)
    shape = elements._shape if isinstance(elements, Tensor) else ()
    if 0 in shape:
        r = ms.from_numpy(np.zeros(shape, np.bool_))
    elif isinstance(test_elements, Tensor) and 0 in test_elements._shape:
        r = ms.from_numpy(np.full(shape, _bool(invert)))
    else:
        r = _k("isin", elements if isinstance(elements, Tensor) else test_elements)(value(elements),
                                                                                     value(test_elements), invert)
    return finish(r, dev, out)


def _int64_tensor(array, device=None):
    t = Tensor._make(ms.Tensor(np.ascontiguousarray(array, dtype=np.int64)))
    return t if device is None or device.type == "cpu" else t.to(device)


@defop(method=False, differentiable_output=False)
def unravel_index(indices, shape):
    """The coordinates of flat `indices` in an array of `shape`, one int64 tensor per dimension."""
    if not isinstance(indices, Tensor):
        indices = _int64_tensor(np.asarray(indices))
    if indices._dtype._kind not in (1,) or indices._dtype is D.bool:
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices._dtype}")
    shape = (shape,) if isinstance(shape, builtins.int) else tuple(builtins.int(s) for s in shape)
    if any(s < 0 for s in shape):
        raise ValueError("'shape' cannot have negative values, but got " + str(tuple(shape)))
    flat = indices.to(D.int64)  # out-of-range indices wrap, as torch's (no check)
    coords = []
    for size in reversed(shape):
        coords.append(flat % size)
        flat = flat // size
    return tuple(reversed(coords))


@defop(namespace=False)
def fill_diagonal_(self, fill_value, wrap=False):
    """Fill the main diagonal in place (2-d, or n-d with all sizes equal); `wrap` restarts it below a
    tall matrix's square part every n+1 rows, as torch."""
    ndim = len(self._shape)
    if ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    if ndim > 2 and len(set(self._shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    if ndim > 2:
        idx = _int64_tensor(np.arange(self._shape[0]), self._device)
        self[(idx,) * ndim] = fill_value
        return self
    rows, cols = self._shape
    step = cols + 1
    limit = rows * cols if wrap else builtins.min(rows, cols) * cols
    positions = np.arange(0, builtins.min(limit, rows * cols), step)
    if positions.size:
        self[_int64_tensor(positions // cols, self._device), _int64_tensor(positions % cols, self._device)] = fill_value
    return self
