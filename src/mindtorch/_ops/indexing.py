"""Indexing: Tensor.__getitem__/__setitem__ and the index ops.

Basic indices (ints, slices, None, Ellipsis) make views: torch's layout arithmetic over the
shared storage, so writes through them reach the base."""
import builtins

from .. import _dtype as D
from .._tensor import Tensor
from .registry import defop
from .common import wrap_dim, write_inplace, as_value, broadcast_shapes


def _expand_ellipsis(index, ndim):
    consumed = sum(1 for i in index if i is not None and i is not Ellipsis and not isinstance(i, builtins.bool))
    if sum(1 for i in index if i is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    out = []
    for i in index:
        if i is Ellipsis:
            out.extend([slice(None)] * (ndim - consumed))
        else:
            out.append(i)
    return out


def _is_basic(index):
    return all(i is None or i is Ellipsis or isinstance(i, slice) or
               (isinstance(i, int) and not isinstance(i, builtins.bool)) for i in index)


def basic_view(t, index):
    """The view that basic indexing `t[index]` makes."""
    index = _expand_ellipsis(index, len(t._shape))
    if sum(1 for i in index if i is not None) > len(t._shape):
        raise IndexError(f"too many indices for tensor of dimension {len(t._shape)}")
    shape, stride = [], []
    offset = t._offset
    old_stride = t.stride()
    dim = 0
    for i in index:
        if i is None:
            shape.append(1)
            stride.append(0 if dim >= len(t._shape) else old_stride[dim] * t._shape[dim])
            continue
        size, st = t._shape[dim], old_stride[dim]
        if isinstance(i, slice):
            start, stop, step = i.start, i.stop, i.step
            step = 1 if step is None else step.__index__()
            if step <= 0:
                raise ValueError("step must be greater than zero")
            start, stop, _ = slice(start, stop, step).indices(size)
            n = max(0, (stop - start + step - 1) // step)
            offset += start * st
            shape.append(n)
            stride.append(st * step)
        else:
            if not -size <= i < size:
                raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {size}")
            offset += (i % size) * st
        dim += 1
    shape.extend(t._shape[dim:])
    stride.extend(old_stride[dim:])
    return t._view(shape, stride, offset)


def _normalize(index):
    if isinstance(index, tuple):
        return list(index)
    if isinstance(index, list) and not any(isinstance(i, (list, Tensor, slice)) or i is None or i is Ellipsis
                                           for i in index):
        return [index]
    return [index]


def _index_ints(index):
    """Tensors and numpy ints that are Python indices count as ints for basic indexing."""
    out = []
    for i in index:
        if isinstance(i, Tensor) and i._dtype._kind == 1 and not i._shape:
            i = builtins.int(i.item())
        elif hasattr(i, "__index__") and not isinstance(i, (Tensor, builtins.bool, list)):
            i = i.__index__()
        out.append(i)
    return out


def getitem(self, index):
    idx = _index_ints(_normalize(index))
    if _is_basic(idx):
        return basic_view(self, idx)
    return advanced_getitem(self, idx)


def setitem(self, index, value):
    idx = _index_ints(_normalize(index))
    if _is_basic(idx):
        target = basic_view(self, idx)
        v = as_value(value, self._dtype, self._device)
        if tuple(v.shape) != target._shape:
            broadcast_shapes(tuple(v.shape), target._shape)
            v = v.broadcast_to(target._shape)
        target._write(v)
        return
    advanced_setitem(self, idx, value)


def advanced_getitem(self, index):
    raise NotImplementedError("mindtorch: advanced indexing (tensor, list or bool indices) is not implemented yet")


def advanced_setitem(self, index, value):
    raise NotImplementedError("mindtorch: advanced index assignment (tensor, list or bool indices) is not implemented yet")


defop("__getitem__", namespace=False)(lambda self, index: getitem(self, index))
defop("__setitem__", namespace=False)(lambda self, index, value: setitem(self, index, value))
