"""What op entries share: wrapping results, casting, broadcasting checks, type promotion for
operands that mix tensors and Python scalars, `out=` and in-place result rules."""
import builtins

import numpy as np
import mindspore as ms

from .. import _dtype as D
from .._device import as_device, CPU
from .._tensor import Tensor
from .registry import TABLES, dispatch

wrap = Tensor._make


def is_tensor(x):
    return isinstance(x, Tensor)


def cast(value, dtype, device=CPU):
    """A MindSpore value converted to mindtorch dtype `dtype` on `device`'s kernels."""
    if value.dtype == dtype._ms:
        return value
    if dtype._ms is None:
        raise NotImplementedError(f"mindtorch: MindSpore has no {dtype} dtype")
    return TABLES[device.type]["cast"](value, dtype._ms)


def as_value(x, dtype, device=CPU):
    """An operand as a MindSpore value of `dtype`: tensors are cast, scalars become 0-dim values."""
    if isinstance(x, Tensor):
        return cast(x._ms, dtype, x._device)
    return ms.Tensor(np.asarray(x, dtype=dtype._np)) if dtype._np is not None else cast(
        ms.Tensor(np.asarray(x, dtype=np.float32)), dtype, device)


def broadcast_shapes(*shapes):
    ndim = max((len(s) for s in shapes), default=0)
    out = [1] * ndim
    for s in shapes:
        for i, n in enumerate(s, ndim - len(s)):
            m = out[i]
            if m == 1:
                out[i] = n
            elif n != 1 and n != m:
                a, b = (m, n)
                raise RuntimeError(
                    f"The size of tensor a ({a}) must match the size of tensor b ({b}) at non-singleton "
                    f"dimension {i}")
    return tuple(out)


def result_type(*operands):
    return D.result_type_of(operands)


def check_inplace_dtype(result_dtype, target):
    if not D.can_cast(result_dtype, target._dtype):
        raise RuntimeError(f"result type {D.scalar_type_name(result_dtype)} can't be cast to the desired output "
                           f"type {D.scalar_type_name(target._dtype)}")


def write_inplace(target, value, result_dtype):
    """Store `value` (computed in `result_dtype`) into `target` as torch's in-place ops do."""
    check_inplace_dtype(result_dtype, target)
    if value.dtype != target._dtype._ms:
        value = cast(value, target._dtype, target._device)
    if tuple(value.shape) != target._shape:
        value = value.broadcast_to(target._shape) if _broadcastable(value.shape, target._shape) else _shape_error(
            value.shape, target._shape)
    target._write(value)
    return target


def _broadcastable(src, dst):
    try:
        return broadcast_shapes(tuple(src), dst) == tuple(dst)
    except RuntimeError:
        return False


def _shape_error(src, dst):
    raise RuntimeError(f"output with shape {list(dst)} doesn't match the broadcast shape {list(src)}")


def write_out(out, value, device):
    """torch's `out=`: `out` takes the result's shape (resized when it differs) and keeps its dtype."""
    if not isinstance(out, Tensor):
        raise TypeError(f"argument 'out' must be Tensor, not {type(out).__name__}")
    res_dtype = D.FROM_MS[value.dtype]
    if not D.can_cast(res_dtype, out._dtype):
        raise RuntimeError(f"result type {D.scalar_type_name(res_dtype)} can't be cast to the desired output type "
                           f"{D.scalar_type_name(out._dtype)}")
    if value.dtype != out._dtype._ms:
        value = cast(value, out._dtype, device)
    if tuple(value.shape) != out._shape:
        fresh = wrap(value, out._device)
        out._value, out._seen, out._storage = fresh._value, fresh._seen, fresh._storage
        out._shape, out._stride, out._offset, out._index = fresh._shape, None, 0, None
        return out
    out._write(value)
    return out


def finish(value, device, out=None):
    """The tensor an op returns: a new tensor, or `out` filled in."""
    if out is None:
        return wrap(value, device)
    return write_out(out, value, device)


def device_of(*operands):
    """The device an op runs on. 0-dim CPU tensors may join tensors of another device, as in torch."""
    found = None
    for x in operands:
        if isinstance(x, Tensor):
            d = x._device
            if found is None or (found.type == "cpu" and found_scalar):
                found, found_scalar = d, not x._shape
            elif d != found and not (d.type == "cpu" and not x._shape):
                raise RuntimeError(f"Expected all tensors to be on the same device, but found at least two devices, "
                                   f"{found} and {d}!")
    return found or CPU


def wrap_dim(dim, ndim):
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def tensor_or_scalar_value(x, dtype, device):
    """A binary op's operand as the kernels take it: a value of `dtype` for tensors, a Python
    scalar of the matching kind for numbers (MindSpore keeps the tensor's dtype for those)."""
    if isinstance(x, Tensor):
        v = x._ms
        return v if v.dtype == dtype._ms else cast(v, dtype, x._device)
    if dtype._kind == 3:
        return ms.Tensor(np.asarray(x, dtype=dtype._np))
    if dtype._kind == 2:
        return builtins.float(x)
    if dtype is D.bool:
        return builtins.bool(x)
    return builtins.int(x)
