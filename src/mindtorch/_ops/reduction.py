"""Reductions: sum, mean, prod, max/min, var/std, cumulative ops, sort/topk, unique, ..."""
from mindspore import ops

from .. import _dtype as D
from .._tensor import Tensor
from .registry import defop, kernel, TABLES
from .common import cast, finish, wrap_dim


def reduce_dims(dim, ndim):
    """torch's `dim` argument (None, int or sequence) as a sorted tuple of wrapped dims (() = all)."""
    if dim is None:
        return ()
    if isinstance(dim, int):
        return (wrap_dim(dim, ndim),)
    dims = tuple(wrap_dim(d, ndim) for d in dim)
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
    return tuple(sorted(dims))


@kernel("sum")
def _sum(value, dims, keepdim):
    return ops.sum(value, dims if dims else None, keepdim)


@defop()
def sum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    if dtype is None:
        dtype = D.int64 if input._dtype._kind < 2 else input._dtype
    value = input._ms
    if value.dtype != dtype._ms:
        value = cast(value, dtype, input._device)
    dims = reduce_dims(dim, len(input._shape))
    return finish(TABLES[input._device.type]["sum"](value, dims, keepdim), input._device, out)
