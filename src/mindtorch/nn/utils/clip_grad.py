"""Gradient clipping: clip_grad_norm_, clip_grad_value_, get_total_norm, clip_grads_with_norm_.

The norms and clamps run as kernels over MindSpore values (one call per gradient, no graph recording:
gradient clipping is a no_grad utility); the rescale is the in-place `mul_` as torch's."""
import functools
import math
import types
import warnings

import mindspore as ms
from mindspore import ops

from ... import _dtype as D
from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ..._ops.registry import kernel, TABLES

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_"]

_HALF = (ms.float16, ms.bfloat16)


def _vector_norm(v, ord):
    """||v||_ord over all elements of a MindSpore tensor, as a 0-dim value of v's dtype (half types
    accumulate in float32, as torch's CPU kernels)."""
    dtype = v.dtype
    if dtype in _HALF:
        v = ops.cast(v, ms.float32)
    v = v.reshape(-1)
    if v.shape[0] == 0:
        if math.isinf(ord):
            raise RuntimeError("linalg.vector_norm cannot compute the inf norm on an empty tensor because the "
                               "operation does not have an identity")
        r = ops.zeros((), v.dtype)
    elif ord == 2:
        r = ops.sqrt(ops.sum(v * v))
    elif ord == 1:
        r = ops.sum(ops.abs(v))
    elif ord == math.inf:
        r = ops.amax(ops.abs(v))
    elif ord == -math.inf:
        r = ops.amin(ops.abs(v))
    elif ord == 0:
        r = ops.sum(ops.cast(ops.not_equal(v, 0), v.dtype))
    else:
        r = ops.pow(ops.sum(ops.pow(ops.abs(v), ord)), 1.0 / ord)
    r = r.reshape(())
    return ops.cast(r, dtype) if r.dtype != dtype else r


@kernel("_nn_foreach_vector_norm")
def _foreach_vector_norm(values, ord):
    return [_vector_norm(v, ord) for v in values]


@kernel("_nn_stacked_vector_norm")
def _stacked_vector_norm(values, ord, ms_dtype):
    return _vector_norm(ops.stack([ops.cast(v, ms_dtype) if v.dtype != ms_dtype else v for v in values]), ord)


@kernel("_nn_clip_coef")
def _clip_coef(total, max_norm):
    dtype = total.dtype
    t = ops.cast(total, ms.float32) if dtype in _HALF else total
    coef = max_norm / (t + 1e-6)
    coef = ops.where(coef > 1.0, ops.ones_like(coef), coef)  # clamp(max=1) that keeps NaN, as torch's
    return ops.cast(coef, dtype) if coef.dtype != dtype else coef


@kernel("_nn_clamp_value")
def _clamp_value(value, clip):
    dtype = value.dtype
    v = ops.cast(value, ms.float32) if dtype in _HALF else value
    # clamp that keeps NaN, as torch's
    out = ops.where(v > clip, ops.full_like(v, clip), ops.where(v < -clip, ops.full_like(v, -clip), v))
    return ops.cast(out, dtype) if out.dtype != dtype else out


def _no_grad(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with no_grad():
            return fn(*args, **kwargs)
    return wrapper


def _group_by_device(tensors):
    groups = {}
    for t in tensors:
        groups.setdefault(t.device, []).append(t)
    return groups


def _check_foreach(foreach, device):
    # torch has foreach kernels for cpu and accelerators; 'meta' holds no data to clip
    if foreach and device.type == "meta":
        raise RuntimeError(f"foreach=True was passed, but can't use the foreach API on {device.type} tensors")


@_no_grad
def _get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The norm of the vector of the tensors' norms (= the norm of all their elements together)."""
    from ... import _ops
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        return _ops.tensor(0.0)
    first = tensors[0].device
    norms = []
    for device, group in _group_by_device(tensors).items():
        _check_foreach(foreach, device)
        values = TABLES[device.type]["_nn_foreach_vector_norm"]([t._ms for t in group], norm_type)
        norms.extend(Tensor._make(v, device, ()).to(first) for v in values)
    dtype = norms[0].dtype
    for n in norms[1:]:
        dtype = D.promote_types(dtype, n.dtype)
    total = Tensor._make(TABLES[first.type]["_nn_stacked_vector_norm"]([n._ms for n in norms], norm_type, dtype._ms),
                         first, ())
    if error_if_nonfinite and not math.isfinite(total.item()):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so it "
                           "cannot be clipped. To disable this error and scale the gradients by the non-finite norm "
                           "anyway, set `error_if_nonfinite=False`")
    return total


@_no_grad
def _clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale the gradients by min(1, max_norm / (total_norm + 1e-6)) in place."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    max_norm = float(max_norm)
    if not grads:
        return
    coef = Tensor._make(TABLES[total_norm.device.type]["_nn_clip_coef"](total_norm._ms, max_norm),
                        total_norm.device, ())
    for device, group in _group_by_device(grads).items():
        _check_foreach(foreach, device)
        c = coef.to(device)
        for g in group:
            g.mul_(c)


@_no_grad
def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Clip the gradients of `parameters` so that their total `norm_type` norm is at most `max_norm`;
    returns the total norm before clipping."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and not parameters:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", stacklevel=3)
    grads = [p.grad for p in parameters if p.grad is not None]
    total = _get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    _clip_grads_with_norm_(parameters, max_norm, total, foreach)
    return total


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Deprecated alias of clip_grad_norm_."""
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


@_no_grad
def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient of `parameters` into [-clip_value, clip_value] in place."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    clip_value = float(clip_value)
    grads = [p.grad for p in parameters if p.grad is not None]
    for device, group in _group_by_device(grads).items():
        _check_foreach(foreach, device)
        clamp = TABLES[device.type]["_nn_clamp_value"]
        for g in group:
            g._write(clamp(g._ms, clip_value))
