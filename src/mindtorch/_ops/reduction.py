"""Reductions and scans: sum, mean, prod, max/min, var/std, logsumexp, cumulative ops, sort/topk,
unique, median/mode, bincount/histc, quantile, diff (torch.norm is in linalg.py).

Entries hold torch's rules (dims, keepdim, result dtypes, zero-size inputs, errors); kernels run over
MindSpore values. Measured MindSpore 2.10 CPU behaviour that shapes the kernels (see also the CPU
overrides, each beside its kernel):
- no bfloat16 kernel for any reduction but all/any: bfloat16 runs in float32 on CPU and rounds back,
  as torch's CPU kernels accumulate in float32;
- reductions of zero-size inputs return garbage (sum of shape (0,) -> -2.6e-29, mean -> -inf/nan/inf,
  any -> True), so entries build those results themselves;
- amax/max/argmax/topk/sort ignore NaN, where torch propagates it (NaN counts as the largest value);
- float16 cumsum accumulates in float16 (10000 x 0.1 -> 256);
- logsumexp/logcumsumexp give NaN for +-inf inputs; var with ddof >= N gives negative values;
- All/Any read non-bool inputs wrongly (any([[1.]], 0) -> False), so values are compared with 0 first;
- bool has no ReduceMax/ArgMaxWithValue/Cummax/Sort kernels (bool max/min are any/all, or run as uint8);
- mint.argmax/topk/sort/var/std/logsumexp/cumsum/median/norm are "unregistered" on CPU, kthvalue and
  quantile have no CPU kernel at all, median none for uint8/int8/float16.
Ops whose results are indices of an ordering (sort, topk, kthvalue, median, mode) compute the
indices on the host with NumPy's stable sorts, which order NaN as torch does; their values are then
gathered by MindSpore, so they stay differentiable for MindSpore's own autodiff. Ops without
derivatives (unique, bincount, histc) run wholly in NumPy.
"""
import builtins as B
import collections
import ctypes
import math
import numbers
import sys
import types
import warnings

import numpy as np
import mindspore as ms
from mindspore import ops, mint

from .. import _dtype as D
from .._tensor import Tensor
from ..autograd.grad_mode import is_grad_enabled
from .registry import defop, kernel, TABLES, OPS
from .common import cast, finish, wrap, wrap_dim, write_out, write_inplace

_NAN = float("nan")
_INF = float("inf")
_FLOAT_MS = (ms.float16, ms.float32, ms.float64, ms.bfloat16)


# ---- torch.return_types ---------------------------------------------------------------------------
def _structseq(name, fields):
    """A torch.return_types-style named tuple: `type(r).__name__ == name`, fields by name, built from
    one sequence (torch's form) or from the fields."""
    base = collections.namedtuple(name, fields)

    def __new__(cls, *args, **kwargs):
        if len(args) == 1 and not kwargs:
            args = tuple(args[0])
        return base.__new__(cls, *args, **kwargs)

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self))
        return f"torch.return_types.{name}(\n{body})"
    return type(name, (base,), {"__slots__": (), "__new__": __new__, "__repr__": __repr__,
                                "__module__": "mindtorch.return_types", "__qualname__": name})


return_types = types.ModuleType("mindtorch.return_types", "Named tuples returned by reductions (torch.return_types).")
for _name, _fields in (("max", "values indices"), ("min", "values indices"), ("aminmax", "min max"),
                       ("cummax", "values indices"), ("cummin", "values indices"), ("topk", "values indices"),
                       ("kthvalue", "values indices"), ("sort", "values indices"), ("median", "values indices"),
                       ("nanmedian", "values indices"), ("mode", "values indices")):
    _t = _structseq(_name, _fields.split())
    setattr(return_types, _name, _t)
    setattr(return_types, _name + "_out", _t)
sys.modules["mindtorch.return_types"] = return_types
if "mindtorch" in sys.modules:  # the package is being imported: make `mindtorch.return_types` an attribute too
    sys.modules["mindtorch"].return_types = return_types
_RT = return_types


# ---- shared helpers -------------------------------------------------------------------------------
def reduce_dims(dim, ndim):
    """torch's `dim` argument (None, int or sequence) as a sorted tuple of wrapped dims (() = all)."""
    if dim is None:
        return ()
    if isinstance(dim, numbers.Integral):
        dims = (wrap_dim(dim, ndim),)
    else:
        dims = tuple(wrap_dim(d, ndim) for d in dim)
        if len(set(dims)) != len(dims):
            seen = set()
            for d in dims:
                if d in seen:
                    raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
                seen.add(d)
    if ndim == 0:
        return ()
    return tuple(B.sorted(dims))


def _one_dim(dim, ndim):
    """A single wrapped dim; 0-dim tensors accept 0 and -1."""
    if not isinstance(dim, numbers.Integral) or isinstance(dim, B.bool):
        raise TypeError(f"dim must be an int, not {type(dim).__name__}")
    return wrap_dim(dim, ndim)


def _reduced_shape(shape, dims, keepdim):
    if not dims:
        dims = range(len(shape))
    if keepdim:
        return tuple(1 if i in dims else n for i, n in enumerate(shape))
    return tuple(n for i, n in enumerate(shape) if i not in dims)


def _reduced_count(shape, dims):
    n = 1
    for i in (dims or range(len(shape))):
        n *= shape[i]
    return n


def _full(shape, fill, dtype, device):
    """A MindSpore value of `shape` filled with `fill` (MindSpore's CPU FillV2 has no bfloat16 kernel)."""
    if dtype._np is not None:
        return ms.Tensor(np.full(shape, fill, dtype=dtype._np))
    return cast(ms.Tensor(np.full(shape, fill, dtype=np.float32)), dtype, device)


def _table(t):
    return TABLES[t._device.type]


def _check_tensor(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


_CPU_NAMES = {"amax": "max_values_cpu", "amin": "min_values_cpu", "aminmax": "aminmax_cpu", "max": "max_all",
              "min": "min_all", "unique_consecutive": "unique", "nanmedian": "median_cpu", "median": "median_cpu"}


_WIDE_UNSIGNED = (D.uint16, D.uint32, D.uint64)


def _no_complex(input, name, error=NotImplementedError, unsigned=True):
    """torch's CPU kernels for orderings have no complex dtypes (nor uint16/32/64: torch keeps those
    barebones); say so with torch's exception type."""
    if unsigned and input._dtype in _WIDE_UNSIGNED:
        raise NotImplementedError(f"\"{_CPU_NAMES.get(name, name.strip().lower() + '_cpu')}\" not implemented for "
                                  f"'{D.scalar_type_name(input._dtype)}'")
    if input._dtype._kind == 3:
        if error is NotImplementedError:
            raise NotImplementedError(f"\"{_CPU_NAMES.get(name, name + '_cpu')}\" not implemented for "
                                      f"'{D.scalar_type_name(input._dtype)}'")
        raise RuntimeError(f"{name} does not support complex dtypes on CPU")


def _finish_pair(cls, a, b, device, out):
    if out is None:
        return cls(wrap(a, device), wrap(b, device))
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise TypeError(f"{cls.__name__}(): argument 'out' must be tuple of Tensors")
    return cls(write_out(out[0], a, device), write_out(out[1], b, device))


def _cpu_cast(value, ms_dtype):
    return TABLES["cpu"]["cast"](value, ms_dtype)


def _round_back(result, ms_dtype):
    if isinstance(result, tuple):
        return tuple(_round_back(r, ms_dtype) for r in result)
    if isinstance(result, ms.Tensor) and result.dtype == ms.float32:
        return _cpu_cast(result, ms_dtype)
    return result


def _cpu_in_float32(name, fn, dtypes=(ms.bfloat16,)):
    """Register the CPU kernel of `name`: values of `dtypes` run through `fn` in float32 and float
    results round back to their dtype (torch's CPU kernels accumulate these in float32 too)."""
    def run(value, *args):
        src = value.dtype
        if src in dtypes:
            return _round_back(fn(_cpu_cast(value, ms.float32), *args), src)
        return fn(value, *args)
    run.__name__ = f"{name}_cpu"
    kernel(name, "cpu")(run)
    return run


_CPU_PROCESS = ms.get_context("device_target") == "CPU"
_NP_OF = {d._ms: d._np for d in D.ALL if d._ms is not None and d._np is not None}


def _host_view(value):
    """The values of a MindSpore value as a NumPy array, for reading only.
    `asnumpy()` makes the next kernel that reads the value re-upload it (measured on 4x4 float32:
    asnumpy then amax +15 us, then ArgMaxWithValue +100 us), so on a CPU-only process a contiguous
    value is read in place through its data pointer (kernels have finished: launches block)."""
    np_dtype = _NP_OF.get(value.dtype)
    if _CPU_PROCESS and np_dtype is not None and value.is_contiguous():
        n = value.size
        ptr = value.data_ptr() if n else 0
        if ptr:
            buf = (ctypes.c_char * (n * value.itemsize)).from_address(ptr)
            return np.frombuffer(buf, np_dtype, n).reshape(value.shape)
    return value.asnumpy()


def _host_has_nan(value):
    """On CPU a NumPy check of the value costs less than MindSpore's isnan+any+where fix-up
    (4x4: ~10 us vs ~400 us), so the fix-up runs only for values that hold NaN."""
    return value.dtype in _FLOAT_MS and np.isnan(_host_view(value)).any()


def _host_has_inf_or_nan(value):
    return value.dtype in _FLOAT_MS and not np.isfinite(_host_view(value)).all()


def _host(value):
    """The host array of a MindSpore value, for reading (bfloat16 as float32: NumPy has no bfloat16)."""
    if value.dtype == ms.bfloat16:
        value = _cpu_cast(value, ms.float32) if value.size <= 1 << 16 else ops.cast(value, ms.float32)
        return value.asnumpy()  # a temporary: the array must own a reference to it
    return _host_view(value)


def _idx(array):
    array = np.asarray(array, dtype=np.int64)
    return ms.Tensor(np.ascontiguousarray(array).reshape(array.shape))


def _gather(value, dim, index):
    """Values of `value` at int64 `index` along `dim` (MindSpore, so autodiff sees them)."""
    if value.ndim == 0:
        return value
    if value.dtype == ms.bfloat16:
        return ops.cast(ops.gather_elements(ops.cast(value, ms.float32), dim, index), ms.bfloat16)
    return ops.gather_elements(value, dim, index)


def _propagate_nan(value, dims, keepdim, result):
    """`result` of a NaN-ignoring reduction of `value` over `dims`, NaN where the slice holds NaN."""
    has = ops.any(ops.isnan(value), dims if dims else None, keepdim)
    return ops.where(has, _NAN, result)


def _is_float(value):
    return value.dtype in _FLOAT_MS


# ---- derivatives: shared pieces -------------------------------------------------------------------
# Formulas are written in mindtorch ops (Tensor methods and OPS entries looked up at call time, as the
# ops of other families load after this module), so they run on every device and differentiate again.
def _fn(name):
    return OPS[name].fn


def _live(result, recompute):
    """The op's output for a formula: the saved (detached) `result`, or, when the backward itself is
    being recorded (create_graph), the output recomputed from the inputs so that the second derivative
    sees how it depends on them."""
    return recompute() if is_grad_enabled() else result


def _restore(g, shape, dims, keepdim):
    """`g`, the gradient of a reduction of a tensor of `shape` over `dims` (() = all), with the reduced
    dims back as size 1 (so it broadcasts against the input)."""
    if keepdim or not shape:
        return g
    return g.reshape(_reduced_shape(shape, dims, True))


def _expand_back(g, shape, dims, keepdim):
    return _restore(g, shape, dims, keepdim).expand(shape)


def _evenly(grad, input, value, dims=(), keepdim=True, nan_picks=False):
    """The gradient of a reduction that picks a value (max, min, median over all elements; amax, amin
    over `dims`, () = all): shared evenly among the elements equal to it. `nan_picks`: a full reduction
    to NaN shares it among the NaNs (torch's max()/median()); otherwise NaN equals nothing, so a NaN
    slice gets NaN gradients (torch's amax/amin)."""
    g = _restore(grad, input._shape, dims, keepdim)
    v = _restore(value, input._shape, dims, keepdim)
    mask = input.isnan() if nan_picks and v.isnan().item() else input == v
    count = mask.sum(list(dims), keepdim=True) if dims else mask.sum()
    return mask * (g / count)


def _select_back(g, shape, d, index, keepdim):
    """The gradient of values picked along dim `d` at `index` (max/min/median/kthvalue/mode along a
    dim, sort, topk): `g` scattered to those positions of zeros of the input's `shape`."""
    if not shape:
        return g
    if not keepdim:
        g, index = g.unsqueeze(d), index.unsqueeze(d)
    return g.new_zeros(shape).scatter(d, index, g)


def _internal(name, node_name, formula):
    """An op entry only other entries call (hidden from torch.* and Tensor), recorded with `formula`
    under torch's grad_fn name (torch names max() and max(dim) MaxBackward1 and MaxBackward0)."""
    def register(fn):
        entry = defop(name, method=False, namespace=False, backward=formula)(fn)
        entry._node_class.__name__ = entry._node_class.__qualname__ = node_name
        return entry
    return register


# ---- sum, nansum, mean, nanmean, prod ---------------------------------------------------------------
@kernel("sum")
def _sum(value, dims, keepdim, ms_dtype=None):
    return ops.sum(value, dims if dims else None, keepdim, dtype=ms_dtype)


_cpu_in_float32("sum", _sum)


def _sum_like(name, input, dim, keepdim, dtype, out, kernel_name, empty_fill=0):
    _check_tensor(input, name)
    if name == "nansum" and input._dtype._kind == 3:
        raise RuntimeError("nansum on CPU does not support complex inputs")
    src = input._dtype
    value = input._ms
    dev = input._device
    shape = input._shape
    dims = reduce_dims(dim, len(shape))
    keepdim = keepdim and len(shape) > 0
    ms_dtype = None
    if dtype is None:
        if src._kind < 2:
            dtype, ms_dtype = D.int64, ms.int64
        else:
            dtype = src
    else:
        if dtype is not src:
            value = cast(value, dtype, dev)
        if dtype._kind < 2:  # MindSpore sums ints into int64 unless told
            ms_dtype = dtype._ms
    if 0 in shape:
        return finish(_full(_reduced_shape(shape, dims, keepdim), empty_fill, dtype, dev), dev, out)
    return finish(TABLES[dev.type][kernel_name](value, dims, keepdim, ms_dtype), dev, out)


def _sum_backward(grad, input_shape, dim, keepdim):
    return (_expand_back(grad, input_shape, reduce_dims(dim, len(input_shape)), keepdim),)


@defop(backward=_sum_backward)
def sum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    return _sum_like("sum", input, dim, keepdim, dtype, out, "sum")


@kernel("nansum")
def _nansum(value, dims, keepdim, ms_dtype=None):
    if _is_float(value):
        value = ops.where(ops.isnan(value), 0.0, value)
    return ops.sum(value, dims if dims else None, keepdim, dtype=ms_dtype)


_cpu_in_float32("nansum", _nansum)


def _nansum_backward(grad, input, dim, keepdim):
    shape = input._shape
    return (_restore(grad, shape, reduce_dims(dim, len(shape)), keepdim) * input.isnan().logical_not(),)


@defop(backward=_nansum_backward)
def nansum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    return _sum_like("nansum", input, dim, keepdim, dtype, out, "nansum")


def _mean_dtype(name, input, dtype):
    if dtype is None:
        if input._dtype._kind < 2:
            if name == "nanmean":
                raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype but got "
                                   f"{D.scalar_type_name(input._dtype)}")
            raise RuntimeError(f"mean(): could not infer output dtype. Input dtype must be either a floating point or "
                               f"complex dtype. Got: {D.scalar_type_name(input._dtype)}")
        return input._dtype
    if dtype._kind < 2:
        raise RuntimeError(f"{name}(): could not infer output dtype. Optional dtype must be either a floating point or "
                           f"complex dtype. Got: {D.scalar_type_name(dtype)}")
    return dtype


@kernel("mean")
def _mean(value, dims, keepdim):
    return mint.mean(value, dims if dims else None, keepdim)


_cpu_in_float32("mean", _mean)


def _mean_backward(grad, input_shape, dim, keepdim):
    dims = reduce_dims(dim, len(input_shape))
    return (_expand_back(grad, input_shape, dims, keepdim) / _reduced_count(input_shape, dims),)


@defop(backward=_mean_backward)
def mean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    _check_tensor(input, "mean")
    dtype = _mean_dtype("mean", input, dtype)
    value, dev, shape = input._ms, input._device, input._shape
    if dtype is not input._dtype:
        value = cast(value, dtype, dev)
    dims = reduce_dims(dim, len(shape))
    keepdim = keepdim and len(shape) > 0
    if 0 in shape:
        return finish(_full(_reduced_shape(shape, dims, keepdim), _NAN, dtype, dev), dev, out)
    return finish(TABLES[dev.type]["mean"](value, dims, keepdim), dev, out)


@kernel("nanmean")
def _nanmean(value, dims, keepdim):
    nan = ops.isnan(value)
    total = ops.sum(ops.where(nan, 0.0, value), dims if dims else None, keepdim)
    count = ops.sum(ops.logical_not(nan), dims if dims else None, keepdim, dtype=value.dtype)
    return total / count


_cpu_in_float32("nanmean", _nanmean, (ms.bfloat16, ms.float16))


def _nanmean_backward(grad, input, dim, keepdim):
    # nansum / count of non-NaN: an all-NaN slice gets NaN (0 * grad / 0), as torch's
    shape = input._shape
    dims = reduce_dims(dim, len(shape))
    keep = input.isnan().logical_not()
    count = keep.sum(list(dims), keepdim=True) if dims else keep.sum()
    return (_restore(grad, shape, dims, keepdim) / count * keep,)


@defop(backward=_nanmean_backward)
def nanmean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    _check_tensor(input, "nanmean")
    if input._dtype._kind == 3:
        raise RuntimeError("nansum on CPU does not support complex inputs")
    dtype = _mean_dtype("nanmean", input, dtype)
    value, dev, shape = input._ms, input._device, input._shape
    if dtype is not input._dtype:
        value = cast(value, dtype, dev)
    dims = reduce_dims(dim, len(shape))
    keepdim = keepdim and len(shape) > 0
    if 0 in shape:
        return finish(_full(_reduced_shape(shape, dims, keepdim), _NAN, dtype, dev), dev, out)
    return finish(TABLES[dev.type]["nanmean"](value, dims, keepdim), dev, out)


@kernel("prod")
def _prod(value, dim, keepdim, ms_dtype=None):
    if dim is None:
        r = ops.prod(value, None, False, dtype=ms_dtype)
        return r.reshape((1,) * value.ndim) if keepdim else r
    return ops.prod(value, dim, keepdim, dtype=ms_dtype)


_cpu_in_float32("prod", _prod, (ms.bfloat16, ms.float16))


def _exclusive_prod_grad(g, x, d):
    """g times, at each position along `d`, the product of the other elements (valid with zeros):
    the exclusive products from the front times those from the back."""
    n = x._shape[d]
    ones = x.new_ones(x._shape[:d] + (1,) + x._shape[d + 1:])
    front = _fn("cat")([ones, x.narrow(d, 0, n - 1)], d).cumprod(d)
    back = _fn("cat")([ones, x.flip(d).narrow(d, 0, n - 1)], d).cumprod(d).flip(d)
    return g * (front * back)


def _prod_backward(grad, input, dim, keepdim, dtype, result):
    shape = input._shape
    if not shape:
        return (grad,)
    if 0 in shape:
        return (grad.new_zeros(shape),)
    dims = () if dim is None else reduce_dims(dim, len(shape))
    g = _restore(grad, shape, dims, keepdim)
    if not (input == 0).any().item():
        out = _live(result, lambda: prod(input, dim, True, dtype=dtype) if dim is not None else prod(input, dtype=dtype))
        return (g * (_restore(out, shape, dims, keepdim) / input),)
    if dims:  # zeros: the product of the others, along the dim
        return (_exclusive_prod_grad(g, input, dims[0]),)
    return (_exclusive_prod_grad(g.reshape(1), input.reshape(-1), 0).reshape(shape),)


@defop(backward=_prod_backward)
def prod(input, dim=None, keepdim=False, *, dtype=None, out=None):
    _check_tensor(input, "prod")
    if dim is not None and not isinstance(dim, numbers.Integral):
        raise TypeError(f"prod(): argument 'dim' must be int, not {type(dim).__name__}")
    src, value, dev, shape = input._dtype, input._ms, input._device, input._shape
    ms_dtype = None
    if dtype is None:
        if src._kind < 2:
            dtype, ms_dtype = D.int64, ms.int64
        else:
            dtype = src
    else:
        if dtype is not src:
            value = cast(value, dtype, dev)
        if dtype._kind < 2:  # MindSpore multiplies ints into int64 unless told
            ms_dtype = dtype._ms
    dims = () if dim is None else reduce_dims(dim, len(shape))
    keepdim = keepdim and len(shape) > 0
    if 0 in shape:
        return finish(_full(_reduced_shape(shape, dims, keepdim), 1, dtype, dev), dev, out)
    if not dims:
        dim = None
    return finish(TABLES[dev.type]["prod"](value, dim if dim is None else dims[0], keepdim, ms_dtype), dev, out)


# ---- amax, amin, max, min, aminmax, argmax, argmin --------------------------------------------------
def _i64(i):
    return i if i.dtype == ms.int64 else ops.cast(i, ms.int64)


def _i64_pair(pair):
    return pair[0], _i64(pair[1])


def _extreme_kernels(name, reduce_fn, dim_fn, arg_fn):
    """Kernels `name` (amax/amin), `name`_dim ((values, indices) along one dim) and arg`name`, each
    propagating NaN as torch does: a slice with NaN gives NaN and the index of its first NaN."""
    def full(value, dims, keepdim):
        r = reduce_fn(value, dims, keepdim)
        return _propagate_nan(value, dims, keepdim, r) if _is_float(value) else r

    def along(value, dim, keepdim):
        v, i = dim_fn(value, dim, keepdim)
        if _is_float(value):
            nan = ops.isnan(value)
            has = ops.any(nan, dim, keepdim)
            v = ops.where(has, _NAN, v)
            i = ops.where(has, ops.argmax(nan, dim, keepdim), i)
        return v, i

    def arg(value, dim, keepdim):
        i = arg_fn(value, dim, keepdim)
        if _is_float(value):
            nan = ops.isnan(value)
            i = ops.where(ops.any(nan, dim, keepdim), ops.argmax(nan, dim, keepdim), i)
        return i

    kernel(name)(full)
    kernel(name + "_dim")(along)
    kernel("arg" + name[1:])(arg)

    # CPU: a host NaN check is cheaper than the isnan/any/where fix-up (17 us vs ~200 us on 4x4), so
    # the fix-up runs only for values that hold NaN.
    def full_cpu(value, dims, keepdim):
        return full(value, dims, keepdim) if _host_has_nan(value) else reduce_fn(value, dims, keepdim)

    def along_cpu(value, dim, keepdim):
        return along(value, dim, keepdim) if _host_has_nan(value) else dim_fn(value, dim, keepdim)

    def arg_cpu(value, dim, keepdim):
        return arg(value, dim, keepdim) if _host_has_nan(value) else arg_fn(value, dim, keepdim)
    _cpu_in_float32(name, full_cpu)
    _cpu_in_float32(name + "_dim", along_cpu)
    _cpu_in_float32("arg" + name[1:], arg_cpu)


_extreme_kernels("amax", lambda v, d, k: ops.amax(v, d if d else None, k), lambda v, d, k: _i64_pair(ops.max(v, d, k)),
                 lambda v, d, k: _i64(ops.argmax(v, d, k)))
_extreme_kernels("amin", lambda v, d, k: ops.amin(v, d if d else None, k), lambda v, d, k: _i64_pair(ops.min(v, d, k)),
                 lambda v, d, k: _i64(ops.argmin(v, d, k)))


# MindSpore's All/Any read non-bool inputs wrongly (any([[1.]], 0) -> False on CPU): compare with 0 first.
@kernel("all")
def _all(value, dims, keepdim):
    return ops.all(value if value.dtype == ms.bool_ else ops.ne(value, 0), dims if dims else None, keepdim)


@kernel("any")
def _any(value, dims, keepdim):
    return ops.any(value if value.dtype == ms.bool_ else ops.ne(value, 0), dims if dims else None, keepdim)


_cpu_in_float32("all", _all)
_cpu_in_float32("any", _any)


def _amax_amin(name, input, dim, keepdim, out, kname):
    _check_tensor(input, name)
    _no_complex(input, name)
    value, dev, shape = input._ms, input._device, input._shape
    dims = reduce_dims(dim, len(shape))
    keepdim = keepdim and len(shape) > 0
    if 0 in shape:
        _check_nonempty(name, shape, dims)
        return finish(_full(_reduced_shape(shape, dims, keepdim), 0, input._dtype, dev), dev, out)
    if input._dtype is D.bool:  # MindSpore has no bool max/min; for bools they are any/all
        return finish(TABLES[dev.type]["any" if kname == "amax" else "all"](value, dims, keepdim), dev, out)
    return finish(TABLES[dev.type][kname](value, dims, keepdim), dev, out)


def _check_nonempty(name, shape, dims):
    """torch's errors for max-like reductions over an empty slice."""
    if not dims and len(shape) > 0:
        if 0 in shape:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                               f"reduction dim with the 'dim' argument.")
    for d in dims:
        if shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _amax_amin_backward(grad, input, dim, keepdim, result):
    return (_evenly(grad, input, result, reduce_dims(dim, len(input._shape)), keepdim),)


@defop(backward=_amax_amin_backward)
def amax(input, dim=(), keepdim=False, *, out=None):
    return _amax_amin("amax", input, dim, keepdim, out, "amax")


@defop(backward=_amax_amin_backward)
def amin(input, dim=(), keepdim=False, *, out=None):
    return _amax_amin("amin", input, dim, keepdim, out, "amin")


def _binary_extreme(name, input, other, out):
    op = OPS.get(name)
    if op is not None:
        return op.fn(input, other, out=out)
    # pointwise has no `maximum`/`minimum` yet: torch's promotion and NaN propagation here
    from .common import result_type, device_of, broadcast_shapes, as_value
    dtype = result_type(input, other)
    dev = device_of(input, other)
    broadcast_shapes(input._shape, other._shape)
    a, b = as_value(input, dtype, dev), as_value(other, dtype, dev)
    compute = dtype
    if dtype is D.bfloat16:
        a, b, compute = cast(a, D.float32, dev), cast(b, D.float32, dev), D.float32
    if dtype is D.bool:
        r = ops.logical_or(a, b) if name == "maximum" else ops.logical_and(a, b)
    else:
        r = (ops.maximum if name == "maximum" else ops.minimum)(a, b)
        if dtype._kind == 2:
            r = ops.where(ops.isnan(a), a, ops.where(ops.isnan(b), b, r))
    if compute is not dtype:
        r = cast(r, dtype, dev)
    return finish(r, dev, out)


def _max_min(name, input, dim, keepdim, out, other):
    _check_tensor(input, name)
    if other is None and isinstance(dim, Tensor):
        other = dim
    if other is not None:  # maximum/minimum, recorded by their own entries
        return _binary_extreme("maximum" if name == "max" else "minimum", input, other, out)
    if input._dtype._kind == 3 or input._dtype in _WIDE_UNSIGNED:
        if dim is None or input._dtype in _WIDE_UNSIGNED:
            _no_complex(input, name)
        raise RuntimeError(f"{name}(): does not support complex input")
    if dim is None:
        return (_max_all if name == "max" else _min_all)(input, out=out)
    return (_max_dim if name == "max" else _min_dim)(input, dim, keepdim, out=out)


def _extreme_all(name, input, out):
    value, dev, shape = input._ms, input._device, input._shape
    if 0 in shape:
        raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                           f"reduction dim with the 'dim' argument.")
    if input._dtype is D.bool:
        return finish(TABLES[dev.type]["any" if name == "max" else "all"](value, (), False), dev, out)
    return finish(TABLES[dev.type]["amax" if name == "max" else "amin"](value, (), False), dev, out)


def _extreme_dim(name, input, dim, keepdim, out):
    value, dev, shape = input._ms, input._device, input._shape
    ndim = len(shape)
    d = _one_dim(dim, ndim)
    cls = getattr(_RT, name)
    if ndim == 0:
        return _finish_pair(cls, value, _full((), 0, D.int64, dev), dev, out)
    if shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    if 0 in shape:
        rshape = _reduced_shape(shape, (d,), keepdim)
        return _finish_pair(cls, _full(rshape, 0, input._dtype, dev), _full(rshape, 0, D.int64, dev), dev, out)
    kname = ("amax" if name == "max" else "amin") + "_dim"
    if input._dtype is D.bool:  # no bool kernels: as uint8, values back to bool
        v, i = TABLES[dev.type][kname](cast(value, D.uint8, dev), d, keepdim)
        return _finish_pair(cls, cast(v, D.bool, dev), i, dev, out)
    v, i = TABLES[dev.type][kname](value, d, keepdim)
    return _finish_pair(cls, v, i, dev, out)


def _pick_all_backward(grad, input, result):
    return (_evenly(grad, input, result, nan_picks=True),)


def _pick_dim_backward(grad, input_shape, dim, keepdim, result):
    d = _one_dim(dim, len(input_shape))
    return (_select_back(grad[0], input_shape, d, result[1], keepdim and len(input_shape) > 0),)


@_internal("_max_all", "MaxBackward1", _pick_all_backward)
def _max_all(input, out=None):
    return _extreme_all("max", input, out)


@_internal("_min_all", "MinBackward1", _pick_all_backward)
def _min_all(input, out=None):
    return _extreme_all("min", input, out)


@_internal("_max_dim", "MaxBackward0", _pick_dim_backward)
def _max_dim(input, dim, keepdim=False, out=None):
    return _extreme_dim("max", input, dim, keepdim, out)


@_internal("_min_dim", "MinBackward0", _pick_dim_backward)
def _min_dim(input, dim, keepdim=False, out=None):
    return _extreme_dim("min", input, dim, keepdim, out)


@defop()
def max(input, dim=None, keepdim=False, *, out=None, other=None):
    return _max_min("max", input, dim, keepdim, out, other)


@defop()
def min(input, dim=None, keepdim=False, *, out=None, other=None):
    return _max_min("min", input, dim, keepdim, out, other)


def _aminmax_backward(grad, input, dim, keepdim, result):
    dims = () if dim is None or not input._shape else (_one_dim(dim, len(input._shape)),)
    keepdim = keepdim and len(input._shape) > 0
    return (_evenly(grad[0], input, result[0], dims, keepdim) + _evenly(grad[1], input, result[1], dims, keepdim),)


@defop(backward=_aminmax_backward)
def aminmax(input, *, dim=None, keepdim=False, out=None):
    _check_tensor(input, "aminmax")
    _no_complex(input, "aminmax")
    value, dev, shape = input._ms, input._device, input._shape
    dims = () if dim is None else (_one_dim(dim, len(shape)),)
    if len(shape) == 0:
        dims, keepdim = (), False
    if 0 in shape:
        if not dims:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                               "identity.")
        if shape[dims[0]] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {dims[0]} to have non-zero size.")
        rshape = _reduced_shape(shape, dims, keepdim)
        return _finish_pair(_RT.aminmax, _full(rshape, 0, input._dtype, dev), _full(rshape, 0, input._dtype, dev),
                            dev, out)
    table = TABLES[dev.type]
    if input._dtype is D.bool:
        lo, hi = table["all"](value, dims, keepdim), table["any"](value, dims, keepdim)
    else:
        lo, hi = table["amin"](value, dims, keepdim), table["amax"](value, dims, keepdim)
    return _finish_pair(_RT.aminmax, lo, hi, dev, out)


def _arg_extreme(name, input, dim, keepdim, out):
    _check_tensor(input, name)
    if input._dtype is D.bool or input._dtype._kind == 3:
        raise RuntimeError(f"{name}(): does not support {'bool' if input._dtype is D.bool else 'complex'} input")
    _no_complex(input, name)
    value, dev, shape = input._ms, input._device, input._shape
    ndim = len(shape)
    kname = name
    if dim is None:
        if 0 in shape:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
        flat = value.reshape(-1) if ndim != 1 else value
        i = TABLES[dev.type][kname](flat, 0, False)
        if keepdim and ndim:
            i = i.reshape((1,) * ndim)
        return finish(i, dev, out)
    d = _one_dim(dim, ndim)
    if ndim == 0:
        return finish(_full((), 0, D.int64, dev), dev, out)
    if shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    if 0 in shape:
        return finish(_full(_reduced_shape(shape, (d,), keepdim), 0, D.int64, dev), dev, out)
    return finish(TABLES[dev.type][kname](value, d, keepdim), dev, out)


@defop()
def argmax(input, dim=None, keepdim=False, *, out=None):
    return _arg_extreme("argmax", input, dim, keepdim, out)


@defop()
def argmin(input, dim=None, keepdim=False, *, out=None):
    return _arg_extreme("argmin", input, dim, keepdim, out)


# ---- all, any, count_nonzero ----------------------------------------------------------------------
def _all_any(name, input, dim, keepdim, out):
    _check_tensor(input, name)
    value, dev, shape = input._ms, input._device, input._shape
    dims = reduce_dims(dim, len(shape))
    keepdim = keepdim and len(shape) > 0
    res_dtype = D.uint8 if input._dtype is D.uint8 else D.bool
    if dim is not None and not isinstance(dim, numbers.Integral) and not dims and shape:
        # all/any over no dims reduce nothing: each element as a truth value
        r = cast(value, D.bool, dev)
        return finish(r if res_dtype is D.bool else cast(r, res_dtype, dev), dev, out)
    if 0 in shape:
        return finish(_full(_reduced_shape(shape, dims, keepdim), name == "all", res_dtype, dev), dev, out)
    if not shape:
        r = cast(value, D.bool, dev)
        return finish(r if res_dtype is D.bool else cast(r, res_dtype, dev), dev, out)
    if input._dtype in _WIDE_UNSIGNED:  # MindSpore cannot compare these with 0
        value = cast(value, D.bool, dev)
    r = TABLES[dev.type][name](value, dims, keepdim)
    if res_dtype is D.uint8:
        r = cast(r, D.uint8, dev)
    return finish(r, dev, out)


@defop()
def all(input, dim=None, keepdim=False, *, out=None):
    return _all_any("all", input, dim, keepdim, out)


@defop()
def any(input, dim=None, keepdim=False, *, out=None):
    return _all_any("any", input, dim, keepdim, out)


@kernel("count_nonzero")
def _count_nonzero(value, dims):
    if value.dtype != ms.bool_:
        value = ops.ne(value, 0)
    return ops.sum(value, dims if dims else None, False, dtype=ms.int64)


_cpu_in_float32("count_nonzero", _count_nonzero)


@defop()
def count_nonzero(input, dim=None):
    _check_tensor(input, "count_nonzero")
    value, dev, shape = input._ms, input._device, input._shape
    dims = reduce_dims(dim, len(shape))
    if 0 in shape:
        return finish(_full(_reduced_shape(shape, dims, False), 0, D.int64, dev), dev)
    return finish(TABLES[dev.type]["count_nonzero"](value, dims), dev)


# ---- var, std, var_mean, std_mean -----------------------------------------------------------------
_MOMENTS = {"var": ops.var, "std": ops.std, "var_mean": ops.var_mean, "std_mean": ops.std_mean}


@kernel("moments")
def _moments(value, dims, correction, keepdim, mode):
    """(var or std with `correction`, mean or None) over `dims`, by `mode` in var/std/var_mean/std_mean.
    torch divides by max(0, N - correction): MindSpore's kernels (2x faster than the composite here)
    serve integral corrections below N; others (var with ddof >= N gives negative values there, a
    float correction is refused) take the composite, as does float64 (MindSpore's CPU Var/Std lose
    precision there: var([0., 1.]) = 0.49999998)."""
    axis = dims if dims else None
    n = 1
    for d in (dims or range(value.ndim)):
        n *= value.shape[d]
    complex_ = value.dtype in (ms.complex64, ms.complex128)
    if not complex_ and value.dtype != ms.float64 and correction == int(correction) and n > correction:
        r = _MOMENTS[mode](value, axis, int(correction), keepdim)
        return (r, None) if mode in ("var", "std") else r
    m = ops.mean(value, axis, True)
    dev = value - m
    sq = ops.real(dev * ops.conj(dev)) if complex_ else dev * dev
    var = ops.sum(sq, axis, keepdim) / B.max(0.0, n - correction)
    if mode.startswith("std"):
        var = ops.sqrt(var)
    if mode in ("var", "std"):
        return var, None
    return var, (m if keepdim else m.reshape(var.shape))


_cpu_in_float32("moments", _moments, (ms.bfloat16, ms.float16))


def _var_args(name, input, dim, unbiased, keepdim, correction):
    _check_tensor(input, name)
    if isinstance(dim, B.bool):  # var(input, unbiased)
        if unbiased is not None:
            raise TypeError(f"{name}() received an invalid combination of arguments")
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments - got both 'unbiased' and "
                        f"'correction'")
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    if input._dtype._kind < 2:
        raise RuntimeError("std and var only support floating point and complex dtypes")
    return dim, correction


def _moments_entry(mode, input, dim, unbiased, keepdim, correction, out):
    dim, correction = _var_args(mode, input, dim, unbiased, keepdim, correction)
    value, dev, shape = input._ms, input._device, input._shape
    dims = reduce_dims(dim, len(shape))
    keepdim = keepdim and len(shape) > 0
    if _reduced_count(shape, dims) - correction <= 0:
        warnings.warn(f"{mode}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                      f"factor (input numel divided by output numel).", UserWarning, stacklevel=3)
    if 0 in shape:
        rshape = _reduced_shape(shape, dims, keepdim)
        stat, m = _full(rshape, _NAN, input._dtype.to_real(), dev), _full(rshape, _NAN, input._dtype, dev)
    else:
        stat, m = TABLES[dev.type]["moments"](value, dims, correction, keepdim, mode)
    if mode in ("var", "std"):
        return finish(stat, dev, out)
    return _finish_tuple((stat, m), dev, out)


def _moments_backward(mode):
    """var/std/var_mean/std_mean: d var = 2 (x - mean) / (N - correction); d std = d var / (2 std),
    0 where std is 0 (torch's subgradient); the mean output's part spreads evenly."""
    def formula(grad, input, dim, unbiased, keepdim, correction, result):
        dim, correction = _var_args(mode, input, dim, unbiased, keepdim, correction)
        shape = input._shape
        dims = reduce_dims(dim, len(shape))
        keepdim = keepdim and len(shape) > 0
        n = _reduced_count(shape, dims)
        # torch's derivative clamps N - correction at 0 (then NaN) only for dim=None and 0-dim inputs,
        # and for an empty dim list (a full reduction forward) counts N as 1
        dof = (n if dims or dim is None else 1) - correction
        if dim is None or not shape:
            dof = B.max(0, dof)
        g_stat, g_mean = (grad, None) if mode in ("var", "std") else grad
        axes = list(dims) if dims else None
        g = _restore(g_stat, shape, dims, keepdim)
        centered = input - input.mean(axes, keepdim=True)
        scale = 2.0 / dof if dof else _INF
        if dof <= 0 and dim is None:  # torch gives grad * inf there whatever side of the mean (measured)
            centered = centered.abs()
        if mode.startswith("std"):
            stat = result if mode == "std" else result[0]
            stat = _restore(_live(stat, lambda: _fn("std")(input, axes, correction=correction, keepdim=True)),
                            shape, dims, keepdim)
            g_in = centered * (g / (stat * 2)).masked_fill(stat == 0, 0) * scale
        else:
            g_in = centered * g * scale
        if g_mean is not None:
            g_in = g_in + _expand_back(g_mean, shape, dims, keepdim) / n
        return (g_in,)
    return formula


@defop(backward=_moments_backward("var"))
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    return _moments_entry("var", input, dim, unbiased, keepdim, correction, out)


@defop(backward=_moments_backward("std"))
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    return _moments_entry("std", input, dim, unbiased, keepdim, correction, out)


@defop(method=False, backward=_moments_backward("var_mean"))
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    return _moments_entry("var_mean", input, dim, unbiased, keepdim, correction, out)


@defop(method=False, backward=_moments_backward("std_mean"))
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    return _moments_entry("std_mean", input, dim, unbiased, keepdim, correction, out)


def _finish_tuple(values, dev, out):
    if out is None:
        return tuple(wrap(v, dev) for v in values)
    return tuple(write_out(o, v, dev) for o, v in zip(out, values))



# ---- logsumexp ------------------------------------------------------------------------------------
@kernel("logsumexp")
def _logsumexp(value, dims, keepdim):
    # MindSpore's logsumexp gives NaN for +-inf inputs; shift by the finite max as torch does.
    axis = dims if dims else None
    m = ops.amax(value, axis, True)
    m = ops.where(ops.isinf(m), 0.0, m)
    r = ops.log(ops.sum(ops.exp(value - m), axis, keepdim))
    return r + (m if keepdim else m.reshape(r.shape))


_cpu_in_float32("logsumexp", _logsumexp)


def _logsumexp_backward(grad, input, dim, keepdim, result):
    shape = input._shape
    dims = reduce_dims(dim, len(shape))
    keepdim = keepdim and len(shape) > 0
    out = _restore(_live(result, lambda: logsumexp(input, dim, True)), shape, dims, keepdim)
    return (_restore(grad, shape, dims, keepdim) * (input - out).exp(),)


@defop(backward=_logsumexp_backward)
def logsumexp(input, dim, keepdim=False, *, out=None):
    _check_tensor(input, "logsumexp")
    value, dev, shape = input._ms, input._device, input._shape
    dtype = input._dtype
    if dtype._kind < 2:
        dtype = D.get_default_dtype()
        value = cast(value, dtype, dev)
    dims = reduce_dims(dim, len(shape))
    keepdim = keepdim and len(shape) > 0
    if 0 in shape:
        return finish(_full(_reduced_shape(shape, dims, keepdim), -_INF, dtype, dev), dev, out)
    return finish(TABLES[dev.type]["logsumexp"](value, dims, keepdim), dev, out)


# ---- cumsum, cumprod, cummax, cummin, logcumsumexp ------------------------------------------------
@kernel("cumsum")
def _cumsum(value, dim, ms_dtype=None):
    return ops.cumsum(value, dim, dtype=ms_dtype)


# MindSpore's CPU CumSum accumulates float16 in float16 (10000 x 0.1 -> 256; torch gives 1000).
_cpu_in_float32("cumsum", _cumsum, (ms.bfloat16, ms.float16))


@kernel("cumprod")
def _cumprod(value, dim, ms_dtype=None):
    return ops.cumprod(value, dim, dtype=ms_dtype)


_cpu_in_float32("cumprod", _cumprod, (ms.bfloat16, ms.float16))


def _scan(name, input, dim, dtype):
    _check_tensor(input, name)
    value, dev, shape = input._ms, input._device, input._shape
    d = _one_dim(dim, len(shape))
    src = input._dtype
    ms_dtype = None
    if dtype is None:
        if src._kind < 2:
            dtype, ms_dtype = D.int64, ms.int64
        else:
            dtype = src
    else:
        if dtype is not src:
            value = cast(value, dtype, dev)
        if dtype._kind < 2:
            ms_dtype = dtype._ms
    if not shape or 0 in shape:
        return (value if ms_dtype is None else cast(value, dtype, dev)), dtype, dev
    return TABLES[dev.type][name](value, d, ms_dtype), dtype, dev


def _reverse_cumsum(g, d):
    return g.flip(d).cumsum(d).flip(d)


def _cumsum_backward(grad, dim):
    if not grad._shape or 0 in grad._shape:
        return (grad,)
    return (_reverse_cumsum(grad, _one_dim(dim, len(grad._shape))),)


def _cumprod_grad(grad, x, dim, result, recompute):
    """d cumprod: sum over later outputs of grad * out / x. With zeros in a slice, positions before its
    first zero take that sum (the outputs from the zero on are 0), the first zero takes the sum over
    the outputs with it replaced by 1, and later positions get 0. When the backward is recorded, the
    zeros case instead takes a form valid around zeros too (for the second derivative): at position i,
    (product of the elements before i) * sum_{j >= i} grad_j * (product of the elements i+1..j), the
    latter as an n x n cumprod along the dim."""
    shape = x._shape
    if not shape or 0 in shape:
        return grad
    d = _one_dim(dim, len(shape))
    if not (x == 0).any().item():
        return _reverse_cumsum(grad * _live(result, recompute), d) / x
    if is_grad_enabled():
        return _cumprod_grad_around_zeros(grad, x, d)
    zero = (x == 0).long()
    seen = zero.cumsum(d)  # zeros so far, this one included
    after = seen != 0
    first = (seen * zero) != 1  # True except at each slice's first zero
    before_part = (_reverse_cumsum(grad * result, d) / x.masked_fill(after, 1)).masked_fill(after, 0)
    first_part = _reverse_cumsum(grad * x.masked_fill(first.logical_not(), 1).cumprod(d), d).masked_fill(first, 0)
    return before_part + first_part


def _cumprod_grad_around_zeros(grad, x, d):
    n = x._shape[d]
    xl, gl = x.movedim(d, -1), grad.movedim(d, -1)
    rows = xl.unsqueeze(-2).expand(xl._shape[:-1] + (n, n))  # [..., i, j] = x_j
    lower = Tensor._make(ms.Tensor(np.tril(np.ones((n, n), np.bool_))), x._device)  # j <= i
    below = Tensor._make(ms.Tensor(np.tril(np.ones((n, n), np.bool_), -1)), x._device)  # j < i
    spans = rows.masked_fill(lower, 1).cumprod(-1)  # [..., i, j] = prod x_{i+1..j} for j >= i
    tail = (gl.unsqueeze(-2) * spans).masked_fill(below, 0)
    ones = xl.new_ones(xl._shape[:-1] + (1,))
    head = _fn("cat")([ones, xl.narrow(-1, 0, n - 1)], -1).cumprod(-1)  # prod x_{..i-1}
    return (head * tail.sum(-1)).movedim(-1, d)


def _cumprod_backward(grad, input, dim, dtype, result):
    return (_cumprod_grad(grad, input, dim, result, lambda: cumprod(input, dim, dtype=dtype)),)


def _cumprod__backward(grad, self, dim, dtype, result):
    return (_cumprod_grad(grad, self, dim, result, lambda: cumprod(self, dim, dtype=dtype)),)


@defop(backward=_cumsum_backward)
def cumsum(input, dim, *, dtype=None, out=None):
    v, _, dev = _scan("cumsum", input, dim, dtype)
    return finish(v, dev, out)


@defop(backward=_cumprod_backward)
def cumprod(input, dim, *, dtype=None, out=None):
    v, _, dev = _scan("cumprod", input, dim, dtype)
    return finish(v, dev, out)


@defop(namespace=False, backward=_cumsum_backward)
def cumsum_(self, dim, *, dtype=None):
    v, dtype, _ = _scan("cumsum", self, dim, dtype)
    return write_inplace(self, v, dtype)


@defop(namespace=False, backward=_cumprod__backward)
def cumprod_(self, dim, *, dtype=None):
    v, dtype, _ = _scan("cumprod", self, dim, dtype)
    return write_inplace(self, v, dtype)


@kernel("cummax")
def _cummax(value, dim):
    return ops.cummax(value, dim)


@kernel("cummin")
def _cummin(value, dim):
    v, i = ops.cummin(value, dim)
    return v, (i if i.dtype == ms.int64 else ops.cast(i, ms.int64))


_cpu_in_float32("cummax", _cummax)
_cpu_in_float32("cummin", _cummin)


def _cum_extreme(name, input, dim, out):
    _check_tensor(input, name)
    _no_complex(input, name)
    value, dev, shape = input._ms, input._device, input._shape
    cls = getattr(_RT, name)
    if 0 in shape:  # torch checks no dim for empty inputs here
        return _finish_pair(cls, value, _full(shape, 0, D.int64, dev), dev, out)
    d = _one_dim(dim, len(shape))
    if not shape:
        return _finish_pair(cls, value, _full(shape, 0, D.int64, dev), dev, out)
    if input._dtype is D.bool:  # no bool kernels: as uint8, values back to bool
        v, i = TABLES[dev.type][name](cast(value, D.uint8, dev), d)
        return _finish_pair(cls, cast(v, D.bool, dev), i, dev, out)
    v, i = TABLES[dev.type][name](value, d)
    return _finish_pair(cls, v, i, dev, out)


def _cum_extreme_backward(grad, dim, result):
    g = grad[0]
    if not g._shape or 0 in g._shape:
        return (g,)
    return (g.new_zeros(g._shape).scatter_add(_one_dim(dim, len(g._shape)), result[1], g),)


@defop(backward=_cum_extreme_backward)
def cummax(input, dim, *, out=None):
    return _cum_extreme("cummax", input, dim, out)


@defop(backward=_cum_extreme_backward)
def cummin(input, dim, *, out=None):
    return _cum_extreme("cummin", input, dim, out)


_LOWEST_NP = {ms.float16: np.float16, ms.float32: np.float32, ms.float64: np.float64, ms.bfloat16: np.float32}


@kernel("logcumsumexp")
def _logcumsumexp(value, dim):
    """MindSpore's LogCumSumExp goes wrong after an infinity (NaN after +-inf, [-inf, -inf, 2] -> 2.69):
    it runs on finite stand-ins (-inf as the lowest finite value, +inf as 0), then where the running max
    is +inf the result is +inf and where every value so far is -inf it is -inf; it also ignores NaN, which torch
    carries to the end of the scan (as the running max does)."""
    lowest = ms.Tensor(np.finfo(_LOWEST_NP[value.dtype]).min, value.dtype)  # a Python float would pass through float32
    finite = ops.where(value == -_INF, lowest, ops.where(value == _INF, 0.0, value))
    r = ops.logcumsumexp(finite, dim)
    running = ops.cummax(value, dim)[0]
    r = ops.where(running == _INF, _INF, r)
    r = ops.where(running == -_INF, -_INF, r)
    return ops.where(ops.isnan(running), _NAN, r)


def _logcumsumexp_cpu(value, dim):
    return _logcumsumexp(value, dim) if _host_has_inf_or_nan(value) else ops.logcumsumexp(value, dim)


_cpu_in_float32("logcumsumexp", _logcumsumexp_cpu)


def _logcumsumexp_backward(grad, input, dim, result):
    """d_i = sum_{j >= i} grad_j exp(x_i - out_j), summed in log space for the positive and the
    negative grads apart (a reversed logcumsumexp each), so that large |x| does not overflow."""
    shape = input._shape
    if not shape or 0 in shape:
        return (grad,)
    d = _one_dim(dim, len(shape))
    out = _live(result, lambda: logcumsumexp(input, dim))

    def part(log_g):
        return ((log_g - out).flip(d).logcumsumexp(d).flip(d) + input).exp()
    # the grads of the other sign count as the lowest finite value, not -inf: exp of it is 0 all the
    # same, and the derivative of this formula (a logcumsumexp of them) then has no -inf - -inf
    log_abs = grad.abs().log()
    lowest = D.finfo(grad._dtype).min
    return (part(log_abs.masked_fill(grad <= 0, lowest)) - part(log_abs.masked_fill(grad >= 0, lowest)),)


@defop(backward=_logcumsumexp_backward)
def logcumsumexp(input, dim, *, out=None):
    _check_tensor(input, "logcumsumexp")
    value, dev, shape = input._ms, input._device, input._shape
    d = _one_dim(dim, len(shape))
    if input._dtype._kind < 2:
        raise NotImplementedError(f"\"logcumsumexp_out_cpu\" not implemented for '{D.scalar_type_name(input._dtype)}'")
    if not shape or 0 in shape:
        return finish(value, dev, out)
    return finish(TABLES[dev.type]["logcumsumexp"](value, d), dev, out)


# ---- norm -----------------------------------------------------------------------------------------
# torch.norm, its kernels and its derivative live with the linalg norms (linalg.py).


# ---- sort, argsort, msort, topk, kthvalue ---------------------------------------------------------
def _argsort_host(a, axis, descending):
    """Stable sort positions along `axis` with NaN as the largest value (NumPy's order, torch's too)."""
    if not descending:
        return np.argsort(a, axis=axis, kind="stable")
    n = a.shape[axis]
    rev = np.argsort(np.flip(a, axis), axis=axis, kind="stable")
    return (n - 1) - np.flip(rev, axis)


@kernel("sort")
def _sort(value, dim, descending):
    idx = _idx(_argsort_host(_host(value), dim, descending))
    return _gather(value, dim, idx), idx


def _sort_args(name, args, dim, descending, stable):
    """torch's two overloads: (input, dim, descending) positional, or keywords with `stable`."""
    if args:
        if stable is not _UNSET or len(args) > 2:
            raise TypeError(f"{name}() received an invalid combination of arguments: `stable` takes `dim` and "
                            f"`descending` as keywords")
        dim = args[0]
        if len(args) > 1:
            descending = args[1]
    return dim, descending


_UNSET = object()


def _sort_backward(grad, input_shape, args, dim, result):
    d = args[0] if args else dim
    return (_select_back(grad[0], input_shape, _one_dim(d, len(input_shape)), result[1], True),)


@defop(backward=_sort_backward)
def sort(input, *args, dim=-1, descending=False, stable=_UNSET, out=None):
    _check_tensor(input, "sort")
    _no_complex(input, " Sort", RuntimeError, unsigned=False)
    dim, descending = _sort_args("sort", args, dim, descending, stable)
    value, dev, shape = input._ms, input._device, input._shape
    d = _one_dim(dim, len(shape))
    if not shape or 0 in shape:
        return _finish_pair(_RT.sort, value, _full(shape, 0, D.int64, dev), dev, out)
    v, i = TABLES[dev.type]["sort"](value, d, B.bool(descending))
    return _finish_pair(_RT.sort, v, i, dev, out)


@defop()
def argsort(input, *args, dim=-1, descending=False, stable=_UNSET):
    _check_tensor(input, "argsort")
    _no_complex(input, " Sort", RuntimeError, unsigned=False)
    dim, descending = _sort_args("argsort", args, dim, descending, stable)
    value, dev, shape = input._ms, input._device, input._shape
    d = _one_dim(dim, len(shape))
    if not shape or 0 in shape:
        return wrap(_full(shape, 0, D.int64, dev), dev)
    return wrap(_idx(_argsort_host(_host(value), d, B.bool(descending))), dev)


@defop()
def msort(input, *, out=None):
    _check_tensor(input, "msort")
    values = sort(input, 0).values
    return values if out is None else write_out(out, values._ms, input._device)


@kernel("topk")
def _topk(value, k, dim, largest):
    order = _argsort_host(_host(value), dim, largest)
    idx = _idx(np.take(order, np.arange(k), axis=dim))
    return _gather(value, dim, idx), idx


def _topk_backward(grad, input_shape, dim, result):
    g = grad[0]
    if 0 in g._shape:
        return (g.new_zeros(input_shape),)
    return (_select_back(g, input_shape, _one_dim(dim, len(input_shape)), result[1], True),)


@defop(backward=_topk_backward)
def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
    _check_tensor(input, "topk")
    _no_complex(input, " topk", RuntimeError)
    if input._dtype is D.bool:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    value, dev, shape = input._ms, input._device, input._shape
    d = _one_dim(dim, len(shape))
    size = shape[d] if shape else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    if not shape:
        return _finish_pair(_RT.topk, value, _full((), 0, D.int64, dev), dev, out)
    if k == 0 or 0 in shape:
        rshape = shape[:d] + (k,) + shape[d + 1:]
        return _finish_pair(_RT.topk, _full(rshape, 0, input._dtype, dev), _full(rshape, 0, D.int64, dev), dev, out)
    v, i = TABLES[dev.type]["topk"](value, k, d, B.bool(largest))
    return _finish_pair(_RT.topk, v, i, dev, out)


@kernel("kthvalue")
def _kthvalue(value, k, dim, keepdim):
    order = _argsort_host(_host(value), dim, False)
    idx = np.take(order, [k - 1], axis=dim)
    if not keepdim:
        idx = np.squeeze(idx, dim)
    idx = _idx(idx)
    return _gather(value, dim, idx.expand_dims(dim) if not keepdim else idx).reshape(idx.shape), idx


def _kth_backward(grad, input_shape, dim, keepdim, result):
    g = grad[0]
    if 0 in input_shape:
        return (g.new_zeros(input_shape),)
    return (_select_back(g, input_shape, _one_dim(dim, len(input_shape)), result[1], keepdim),)


@defop(backward=_kth_backward)
def kthvalue(input, k, dim=-1, keepdim=False, *, out=None):
    _check_tensor(input, "kthvalue")
    _no_complex(input, "kthvalue")
    if input._dtype is D.bool and input._shape:
        raise NotImplementedError("\"kthvalue_cpu\" not implemented for 'Bool'")
    value, dev, shape = input._ms, input._device, input._shape
    d = _one_dim(dim, len(shape))
    size = shape[d] if shape else 1
    if size == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {d} to have non-zero size.")
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    if not shape:
        return _finish_pair(_RT.kthvalue, value, _full((), 0, D.int64, dev), dev, out)
    if 0 in shape:
        rshape = _reduced_shape(shape, (d,), keepdim)
        return _finish_pair(_RT.kthvalue, _full(rshape, 0, input._dtype, dev), _full(rshape, 0, D.int64, dev), dev,
                            out)
    v, i = TABLES[dev.type]["kthvalue"](value, k, d, B.bool(keepdim))
    return _finish_pair(_RT.kthvalue, v, i, dev, out)


# ---- median, nanmedian, mode ----------------------------------------------------------------------
def _median_index_host(a, axis, ignore_nan):
    """Positions of torch's (lower) median along `axis`: with NaN in a slice, median picks its first
    NaN; nanmedian the lower median of the non-NaN values (the first NaN when all are NaN)."""
    order = np.argsort(a, axis=axis, kind="stable")
    n = a.shape[axis]
    if a.dtype.kind == "f":
        nans = np.isnan(a).sum(axis=axis, keepdims=True)
    else:
        nans = np.zeros([1 if i == axis else s for i, s in enumerate(a.shape)], dtype=np.int64)
    valid = n - nans
    if ignore_nan:
        pos = np.where(valid > 0, (valid - 1) // 2, 0)
    else:
        pos = np.where(nans > 0, valid, (n - 1) // 2)
    return np.take_along_axis(order, pos.astype(np.int64), axis=axis)


@kernel("median")
def _median(value, dim, keepdim, ignore_nan):
    idx = _median_index_host(_host(value), dim, ignore_nan)
    v = _gather(value, dim, _idx(idx))
    if not keepdim:
        idx = np.squeeze(idx, dim)
        v = v.reshape(idx.shape)
    return v, _idx(idx)


def _median_common(name, input, dim, keepdim, out, ignore_nan):
    _check_tensor(input, name)
    if input._dtype is D.bool:
        raise NotImplementedError("\"median_cpu\" not implemented for 'Bool'")
    _no_complex(input, name)
    if dim is None:
        return (_nanmedian_all if ignore_nan else _median_all)(input, out=out)
    return (_nanmedian_dim if ignore_nan else _median_dim)(input, dim, keepdim, out=out)


def _median_all_impl(input, out, ignore_nan):
    value, dev, shape = input._ms, input._device, input._shape
    if 0 in shape:
        return finish(_full((), _NAN, input._dtype, dev), dev, out)
    return finish(TABLES[dev.type]["median"](value.reshape(-1), 0, False, ignore_nan)[0], dev, out)


def _median_dim_impl(name, input, dim, keepdim, out, ignore_nan):
    value, dev, shape = input._ms, input._device, input._shape
    cls = getattr(_RT, name)
    d = _one_dim(dim, len(shape))
    if not shape:
        return _finish_pair(cls, value, _full((), 0, D.int64, dev), dev, out)
    if shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    if 0 in shape:
        rshape = _reduced_shape(shape, (d,), keepdim)
        return _finish_pair(cls, _full(rshape, 0, input._dtype, dev), _full(rshape, 0, D.int64, dev), dev, out)
    v, i = TABLES[dev.type]["median"](value, d, B.bool(keepdim), ignore_nan)
    return _finish_pair(cls, v, i, dev, out)


@_internal("_median_all", "MedianBackward0", _pick_all_backward)
def _median_all(input, out=None):
    return _median_all_impl(input, out, False)


@_internal("_nanmedian_all", "NanmedianBackward0", _pick_all_backward)
def _nanmedian_all(input, out=None):
    return _median_all_impl(input, out, True)


@_internal("_median_dim", "MedianBackward1", _pick_dim_backward)
def _median_dim(input, dim, keepdim=False, out=None):
    return _median_dim_impl("median", input, dim, keepdim, out, False)


@_internal("_nanmedian_dim", "NanmedianBackward1", _pick_dim_backward)
def _nanmedian_dim(input, dim, keepdim=False, out=None):
    return _median_dim_impl("nanmedian", input, dim, keepdim, out, True)


@defop()
def median(input, dim=None, keepdim=False, *, out=None):
    return _median_common("median", input, dim, keepdim, out, False)


@defop()
def nanmedian(input, dim=None, keepdim=False, *, out=None):
    return _median_common("nanmedian", input, dim, keepdim, out, True)


def _mode_host(a, axis):
    """torch's mode along `axis`: the most frequent value (the smallest among equally frequent ones;
    NaN never equals itself) and the index of its last occurrence."""
    moved = np.moveaxis(a, axis, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    n = flat.shape[1]
    order = np.argsort(flat, axis=1, kind="stable")
    s = np.take_along_axis(flat, order, axis=1)
    out_idx = np.empty(flat.shape[0], dtype=np.int64)
    for r in range(flat.shape[0]):
        row = s[r]
        ends = np.flatnonzero(np.append(row[1:] != row[:-1], True))  # last position of each run
        lengths = np.diff(np.append(-1, ends))
        best = ends[np.argmax(lengths)]
        out_idx[r] = order[r, best]
    return out_idx.reshape(moved.shape[:-1])


@kernel("mode")
def _mode(value, dim, keepdim):
    idx = np.expand_dims(_mode_host(_host(value), dim), dim)
    v = _gather(value, dim, _idx(idx))
    if not keepdim:
        idx = np.squeeze(idx, dim)
        v = v.reshape(idx.shape)
    return v, _idx(idx)


@defop(backward=_kth_backward)
def mode(input, dim=-1, keepdim=False, *, out=None):
    _check_tensor(input, "mode")
    _no_complex(input, "mode")
    value, dev, shape = input._ms, input._device, input._shape
    d = _one_dim(dim, len(shape))
    if not shape:
        return _finish_pair(_RT.mode, value, _full((), 0, D.int64, dev), dev, out)
    if shape[d] == 0:
        raise IndexError(f"mode(): Expected reduction dim {d} to have non-zero size.")
    if 0 in shape:
        rshape = _reduced_shape(shape, (d,), keepdim)
        return _finish_pair(_RT.mode, _full(rshape, 0, input._dtype, dev), _full(rshape, 0, D.int64, dev), dev, out)
    v, i = TABLES[dev.type]["mode"](value, d, B.bool(keepdim))
    return _finish_pair(_RT.mode, v, i, dev, out)


# ---- unique, unique_consecutive -------------------------------------------------------------------
def _from_host(array, dtype, dev):
    array = np.asarray(array, dtype=dtype._np or np.float32)
    value = ms.Tensor(np.ascontiguousarray(array).reshape(array.shape))
    return wrap(value if dtype._np is not None else cast(value, dtype, dev), dev)


def _unique_host(a, consecutive, dim):
    """(values, inverse, counts) of torch's unique/unique_consecutive; NaNs are all distinct."""
    if dim is None:
        flat = a.reshape(-1)
        if consecutive:
            if flat.size == 0:
                return flat, np.zeros(a.shape, np.int64), np.zeros(0, np.int64)
            new = np.append(True, flat[1:] != flat[:-1])
            inverse = np.cumsum(new) - 1
            starts = np.flatnonzero(new)
            counts = np.diff(np.append(starts, flat.size))
            return flat[starts], inverse.reshape(a.shape), counts
        order = np.argsort(flat, kind="stable")
        s = flat[order]
        new = np.append(True, s[1:] != s[:-1]) if s.size else np.zeros(0, bool)
        group = np.cumsum(new) - 1
        inverse = np.empty(flat.size, np.int64)
        inverse[order] = group
        starts = np.flatnonzero(new)
        counts = np.diff(np.append(starts, s.size))
        return s[starts], inverse.reshape(a.shape), counts
    moved = np.moveaxis(a, dim, 0)
    rows = moved.reshape(moved.shape[0], -1)
    n = rows.shape[0]
    if n == 0:
        return moved, np.zeros(0, np.int64), np.zeros(0, np.int64)
    if consecutive:
        order = np.arange(n)
    else:
        order = np.lexsort(rows.T[::-1]) if rows.shape[1] else np.arange(n)
    s = rows[order]
    new = np.append(True, (s[1:] != s[:-1]).any(axis=1)) if rows.shape[1] else np.append(True, np.zeros(n - 1, bool))
    group = np.cumsum(new) - 1
    inverse = np.empty(n, np.int64)
    inverse[order] = group
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, n))
    values = np.moveaxis(moved[order[starts]], 0, dim)
    return values, inverse, counts


def _unique_common(name, input, return_inverse, return_counts, dim, consecutive):
    _check_tensor(input, name)
    _no_complex(input, "unique", unsigned=False)
    shape = input._shape
    if dim is not None:
        dim = _one_dim(dim, len(shape))
        if not shape:
            raise IndexError(f"Dimension out of range (expected to be in range of [-1, 0], but got {dim})")
        if 0 in shape:
            if shape.count(0) > 1:
                raise RuntimeError("Number of zero sized dimensions is more than one, so unique cannot be applied ")
            if shape[dim] != 0:
                raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be "
                                   "applied")
            dev = input._device
            res = [input.clone()]
            if return_inverse:
                res.append(wrap(_full((0,), 0, D.int64, dev), dev))
            if return_counts:
                res.append(wrap(_full((0,), 0, D.int64, dev), dev))
            return res[0] if len(res) == 1 else tuple(res)
    a = _host(input._ms)
    values, inverse, counts = _unique_host(a, consecutive, dim)
    dev = input._device
    out = _from_host(values, input._dtype, dev)
    if not (return_inverse or return_counts):
        return out
    res = [out]
    if return_inverse:
        res.append(wrap(_idx(inverse), dev))
    if return_counts:
        res.append(wrap(_idx(counts), dev))
    return tuple(res)


def _unique_backward(grad):
    raise NotImplementedError("the derivative for '_unique2' is not implemented.")


def _unique_consecutive_backward(grad):
    raise NotImplementedError("the derivative for 'unique_consecutive' is not implemented.")


@defop(backward=_unique_backward)
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    return _unique_common("unique", input, return_inverse, return_counts, dim, False)


@defop(backward=_unique_consecutive_backward)
def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    return _unique_common("unique_consecutive", input, return_inverse, return_counts, dim, True)


# ---- bincount, histc ------------------------------------------------------------------------------
def _bincount_backward(grad):
    raise RuntimeError("derivative for aten::bincount is not implemented")


@defop(backward=_bincount_backward)
def bincount(input, weights=None, minlength=0):
    _check_tensor(input, "bincount")
    if len(input._shape) != 1 or input._dtype._kind != 1:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    a = _host(input._ms)
    if a.size and a.min() < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    dev = input._device
    if weights is None or a.size == 0:  # torch gives int64 counts for an empty input, weights or not
        return _from_host(np.bincount(a, minlength=minlength), D.int64, dev)
    if weights._shape != input._shape:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    w = _host(weights._ms).astype(np.float64)
    dtype = weights._dtype if weights._dtype in (D.float32, D.float64) else D.float64
    return _from_host(np.bincount(a, weights=w, minlength=minlength), dtype, dev)


def _linspace_edges(lo, hi, bins, np_dtype):
    """torch.linspace(lo, hi, bins + 1) in `np_dtype`: from both ends toward the middle."""
    steps = bins + 1
    step = (np_dtype(hi) - np_dtype(lo)) / np_dtype(bins)
    i = np.arange(steps)
    half = steps // 2
    return np.where(i < half, np_dtype(lo) + step * i.astype(np_dtype),
                    np_dtype(hi) - step * (steps - 1 - i).astype(np_dtype)).astype(np_dtype)


@defop(differentiable_output=False)  # torch: a histogram's counts are off the graph
def histc(input, bins=100, min=0, max=0, *, out=None):
    _check_tensor(input, "histc")
    if input._dtype._kind != 2:
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{D.scalar_type_name(input._dtype)}'")
    if bins <= 0:
        raise RuntimeError("torch.histogram(): bins must be > 0")
    a = _host(input._ms).reshape(-1)
    np_dtype = a.dtype.type
    lo, hi = float(min), float(max)
    if lo > hi:
        raise RuntimeError("torch.histogram(): max must be larger than min")
    if lo == hi and a.size:
        lo, hi = float(a.min()), float(a.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"torch.histogram(): range of [{lo}, {hi}] is not finite")
    edges = _linspace_edges(lo, hi, bins, np_dtype)
    keep = a[(a >= np_dtype(lo)) & (a <= np_dtype(hi))]
    pos = np.clip(np.searchsorted(edges, keep, side="right") - 1, 0, bins - 1)
    counts = np.bincount(pos, minlength=bins).astype(np.float64)
    return finish(_from_host(counts, input._dtype, input._device)._ms, input._device, out)


# ---- quantile, nanquantile ------------------------------------------------------------------------
_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile_plan(name, input, q, dim, keepdim, interpolation, ignore_nan):
    """Checks, then where each quantile reads the input: along the reduced dim `d` (moved last), for each
    q and slice the sorted positions `lo`/`hi` (as input positions, shape (Q, ..., 1)) and the weight `w`
    of `hi`. A slice with NaN (quantile) reads its last sorted value, an all-NaN slice (nanquantile) its
    first: NaN either way, and where torch sends the gradient."""
    _check_tensor(input, name)
    if input._dtype not in (D.float32, D.float64):
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, midpoint or nearest. "
                           f"Found {interpolation}")
    shape = input._shape
    if isinstance(q, Tensor):
        if q._dtype is not input._dtype:
            raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
        if len(q._shape) > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
        qs = _host(q._ms).reshape(-1).astype(np.float64)
        scalar_q = not q._shape
    else:
        qs = np.asarray([float(q)])
        scalar_q = True
    if qs.size and (qs.min() < 0 or qs.max() > 1):
        raise RuntimeError(f"{name}() q values must be in the range [0, 1]")
    if 0 in shape:
        raise RuntimeError("quantile() input tensor must be non-empty")
    value = input._ms
    if dim is None:
        value = value.reshape(-1)
        d = 0
    else:
        d = _one_dim(dim, len(shape))
        if not shape:
            value = value.reshape(1)
    a = _host(value)
    moved = np.moveaxis(a, d, -1)
    order = np.argsort(moved, axis=-1, kind="stable")
    n = moved.shape[-1]
    nans = np.isnan(moved).sum(axis=-1, keepdims=True)
    valid = (n - nans) if ignore_nan else np.full(nans.shape, n)
    bad = (nans > 0) if not ignore_nan else (valid == 0)
    # ranks in the input's dtype, as torch's (float32 0.1 * 5 is 0.5 there, which 'nearest' rounds to 0)
    rank = qs.astype(a.dtype).reshape((-1,) + (1,) * moved.ndim) * (valid - 1).astype(a.dtype)  # (Q, ..., 1)
    if interpolation == "lower":
        rank = np.floor(rank)
    elif interpolation == "higher":
        rank = np.ceil(rank)
    elif interpolation == "nearest":
        rank = np.round(rank)
    rank = np.where(bad, 0 if ignore_nan else n - 1, rank)
    lo = np.clip(np.floor(rank), 0, n - 1).astype(np.int64)
    hi = np.clip(np.ceil(rank), 0, n - 1).astype(np.int64)
    w = rank - np.floor(rank)
    if interpolation == "midpoint":
        w = np.where(hi != lo, 0.5, 0.0)
    order_b = np.broadcast_to(order, (len(qs),) + order.shape)
    return types.SimpleNamespace(
        value=value, d=d, qs=qs, scalar_q=scalar_q, bad=bad, valid=valid, np_dtype=a.dtype,
        lo=np.take_along_axis(order_b, lo, axis=-1), hi=np.take_along_axis(order_b, hi, axis=-1), w=w)


def _quantile_common(name, input, q, dim, keepdim, interpolation, out, ignore_nan):
    plan = _quantile_plan(name, input, q, dim, keepdim, interpolation, ignore_nan)
    shape, value, d = input._shape, plan.value, plan.d
    src = ops.moveaxis(value, d, -1) if value.ndim > 1 else value
    src = ops.broadcast_to(src.expand_dims(0), (len(plan.qs),) + tuple(src.shape))
    v_lo = ops.gather_elements(src, src.ndim - 1, _idx(plan.lo))
    v_hi = ops.gather_elements(src, src.ndim - 1, _idx(plan.hi))
    r = v_lo + (v_hi - v_lo) * ms.Tensor(plan.w.astype(plan.np_dtype))
    bad_b = np.broadcast_to(plan.bad, r.shape)
    if bad_b.any():
        r = ops.where(ms.Tensor(bad_b), _NAN, r)
    r = r.squeeze(-1)  # (Q, *others)
    if keepdim:
        if dim is None:
            r = r.reshape((len(plan.qs),) + (1,) * len(shape))
        elif shape:
            r = r.expand_dims(d + 1)
    if plan.scalar_q:
        r = r.reshape(r.shape[1:])
    return finish(r, input._device, out)


def _quantile_grads(name, ignore_nan):
    """The input's gradient: each output's grad goes (1 - w) to its lower and w to its upper sorted
    element. q's (torch's linear interpolation only): grad * (upper - lower) * (count - 1)."""
    def formula(grad, input, q, dim, keepdim, interpolation):
        plan = _quantile_plan(name, input, q, dim, keepdim, interpolation, ignore_nan)
        shape, d, nq = input._shape, plan.d, len(plan.qs)
        x = input.reshape(-1) if dim is None else (input.reshape(1) if not shape else input)
        x = x.movedim(d, -1)  # (..., n)
        g = grad.reshape((nq,) + tuple(x._shape[:-1]) + (1,))  # drops kept dims and a scalar q's
        lo, hi = Tensor._make(_idx(plan.lo), input._device), Tensor._make(_idx(plan.hi), input._device)
        w = Tensor._make(ms.Tensor(plan.w.astype(plan.np_dtype)), input._device)
        spread = g.new_zeros((nq,) + tuple(x._shape)).scatter_add(-1, lo, g * (1 - w)).scatter_add(-1, hi, g * w)
        g_in = spread.sum(0).movedim(-1, d).reshape(shape)
        g_q = None
        if isinstance(q, Tensor) and interpolation == "linear":
            xs = x.unsqueeze(0).expand((nq,) + tuple(x._shape))
            step = xs.gather(-1, hi) - xs.gather(-1, lo)
            scale = Tensor._make(ms.Tensor((plan.valid - 1).astype(plan.np_dtype)), input._device)
            per = g * step * scale
            # none from quantile's NaN slices, nor from nanquantile's all-NaN ones where q > 0 (torch clamps
            # their rank q * -1 at 0); q = 0 there gives NaN, as torch's
            none = plan.bad if not ignore_nan else plan.bad & (plan.qs.reshape((-1,) + (1,) * plan.bad.ndim) > 0)
            if none.any():
                per = per.masked_fill(Tensor._make(ms.Tensor(np.broadcast_to(none, step._shape).copy()),
                                                   input._device), 0)
            g_q = per.reshape(nq, -1).sum(1).reshape(q._shape)
        return (g_in, g_q)
    return formula


@defop(backward=_quantile_grads("quantile", False))
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
    return _quantile_common("quantile", input, q, dim, keepdim, interpolation, out, False)


@defop(backward=_quantile_grads("nanquantile", True))
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
    return _quantile_common("nanquantile", input, q, dim, keepdim, interpolation, out, True)


# ---- diff -----------------------------------------------------------------------------------------
@kernel("diff")
def _diff(value, n, dim):
    for _ in range(n):
        size = value.shape[dim]
        if size == 0:
            break
        hi = ops.narrow(value, dim, 1, size - 1)
        lo = ops.narrow(value, dim, 0, size - 1)
        value = ops.logical_xor(hi, lo) if value.dtype == ms.bool_ else hi - lo
    return value


_cpu_in_float32("diff", _diff)


def _diff_backward(grad, input_shape, n, dim, prepend_shape, append_shape):
    """diff is linear: each difference's adjoint spreads grad_i to positions i+1 (+) and i (-); the
    result is cut back into prepend, input and append."""
    if n == 0:  # the forward copies the input and ignores prepend/append
        return (grad,)
    d = _one_dim(dim, len(input_shape))
    shapes = (prepend_shape, input_shape, append_shape)
    if n >= B.sum(s[d] for s in shapes if s is not None) or 0 in grad._shape:
        g_pre, g_in, g_app = (None if s is None else grad.new_zeros(s) for s in shapes)
        return (g_in, None, None, g_pre, g_app)
    g = grad
    cat = _fn("cat")
    for _ in range(n):
        edge = g.new_zeros(g._shape[:d] + (1,) + g._shape[d + 1:])
        g = cat([edge, g], d) - cat([g, edge], d)
    pieces, start = [], 0
    for s in shapes:
        pieces.append(None if s is None else g.narrow(d, start, s[d]))
        start += 0 if s is None else s[d]
    return (pieces[1], None, None, pieces[0], pieces[2])


@defop(backward=_diff_backward)
def diff(input, n=1, dim=-1, prepend=None, append=None):
    _check_tensor(input, "diff")
    if input._dtype in _WIDE_UNSIGNED:
        _no_complex(input, "sub")
    shape = input._shape
    if not shape:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    value, dev = input._ms, input._device
    if n == 0 and prepend is None and append is None:  # torch copies the input without looking at dim
        return wrap(_table(input)["clone"](value), dev)
    d = _one_dim(dim, len(shape))
    dtype = input._dtype
    for extra in (prepend, append):
        if extra is not None:
            _check_diff_operand(extra, input, d)
            dtype = D.promote_types(dtype, extra._dtype)
    if n == 0:  # ... and ignores prepend/append once they pass the checks
        return wrap(_table(input)["clone"](value), dev)
    pieces = [x._ms if x._dtype is dtype else cast(x._ms, dtype, dev)
              for x in (prepend, input, append) if x is not None]
    cat_shape = list(shape)
    cat_shape[d] = B.sum(p.shape[d] for p in pieces)
    if n >= cat_shape[d] or 0 in cat_shape:
        cat_shape[d] = B.max(0, cat_shape[d] - n)
        return wrap(_full(tuple(cat_shape), 0, dtype, dev), dev)
    if len(pieces) > 1:
        pieces = [p for p in pieces if p.size]
        value = ops.cat(pieces, d) if len(pieces) > 1 else pieces[0]
    return wrap(TABLES[dev.type]["diff"](value, n, d), dev)


def _check_diff_operand(x, input, d):
    if not isinstance(x, Tensor):
        raise TypeError(f"diff(): argument 'prepend' must be Tensor, not {type(x).__name__}")
    if len(x._shape) != len(input._shape):
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    for i, (a, b) in enumerate(zip(x._shape, input._shape)):
        if i != d and a != b:
            raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size {b} but got size "
                               f"{a} for tensor number 1 in the list.")
