"""Shape ops and views. A view op computes torch's layout (shape, strides, storage offset) of the
result over the same Storage; its value comes from a cheap MindSpore op on the current value, or
later from the storage (see _storage.py)."""
import builtins
import numbers

from mindspore import ops

from .. import _dtype as D
from .._tensor import Tensor, Size
from .._storage import contiguous_strides
from .registry import defop, kernel, TABLES
from .common import wrap, wrap_dim


def _shape_arg(args, name="view"):
    if len(args) == 1 and isinstance(args[0], (tuple, list, Size)):
        args = tuple(args[0])
    out = []
    for s in args:
        if isinstance(s, Tensor):
            s = s.__index__()
        if not isinstance(s, numbers.Integral) or isinstance(s, builtins.bool):
            raise TypeError(f"{name}(): argument 'size' must be tuple of ints, but found element of type "
                            f"{type(s).__name__}")
        out.append(builtins.int(s))
    return out


def infer_size(shape, numel):
    """Resolve a single -1 in `shape` against `numel`, with torch's errors."""
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
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape[neg[0]] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
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


def current_value(t):
    """t's value when it is already computed, else None (views then fill in lazily)."""
    return t._value if t._seen == t._storage.version else None


@defop(namespace=False)
def view(self, *shape):
    if len(shape) == 1 and isinstance(shape[0], D.dtype):
        return _view_dtype(self, shape[0])
    shape = infer_size(_shape_arg(shape), self.numel())
    if self._stride is None:
        value = current_value(self)
        return self._view(shape, None, self._offset, None if value is None else value.reshape(shape))
    stride = view_strides(self._shape, self._stride, shape)
    if stride is None:
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one dimension "
                           "spans across two contiguous subspaces). Use .reshape(...) instead.")
    return self._view(shape, stride)


def _view_dtype(self, dtype):
    if dtype.itemsize != self._dtype.itemsize:
        raise NotImplementedError(f"mindtorch: view({dtype}) of a {self._dtype} tensor (a different element size) "
                                  "is not supported")
    if dtype is self._dtype:
        return self._view(self._shape, self._stride)
    return wrap(self.contiguous()._ms.view(dtype._ms), self._device, self._shape)


@defop()
def reshape(input, *shape):
    shape = infer_size(_shape_arg(shape, "reshape"), input.numel())
    if input._stride is None or view_strides(input._shape, input._stride, shape) is not None:
        return view(input, shape)
    return wrap(input._ms.reshape(shape), input._device, tuple(shape))


@defop()
def permute(input, *dims):
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
    value = current_value(input)
    return input._view([input._shape[d] for d in dims], [stride[d] for d in dims], input._offset,
                       None if value is None else ops.transpose(value, tuple(dims)))


@defop()
def transpose(input, dim0, dim1):
    ndim = len(input._shape)
    dims = list(range(ndim))
    if ndim == 0:
        wrap_dim(dim0, 0), wrap_dim(dim1, 0)
        return input._view((), ())
    a, b = wrap_dim(dim0, ndim), wrap_dim(dim1, ndim)
    dims[a], dims[b] = dims[b], dims[a]
    return permute(input, dims)


defop("swapaxes")(transpose)
defop("swapdims")(transpose)


@defop()
def unsqueeze(input, dim):
    ndim = len(input._shape)
    dim = wrap_dim(dim, ndim + 1)
    stride = list(input.stride())
    new_stride = stride[dim] * input._shape[dim] if dim < ndim else 1
    shape = list(input._shape)
    shape.insert(dim, 1)
    stride.insert(dim, new_stride)
    value = current_value(input)
    return input._view(shape, stride, input._offset, None if value is None else value.reshape(shape))


@defop(namespace=False)
def expand(self, *sizes):
    sizes = _shape_arg(sizes, "expand")
    ndim = len(self._shape)
    if len(sizes) < ndim:
        raise RuntimeError(f"expand(torch.{self._dtype.name}{{{list(self._shape)}}}, size={sizes}): the number of sizes "
                           f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in the tensor "
                           f"({ndim})")
    stride = self.stride()
    lead = len(sizes) - ndim
    shape, new_stride = [], []
    for i, size in enumerate(sizes):
        if i < lead:
            if size < 0:
                raise RuntimeError(f"The expanded size of the tensor ({size}) isn't allowed in a leading, "
                                   "non-existing dimension 0")
            shape.append(size)
            new_stride.append(0)
            continue
        old = self._shape[i - lead]
        if size == -1:
            size = old
        if old == size:
            shape.append(size)
            new_stride.append(stride[i - lead])
        elif old == 1:
            shape.append(size)
            new_stride.append(0)
        else:
            raise RuntimeError(f"The expanded size of the tensor ({size}) must match the existing size ({old}) at "
                               f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                               f"{list(self._shape)}")
    value = current_value(self)
    return self._view(shape, new_stride, self._offset,
                      None if value is None else ops.broadcast_to(value, tuple(shape)))
