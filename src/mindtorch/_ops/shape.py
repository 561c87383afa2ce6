"""Shape ops and views.

A view op computes torch's layout of the result (shape, strides, storage offset) over the same Storage
(`Tensor._view`), so writes through it reach the base and every other view. Its value comes from a
cheap MindSpore view op on the current value when that value is at hand (`_derive`); otherwise it is
left lazy and gathered from the storage on first read (see _storage.py). MindSpore's view ops (reshape,
transpose, mint.narrow/select/split/unbind, broadcast_to, diagonal) cost 4-12 us on CPU; a gather from
the storage costs ~120 us, so a view always takes the MindSpore value when it can.

Values are never mutated in place anywhere in mindtorch (a write computes a new storage value), so a
result may hold a MindSpore value that aliases another tensor's value (a MindSpore view) or the very
same value object (cat of one tensor, flip of no dims): copy semantics are kept by the Storage.

Copy ops (cat, stack, flip, roll, repeat, repeat_interleave, diag_embed, ...) run kernels from the
device table; the layout of their result follows torch (contiguous, or the input's strides for the
ops that allocate with `empty_like(input, preserve_format)`, such as flip)."""
import builtins
import numbers
import warnings

import numpy as np
import mindspore as ms
from mindspore import ops, mint

from .. import _dtype as D
from .._device import as_device, check_available
from .._tensor import Tensor, Size
from .._storage import contiguous_strides
from .registry import defop, kernel, TABLES
from .common import wrap, wrap_dim, cast, finish, device_of, broadcast_shapes as _broadcast_shapes
from ..autograd.record import differentiable


# ---- argument helpers ------------------------------------------------------------------------------
def _int(x, name="argument"):
    if type(x) is int:
        return x
    if isinstance(x, Tensor):
        return x.__index__()
    if not isinstance(x, numbers.Integral) or isinstance(x, builtins.bool):
        raise TypeError(f"{name} must be int, not {type(x).__name__}")
    return builtins.int(x)


def _shape_arg(args, name="view"):
    """Sizes given as varargs or as one sequence (tuple, list, torch.Size)."""
    if len(args) == 1 and isinstance(args[0], (tuple, list, Size)):
        args = args[0]
    out = list(args)
    if all(type(s) is int for s in out):
        return out
    out = []
    for s in args:
        if isinstance(s, Tensor):
            s = s.__index__()
        if not isinstance(s, numbers.Integral) or isinstance(s, builtins.bool):
            raise TypeError(f"{name}(): argument 'size' must be tuple of ints, but found element of type "
                            f"{type(s).__name__}")
        out.append(builtins.int(s))
    return out


def _int_list(x):
    """An int or a sequence of ints (dims, shifts) as a list of ints."""
    if isinstance(x, (tuple, list, Size)):
        return [_int(v) for v in x]
    if isinstance(x, Tensor) and x._shape:
        return [builtins.int(v) for v in x.tolist()]
    return [_int(x)]


def _dims_arg(dims, ndim):
    """Wrapped dims of a dims argument (int or sequence); a dim given twice is torch's RuntimeError."""
    out = []
    for d in _int_list(dims):  # in order: a repeat is reported before a later dim out of range
        d = wrap_dim(d, ndim)
        if d in out:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        out.append(d)
    return out


def _tensor_list(tensors, name):
    if not isinstance(tensors, (tuple, list)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    return tensors


def infer_size(shape, numel):
    """Resolve a single -1 in `shape` against `numel`, with torch's errors."""
    n = 1
    for s in shape:
        n *= s
    if n == numel and n > 0 and (not shape or min(shape) > 0):  # the usual case: nothing to infer
        return tuple(shape)
    shape = list(shape)
    neg = [i for i, s in enumerate(shape) if s == -1]
    if len(neg) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for s in shape:
        if s < -1:
            raise RuntimeError(f"invalid shape dimension {s}")
    known = 1
    for s in shape:
        if s != -1:
            known *= s
    if neg:
        if known == 0:
            raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {shape} because the unspecified "
                               "dimension size -1 can be any value and is ambiguous" if numel == 0 else
                               f"shape '{shape}' is invalid for input of size {numel}")
        if numel % known:
            raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")
        shape[neg[0]] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")
    return tuple(shape)


def view_strides(oldshape, oldstride, newshape):
    """torch's computeStride: strides that view `oldshape`/`oldstride` as `newshape`, or None."""
    numel = 1
    for s in oldshape:
        numel *= s
    if numel == 0:
        return list(oldstride) if tuple(oldshape) == tuple(newshape) else list(contiguous_strides(newshape))
    if not oldshape:
        return [1] * len(newshape)
    newstride = [0] * len(newshape)
    view_d = len(newshape) - 1
    chunk_base_stride = oldstride[-1]
    tensor_numel = 1
    view_numel = 1
    for tensor_d in range(len(oldshape) - 1, -1, -1):
        tensor_numel *= oldshape[tensor_d]
        if tensor_d == 0 or (oldshape[tensor_d - 1] != 1 and
                             oldstride[tensor_d - 1] != tensor_numel * chunk_base_stride):
            while view_d >= 0 and (view_numel < tensor_numel or newshape[view_d] == 1):
                newstride[view_d] = view_numel * chunk_base_stride
                view_numel *= newshape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_base_stride = oldstride[tensor_d - 1]
                tensor_numel = 1
                view_numel = 1
    if view_d != -1:
        return None
    return newstride


# ---- making views ----------------------------------------------------------------------------------
def current_value(t):
    """t's value when it is already computed, else None (views then fill in lazily)."""
    return t._value if t._seen == t._storage.version else None


def _derive(t, shape, stride, offset, fn, *args):
    """A view of t with the given layout; its value is fn(t's value, *args) when t's value is at hand."""
    v = t._value if t._seen == t._storage.version else None
    return t._view(shape, stride, offset, None if v is None else fn(v, *args))


def _relayout(self, v):
    """Give `self` the layout (and value) of its view `v`: the in-place view ops (squeeze_, t_, ...).
    torch bumps the version counter for these."""
    st = self._storage
    value = v._value if v._seen == st.version else None
    st.version += 1
    self._shape, self._stride, self._offset, self._index = v._shape, v._stride, v._offset, None
    if value is None:
        self._value, self._seen = None, -1
    else:
        self._value, self._seen = value, st.version
    return self


def _dense_order(shape, stride):
    """The dims of size >= 2 from innermost to outermost in memory when the layout is non-overlapping
    and dense (torch's is_non_overlapping_and_dense), else None."""
    dims = sorted((d for d in range(len(shape)) if shape[d] >= 2), key=lambda d: stride[d])
    expected = 1
    for d in dims:
        if stride[d] != expected:
            return None
        expected *= shape[d]
    return dims


def _infer_dense_strides(shape, stride):
    """torch's infer_dense_strides: dense strides in the memory order of `stride` (a stable insertion
    sort of the dims by stride, a tie going to the smaller size; dims with stride 0 do not move).
    Returns (strides, dims from innermost to outermost)."""
    ndim = len(shape)
    perm = list(range(ndim - 1, -1, -1))

    def should_swap(d0, d1):
        s0, s1 = stride[d0], stride[d1]
        if s0 == 0 or s1 == 0:
            return 0
        if s0 != s1:
            return -1 if s0 < s1 else 1
        return 1 if shape[d0] > shape[d1] else 0

    for i in range(1, ndim):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    out = [0] * ndim
    cur = 1
    for d in perm:
        out[d] = cur
        if shape[d] > 1:
            cur *= shape[d]
    return out, perm


def _wrap_like(input, value, device):
    """A new tensor holding `value` (input's shape) laid out as torch's `empty_like(input)` with
    preserve_format: a non-overlapping and dense (or empty) input's strides are kept; other strided
    inputs get dense strides in the same memory order (torch's infer_dense_strides)."""
    stride = input._stride
    shape = input._shape
    t = wrap(value, device, shape)
    if stride is None:
        return t
    if 0 in shape:
        t._stride = tuple(stride)
        return t
    order = _dense_order(shape, stride)
    if order is not None:
        new_stride = tuple(stride)
        perm = tuple([d for d in range(len(shape)) if shape[d] < 2] + order[::-1])
    else:
        new_stride, inner_first = _infer_dense_strides(shape, stride)
        new_stride = tuple(new_stride)
        perm = tuple(inner_first[::-1])
    if new_stride == contiguous_strides(shape):
        return t
    t._storage.value = value if perm == tuple(range(len(shape))) else ops.transpose(value, perm)
    t._stride = new_stride
    return t


# ---- backward formulas ---------------------------------------------------------------------------
# Written in mindtorch ops (so double backward runs through them). A view's gradient is the grad laid
# back into zeros of the input's shape: narrow/select/split by a cat with zero blocks, the views that
# pick scattered elements (diagonal, unfold, as_strided) through the element positions of view_grad.py.
def _positions_grad(grad, shape, pos, accumulate=False):
    """Zeros of `shape` with grad's elements (row-major) put at the flat positions `pos` (NumPy), added
    up where a position repeats (accumulate)."""
    from .view_grad import _put_positions, _add_at_positions  # noqa: PLC0415  (view_grad imports after shape)
    zeros = grad.new_zeros(shape)
    if not grad.numel():
        return zeros
    index = ms.Tensor(np.ascontiguousarray(pos, dtype=np.int64).reshape(-1))
    return (_add_at_positions if accumulate else _put_positions)(zeros, index, grad)


def _pad_dim(grad, shape, d, start):
    """grad (a block of `shape` along dim d starting at `start`) padded with zeros to `shape`."""
    n = grad._shape[d]
    after = shape[d] - start - n
    if not start and not after:
        return grad
    parts = [grad]
    if start:
        parts.insert(0, grad.new_zeros(grad._shape[:d] + (start,) + grad._shape[d + 1:]))
    if after:
        parts.append(grad.new_zeros(grad._shape[:d] + (after,) + grad._shape[d + 1:]))
    return cat(parts, d)


def _reshape_backward(grad, input_shape):
    return (grad.reshape(input_shape),)


def _view_backward(grad, self_shape):
    return (grad.reshape(self_shape),)


def _as_backward(grad, self_shape):  # view_as, reshape_as
    return (grad.reshape(self_shape), None)


def _permute_backward(grad, dims):
    dims = [d % len(grad._shape) for d in _shape_arg(dims, "permute")] if grad._shape else []
    inverse = [0] * len(dims)
    for i, d in enumerate(dims):
        inverse[d] = i
    return (grad.permute(inverse) if dims else grad,)


def _transpose_backward(grad, dim0, dim1):
    return (transpose(grad, dim0, dim1),)


def _t_backward(grad):
    return (t(grad),)


def _expand_backward(grad):  # the engine sums a broadcast gradient down to the input's shape
    return (grad,)


def _expand_as_backward(grad):
    return (grad, None)


def _narrow_backward(grad, input_shape, dim, start):
    d = wrap_dim(_int(dim, "dim"), len(input_shape))
    start = _int(start, "start")
    return (_pad_dim(grad, input_shape, d, start + input_shape[d] if start < 0 else start),)


def _select_backward(grad, input_shape, dim, index):
    d = wrap_dim(_int(dim, "dim"), len(input_shape))
    index = _int(index, "index")
    return (_pad_dim(unsqueeze(grad, d), input_shape, d, index + input_shape[d] if index < 0 else index),)


def _pieces_backward(grad, dim):  # split, split_with_sizes, chunk: consecutive pieces
    grads = list(grad)
    return (cat(grads, wrap_dim(_int(dim, "dim"), len(grads[0]._shape))) if len(grads) > 1 else grads[0],)


def _tensor_split_backward(grad, input_shape, indices_or_sections, dim):
    d = wrap_dim(_int(dim, "dim"), len(input_shape))
    ios = indices_or_sections
    if isinstance(ios, Tensor):
        ios = builtins.int(ios.item()) if not ios._shape else ios.tolist()
    grads = list(grad)
    if not isinstance(ios, (list, tuple)):
        return (cat(grads, d) if len(grads) > 1 else grads[0],)
    size, total, prev = input_shape[d], None, 0
    for g, idx in zip(grads, [_int(i, "indices") for i in ios] + [None]):
        piece = _pad_dim(g, input_shape, d, _clamp_index(prev, size))  # pieces may overlap: add them up
        total = piece if total is None else total + piece
        prev = idx
    return (total,)


def _unbind_backward(grad, dim):
    grads = list(grad)
    return (stack(grads, wrap_dim(_int(dim, "dim"), len(grads[0]._shape) + 1)),)


def _diagonal_positions(shape, offset, d1, d2):
    return np.diagonal(np.arange(_numel(shape), dtype=np.int64).reshape(shape), offset, d1, d2)


def _diagonal_backward(grad, input_shape, offset, dim1, dim2):
    ndim = len(input_shape)
    d1, d2 = wrap_dim(_int(dim1, "dim1"), ndim), wrap_dim(_int(dim2, "dim2"), ndim)
    return (_positions_grad(grad, input_shape, _diagonal_positions(input_shape, _int(offset), d1, d2)),)


def _as_strided_backward(grad, input, size, stride, storage_offset):
    from .._storage import flat_indices  # noqa: PLC0415
    offset = input._offset if storage_offset is None else _int(storage_offset)
    mine = flat_indices(input._shape, input.stride(), input._offset)
    inverse = np.full(builtins.max(input._storage.numel, 1), -1, dtype=np.int64)
    inverse[mine] = np.arange(mine.size, dtype=np.int64)
    pos = inverse[flat_indices(tuple(grad._shape), _shape_arg((stride,)), offset)]
    inside = pos >= 0  # storage elements outside the input's own get no gradient
    if not inside.all():
        keep = np.flatnonzero(inside)
        grad = grad.reshape(-1)[ms.Tensor(keep)] if keep.size else grad.reshape(-1)[:0]
        pos = pos[inside]
    return (_positions_grad(grad, input._shape, pos, accumulate=True),)


def _unfold_backward(grad, self_shape, dimension, size, step):
    if not self_shape:
        return (_positions_grad(grad, (), np.zeros(grad._shape, np.int64), accumulate=True),)
    d = wrap_dim(_int(dimension, "dimension"), len(self_shape))
    stride = list(contiguous_strides(self_shape))
    stride.append(stride[d])
    stride[d] *= step
    from .._storage import flat_indices  # noqa: PLC0415
    return (_positions_grad(grad, self_shape, flat_indices(grad._shape, stride, 0), accumulate=True),)


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _cat_backward(grad, tensors, dim, axis):
    d = dim if axis is None else axis
    grads, start = [], 0
    kept = [t for t in tensors if t._shape != (0,)]
    d = wrap_dim(_int(d, "dim"), len(kept[0]._shape)) if kept else 0
    for t in tensors:
        if t._shape == (0,):  # skipped by cat (torch's legacy rule): no gradient to give
            grads.append(grad.new_zeros((0,)))
            continue
        n = t._shape[d]
        grads.append(narrow(grad, d, start, n))
        start += n
    return (grads,)


def _stack_backward(grad, dim):
    return (list(unbind(grad, wrap_dim(_int(dim, "dim"), len(grad._shape)))),)


def _flip_backward(grad, dims):
    if len(dims) == 1 and isinstance(dims[0], (list, tuple, Size)):
        dims = dims[0]
    return (flip(grad, list(dims)),)


def _roll_backward(grad, shifts, dims):
    return (roll(grad, [-s for s in _int_list(shifts)], dims),)


def _rot90_backward(grad, k, dims):
    return (rot90(grad, -_int(k, "k"), dims),)


def _repeat_backward(grad, self_shape, sizes):
    sizes = _shape_arg(sizes, "repeat")
    shape = (1,) * (len(sizes) - len(self_shape)) + tuple(self_shape)
    inter = []
    for r, s in zip(sizes, shape):
        inter += [r, s]
    g = grad.reshape(inter)
    if inter:
        g = g.sum(dim=list(range(0, len(inter), 2)))
    return (g.reshape(self_shape),)


def _repeat_interleave_backward(grad, input_shape, repeats, dim):
    if repeats is None:
        return (None,)
    flat = dim is None
    shape = (_numel(input_shape),) if flat else tuple(input_shape)
    d = 0 if flat else wrap_dim(_int(dim, "dim"), len(shape))
    if isinstance(repeats, Tensor):
        counts = repeats._host_array().reshape(-1).astype(np.int64)
        if len(counts) == 1:
            counts = np.repeat(counts, shape[d])
    else:
        counts = np.full(shape[d], _int(repeats), dtype=np.int64)
    if len(counts) and (counts == counts[0]).all():
        r = builtins.int(counts[0])
        g = grad.reshape(shape[:d] + (shape[d], r) + shape[d + 1:]).sum(d + 1)
    else:
        index = wrap(ms.Tensor(np.repeat(np.arange(len(counts), dtype=np.int64), counts)), grad._device)
        g = grad.new_zeros(shape).index_add(d, index, grad)
    return (g.reshape(input_shape), None)


def _diag_embed_backward(grad, offset, dim1, dim2):
    return (diagonal(grad, offset, dim1, dim2),)


def _diag_backward(grad, input_shape, diagonal):
    if len(input_shape) == 1:
        return (globals()["diagonal"](grad, diagonal),)
    return (_positions_grad(grad, input_shape, _diagonal_positions(input_shape, _int(diagonal), 0, 1)),)


def _diagflat_backward(grad, input_shape, offset):
    return (diagonal(grad, offset).reshape(input_shape),)


def _block_diag_backward(grad, tensors):
    grads, row, col = [], 0, 0
    for b in tensors:
        r, c = b._shape if len(b._shape) == 2 else (1, b.numel())
        grads.append(narrow(narrow(grad, 0, row, r), 1, col, c).reshape(b._shape))
        row, col = row + r, col + c
    return (grads,)


# ---- view, reshape, flatten ----------------------------------------------------------------------
def _reshape_value(v, shape):
    return v.reshape(shape)


@defop(namespace=False, differentiable_output=False)  # view(dtype) is not differentiable; view(shape) records
def view(self, *shape, dtype=None):
    if not shape and dtype is None:
        raise TypeError('view() missing 1 required positional arguments: "size"')
    if dtype is not None or (len(shape) == 1 and isinstance(shape[0], D.dtype)):
        return _view_dtype(self, dtype if dtype is not None else shape[0])  # not differentiable (as torch)
    return _view_size(self, *shape)


def _view_size(self, *shape):
    """view(*shape), recorded as torch's ViewBackward0 (view(dtype) records nothing)."""
    shape = infer_size(_shape_arg(shape), self.numel())
    if self._stride is None:
        return _derive(self, shape, None, self._offset, _reshape_value, shape)
    stride = view_strides(self._shape, self._stride, shape)
    if stride is None:
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one dimension "
                           "spans across two contiguous subspaces). Use .reshape(...) instead.")
    return _derive(self, shape, stride, self._offset, _reshape_value, shape)


_view_size = differentiable("view", _view_size, _view_backward)


def _view_dtype(self, dtype):
    """view(dtype): the same storage read as another dtype of the same element size (a view)."""
    if dtype is self._dtype:
        t = _derive(self, self._shape, self._stride, self._offset, lambda v: v)
        t._base = None  # torch shares the storage and version counter but does not count it a view
        return t
    if dtype._ms is None or self._dtype._ms is None:
        raise NotImplementedError(f"mindtorch: MindSpore has no {dtype if dtype._ms is None else self._dtype} dtype")
    if dtype.itemsize != self._dtype.itemsize:
        return _view_dtype_resized(self, dtype)
    t = _derive(self, self._shape, self._stride, self._offset, lambda v: v.view(dtype._ms))
    t._dtype = dtype
    t._base = None  # torch shares the storage and version counter but does not count it a view
    return t


@defop(namespace=False, backward=_as_backward)
def view_as(self, other):
    return _view_size(self, other._shape)


@defop(backward=_reshape_backward)
def reshape(input, *shape):
    if not shape:
        raise TypeError('reshape() missing 1 required positional arguments: "shape"')
    shape = infer_size(_shape_arg(shape, "reshape"), input.numel())
    if input._stride is None:
        return _derive(input, shape, None, input._offset, _reshape_value, shape)
    stride = view_strides(input._shape, input._stride, shape)
    if stride is not None:
        return _derive(input, shape, stride, input._offset, _reshape_value, shape)
    return wrap(input._ms.reshape(shape), input._device, shape)


@defop(namespace=False, backward=_as_backward)
def reshape_as(self, other):
    return reshape(self, other._shape)


@defop()
def flatten(input, start_dim=0, end_dim=-1):
    ndim = len(input._shape)
    s, e = wrap_dim(start_dim, ndim), wrap_dim(end_dim, ndim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if ndim == 0:
        return reshape(input, (1,))
    if s == e:
        return input
    shape = input._shape
    n = 1
    for size in shape[s:e + 1]:
        n *= size
    return reshape(input, shape[:s] + (n,) + shape[e + 1:])


@defop(method=False)
def unflatten(input, dim, sizes):
    ndim = len(input._shape)
    d = wrap_dim(_int(dim, "dim"), ndim)
    sizes = _shape_arg((sizes,), "unflatten")
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    if ndim == 0:
        raise RuntimeError("unflatten got an unexpected error:\nDimension specified as 0 but tensor has no dimensions")
    size = input._shape[d]
    if sizes.count(-1) > 1:
        raise RuntimeError("unflatten got an unexpected error:\nonly one dimension can be inferred")
    known = 1
    for s in sizes:
        if s != -1:
            known *= s
    if (-1 in sizes and (known == 0 or size % known)) or (-1 not in sizes and known != size):
        raise RuntimeError(f"unflatten: Provided sizes {sizes} don't multiply up to the size of dim {dim} ({size}) in "
                           "the input tensor")
    sizes = infer_size(sizes, size)
    return view(input, input._shape[:d] + tuple(sizes) + input._shape[d + 1:])


@defop("_unflatten_method", namespace=False, method="unflatten")
def _unflatten_method(self, dim, sizes):
    if not sizes:  # Tensor.unflatten checks this before the dim (torch/_tensor.py)
        raise RuntimeError("unflatten: sizes must be non-empty")
    return unflatten(self, dim, sizes)


@defop()
def ravel(input):
    if not input.is_contiguous():  # torch: contiguous().view(-1), a view of a fresh copy
        input = input.contiguous()
    return view(input, -1)


# ---- squeeze, unsqueeze ------------------------------------------------------------------------
def _squeeze_view(input, dim):
    ndim = len(input._shape)
    shape = input._shape
    if dim is None:
        drop = [i for i in range(ndim) if shape[i] == 1]
    elif isinstance(dim, (tuple, list)):
        drop = [d for d in _dims_arg(dim, ndim) if ndim and shape[d] == 1]
    else:
        d = wrap_dim(_int(dim, "dim"), ndim)
        drop = [d] if ndim and shape[d] == 1 else []
    if not drop and ndim:
        return input._view(shape, input._stride, input._offset, current_value(input))
    stride = input.stride()
    keep = [i for i in range(ndim) if i not in drop]
    new_shape = tuple(shape[i] for i in keep)
    return _derive(input, new_shape, [stride[i] for i in keep], input._offset, _reshape_value, new_shape)


@defop(backward=_reshape_backward)
def squeeze(input, dim=None):
    return _squeeze_view(input, dim)


@defop(namespace=False, backward=_view_backward)
def squeeze_(self, dim=None):
    return _relayout(self, _squeeze_view(self, dim))


@defop(backward=_reshape_backward)
def unsqueeze(input, dim):
    ndim = len(input._shape)
    dim = wrap_dim(_int(dim, "dim"), ndim + 1)
    stride = list(input.stride())
    new_stride = stride[dim] * input._shape[dim] if dim < ndim else 1
    shape = list(input._shape)
    shape.insert(dim, 1)
    stride.insert(dim, new_stride)
    shape = tuple(shape)
    return _derive(input, shape, stride, input._offset, _reshape_value, shape)


@defop(namespace=False, backward=_view_backward)
def unsqueeze_(self, dim):
    return _relayout(self, unsqueeze(self, dim))


# ---- permute, transpose, t, T, mT, movedim --------------------------------------------------------
@defop(backward=_permute_backward)
def permute(input, *dims):
    if not dims:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = _shape_arg(dims, "permute")
    ndim = len(input._shape)
    if len(dims) != ndim:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the length "
                           f"of the desired ordering of dimensions i.e. input.dim() = {ndim} is not equal to "
                           f"len(dims) = {len(dims)}")
    dims = [wrap_dim(d, ndim) for d in dims]
    if len(set(dims)) != ndim:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    stride = input.stride()
    shape = input._shape
    return _derive(input, [shape[d] for d in dims], [stride[d] for d in dims], input._offset, ops.transpose,
                   tuple(dims))


@defop(backward=_transpose_backward)
def transpose(input, dim0, dim1):
    ndim = len(input._shape)
    a, b = wrap_dim(_int(dim0, "dim0"), ndim), wrap_dim(_int(dim1, "dim1"), ndim)
    if ndim == 0 or a == b:
        return input._view(input._shape, input._stride, input._offset, current_value(input))
    dims = list(range(ndim))
    dims[a], dims[b] = b, a
    stride = list(input.stride())
    shape = list(input._shape)
    stride[a], stride[b] = stride[b], stride[a]
    shape[a], shape[b] = shape[b], shape[a]
    return _derive(input, shape, stride, input._offset, ops.transpose, tuple(dims))


defop("swapaxes")(transpose)
defop("swapdims")(transpose)


@defop(namespace=False, backward=_transpose_backward)
def transpose_(self, dim0, dim1):
    return _relayout(self, transpose(self, dim0, dim1))


defop("swapaxes_", namespace=False)(transpose_)
defop("swapdims_", namespace=False)(transpose_)


@defop(backward=_t_backward)
def t(input):
    ndim = len(input._shape)
    if ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {ndim}D")
    return transpose(input, 0, 1 if ndim == 2 else 0)


@defop(namespace=False, backward=_t_backward)
def t_(self):
    return _relayout(self, t(self))


def _identity_0d(t, name, hint):
    warnings.warn(f"{name} is deprecated on 0-D tensors. {hint}", UserWarning, stacklevel=3)
    return transpose(t, 0, 0)  # an alias view (recorded when t requires grad)


_IDENTITY = "This function is the identity in these cases."
_CONJ = "Consider using x.conj()."


def _T(self):
    ndim = len(self._shape)
    if ndim == 2:
        return transpose(self, 0, 1)
    if ndim == 0:
        return _identity_0d(self, "Tensor.T", _IDENTITY)
    warnings.warn("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and "
                  "it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or "
                  "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.",
                  UserWarning, stacklevel=2)
    return permute(self, list(range(ndim - 1, -1, -1)))


def _no_conj_view(self, name):
    if self._dtype.is_complex:
        raise NotImplementedError(f"mindtorch: {name} of a complex tensor needs a conjugate view, which mindtorch "
                                  "does not have; use x.transpose(-2, -1).conj()")


def _batch_transpose(self, name, what, hint, conj):
    ndim = len(self._shape)
    if conj:
        _no_conj_view(self, name)
    if ndim == 0:
        return _identity_0d(self, name, hint)
    if ndim < 2:
        raise RuntimeError(f"{what} is only supported on matrices or batches of matrices. Got {ndim}-D tensor.")
    return transpose(self, -2, -1)


def _mT(self):
    return _batch_transpose(self, "Tensor.mT", "tensor.mT", _IDENTITY, False)


def _mH(self):
    return _batch_transpose(self, "Tensor.mH", "tensor.mH", _CONJ, True)


def _H(self):
    ndim = len(self._shape)
    _no_conj_view(self, "Tensor.H")
    if ndim == 0:
        return _identity_0d(self, "Tensor.H", _CONJ)
    if ndim != 2:
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {ndim}-D tensor.")
    return transpose(self, 0, 1)


Tensor.T = property(_T)
Tensor.mT = property(_mT)
Tensor.H = property(_H)
Tensor.mH = property(_mH)


@defop()
def adjoint(input):
    return _batch_transpose(input, "adjoint()", "tensor.adjoint()", _CONJ, True)


@defop()
def movedim(input, source, destination):
    ndim = len(input._shape)
    src, dst = _int_list(source), _int_list(destination)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) should contain the same "
                           f"number of dims as destination ({dst} dims)")
    s = [wrap_dim(d, ndim) for d in src]
    d = [wrap_dim(x, ndim) for x in dst]
    if len(set(s)) != len(s):
        raise RuntimeError(f"movedim: repeated dim in `source` ({src})")
    if len(set(d)) != len(d):
        raise RuntimeError(f"movedim: repeated dim in `destination` ({dst})")
    order = [-1] * ndim
    for a, b in zip(s, d):
        order[b] = a
    rest = iter([i for i in range(ndim) if i not in s])
    for i in range(ndim):
        if order[i] == -1:
            order[i] = next(rest)
    return permute(input, order)


defop("moveaxis")(movedim)


# ---- expand and broadcasting -------------------------------------------------------------------
@defop(namespace=False, backward=_expand_backward)
def expand(self, *sizes):
    if not sizes:
        raise TypeError('expand() missing 1 required positional arguments: "size"')
    sizes = _shape_arg(sizes, "expand")
    ndim = len(self._shape)
    if len(sizes) < ndim:
        raise RuntimeError(f"expand(torch.{self._dtype.name}{{{list(self._shape)}}}, size={sizes}): the number of sizes "
                           f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in the tensor "
                           f"({ndim})")
    stride = self.stride()
    lead = len(sizes) - ndim
    shape, new_stride = [0] * len(sizes), [0] * len(sizes)
    for i in range(len(sizes) - 1, -1, -1):  # torch's inferExpandGeometry
        size = sizes[i]
        if i < lead:
            if size < 0:
                raise RuntimeError(f"The expanded size of the tensor ({size}) isn't allowed in a leading, "
                                   f"non-existing dimension {i}")
            # a new leading dim of size 1 gets the stride that would step over the dims after it
            st = 0 if size != 1 or not ndim else shape[i + 1] * new_stride[i + 1]
        else:
            old = self._shape[i - lead]
            st = stride[i - lead]
            if size == -1:
                size = old
            if old != size:
                if old != 1:
                    raise RuntimeError(f"The expanded size of the tensor ({size}) must match the existing size ({old}) "
                                       f"at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                                       f"{list(self._shape)}")
                st = 0
        shape[i], new_stride[i] = size, st
    shape = tuple(shape)
    return _derive(self, shape, new_stride, self._offset, ops.broadcast_to, shape)


@defop(namespace=False, backward=_expand_as_backward)
def expand_as(self, other):
    return expand(self, other._shape)


@defop()
def broadcast_to(input, size):
    return expand(input, size)


@defop(method=False)
def broadcast_shapes(*shapes):
    shapes = [(s,) if isinstance(s, numbers.Integral) else tuple(s) for s in shapes]
    ndim = max((len(s) for s in shapes), default=0)
    result = [1] * ndim
    for k, s in enumerate(shapes):
        for i, n in enumerate(s, ndim - len(s)):
            if n < 0:
                raise ValueError("Attempting to broadcast a dimension with negative length!")
            if result[i] == 1:
                result[i] = n
            elif n != 1 and n != result[i]:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {n} at {i - ndim}! Mismatching "
                                   f"argument at index {k} had {s}; but expected shape should be broadcastable to "
                                   f"{result}")
    return Size(result)


@defop(method=False, differentiable_output=False)  # a composite of recorded views, input by input
def broadcast_tensors(*tensors):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    shape = _broadcast_shapes(*(t._shape for t in tensors))
    return tuple(expand(t, shape) for t in tensors)


# ---- narrow, select, split, chunk, unbind ----------------------------------------------------------
@defop(backward=_narrow_backward)
def narrow(input, dim, start, length):
    ndim = len(input._shape)
    if isinstance(start, Tensor):
        if start._shape or start._dtype._kind != 1:
            raise RuntimeError("start must be an 0-dim integral Tensor.")
        start = builtins.int(start.item())
    start, length = _int(start, "start"), _int(length, "length")
    if ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    d = wrap_dim(_int(dim, "dim"), ndim)
    size = input._shape[d]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    shape = list(input._shape)
    shape[d] = length
    stride = input.stride()
    return _derive(input, shape, stride, input._offset + start * stride[d], mint.narrow, d, start, length)


@defop(backward=_narrow_backward)
def narrow_copy(input, dim, start, length):
    ndim = len(input._shape)
    if ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    dim, start, length = _int(dim, "dim"), _int(start, "start"), _int(length, "length")
    if dim >= ndim:
        raise RuntimeError("Expected dim < static_cast<int64_t>(self_sizes.size()) to be true, but got false.")
    d = wrap_dim(dim, ndim)
    size = input._shape[d]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if length < 0 or start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    v = narrow(input, d, start, length)
    return wrap(v._ms, input._device, v._shape)


@defop(backward=_select_backward)
def select(input, dim, index):
    ndim = len(input._shape)
    if ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(_int(dim, "dim"), ndim)
    index = _int(index, "index")
    size = input._shape[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input._shape)} at "
                         f"dimension {d}")
    if index < 0:
        index += size
    stride = input.stride()
    shape = input._shape[:d] + input._shape[d + 1:]
    return _derive(input, shape, stride[:d] + stride[d + 1:], input._offset + index * stride[d], mint.select, d,
                   index)


def _pieces(input, d, sizes):
    """Consecutive views of `input` along dim d with the given sizes (split, chunk, tensor_split)."""
    stride = input.stride()
    step = stride[d]
    offset = input._offset
    v = current_value(input)
    parts = mint.split(v, list(sizes), d) if v is not None and len(sizes) > 1 else None
    out = []
    base_shape = list(input._shape)
    for i, s in enumerate(sizes):
        base_shape[d] = s
        value = parts[i] if parts is not None else v  # one piece: the whole tensor
        out.append(input._view(tuple(base_shape), stride, offset, value))
        offset += s * step
    return tuple(out)


@defop(backward=_pieces_backward)
def split(tensor, split_size_or_sections, dim=0):
    if isinstance(split_size_or_sections, (list, tuple)):
        return split_with_sizes(tensor, split_size_or_sections, dim)
    ndim = len(tensor._shape)
    if ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    ss = _int(split_size_or_sections, "split_size")
    if ss < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size={ss}")
    d = wrap_dim(_int(dim, "dim"), ndim)
    size = tensor._shape[d]
    if ss == 0 and size != 0:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
    n = builtins.max((size + ss - 1) // ss, 1) if ss else 1
    return _pieces(tensor, d, [ss] * (n - 1) + [size - ss * (n - 1)])


@defop(backward=_pieces_backward)
def split_with_sizes(input, split_sizes, dim=0):
    ndim = len(input._shape)
    if ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    d = wrap_dim(_int(dim, "dim"), ndim)
    sizes = [_int(s, "split_sizes") for s in split_sizes]
    if any(s < 0 for s in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                           f"split_sizes={sizes}")
    if builtins.sum(sizes) != input._shape[d]:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {input._shape[d]} (input tensor's "
                           f"size at dimension {d}), but got split_sizes={sizes}")
    return _pieces(input, d, sizes)


@defop(backward=_pieces_backward)
def chunk(input, chunks, dim=0):
    ndim = len(input._shape)
    if ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    chunks = _int(chunks, "chunks")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    d = wrap_dim(_int(dim, "dim"), ndim)
    size = input._shape[d]
    ss = (size + chunks - 1) // chunks
    if ss == 0:
        return _pieces(input, d, [0] * chunks)
    return split(input, ss, d)


def _slice_views(input, d, bounds):
    """Views input[..., start:start+length, ...] along dim d for each (start, length)."""
    stride = input.stride()
    shape = list(input._shape)
    v = current_value(input)
    out = []
    for start, length in bounds:
        shape[d] = length
        out.append(input._view(tuple(shape), stride, input._offset + start * stride[d],
                               None if v is None else mint.narrow(v, d, start, length)))
    return tuple(out)


@defop(backward=_tensor_split_backward)
def tensor_split(input, indices_or_sections, dim=0):
    ndim = len(input._shape)
    if ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    ios = indices_or_sections
    if isinstance(ios, Tensor):
        if ios._dtype is not D.int64:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                               f"{D.scalar_type_name(ios._dtype)}")
        if len(ios._shape) > 1:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                               f"one-dimensional tensor, but got a tensor with {len(ios._shape)} dims")
        ios = builtins.int(ios.item()) if not ios._shape else ios.tolist()
    d = wrap_dim(_int(dim, "dim"), ndim)
    size = input._shape[d]
    if not isinstance(ios, (list, tuple)):
        n = _int(ios, "sections")
        if n <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {n}")
        q, r = divmod(size, n)
        return _pieces(input, d, [q + 1] * r + [q] * (n - r))
    bounds = []
    prev = 0
    for idx in [_int(i, "indices") for i in ios] + [None]:
        start = _clamp_index(prev, size)
        end = size if idx is None else _clamp_index(idx, size)
        bounds.append((start, builtins.max(end - start, 0)))
        prev = idx
    return _slice_views(input, d, bounds)


def _clamp_index(i, size):
    if i < 0:
        i += size
    return builtins.min(builtins.max(i, 0), size)


def _directional_split(name, input, ios, min_dim, dim):
    ndim = len(input._shape)
    if ndim < min_dim:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dim} dimension, but got a tensor with "
                           f"{ndim} dimensions!")
    if not isinstance(ios, (list, tuple, Tensor)):
        n = _int(ios, "sections")
        size = input._shape[dim]
        if n == 0 or size % n:
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size of the dimension "
                               f"{size} is not divisible by the split_size {n}!")
    return tensor_split(input, ios, dim)


@defop()
def hsplit(input, indices_or_sections):
    ndim = len(input._shape)
    return _directional_split("hsplit", input, indices_or_sections, 1, 1 if ndim > 1 else 0)


@defop()
def vsplit(input, indices_or_sections):
    return _directional_split("vsplit", input, indices_or_sections, 2, 0)


@defop()
def dsplit(input, indices_or_sections):
    return _directional_split("dsplit", input, indices_or_sections, 3, 2)


@defop(backward=_unbind_backward)
def unbind(input, dim=0):
    ndim = len(input._shape)
    if ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    d = wrap_dim(_int(dim, "dim"), ndim)
    n = input._shape[d]
    stride = input.stride()
    shape = input._shape[:d] + input._shape[d + 1:]
    new_stride = stride[:d] + stride[d + 1:]
    v = current_value(input)
    parts = mint.unbind(v, d) if v is not None and n > 1 else None
    out = []
    offset = input._offset
    for i in range(n):
        if parts is not None:
            value = parts[i]
        elif v is not None:
            value = v.reshape(shape)
        else:
            value = None
        out.append(input._view(shape, new_stride, offset + i * stride[d], value))
    return tuple(out)


# ---- diagonal, as_strided, unfold: views -------------------------------------------------------------
@defop(backward=_diagonal_backward)
def diagonal(input, offset=0, dim1=0, dim2=1):
    ndim = len(input._shape)
    d1, d2 = wrap_dim(_int(dim1, "dim1"), ndim), wrap_dim(_int(dim2, "dim2"), ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    offset = _int(offset, "offset")
    shape, stride = input._shape, input.stride()
    s1, s2 = shape[d1], shape[d2]
    n = builtins.max(builtins.min(s1, s2 - offset) if offset >= 0 else builtins.min(s1 + offset, s2), 0)
    start = input._offset
    if n:
        start += offset * stride[d2] if offset >= 0 else -offset * stride[d1]
    keep = [i for i in range(ndim) if i not in (d1, d2)]
    new_shape = tuple(shape[i] for i in keep) + (n,)
    new_stride = [stride[i] for i in keep] + [stride[d1] + stride[d2]]
    return _derive(input, new_shape, new_stride, start, ops.diagonal, offset, d1, d2)


@defop(backward=_as_strided_backward)
def as_strided(input, size, stride, storage_offset=None):
    size, stride = _shape_arg((size,), "as_strided"), _shape_arg((stride,), "as_strided")
    if len(size) != len(stride):
        raise RuntimeError(f"mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got strides: {stride}")
    if any(s < 0 for s in size):
        raise RuntimeError(f"Trying to create tensor with negative dimension {builtins.min(size)}: {size}")
    offset = input._offset if storage_offset is None else _int(storage_offset, "storage_offset")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    numel = 1
    for s in size:
        numel *= s
    if numel:
        need = offset + builtins.sum((n - 1) * s for n, s in zip(size, stride)) + 1
        st, item = input._storage, input._dtype.itemsize
        have = st.numel if st.value is None or st.nbytes() == st.numel * item else st.nbytes() // item
        if need > have:
            raise RuntimeError(f"setStorage: sizes {size}, strides {stride}, storage offset {offset}, and itemsize "
                               f"{item} requiring a storage size of {need * item} are out of bounds for storage of "
                               f"size {have * item}")
    return input._view(size, stride, offset)


@defop()
def as_strided_(input, size, stride, storage_offset=None):
    return _relayout(input, as_strided(input, size, stride, storage_offset))


@defop(namespace=False, backward=_unfold_backward)
def unfold(self, dimension, size, step):
    ndim = len(self._shape)
    d = wrap_dim(_int(dimension, "dimension"), ndim)
    size, step = _int(size, "size"), _int(step, "step")
    dim_size = self._shape[d] if ndim else 1
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if size > dim_size:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {dim_size} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if ndim == 0:
        return self._view((size,), (1,), self._offset)
    stride = list(self.stride())
    shape = list(self._shape)
    shape[d] = (dim_size - size) // step + 1
    shape.append(size)
    stride.append(stride[d])
    stride[d] *= step
    return self._view(shape, stride, self._offset)  # no MindSpore view op makes windows: gathered on first read


@defop(method=False, differentiable_output=False)  # a composite of recorded views, input by input
def meshgrid(*tensors, indexing=None):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
                      UserWarning, stacklevel=2)
        indexing = "ij"
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    _tensor_list(list(tensors), "meshgrid")
    for t in tensors:
        if t._dtype is not tensors[0]._dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
        if t._device != tensors[0]._device:
            raise RuntimeError("meshgrid expects all tensors to have the same device")
        if len(t._shape) > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}")
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    ts = list(tensors)
    swap = indexing == "xy" and len(ts) >= 2
    if swap:
        ts[0], ts[1] = ts[1], ts[0]
    shape = [t.numel() for t in ts]
    grids = []
    for i, t in enumerate(ts):
        view_shape = [1] * len(ts)
        view_shape[i] = -1
        grids.append(expand(view(t, view_shape), shape))
    if swap:  # 'xy': the grids of the swapped inputs, handed back in the callers' order
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


# ---- atleast_nd ----------------------------------------------------------------------------------
def _atleast(fn, tensors):
    if len(tensors) == 1 and isinstance(tensors[0], Tensor):
        return fn(tensors[0])
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    return tuple(fn(t) for t in tensors)


def _atleast_1d(t):
    return view(t, (1,)) if not t._shape else t


def _atleast_2d(t):
    n = len(t._shape)
    return view(t, (1, 1)) if n == 0 else unsqueeze(t, 0) if n == 1 else t


def _atleast_3d(t):
    n = len(t._shape)
    if n == 0:
        return view(t, (1, 1, 1))
    if n == 1:
        return unsqueeze(unsqueeze(t, 0), -1)
    return unsqueeze(t, -1) if n == 2 else t


@defop(method=False, differentiable_output=False)  # a composite of recorded views, input by input
def atleast_1d(*tensors):
    return _atleast(_atleast_1d, tensors)


@defop(method=False, differentiable_output=False)  # a composite of recorded views, input by input
def atleast_2d(*tensors):
    return _atleast(_atleast_2d, tensors)


@defop(method=False, differentiable_output=False)  # a composite of recorded views, input by input
def atleast_3d(*tensors):
    return _atleast(_atleast_3d, tensors)


# ---- copies: cat, stack and friends -------------------------------------------------------------
def _bitcast_for(value):
    """MindSpore's CPU data-movement kernels miss bfloat16 (ReverseV2, Gather, Tile, measured on 2.10);
    moving data is dtype-blind, so bfloat16 moves as int16."""
    return ms.int16 if value.dtype == ms.bfloat16 else None


@kernel("cat")
def _cat(values, dim):
    return mint.cat(values, dim)


@kernel("stack")
def _stack(values, dim):
    # mint.stack has no CPU kernel (StackExt unregistered) and ops.stack none for bfloat16; a cat of
    # unsqueezed values is as fast and serves every dtype.
    return mint.cat([mint.unsqueeze(v, dim) for v in values], dim)


def _cat_dtype(tensors):
    dtype = tensors[0]._dtype
    for t in tensors[1:]:
        if t._dtype is not dtype:
            dtype = D.promote_types(dtype, t._dtype)
    return dtype


def _check_out_dtype(name, dtype, out):
    if out is not None and not D.can_cast(dtype, out._dtype):
        raise TypeError(f"torch.{name}(): input types can't be cast to the desired output type "
                        f"{D.scalar_type_name(out._dtype)}")


def _values_as(tensors, dtype, device):
    return [t._ms if t._dtype is dtype else cast(t._ms, dtype, device) for t in tensors]


@defop(method=False, backward=_cat_backward)
def cat(tensors, dim=0, *, axis=None, out=None):
    if axis is not None:
        dim = axis
    _tensor_list(tensors, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if not t._shape:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    dtype = _cat_dtype(tensors)
    _check_out_dtype("cat", dtype, out)
    dev = device_of(*tensors)
    # torch skips 1-d empty tensors (legacy behaviour): they take part in type promotion only
    kept = [(i, t) for i, t in enumerate(tensors) if t._shape != (0,)]
    if not kept:
        return finish(ops.zeros((0,), dtype._ms), dev, out)
    ref = kept[0][1]._shape
    ndim = len(ref)
    d = wrap_dim(_int(dim, "dim"), ndim)
    for i, t in kept[1:]:
        if len(t._shape) != ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ndim} and {len(t._shape)}")
        for k in range(ndim):
            if k != d and t._shape[k] != ref[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size {ref[k]} but "
                                   f"got size {t._shape[k]} for tensor number {i} in the list.")
    values = _values_as([t for _, t in kept], dtype, dev)
    value = values[0] if len(values) == 1 else TABLES[dev.type]["cat"](values, d)
    return finish(value, dev, out)


defop("concat", method=False)(cat)
defop("concatenate", method=False)(cat)


@defop(method=False, backward=_stack_backward)
def stack(tensors, dim=0, *, out=None):
    _tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._shape
    d = wrap_dim(_int(dim, "dim"), len(shape) + 1)
    for i, t in enumerate(tensors[1:], 1):
        if t._shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(shape)} at entry 0 and "
                               f"{list(t._shape)} at entry {i}")
    dtype = _cat_dtype(tensors)
    _check_out_dtype("stack", dtype, out)
    dev = device_of(*tensors)
    values = _values_as(tensors, dtype, dev)
    if len(values) == 1:
        value = mint.unsqueeze(values[0], d)
    else:
        value = TABLES[dev.type]["stack"](values, d)
    return finish(value, dev, out)


def _nonempty(tensors, name):
    _tensor_list(tensors, name)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tensors


@defop(method=False)
def hstack(tensors, *, out=None):
    ts = atleast_1d(list(_nonempty(tensors, "hstack")))
    return cat(ts, 0 if len(ts[0]._shape) == 1 else 1, out=out)


@defop(method=False)
def vstack(tensors, *, out=None):
    return cat(atleast_2d(list(_nonempty(tensors, "vstack"))), 0, out=out)


defop("row_stack", method=False)(vstack)


@defop(method=False)
def dstack(tensors, *, out=None):
    return cat(atleast_3d(list(_nonempty(tensors, "dstack"))), 2, out=out)


@defop(method=False)
def column_stack(tensors, *, out=None):
    ts = [reshape(t, (t.numel(), 1)) if len(t._shape) <= 1 else t
          for t in _nonempty(tensors, "column_stack")]
    return cat(ts, 1, out=out)


# ---- flip, roll, rot90 ---------------------------------------------------------------------------
@kernel("flip")
def _flip(value, dims):
    return mint.flip(value, dims)


@kernel("flip", "cpu")
def _flip_cpu(value, dims):
    # MindSpore 2.10 CPU ReverseV2 has no bfloat16 kernel: flip its bits as int16.
    as_int = _bitcast_for(value)
    if as_int is None:
        return mint.flip(value, dims)
    return mint.flip(value.view(as_int), dims).view(value.dtype)


def _flip_value(input, dims):
    value = input._ms
    if not dims or not input._shape or input.numel() == 0:
        return value
    return TABLES[input._device.type]["flip"](value, tuple(dims))


@defop(backward=_flip_backward)
def flip(input, *dims, **kwargs):
    if kwargs:  # flip(x, dims=[...]): torch's keyword
        if dims or set(kwargs) != {"dims"}:
            raise TypeError(f"flip() got an unexpected keyword argument '{next(k for k in kwargs if k != 'dims')}'"
                            if set(kwargs) - {"dims"} else "flip() got multiple values for argument 'dims'")
        dims = (kwargs["dims"],)
    if len(dims) == 1 and isinstance(dims[0], (list, tuple, Size)):
        dims = dims[0]
    dims = _dims_arg(list(dims), len(input._shape))
    return _wrap_like(input, _flip_value(input, dims), input._device)


@defop()
def fliplr(input):
    if len(input._shape) < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, [1])


@defop()
def flipud(input):
    if len(input._shape) < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, [0])


@kernel("roll")
def _roll(value, shifts, dims):
    # MindSpore 2.10 has no CPU Roll kernel (ops.roll and mint.roll: "kernel Roll unregistered" for every
    # dtype); two narrow views and a cat move the data for every dtype.
    for shift, d in zip(shifts, dims):
        size = value.shape[d]
        if size == 0:
            continue
        s = shift % size
        if s:
            value = mint.cat([mint.narrow(value, d, size - s, s), mint.narrow(value, d, 0, size - s)], d)
    return value


@defop(backward=_roll_backward)
def roll(input, shifts, dims=None):
    shifts = _int_list(shifts)
    dims = [] if dims is None else _int_list(dims)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if not dims and len(shifts) != 1:
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
    if dims and len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    if input.numel() == 0:  # torch returns a clone before looking at the dims
        return _wrap_like(input, input._ms, input._device)
    if not dims:  # roll the flattened tensor
        value = TABLES[input._device.type]["roll"](input._ms.reshape(-1), shifts, [0])
        return wrap(value.reshape(input._shape), input._device, input._shape)
    ndim = len(input._shape)
    if ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    dims = [wrap_dim(d, ndim) for d in dims]
    return wrap(TABLES[input._device.type]["roll"](input._ms, shifts, dims), input._device, input._shape)


@defop(backward=_rot90_backward)
def rot90(input, k=1, dims=(0, 1)):
    dims = _int_list(dims)
    ndim = len(input._shape)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {ndim}")
    if dims[0] == dims[1] or builtins.abs(dims[0] - dims[1]) == ndim:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}")
    d0, d1 = wrap_dim(dims[0], ndim), wrap_dim(dims[1], ndim)
    k = _int(k, "k") % 4
    if k == 1:
        return transpose_(flip(input, [d1]), d0, d1)
    if k == 2:
        return flip(input, [d0, d1])
    if k == 3:
        return transpose_(flip(input, [d0]), d0, d1)
    return wrap(input._ms, input._device, input._shape)


# ---- repeat, tile, repeat_interleave -------------------------------------------------------------
@kernel("repeat")
def _repeat(value, repeats):
    # Tensor.repeat has no CPU kernel ("not supported on this device") and Tile none for bfloat16: a
    # broadcast view reshaped into the tiled shape moves the data for every dtype.
    shape = (1,) * (len(repeats) - value.ndim) + tuple(value.shape)
    inter, big, out = [], [], []
    for r, s in zip(repeats, shape):
        inter += [1, s]
        big += [r, s]
        out.append(r * s)
    return value.reshape(inter).broadcast_to(tuple(big)).reshape(out)


@defop(namespace=False, backward=_repeat_backward)
def repeat(self, *sizes):
    if not sizes:
        raise TypeError('repeat() missing 1 required positional arguments: "repeats"')
    sizes = _shape_arg(sizes, "repeat")
    if len(sizes) < len(self._shape):
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    shape = (1,) * (len(sizes) - len(self._shape)) + self._shape
    out_shape = [r * s for r, s in zip(sizes, shape)]
    for n in out_shape:
        if n < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {n}: {out_shape}")
    return wrap(TABLES[self._device.type]["repeat"](self._ms, sizes), self._device, tuple(out_shape))


@defop()
def tile(input, *dims):
    dims = _shape_arg(dims, "tile")
    if len(dims) < len(input._shape):
        dims = [1] * (len(input._shape) - len(dims)) + dims
    return repeat(input, dims)


@kernel("repeat_interleave")
def _repeat_interleave(value, repeats, dim):
    """value's slices along `dim` each repeated `repeats` times (an int), or repeats[i] times (a host array)."""
    if isinstance(repeats, builtins.int):
        shape = list(value.shape)
        big = shape[:dim + 1] + [repeats] + shape[dim + 1:]
        out = shape[:dim] + [shape[dim] * repeats] + shape[dim + 1:]
        return mint.unsqueeze(value, dim + 1).broadcast_to(tuple(big)).reshape(out)
    index = ms.Tensor(np.repeat(np.arange(len(repeats), dtype=np.int64), repeats))
    return ops.gather(value, index, dim)


@kernel("repeat_interleave", "cpu")
def _repeat_interleave_cpu(value, repeats, dim):
    # MindSpore 2.10 CPU Gather has no bfloat16 kernel: gather its bits as int16.
    as_int = _bitcast_for(value)
    if as_int is None or isinstance(repeats, builtins.int):
        return _repeat_interleave(value, repeats, dim)
    return _repeat_interleave(value.view(as_int), repeats, dim).view(value.dtype)


@defop(backward=_repeat_interleave_backward)
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    if repeats is None:  # torch.repeat_interleave(repeats): each index i repeated repeats[i] times
        if len(input._shape) != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        if input._dtype not in (D.int64, D.int32):
            raise RuntimeError("repeats has to be Long or Int tensor")
        counts = input._host_array().astype(np.int64)
        if (counts < 0).any():
            raise RuntimeError("repeats can not be negative")
        arr = np.repeat(np.arange(len(counts), dtype=input._dtype._np), counts)
        return wrap(ms.Tensor(arr), input._device, arr.shape)
    ndim = len(input._shape)
    if dim is not None:  # torch checks the dim before the repeats
        wrap_dim(_int(dim, "dim"), ndim)
    if isinstance(repeats, Tensor):
        if len(repeats._shape) > 1:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
    else:
        repeats = _int(repeats, "repeats")
        if repeats < 0:
            raise RuntimeError("Repeats must be non-negative")
    if dim is None:
        input = reshape(input, (-1,))
        d = 0
    elif ndim == 0:
        wrap_dim(_int(dim, "dim"), 0)
        if isinstance(repeats, Tensor):
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)")
    else:
        d = wrap_dim(_int(dim, "dim"), ndim)
    size = input._shape[d]
    if isinstance(repeats, Tensor):
        if repeats._dtype._kind != 1:
            raise NotImplementedError(f'"repeat_interleave_cpu" not implemented for '
                                      f"'{D.scalar_type_name(repeats._dtype)}'")
        counts = repeats._host_array().reshape(-1).astype(np.int64)
        if len(counts) == 1:  # broadcast to the dim's size first: an empty dim checks nothing
            counts = np.repeat(counts, size)
        elif len(counts) != size:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                               f"{len(counts)} and input.size({d}) = {size}")
        if (counts < 0).any():
            raise RuntimeError("repeats can not be negative")
        repeats = builtins.int(counts[0]) if len(counts) and (counts == counts[0]).all() else counts
    value = TABLES[input._device.type]["repeat_interleave"](input._ms, repeats, d)
    shape = list(input._shape)
    shape[d] = size * repeats if isinstance(repeats, builtins.int) else builtins.int(repeats.sum())
    return wrap(value, input._device, tuple(shape))


# ---- diag, diag_embed, diagflat ------------------------------------------------------------------
@kernel("diag_embed")
def _diag_embed(value, offset):
    """(..., n) -> (..., m, m), m = n + |offset|, value on the offset diagonal of the last two dims.
    ops.diag/diag_embed miss bool, int8, uint8 and bfloat16 on CPU; this lays the values out with
    cat and reshape only: row i of an (n, m + 1) block [v | zeros] flattened puts v[i] at i * (m + 1)."""
    batch = tuple(value.shape[:-1])
    n = value.shape[-1]
    k = builtins.abs(offset)
    m = n + k
    if n == 0:
        return ops.zeros(batch + (m, m), value.dtype)
    rows = mint.cat([value.reshape(batch + (n, 1)), ops.zeros(batch + (n, m), value.dtype)], -1)
    rows = rows.reshape(batch + (n * (m + 1),))
    base = offset if offset >= 0 else k * m
    total = m * m
    tail = total - base - n * (m + 1)
    pieces = [rows]
    if base:
        pieces.insert(0, ops.zeros(batch + (base,), value.dtype))
    if tail > 0:
        pieces.append(ops.zeros(batch + (tail,), value.dtype))
    flat = mint.cat(pieces, -1) if len(pieces) > 1 else rows
    if tail < 0:
        flat = mint.narrow(flat, len(batch), 0, total)
    return flat.reshape(batch + (m, m))


@defop(backward=_diag_embed_backward)
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    n_out = len(input._shape) + 1
    d1, d2 = wrap_dim(_int(dim1, "dim1"), n_out), wrap_dim(_int(dim2, "dim2"), n_out)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    offset = _int(offset, "offset")
    value = TABLES[input._device.type]["diag_embed"](input._ms, offset)
    if (d1, d2) != (n_out - 2, n_out - 1):
        batch = iter(range(n_out - 2))
        perm = tuple(n_out - 2 if p == d1 else n_out - 1 if p == d2 else next(batch) for p in range(n_out))
        value = ops.transpose(value, perm)
    return wrap(value, input._device, tuple(value.shape))


@defop(backward=_diag_backward)
def diag(input, diagonal=0, *, out=None):
    ndim = len(input._shape)
    offset = _int(diagonal, "diagonal")
    if ndim == 1:
        value = TABLES[input._device.type]["diag_embed"](input._ms, offset)
    elif ndim == 2:
        value = ops.diagonal(input._ms, offset, 0, 1)
    else:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {ndim}D")
    return finish(value, input._device, out)


@defop(backward=_diagflat_backward)
def diagflat(input, offset=0):
    value = TABLES[input._device.type]["diag_embed"](input._ms.reshape(-1), _int(offset, "offset"))
    return wrap(value, input._device, tuple(value.shape))


# ---- index tensors -------------------------------------------------------------------------------
def _tri_indices(name, np_fn, row, col, offset, dtype, device):
    row, col, offset = _int(row, "row"), _int(col, "col"), _int(offset, "offset")
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    dtype = dtype or D.int64
    if dtype not in (D.int64, D.int32):
        raise NotImplementedError(f"\"{name}\" not implemented for '{D.scalar_type_name(dtype)}'")
    r, c = np_fn(row, offset, col)
    arr = np.stack([r, c]).astype(dtype._np).reshape(2, -1)
    device = as_device(device)
    check_available(device)
    if device.type == "meta":
        return Tensor._make_meta(arr.shape, dtype, device)
    return wrap(ms.Tensor(arr), device, arr.shape)


@defop(method=False)
def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None, requires_grad=False):
    return _tri_indices("tril_indices", np.tril_indices, row, col, offset, dtype, device)


@defop(method=False)
def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None, requires_grad=False):
    return _tri_indices("triu_indices", np.triu_indices, row, col, offset, dtype, device)


# ---- block_diag, cartesian_prod ------------------------------------------------------------------
@defop(method=False, backward=_block_diag_backward)
def block_diag(*tensors):
    if not tensors:
        return wrap(ops.zeros((1, 0), D.get_default_dtype()._ms), as_device(None), (1, 0))
    dtype = D.result_type_of(tensors)  # 0-dim blocks promote as scalars do (torch's result_type)
    blocks = []
    for i, t in enumerate(tensors):
        if len(t._shape) > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                               f"{len(t._shape)} dimensions")
        blocks.append(t if len(t._shape) == 2 else view(t, (1, -1)))
    dev = device_of(*blocks)
    values = _values_as(blocks, dtype, dev)
    cols = builtins.sum(b._shape[1] for b in blocks)
    rows, left = [], 0
    for b, v in zip(blocks, values):
        r, c = b._shape
        row = [v]
        if left:
            row.insert(0, ops.zeros((r, left), dtype._ms))
        if cols - left - c:
            row.append(ops.zeros((r, cols - left - c), dtype._ms))
        rows.append(TABLES[dev.type]["cat"](row, 1) if len(row) > 1 else v)
        left += c
    value = TABLES[dev.type]["cat"](rows, 0) if len(rows) > 1 else rows[0]
    return wrap(value, dev, (builtins.sum(b._shape[0] for b in blocks), cols))


@defop(method=False)
def cartesian_prod(*tensors):
    for t in tensors:
        if len(t._shape) != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t._shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([reshape(g, (-1,)) for g in grids], 1)


def _view_dtype_resized(self, dtype):
    """view(dtype) to a dtype of another element size: torch's rules (the last dim has stride 1 and scales by
    the size ratio; the other strides and the storage offset scale too, and must divide evenly). The view
    shares the storage; its values are the storage's bytes read as `dtype` (Tensor._flat_in_own_units)."""
    old_name, new_name = D.scalar_type_name(self._dtype), D.scalar_type_name(dtype)
    if not self._shape:
        raise RuntimeError(f"self.dim() cannot be 0 to view {old_name} as {new_name} (different element sizes)")
    old_size, new_size = self._dtype.itemsize, dtype.itemsize
    shape, stride, offset = list(self._shape), list(self.stride()), self._offset
    if stride[-1] != 1:
        raise RuntimeError("self.stride(-1) must be 1 to view " f"{old_name} as {new_name} (different element sizes), "
                           f"but got {stride[-1]}")
    if new_size > old_size:
        ratio = new_size // old_size
        if shape[-1] % ratio:
            raise RuntimeError(f"self.size(-1) must be divisible by {ratio} to view {old_name} as {new_name} "
                               f"(different element sizes), but got {shape[-1]}")
        if offset % ratio:
            raise RuntimeError(f"self.storage_offset() must be divisible by {ratio} to view {old_name} as "
                               f"{new_name} (different element sizes), but got {offset}")
        for d in range(len(shape) - 1):
            if stride[d] % ratio:
                raise RuntimeError(f"self.stride({d}) must be divisible by {ratio} to view {old_name} as "
                                   f"{new_name} (different element sizes), but got {stride[d]}")
        shape[-1] //= ratio
        stride = [s // ratio for s in stride[:-1]] + [1]
        offset //= ratio
    else:
        ratio = old_size // new_size
        shape[-1] *= ratio
        stride = [s * ratio for s in stride[:-1]] + [1]
        offset *= ratio
    t = self._view(shape, stride, offset)
    t._dtype = dtype
    t._base = None  # torch shares the storage and version counter but does not count it a view
    return t
