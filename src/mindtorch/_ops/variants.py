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
    "view_copy": lambda input, size: input.view(size),
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


def _copy_variant(name, view):
    def entry(input, *args, out=None, **kwargs):
        _tensor_arg(input, name)
        res = view(input, *args, **kwargs)
        if isinstance(res, tuple):  # split_copy, unbind_copy: every piece fresh
            if out is not None:
                for o, r in zip(out, res):
                    write_out(o, r._ms, r._device)
                return None
            return tuple(_conversion.clone(r) for r in res)
        res = _conversion.clone(res)
        return res if out is None else write_out(out, res._ms, res._device)
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


def _as_strided_scatter_backward(grad, src_shape, size, stride, storage_offset):
    grad = grad.contiguous()
    return (as_strided_scatter(grad, grad.new_zeros(src_shape), size, stride, storage_offset),
            _shape.as_strided(grad, size, stride, storage_offset))


@defop(backward=_as_strided_scatter_backward)
def as_strided_scatter(input, src, size, stride, storage_offset=None):
    return _scatter_into("as_strided_scatter", input, src,
                         lambda t: _shape.as_strided(t, size, stride, storage_offset))
