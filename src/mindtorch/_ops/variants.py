"""Variants of existing ops: the `_copy` forms of the view ops (the view, then a fresh contiguous copy), the
`_scatter` ops (a copy of input with one view region replaced by src), and small torch functions and Tensor
methods built from existing entries (detach, is_same_size, sum_to_size, unsafe_split, histogram, frexp, ...)."""
import builtins
import itertools
import warnings

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from .registry import defop
from .common import write_out, wrap_dim
from . import shape as _shape
from . import conversion as _conversion


def _tensor_arg(x, fn, name="input"):
    if not isinstance(x, Tensor):
        raise TypeError(f"{fn}(): argument '{name}' (position 1) must be Tensor, not {type(x).__name__}")
    return x


# ---- the _copy variants: the view op, then a fresh contiguous copy --------------------------------------------
def _slice(input, dim=0, start=None, end=None, step=1):
    d = wrap_dim(dim, input.ndim)
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    return input[(slice(None),) * d + (slice(start, end, step),)]


_COPY_VARIANTS = {  # name -> the view it copies
    "view_copy": lambda input, size: input.view(size) if isinstance(size, D.dtype) else _shape.reshape(input, size),
    # (torch's view_copy takes any layout: the copy is of the values, so reshape's rule applies)
    "permute_copy": lambda input, dims: _shape.permute(input, dims),
    "t_copy": lambda input: _shape.t(input),
    "transpose_copy": lambda input, dim0, dim1: _shape.transpose(input, dim0, dim1),
    "expand_copy": lambda input, size, *, implicit=False: input.expand(size),
    "squeeze_copy": lambda input, dim=None: _shape.squeeze(input, dim),
    "unsqueeze_copy": lambda input, dim: _shape.unsqueeze(input, dim),
    "select_copy": lambda input, dim, index: _shape.select(input, dim, index),
    "slice_copy": _slice,
    "split_copy": lambda input, split_size, dim=0: _shape.split(input, split_size, dim),
    "split_with_sizes_copy": lambda input, split_sizes, dim=0: _shape.split_with_sizes(input, split_sizes, dim),
    "unbind_copy": lambda input, dim=0: _shape.unbind(input, dim),
    "diagonal_copy": lambda input, offset=0, dim1=0, dim2=1: _shape.diagonal(input, offset, dim1, dim2),
    "as_strided_copy": lambda input, size, stride, storage_offset=None:
        _shape.as_strided(input, size, stride, storage_offset),
    "detach_copy": lambda input: input.detach(),
    "alias_copy": lambda input: input,  # the alias is input itself; its copy is a clone
    "unfold_copy": lambda input, dimension, size, step: input.unfold(dimension, size, step),
}


def _write_copy_out(out, r):
    if isinstance(out, Tensor) and out._dtype is not r._dtype:  # torch's _copy out= takes the exact dtype only
        raise RuntimeError(f"Expected out tensor to have dtype {r._dtype}, but got {out._dtype} instead")
    return write_out(out, r._ms, r._device)


def _copy_variant(name, view):
    def entry(input, *args, out=None, **kwargs):
        _tensor_arg(input, name)
        res = view(input, *args, **kwargs)
        if isinstance(res, tuple):  # split_copy, unbind_copy: every piece fresh
            if out is not None:
                for o, r in zip(out, res):
                    _write_copy_out(o, r)
                return None
            return tuple(_conversion.clone(r) for r in res)
        res = _conversion.clone(res)
        return res if out is None else _write_copy_out(out, res)
    entry.__name__ = entry.__qualname__ = name
    entry.__doc__ = f"torch.{name}: as torch.{name[:-5]}, but the result is a fresh contiguous tensor."
    # a composite of recorded ops (the view, clone): the graph goes through them. detach_copy's output, as
    # torch's, requires grad with a node whose backward raises "the derivative ... is not implemented"
    defop(name, method=False)(entry)


for _name, _view in _COPY_VARIANTS.items():
    _copy_variant(_name, _view)


# ---- the _scatter ops: input's copy with a view region replaced by src ----------------------------------------
def _scatter_into(name, input, src, region):
    """A clone of input whose region (`region(clone)`, a view) holds src."""
    _tensor_arg(input, name)
    _tensor_arg(src, name, "src")
    out = _conversion.clone(input)
    view = region(out)
    if view._shape != src._shape:
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = {list(src._shape)}, "
                           f"slice size = {list(view._shape)}")
    view.copy_(src)
    return out


def _select_scatter_backward(grad, src_shape, dim, index):
    return (select_scatter(grad, grad.new_zeros(src_shape), dim, index), grad.select(dim, index))


@defop(backward=_select_scatter_backward)
def select_scatter(input, src, dim, index):
    return _scatter_into("select_scatter", input, src, lambda t: _shape.select(t, dim, index))


def _slice_scatter_backward(grad, src_shape, dim, start, end, step):
    return (slice_scatter(grad, grad.new_zeros(src_shape), dim, start, end, step), _slice(grad, dim, start, end, step))


@defop(backward=_slice_scatter_backward)
def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    return _scatter_into("slice_scatter", input, src, lambda t: _slice(t, dim, start, end, step))


def _diagonal_scatter_backward(grad, src_shape, offset, dim1, dim2):
    return (diagonal_scatter(grad, grad.new_zeros(src_shape), offset, dim1, dim2),
            _shape.diagonal(grad, offset, dim1, dim2))


@defop(backward=_diagonal_scatter_backward)
def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    return _scatter_into("diagonal_scatter", input, src, lambda t: _shape.diagonal(t, offset, dim1, dim2))


def _as_strided_scatter_backward(grad, input_shape, size, stride, storage_offset):
    # torch 2.13's formula (as_strided_scatter_backward) gives input the grad of the REGION (zeros elsewhere),
    # not the grad with the region zeroed that the other _scatter ops give; we match torch, the oracle.
    # Both read grad as contiguous (torch: strided inputs are not supported here).
    region = _shape.as_strided(grad.contiguous(), size, stride, storage_offset)
    return (as_strided_scatter(grad.new_zeros(input_shape), region, size, stride, storage_offset), region)


@defop(backward=_as_strided_scatter_backward)
def as_strided_scatter(input, src, size, stride, storage_offset=None):
    return _scatter_into("as_strided_scatter", input, src,
                         lambda t: _shape.as_strided(t, size, stride, storage_offset))


# ---- small torch functions and Tensor methods over existing entries -------------------------------------------
@defop(method=False, differentiable_output=False)
def detach(input):
    return input.detach()


@defop()
def is_same_size(input, other):
    return input._shape == other._shape


@defop("is_signed", method=False)
def _is_signed_function(input):
    return input._dtype.is_signed


@defop("get_device", method=False)
def _get_device_function(input):
    return input.get_device()


@defop()
def is_inference(input):
    """True for a tensor made under inference_mode (Tensor._make marks it; views follow their base)."""
    t = input if input._base is None else input._base
    return t.__dict__.get("_inference", False) if hasattr(t, "__dict__") else False


@defop("_is_nonzero_method", namespace=False, method="is_nonzero")
def _is_nonzero_method(self):
    from .._api import is_nonzero as _is_nonzero
    return _is_nonzero(self)


@defop(namespace=False)
def sum_to_size(self, *size):
    if not size:
        raise TypeError('sum_to_size() missing 1 required positional arguments: "size"')
    size = tuple(_shape._shape_arg(size, "sum_to_size"))
    shape = self._shape
    lead = len(shape) - len(size)
    if lead < 0 or any(s != 1 and s != n for s, n in zip(size, shape[lead:])):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    dims = list(range(lead)) + [lead + i for i, s in enumerate(size) if s == 1 and shape[lead + i] != 1]
    out = self.sum(dim=dims, keepdim=True) if dims else self
    return out.reshape(size) if lead else out


@defop()
def unsafe_chunk(input, chunks, dim=0):
    return _shape.chunk(input, chunks, dim)


@defop()
def unsafe_split(tensor, split_size_or_sections, dim=0):
    return _shape.split(tensor, split_size_or_sections, dim)


@defop()
def unsafe_split_with_sizes(input, split_sizes, dim=0):
    return _shape.split_with_sizes(input, split_sizes, dim)


@defop(namespace=False, differentiable_output=False)
def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None, requires_grad=False,
                      pin_memory=False):
    from .creation import empty_strided
    return empty_strided(size, stride, dtype=dtype or self._dtype, device=device or self._device,
                         requires_grad=requires_grad)


@defop(namespace=False)
def chalf(self, memory_format=None):
    return self.to(D.complex32)


@defop(method=False)
def combinations(input, r=2, with_replacement=False):
    _tensor_arg(input, "combinations")
    if input.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input._shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return input.new_empty(0)
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    index = np.array(list(pick(range(input._shape[0]), r)), dtype=np.int64).reshape(-1, r)
    from .creation import tensor as _tensor
    return input[_tensor(index, device=input._device)]


# torch.return_types for the two ops below, beside the reductions' (reduction.return_types)
from .reduction import return_types as _return_types, _structseq  # noqa: E402
for _rt_name, _rt_fields in (("frexp", "mantissa exponent"), ("histogram", "hist bin_edges")):
    setattr(_return_types, _rt_name, _structseq(_rt_name, _rt_fields.split()))
    setattr(_return_types, _rt_name + "_out", getattr(_return_types, _rt_name))


def _host(t, dtype=None):
    """t's values as NumPy (bfloat16 through float32)."""
    if t._dtype is D.bfloat16:
        t = t.float()
    return t.detach().cpu().numpy() if dtype is None else t.detach().cpu().numpy().astype(dtype)


def _from_host(arr, like_dtype, device):
    from .creation import tensor as _tensor
    return _tensor(np.ascontiguousarray(arr), device=device).to(like_dtype)


def _frexp_backward(grad, result):
    return (grad[0] / result[1].to(grad[0].dtype).exp2(),)


@defop(backward=_frexp_backward)
def frexp(input, *, out=None):
    _tensor_arg(input, "frexp")
    if not input._dtype.is_floating_point:
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    mantissa, exponent = np.frexp(_host(input))
    m = _from_host(mantissa, input._dtype, input._device).reshape(input._shape)
    e = _from_host(exponent.astype(np.int32), D.int32, input._device).reshape(input._shape)
    if out is not None:
        write_out(out[0], m._ms, m._device)
        write_out(out[1], e._ms, e._device)
        m, e = out
    return _return_types.frexp((m, e))


@defop()
def histogram(input, bins, *, range=None, weight=None, density=False, out=None):
    _tensor_arg(input, "histogram")
    if not input._dtype.is_floating_point:
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{D.scalar_type_name(input._dtype)}'")
    if isinstance(bins, Tensor) and range is not None:  # torch's overload with a bins tensor takes no range
        raise TypeError("histogram() received an invalid combination of arguments: range= with a bins tensor")
    if weight is not None and not isinstance(weight, Tensor):
        raise TypeError(f"histogram(): argument 'weight' must be Tensor, not {type(weight).__name__}")
    x = _host(input, np.float64).reshape(-1)
    w = None if weight is None else _host(weight, np.float64).reshape(-1)
    if weight is not None and (weight._shape != input._shape or not input.ndim):
        raise RuntimeError("torch.histogram: if weight tensor is provided, it should have the same shape as the "
                           "input tensor excluding its innermost dimension")
    if isinstance(bins, Tensor):
        if bins.ndim != 1:
            raise RuntimeError(f"torch.histogram: bins tensor should have one dimension, but got {bins.ndim} dimensions")
        edges = _host(bins, np.float64)
        if np.any(np.diff(edges) < 0):
            raise RuntimeError("torch.histogram: bin edges must be non-decreasing")
    else:
        if bins <= 0:
            raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
        if range is not None:
            lo, hi = float(range[0]), float(range[1])
            if lo > hi:
                raise RuntimeError(f"torch.histogram: min should not exceed max, but got min {lo} max {hi}")
        elif x.size:
            lo, hi = float(x.min()), float(x.max())
        else:
            lo, hi = 0.0, 1.0
        if lo == hi:  # torch widens an empty range by 0.5 each side (as NumPy)
            lo, hi = lo - 0.5, hi + 0.5
        # torch computes the edges in the input's dtype
        np_dtype = {D.float16: np.float16, D.float64: np.float64}.get(input._dtype, np.float32)
        edges = np.linspace(np.array(lo, np_dtype), np.array(hi, np_dtype), bins + 1).astype(np.float64)
    hist, _ = np.histogram(x, edges, weights=w)
    hist = hist.astype(np.float64)
    if density:
        total = hist.sum()
        hist = hist / (total * np.diff(edges)) if total else hist / np.diff(edges) * np.nan
    h = _from_host(hist, input._dtype, input._device)
    e = _from_host(edges, input._dtype, input._device)
    if out is not None:
        write_out(out[0], h._ms, h._device)
        write_out(out[1], e._ms, e._device)
        h, e = out
    return _return_types.histogram((h, e))


@defop(method=False)
def set_default_tensor_type(t):
    warnings.warn("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
                  "torch.set_default_dtype() and torch.set_default_device() as alternatives.")
    from .. import _dtype
    if isinstance(t, str):
        import mindtorch
        name = t.split(".")[-1]
        cls = getattr(mindtorch, name, None)
        if cls is None or not hasattr(cls, "dtype"):
            raise TypeError(f"invalid type: '{t}'")
        t = cls
    dtype = getattr(t, "dtype", None)
    if not isinstance(dtype, D.dtype):
        raise TypeError(f"invalid type object: only floating-point types are supported as the default type")
    if not dtype.is_floating_point:
        raise TypeError(f"only floating-point types are supported as the default type")
    _dtype.set_default_dtype(dtype)


# ---- Tensor methods that run a Python callable elementwise on the host (CPU, as torch) ----------------------
def _elementwise_host(name, self, fn, others):
    if self._requires_grad:
        raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use var.detach().{name}() instead.")
    if self._device.type != "cpu":
        raise RuntimeError(f"{name}_ is only implemented on CPU tensors")
    cols = [self.tolist()] if not self._shape else [np.array(self.tolist(), dtype=object).reshape(-1).tolist()]
    for o in others:
        if not isinstance(o, Tensor):
            raise TypeError(f"{name}(): argument must be Tensor, not {type(o).__name__}")
        if o._dtype is not self._dtype:
            raise TypeError(f"{name}: expected {self._dtype} for 'other' (got {o._dtype})")
        b = o.expand(self._shape) if o._shape != self._shape else o
        cols.append(b.tolist() if not self._shape else np.array(b.tolist(), dtype=object).reshape(-1).tolist())
    if not self._shape:
        values = fn(*cols)
    else:
        values = [fn(*vs) for vs in zip(*cols)]
    from .creation import tensor as _tensor
    with_values = _tensor(values, dtype=self._dtype, device=self._device)
    self.copy_(with_values.reshape(self._shape))
    return self


@defop(namespace=False, differentiable_output=False)
def apply_(self, callable):
    return _elementwise_host("apply_", self, callable, ())


@defop(namespace=False, differentiable_output=False)
def map_(self, tensor, callable):
    return _elementwise_host("map_", self, callable, (tensor,))


@defop(namespace=False, differentiable_output=False)
def map2_(self, x, y, callable):
    return _elementwise_host("map2_", self, callable, (x, y))


# ---- resize_ / resize_as_: keep the storage prefix, grow it when short (new elements zeros) ------------------
@defop(namespace=False, differentiable_output=False)
def resize_(self, *sizes, memory_format=None):
    from .._storage import contiguous_strides
    if self._requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    shape = tuple(_shape._shape_arg(sizes, "resize_"))
    if any(s < 0 for s in shape):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(shape)}: {list(shape)}")
    numel = 1
    for s in shape:
        numel *= s
    st = self._storage
    need = self._offset + numel
    if numel and need > st.numel:
        import mindspore as ms
        from mindspore import ops
        flat = st.flat()
        st.value = ops.cat((flat, ops.zeros((need - st.numel,), flat.dtype)))
        st.numel = need
        st.version += 1
        for attr in ("host", "host_seen"):
            setattr(st, attr, None)
    return _shape._relayout(self, self._view(shape, contiguous_strides(shape), self._offset))


@defop(differentiable_output=False)
def resize_as_(input, the_template, *, memory_format=None):
    return resize_(input, the_template._shape)


# ---- memory sharing and pinning (CPU: flags and copies with torch's return values) --------------------------
@defop(namespace=False, differentiable_output=False)
def share_memory_(self):
    self._storage_shared = True
    return self


@defop(namespace=False)
def is_shared(self):
    return bool(self.__dict__.get("_storage_shared", False))


@defop(namespace=False)
def is_pinned(self, device=None):
    return False


@defop(namespace=False, differentiable_output=False)
def pin_memory(self, device=None):
    from .. import cuda
    if not cuda.is_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    return _conversion.clone(self)


# ---- anomaly-mode flags at torch level (torch.is_anomaly_enabled, ...; the modes live in autograd) ----------
from ..autograd import anomaly_mode as _anomaly_mode  # noqa: E402

for _fn in (_anomaly_mode.is_anomaly_enabled, _anomaly_mode.is_anomaly_check_nan_enabled,
            _anomaly_mode.set_anomaly_enabled):
    defop(method=False, differentiable_output=False)(_fn)
