"""Element-position ops that autograd uses for writes through views (torch's CopySlices).

`_take_positions(base, index, shape)` reads the elements of `base` (in its row-major order) at `index`;
`_put_positions(base, index, values)` returns `base` with those elements replaced. Each is the other's
derivative, so a write through a view is differentiable, twice over."""
import numpy as np
import mindspore as ms
from mindspore import ops

from .._storage import flat_indices, gather_flat, scatter_flat
from .._tensor import Tensor
from .registry import defop, kernel, TABLES
from .common import wrap


@kernel("_take_positions")
def _take_kernel(value, index, shape):
    return gather_flat(value.reshape(-1), index).reshape(shape)


@kernel("_put_positions")
def _put_kernel(value, index, values):
    return scatter_flat(value.reshape(-1), index, values.reshape(-1)).reshape(value.shape)


@kernel("_add_at_positions")
def _add_at_kernel(value, index, values):
    flat = value.reshape(-1)
    summed = ops.unsorted_segment_sum(values.reshape(-1), index, flat.shape[0])
    return (flat + summed).reshape(value.shape)


def _take_backward(grad, index, base_shape):
    return (_add_at_positions(grad.new_zeros(base_shape), index, grad),)


def _put_backward(grad, index, values):
    return (_put_positions(grad, index, grad.new_zeros(values.shape)), None,
            _take_positions(grad, index, values.shape, grad.shape))


def _add_at_backward(grad, index, values):
    return (grad, None, _take_positions(grad, index, values.shape, grad.shape))


@defop(method=False, namespace=False, backward=_take_backward)
def _take_positions(base, index, shape, base_shape=None):
    """`base_shape` (base.shape) is for the derivative, which needs no values of base."""
    return wrap(TABLES[base._device.type]["_take_positions"](base._ms, index, tuple(shape)), base._device)


@defop(method=False, namespace=False, backward=_put_backward)
def _put_positions(base, index, values):
    v = values._ms if values._dtype is base._dtype else values.to(base._dtype)._ms
    return wrap(TABLES[base._device.type]["_put_positions"](base._ms, index, v), base._device)


@defop(method=False, namespace=False, backward=_add_at_backward)
def _add_at_positions(base, index, values):
    return wrap(TABLES[base._device.type]["_add_at_positions"](base._ms, index, values._ms), base._device)


def positions_in_base(view, base):
    """Where each element of `view` sits in `base`'s row-major order (both over one storage)."""
    base_pos = flat_indices(base._shape, base.stride(), base._offset)
    inverse = np.full(view._storage.numel, -1, dtype=np.int64)
    inverse[base_pos] = np.arange(base_pos.size, dtype=np.int64)
    index = inverse[flat_indices(view._shape, view.stride(), view._offset)]
    return ms.Tensor(index)
