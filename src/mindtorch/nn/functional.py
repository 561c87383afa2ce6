"""mindtorch.nn.functional: torch.nn.functional on mindtorch.

The entries check arguments as torch does and run the kernels of mindtorch._ops.nn_ops (one recorded
op per call, with its backward formula). Convolution, pooling, resampling, padding, attention and the
other functions of torch.nn.functional not defined here come from their own modules, re-exported at
the end when present."""
import math
import numbers
import warnings

import numpy as np
import mindspore as ms

from .. import _dtype as D
from .._tensor import Tensor
from .._ops import nn_ops as K
from .._ops.common import wrap, cast
from .._ops.random import _gen
from ..autograd import grad_mode

__all__ = []


def _export(fn):
    __all__.append(fn.__name__)
    return fn


# ---- helpers ------------------------------------------------------------------------------------------
def _dtype_name(t):
    return D.scalar_type_name(t._dtype)


def _check_tensor(x, fname, arg="input"):
    if not isinstance(x, Tensor):
        raise TypeError(f"{fname}(): argument '{arg}' (position 1) must be Tensor, not {type(x).__name__}")


def _float_only(x, kernel_name):
    if not (x._dtype.is_floating_point or x._dtype.is_complex):
        raise NotImplementedError(f"\"{kernel_name}\" not implemented for '{_dtype_name(x)}'")


def _as_float(x):
    """Integer/bool inputs of ops that promote them (sigmoid, tanh) as the default float dtype."""
    if x._dtype.is_floating_point or x._dtype.is_complex:
        return x
    return wrap(cast(x._ms, D.get_default_dtype(), x._device), x._device)


def _wrap_dim(dim, ndim):
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def _value(x, ms_dtype=None):
    v = x._ms
    if ms_dtype is not None and v.dtype != ms_dtype:
        v = cast(v, D.FROM_MS[ms_dtype], x._device)
    return v


def _host(x):
    return x._host_array()


def _new(value, like):
    return wrap(value, like._device)


def _const(arr, like, dtype=None):
    """A NumPy array as a tensor on `like`'s device (dtype: like's unless given)."""
    dtype = dtype or like._dtype
    v = ms.Tensor(np.ascontiguousarray(arr.astype(dtype._np or np.float32)))
    if dtype._np is None:
        v = cast(v, dtype, like._device)
    return wrap(v, like._device, tuple(arr.shape))


def _reduction(size_average, reduce, reduction):
    if size_average is not None or reduce is not None:
        return _legacy_reduction(size_average, reduce)
    return reduction


def _legacy_reduction(size_average, reduce, emit_warning=True):
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    ret = "mean" if size_average and reduce else "sum" if reduce else "none"
    if emit_warning:
        warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{ret}' instead.",
                      stacklevel=3)
    return ret


def _check_reduction(reduction):
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.")
        return "mean"
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _size_warning(input, target):
    if target.shape != input.shape:
        warnings.warn(f"Using a target size ({target.size()}) that is different to the input size ({input.size()}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the "
                      "same size.", stacklevel=3)


def _broadcast_check(a, b):
    from .._ops.common import broadcast_shapes
    return broadcast_shapes(a.shape, b.shape)


def _same_dtype(*tensors):
    ts = [t for t in tensors if t is not None]
    first = ts[0]._dtype
    for t in ts[1:]:
        if t._dtype is not first:
            raise RuntimeError(f"expected scalar type {D.scalar_type_name(first)} but found {_dtype_name(t)}")


# ---- linear -------------------------------------------------------------------------------------------
@_export
def linear(input, weight, bias=None):
    _check_tensor(input, "linear")
    if input.dim() == 0 or weight.dim() == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are {input.dim()}D and "
                           f"{weight.dim()}D")
    k = weight.shape[-1]
    if input.shape[-1] != k:
        rows = int(np.prod(input.shape[:-1])) if input.dim() > 1 else 1
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{input.shape[-1]} and "
                           f"{k}x{weight.shape[0] if weight.dim() > 1 else 1})")
    if weight.dim() == 1 and input.dim() > 1 and bias is not None:
        raise RuntimeError("mat2 must be a matrix, got 1-D tensor")
    if input._dtype is not weight._dtype or (bias is not None and bias._dtype is not input._dtype):
        other = weight if input._dtype is not weight._dtype else bias
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_c_name(input)} != {_c_name(other)}")
    return K.linear(input, weight, bias)


def _c_name(t):
    return {"Float": "float", "Double": "double", "Half": "c10::Half", "BFloat16": "c10::BFloat16",
            "Long": "long int", "Int": "int"}.get(_dtype_name(t), _dtype_name(t))


@_export
def bilinear(input1, input2, weight, bias=None):
    if input1.dim() != input2.dim():
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {input1.dim()} and {input2.dim()}")
    if input1.shape[:-1] != input2.shape[:-1]:
        raise RuntimeError("bilinear(): input batch dimensions do not match")
    if weight.dim() != 3:
        raise RuntimeError(f"bilinear(): weight must be three-dimensional, but got {weight.dim()}")
    if input1.shape[-1] != weight.shape[1]:
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got {input1.shape[-1]} but expected "
                           f"{weight.shape[1]}")
    if input2.shape[-1] != weight.shape[2]:
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got {input2.shape[-1]} but expected "
                           f"{weight.shape[2]}")
    if bias is not None and bias.shape[-1] != weight.shape[0]:
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got {bias.shape[-1]} but expected "
                           f"{weight.shape[0]}")
    return K.bilinear(input1, input2, weight, bias)


# ---- activations --------------------------------------------------------------------------------------
def _run(op, input, inplace, rest=(), **static):
    if inplace:
        return K.inplace(op, input, rest, static)
    return op.apply((input, *rest), static)


@_export
def relu(input, inplace=False):
    _check_tensor(input, "relu")
    if input._dtype is D.bool:
        raise RuntimeError("Boolean inputs not supported for relu")
    return _run(K.relu, input, inplace)


@_export
def relu_(input):
    return relu(input, inplace=True)


@_export
def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    _check_tensor(input, "hardtanh")
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if input._dtype is D.bool:
        raise RuntimeError("Bool inputs not supported for hardtanh")
    if not input._dtype.is_floating_point:
        min_val, max_val = int(min_val), int(max_val)
    return _run(K.hardtanh, input, inplace, min_val=min_val, max_val=max_val)


@_export
def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, inplace=True)


@_export
def relu6(input, inplace=False):
    return hardtanh(input, 0.0, 6.0, inplace)


@_export
def leaky_relu(input, negative_slope=0.01, inplace=False):
    _check_tensor(input, "leaky_relu")
    _float_only(input, "leaky_relu_cpu")
    return _run(K.leaky_relu, input, inplace, negative_slope=float(negative_slope))


@_export
def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, inplace=True)


def _elu(input, alpha, scale, input_scale, inplace, name="elu_cpu"):
    _check_tensor(input, "elu")
    _float_only(input, name)
    return _run(K.elu, input, inplace, alpha=float(alpha), scale=float(scale), input_scale=float(input_scale))


@_export
def elu(input, alpha=1.0, inplace=False):
    return _elu(input, alpha, 1.0, 1.0, inplace)


@_export
def elu_(input, alpha=1.0):
    return elu(input, alpha, inplace=True)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


@_export
def selu(input, inplace=False):
    return _elu(input, _SELU_ALPHA, _SELU_SCALE, 1.0, inplace)


@_export
def selu_(input):
    return selu(input, inplace=True)


@_export
def celu(input, alpha=1.0, inplace=False):
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError")
    return _elu(input, alpha, 1.0, 1.0 / alpha, inplace)


@_export
def celu_(input, alpha=1.0):
    return celu(input, alpha, inplace=True)


@_export
def gelu(input, approximate="none"):
    _check_tensor(input, "gelu")
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    _float_only(input, "GeluKernelImpl")
    return K.gelu.apply((input,), {"approximate": approximate})


@_export
def silu(input, inplace=False):
    _check_tensor(input, "silu")
    _float_only(input, "silu_cpu")
    return _run(K.silu, input, inplace)


@_export
def mish(input, inplace=False):
    _check_tensor(input, "mish")
    _float_only(input, "mish_cpu")
    return _run(K.mish, input, inplace)


@_export
def softplus(input, beta=1.0, threshold=20.0):
    _check_tensor(input, "softplus")
    _float_only(input, "softplus_cpu")
    return K.softplus.apply((input,), {"beta": float(beta), "threshold": float(threshold)})


@_export
def softsign(input):
    _float_only(input, "abs_cpu") if input._dtype is D.bool else None
    return K.softsign.apply((_as_float(input),), {})


@_export
def softshrink(input, lambd=0.5):
    _float_only(input, "softshrink_cpu")
    if lambd < 0:
        raise RuntimeError(f"lambda must be greater or equal to 0, but found to be {lambd}.")
    return K.softshrink.apply((input,), {"lambd": float(lambd)})


@_export
def hardshrink(input, lambd=0.5):
    _float_only(input, "hardshrink_cpu")
    return K.hardshrink.apply((input,), {"lambd": float(lambd)})


@_export
def tanhshrink(input):
    return K.tanhshrink.apply((_as_float(input),), {})


@_export
def hardsigmoid(input, inplace=False):
    _float_only(input, "hardsigmoid_cpu")
    return _run(K.hardsigmoid, input, inplace)


@_export
def hardswish(input, inplace=False):
    _float_only(input, "hardswish_cpu")
    return _run(K.hardswish, input, inplace)


@_export
def sigmoid(input):
    return K.sigmoid.apply((_as_float(input),), {})


@_export
def tanh(input):
    return K.tanh.apply((_as_float(input),), {})


@_export
def logsigmoid(input):
    _float_only(input, "log_sigmoid_cpu")
    return K.log_sigmoid.apply((input,), {})


@_export
def threshold(input, threshold, value, inplace=False):
    _check_tensor(input, "threshold")
    if not input._dtype.is_floating_point:
        threshold, value = int(threshold), int(value)
    return _run(K.threshold, input, inplace, threshold=threshold, value=value)


@_export
def threshold_(input, threshold, value):
    return globals()["threshold"](input, threshold, value, inplace=True)


@_export
def glu(input, dim=-1):
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    dim = _wrap_dim(dim, input.dim())
    if input.shape[dim] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {dim} is size {input.shape[dim]}")
    _float_only(input, "glu_cpu")
    return K.glu.apply((input,), {"dim": dim})


@_export
def prelu(input, weight):
    n = weight.numel()
    channels = input.shape[1] if input.dim() >= 2 else 1
    if n != 1 and n != channels:
        raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = {n} and "
                           f"channel size = {channels}.")
    if weight.dim() > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.dim()}")
    return K.prelu.apply((input, weight), {})


@_export
def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    _float_only(input, "rrelu_with_noise_cpu")
    if not training:
        return leaky_relu(input, (lower + upper) / 2, inplace)
    noise = _gen(None).uniform(lower, upper, size=input.shape)
    noise = _const(noise, input)
    return _run(K.rrelu_with_noise, input, inplace, rest=(noise,))


@_export
def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    return rrelu(input, lower, upper, training, inplace=True)


# ---- softmax family -----------------------------------------------------------------------------------
def _get_softmax_dim(name, ndim, stacklevel):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as "
                  "an argument.", stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def _softmax_args(input, dim, dtype, name, kernel_name):
    if dim is None:
        dim = _get_softmax_dim(name, input.dim(), 4)
    dim = _wrap_dim(dim, input.dim())
    if dtype is None:
        if not input._dtype.is_floating_point:
            raise NotImplementedError(f"\"{kernel_name}\" not implemented for '{_dtype_name(input)}'")
        return dim, None
    dtype = D.as_dtype(dtype) if not isinstance(dtype, D.dtype) else dtype
    return dim, (None if dtype is input._dtype else dtype._ms)


@_export
def softmax(input, dim=None, _stacklevel=3, dtype=None):
    dim, dt = _softmax_args(input, dim, dtype, "softmax", "softmax_lastdim_kernel_impl")
    return K.softmax.apply((input,), {"dim": dim, "dtype": dt})


@_export
def softmin(input, dim=None, _stacklevel=3, dtype=None):
    dim, dt = _softmax_args(input, dim, dtype, "softmin", "softmax_lastdim_kernel_impl")
    return K.softmax.apply((_neg(input),), {"dim": dim, "dtype": dt})


@_export
def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    dim, dt = _softmax_args(input, dim, dtype, "log_softmax", "log_softmax_lastdim_kernel_impl")
    return K.log_softmax.apply((input,), {"dim": dim, "dtype": dt})


_negate = K.NNOp("neg", lambda x: -x, lambda g, x, y, need: (-g[0],))


def _neg(x):
    return _negate.apply((x,), {})


@_export
def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.")
    dim = _wrap_dim(dim, logits.dim())
    gumbels = -np.log(_gen(None).exponential(size=logits.shape))
    return K.gumbel_softmax.apply((logits, _const(gumbels, logits)), {"tau": float(tau), "dim": dim, "hard": hard})


# ---- distances ----------------------------------------------------------------------------------------
@_export
def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    dim = _wrap_dim(dim, input.dim())
    result = K.normalize.apply((input,), {"p": float(p), "dim": dim, "eps": float(eps)})
    if out is not None:
        out.copy_(result)
        return out
    return result


@_export
def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    shape = _broadcast_check(x1, x2)
    dim = _wrap_dim(dim, len(shape))
    if not x1._dtype.is_floating_point:
        x1 = _as_float(x1)
    if not x2._dtype.is_floating_point:
        x2 = _as_float(x2)
    return K.cosine_similarity.apply((x1, x2), {"dim": dim, "eps": float(eps)})


@_export
def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    n1, n2 = x1.dim(), x2.dim()
    if max(n1, n2) == 0:
        raise RuntimeError("pairwise_distance: input dims must be at least 1")
    _broadcast_check(x1, x2)
    return K.pairwise_distance.apply((x1, x2), {"p": float(p), "eps": float(eps), "keepdim": keepdim})


@_export
def pdist(input, p=2):
    if input.dim() != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.dim()}D")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    n = input.shape[0]
    i, j = np.triu_indices(n, 1)
    ii = _const(i.astype(np.int64), input, D.int64)
    jj = _const(j.astype(np.int64), input, D.int64)
    if len(i) == 0:
        return wrap(ms.ops.zeros((0,), input._dtype._ms), input._device)
    return K.pdist.apply((input, ii, jj), {"p": float(p)})


@_export
def one_hot(tensor, num_classes=-1):
    if tensor._dtype is not D.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    arr = _host(tensor)
    if arr.size and arr.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        if arr.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(arr.max()) + 1
    elif arr.size and arr.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = np.zeros(arr.shape + (num_classes,), np.int64)
    if arr.size:
        np.put_along_axis(out, arr[..., None], 1, axis=-1)
    return _const(out, tensor, D.int64)


# ---- embedding ----------------------------------------------------------------------------------------
def _check_indices(input, fname):
    if input._dtype not in (D.int64, D.int32):
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {input.type()} instead (while checking arguments for {fname})")


def _embedding_renorm_(weight, indices_np, max_norm, norm_type):
    rows = np.unique(indices_np.reshape(-1))
    if rows.size == 0:
        return
    w = weight._ms
    idx = ms.Tensor(rows.astype(np.int64))
    sel = ms.ops.gather(w, idx, 0)
    norms = K._norm(sel, float(norm_type), 1, keepdim=True)
    scale = ms.ops.where(norms > max_norm, max_norm / (norms + 1e-7), ms.ops.ones_like(norms))
    new = ms.ops.tensor_scatter_update(w, idx.reshape(-1, 1), sel * scale)
    weight._write(new)


@_export
def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    if padding_idx is not None:
        if padding_idx > 0:
            if padding_idx >= weight.shape[0]:
                raise AssertionError("Padding_idx must be within num_embeddings")
        elif padding_idx < 0:
            if padding_idx < -weight.shape[0]:
                raise AssertionError("Padding_idx must be within num_embeddings")
            padding_idx = weight.shape[0] + padding_idx
    else:
        padding_idx = -1
    _check_indices(input, "embedding")
    if sparse and weight._requires_grad and grad_mode.is_grad_enabled():
        raise NotImplementedError("mindtorch: embedding with sparse=True: sparse gradients are not supported "
                                  "(mindtorch has no sparse tensors); use sparse=False for dense gradients")
    arr = _host(input)
    if arr.size and (arr.min() < 0 or arr.max() >= weight.shape[0]):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        with grad_mode.no_grad():
            _embedding_renorm_(weight, arr, max_norm, norm_type)
    if weight.dim() != 2:
        raise RuntimeError("'weight' must be 2-D")
    return K.embedding.apply((weight, input), {"padding_idx": padding_idx,
                                               "scale_grad_by_freq": bool(scale_grad_by_freq)})


@_export
def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    if weight.dtype == D.int64 and input.is_floating_point():
        warnings.warn("Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, "
                      "...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.")
        weight, input = input, weight
    if per_sample_weights is not None and input.shape != per_sample_weights.shape:
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not None, then it must "
                         f"have the same shape as the input ({input.shape})")
    if weight.dim() != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}")
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             f"fixed length sequences. However, found offsets of type {type(offsets)}")
        b, length = input.shape
        bags = np.repeat(np.arange(b), length)
        nbags = b
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        off = _host(offsets).astype(np.int64)
        n = input.shape[0]
        if off.size and off[0] != 0:
            raise RuntimeError(f"offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from "
                               f"position 0. However, got {off[0]}")
        if off.size and off[-1] > n:
            raise RuntimeError(f"offsets[-1] can not be greater than input's length ({n}), but got offsets[-1] of "
                               f"{off[-1]}")
        nbags = len(off) - 1 if include_last_offset else len(off)
        ends = np.append(off[1:], n) if not include_last_offset else off[1:]
        bags = np.zeros(n, np.int64)
        for k in range(nbags):
            bags[off[k]:ends[k]] = k
        if include_last_offset and off.size:
            bags[off[-1]:] = nbags  # beyond the last bag: dropped
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}")
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
                                  "GitHub.")
    if padding_idx is not None:
        if padding_idx > 0:
            if padding_idx >= weight.shape[0]:
                raise AssertionError("padding_idx must be within the number of embeddings")
        elif padding_idx < 0:
            if padding_idx < -weight.shape[0]:
                raise AssertionError("padding_idx must be within number of embeddings")
            padding_idx = weight.shape[0] + padding_idx
    if sparse and weight._requires_grad and grad_mode.is_grad_enabled():
        raise NotImplementedError("mindtorch: embedding_bag with sparse=True: sparse gradients are not supported "
                                  "(mindtorch has no sparse tensors); use sparse=False for dense gradients")
    if scale_grad_by_freq:
        raise NotImplementedError("mindtorch: embedding_bag with scale_grad_by_freq=True is not supported")
    idx = _host(input).reshape(-1)
    if idx.size and (idx.min() < 0 or idx.max() >= weight.shape[0]):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        with grad_mode.no_grad():
            _embedding_renorm_(weight, idx, max_norm, norm_type)
    flat = _const(idx.astype(np.int64), weight, D.int64)
    psw = per_sample_weights
    bag_t = _const(bags.astype(np.int32), weight, D.int32)
    return K.embedding_bag.apply((weight, flat, bag_t, psw), {"nbags": nbags, "mode": mode, "padding_idx": padding_idx})


# ---- dropout ------------------------------------------------------------------------------------------
def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _bernoulli_keep(shape, p):
    return (_gen(None).random(shape) >= p).astype(np.float32)


def _apply_dropout(input, mask, shift, inplace):
    rest = (mask, shift)
    if inplace:
        return K.inplace(K.dropout_mask, input, rest)
    return K.dropout_mask.apply((input, *rest), {})


def _dropout_impl(input, p, train, inplace, feature, alpha):
    _check_p(p)
    if not train or p == 0 or input.numel() == 0:
        return input if inplace else _identity(input)
    if feature:
        nd = input.dim()
        if nd < 2:
            raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
        shape = tuple(input.shape[:2]) + (1,) * (nd - 2)
    else:
        shape = tuple(input.shape)
    if p == 1 and not alpha:
        keep = np.zeros(shape, np.float32)
    else:
        keep = _bernoulli_keep(shape, p)
    if alpha:
        a_ = 1.7580993408473766
        a = 1.0 / math.sqrt((a_ * a_ * p + 1) * (1 - p)) if p < 1 else 0.0
        mask = keep * a
        shift = (keep - 1) * (a_ * a) + a_ * a * p
        return _apply_dropout(input, _const(mask, input), _const(shift.astype(np.float32), input), inplace)
    mask = keep / (1 - p) if p < 1 else keep
    return _apply_dropout(input, _const(mask, input), None, inplace)


_identity_op = K.NNOp("alias", lambda x: x + 0 if x.dtype != ms.bool_ else x, lambda g, x, y, need: (g[0],))


def _identity(x):
    return _identity_op.apply((x,), {})


@_export
def dropout(input, p=0.5, training=True, inplace=False):
    return _dropout_impl(input, p, training, inplace, False, False)


@_export
def alpha_dropout(input, p=0.5, training=False, inplace=False):
    return _dropout_impl(input, p, training, inplace, False, True)


@_export
def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    return _dropout_impl(input, p, training, inplace, True, True)


@_export
def dropout1d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    nd = input.dim()
    if nd not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {nd}D input. Note that dropout1d "
                           "exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel "
                           "dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
    if nd == 2:
        return _unbatched_feature_dropout(input, p, training, inplace)
    return _dropout_impl(input, p, training, inplace, True, False)


def _unbatched_feature_dropout(input, p, training, inplace):
    if not training or p == 0 or input.numel() == 0:
        return input if inplace else _identity(input)
    shape = (input.shape[0],) + (1,) * (input.dim() - 1)
    keep = _bernoulli_keep(shape, p) if p < 1 else np.zeros(shape, np.float32)
    mask = keep / (1 - p) if p < 1 else keep
    return _apply_dropout(input, _const(mask, input), None, inplace)


@_export
def dropout2d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    nd = input.dim()
    if nd not in (3, 4):
        warnings.warn(f"dropout2d: Received a {nd}-D input to dropout2d, which is deprecated and will result in an "
                      "error in a future release. To retain the behavior and silence this warning, please use dropout "
                      "instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).",
                      stacklevel=2)
    if nd == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior "
                      "will change in a future release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using "
                      "dropout1d instead.", stacklevel=2)
    return _dropout_impl(input, p, training, inplace, True, False)


@_export
def dropout3d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    nd = input.dim()
    if nd not in (4, 5):
        warnings.warn(f"dropout3d: Received a {nd}-D input to dropout3d, which is deprecated and will result in an "
                      "error in a future release. To retain the behavior and silence this warning, please use dropout "
                      "instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).",
                      stacklevel=2)
    if nd == 4:
        return _unbatched_feature_dropout(input, p, training, inplace)
    return _dropout_impl(input, p, training, inplace, True, False)


# ---- normalization ------------------------------------------------------------------------------------
def _shape_list(s):
    return [int(s)] if isinstance(s, numbers.Integral) else [int(v) for v in s]


@_export
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    ns = _shape_list(normalized_shape)
    nd = len(ns)
    if nd == 0:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
                           "element, but got normalized_shape = []")
    if weight is not None and list(weight.shape) != ns:
        raise RuntimeError(f"Expected weight to be of same shape as normalized_shape, but got weight of shape "
                           f"{list(weight.shape)} and normalized_shape = {ns}")
    if bias is not None and list(bias.shape) != ns:
        raise RuntimeError(f"Expected bias to be of same shape as normalized_shape, but got bias of shape "
                           f"{list(bias.shape)} and normalized_shape = {ns}")
    if input.dim() < nd or list(input.shape[input.dim() - nd:]) != ns:
        raise RuntimeError(f"Given normalized_shape={ns}, expected input with shape [*, {', '.join(map(str, ns))}], "
                           f"but got input of size{list(input.shape)}")
    _float_only(input, "LayerNormKernelImpl")
    return K.layer_norm.apply((input, weight, bias), {"nd": nd, "eps": float(eps)})


@_export
def rms_norm(input, normalized_shape, weight=None, eps=None):
    ns = _shape_list(normalized_shape)
    nd = len(ns)
    if input.dim() < nd or list(input.shape[input.dim() - nd:]) != ns:
        raise RuntimeError(f"Given normalized_shape={ns}, expected input with shape [*, {', '.join(map(str, ns))}], "
                           f"but got input of size{list(input.shape)}")
    if weight is not None and list(weight.shape) != ns:
        raise RuntimeError(f"Expected weight to be of same shape as normalized_shape, but got weight of shape "
                           f"{list(weight.shape)} and normalized_shape = {ns}")
    if eps is None:
        eps = D.finfo(input._dtype).eps
    return K.rms_norm.apply((input, weight), {"nd": nd, "eps": float(eps)})


@_export
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.dim()}")
    c = input.shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    if weight is not None and (weight.dim() != 1 or weight.numel() != c):
        raise RuntimeError(f"Expected weight to be a vector of size equal to the number of channels in input, but got "
                           f"weight of shape {list(weight.shape)} and input of shape {list(input.shape)}")
    if bias is not None and (bias.dim() != 1 or bias.numel() != c):
        raise RuntimeError(f"Expected bias to be a vector of size equal to the number of channels in input, but got "
                           f"bias of shape {list(bias.shape)} and input of shape {list(input.shape)}")
    return K.group_norm.apply((input, weight, bias), {"groups": int(num_groups), "eps": float(eps)})


def _update_running(stat, new, momentum):
    """stat <- (1 - momentum) * stat + momentum * new, in place (no grad)."""
    v = stat._ms
    n = new if new.dtype == v.dtype else cast(new, stat._dtype, stat._device)
    stat._write(v * (1 - momentum) + n * momentum)


@_export
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    if training:
        size = list(input.shape)
        prod = size[0]
        for s in size[2:]:
            prod *= s
        if prod == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.size()}")
    if training and eps <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    if eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    c = input.shape[1] if input.dim() > 1 else input.shape[0]
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and t.numel() != c:
            raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")
    if training or running_mean is None or running_var is None:
        if not training and (running_mean is None) != (running_var is None):
            raise RuntimeError("running_mean and running_var must either both be None or neither be None")
        y, mean, var = K.batch_norm_train.apply((input, weight, bias), {"eps": float(eps)})
        if training and running_mean is not None:
            n = input.numel() // c
            with grad_mode.no_grad():
                _update_running(running_mean, mean._ms, momentum)
                _update_running(running_var, var._ms * (n / max(n - 1, 1)), momentum)
        return y
    return K.batch_norm_eval.apply((input, running_mean, running_var, weight, bias), {"eps": float(eps)})


@_export
def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    if use_input_stats:
        size = list(input.shape)
        prod = 1
        for s in size[2:]:
            prod *= s
        if prod == 1:
            raise ValueError(f"Expected more than 1 spatial element when training, got input size {input.size()}")
    if not use_input_stats:
        if running_mean is None or running_var is None:
            raise RuntimeError("Expected running_mean and running_var to be defined when use_input_stats is false")
        return K.batch_norm_eval.apply((input, running_mean, running_var, weight, bias), {"eps": float(eps)})
    y, mean, var = K.instance_norm.apply((input, weight, bias), {"eps": float(eps)})
    if running_mean is not None:
        n = 1
        for s in input.shape[2:]:
            n *= s
        with grad_mode.no_grad():
            _update_running(running_mean, mean._ms, momentum)
            _update_running(running_var, var._ms * (n / max(n - 1, 1)), momentum)
    return y


@_export
def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    if input.dim() < 3:
        raise ValueError(f"Expected 3D or higher dimensionality input (got {input.dim()} dimensions)")
    if input.numel() == 0:
        return _identity(input)
    return K.local_response_norm.apply((input,), {"size": int(size), "alpha": float(alpha), "beta": float(beta),
                                                  "k": float(k)})


# ---- losses -------------------------------------------------------------------------------------------
def _class_target_checks(input, target, weight, ignore_index, fname):
    if input.dim() < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.dim()})")
    cdim = 1 if input.dim() >= 2 else 0
    c = input.shape[cdim]
    if input.dim() == 1:
        if target.dim() != 0:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    elif input.dim() == 2:
        if target.dim() != 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if input.shape[0] != target.shape[0]:
            raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                             f"({target.shape[0]}).")
    else:
        if target.dim() != input.dim() - 1 or target.shape[0] != input.shape[0]:
            if target.dim() >= 1 and target.shape[0] != input.shape[0]:
                raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                                 f"({target.shape[0]}).")
            raise RuntimeError(f"Expected target size {[input.shape[0]] + list(input.shape[2:])}, got "
                               f"{list(target.shape)}")
        if list(target.shape[1:]) != list(input.shape[2:]):
            raise RuntimeError(f"Expected target size {[input.shape[0]] + list(input.shape[2:])}, got "
                               f"{list(target.shape)}")
    if weight is not None and (weight.dim() != 1 or weight.numel() != c):
        raise RuntimeError(f"weight tensor should be defined either for all {c} classes or no classes but got weight "
                           f"tensor of shape: {list(weight.shape)}")
    if weight is not None and weight._requires_grad and grad_mode.is_grad_enabled():
        raise RuntimeError("The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. "
                           "This input cannot have requires_grad True.")
    t = _host(target)
    bad = t[(t != ignore_index) & ((t < 0) | (t >= c))]
    if bad.size:
        raise IndexError(f"Target {int(bad.reshape(-1)[0])} is out of bounds.")
    return cdim, not (t == ignore_index).any()


@_export
def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    if target._dtype not in (D.int64, D.uint8, D.int32):
        raise RuntimeError(f"expected scalar type Long but found {_dtype_name(target)}")
    cdim, _ = _class_target_checks(input, target, weight, ignore_index, "nll_loss")
    return K.nll_loss.apply((input, target, weight), {"cdim": cdim, "ignore_index": int(ignore_index),
                                                      "reduction": reduction, "ls": 0.0})


@_export
def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                  label_smoothing=0.0):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    if target._dtype.is_floating_point:
        if input.shape != target.shape:
            if input.dim() == target.dim() + 1 or target.dim() == 0:
                raise RuntimeError(f"expected scalar type Long but found {_dtype_name(target)}")
            raise RuntimeError(f"Expected target size {list(input.shape)}, got {list(target.shape)}")
        cdim = 1 if input.dim() >= 2 else 0
        if target._dtype is not input._dtype:
            raise RuntimeError(f"expected scalar type {_dtype_name(input)} but found {_dtype_name(target)}")
        return K.cross_entropy_prob.apply((input, target, weight), {"cdim": cdim, "reduction": reduction,
                                                                    "ls": float(label_smoothing)})
    if target._dtype not in (D.int64, D.uint8, D.int32):
        raise RuntimeError(f"expected scalar type Long but found {_dtype_name(target)}")
    cdim, none_ignored = _class_target_checks(input, target, weight, ignore_index, "cross_entropy")
    _float_only(input, "log_softmax_lastdim_kernel_impl")
    plain = none_ignored and weight is None and not label_smoothing and target.numel() > 0
    return K.cross_entropy.apply((input, target, weight), {"cdim": cdim, "ignore_index": int(ignore_index),
                                                           "reduction": reduction, "ls": float(label_smoothing),
                                                           "plain": plain})


@_export
def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    if target.shape != input.shape:
        raise ValueError(f"Using a target size ({target.size()}) that is different to the input size ({input.size()}) "
                         "is deprecated. Please ensure they have the same size.")
    if weight is not None:
        _broadcast_check(input, weight)
        if weight.shape != input.shape:
            weight = wrap(ms.ops.broadcast_to(weight._ms, input.shape), weight._device)
    if input.numel():
        v = input._ms
        lo, hi = float(v.min()), float(v.max())
        if not (lo >= 0 and hi <= 1):
            raise RuntimeError("all elements of input should be between 0 and 1")
    return K.binary_cross_entropy.apply((input, target, weight), {"reduction": reduction})


@_export
def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean",
                                     pos_weight=None):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    if target.shape != input.shape:
        raise ValueError(f"Target size ({target.size()}) must be the same as input size ({input.size()})")
    return K.binary_cross_entropy_with_logits.apply((input, target, weight, pos_weight), {"reduction": reduction})


def _pointwise_loss(op, input, target, reduction, weight, **static):
    _size_warning(input, target)
    _broadcast_check(input, target)
    if weight is not None and weight.shape != input.shape:
        raise ValueError("Weights and input must have the same size.")
    if weight is not None and reduction not in ("none", "mean", "sum"):
        raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")
    reduction = _check_reduction(reduction)
    return op.apply((input, target, weight), dict(static, reduction=reduction))


@_export
def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    return _pointwise_loss(_mse, input, target, _reduction(size_average, reduce, reduction), weight)


@_export
def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    return _pointwise_loss(_l1, input, target, _reduction(size_average, reduce, reduction), weight)


@_export
def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    reduction = _reduction(size_average, reduce, reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    return _pointwise_loss(_smooth_l1, input, target, reduction, None, beta=float(beta))


@_export
def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    return _pointwise_loss(_huber, input, target, reduction, weight, delta=float(delta))


def _weighted(fn, mean_by_weight=True):
    """A pointwise loss kernel `fn(x, y)` with torch's weighted reductions (the weighted mean divides by
    the summed weights, except huber_loss's, which is a plain mean)."""
    def fwd(x, y, w, reduction, **static):
        loss = fn(x, y, **static)
        if w is None:
            return K._reduce(loss, reduction)
        loss = loss * w
        if reduction == "mean" and mean_by_weight:
            return K._rsum(loss) / K._rsum(w)
        return K._reduce(loss, reduction)
    return fwd


def _sq(x, y):
    d = x - y
    return d * d


_mse = K.NNOp("mse_loss", _weighted(_sq))
_l1 = K.NNOp("l1_loss", _weighted(lambda x, y: ms.ops.abs(x - y)))
_smooth_l1 = K.NNOp("smooth_l1_loss", _weighted(
    lambda x, y, beta: K._smooth_l1_fwd(x, y, "none", beta)))
_huber = K.NNOp("huber_loss", _weighted(lambda x, y, delta: K._huber_fwd(x, y, "none", delta), False))


@_export
def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    elif reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                      "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                      "'mean' will be changed to behave the same as 'batchmean' in the next major release.")
    if reduction != "batchmean":
        reduction = _check_reduction(reduction)
    _broadcast_check(input, target)
    return K.kl_div.apply((input, target), {"reduction": reduction, "log_target": bool(log_target)})


@_export
def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    reduction = _reduction(size_average, reduce, reduction)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not a valid value for reduction")
    return K.poisson_nll_loss.apply((input, target), {"log_input": bool(log_input), "full": bool(full),
                                                      "eps": float(eps), "reduction": reduction})


@_export
def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    if isinstance(var, (float, int)) and not isinstance(var, bool):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = _const(np.full(tuple(input.shape), float(var)), input)
    elif var.numel() and float(var._ms.min()) < 0:
        raise ValueError("var has negative entry/entries")
    unsqueeze = False
    if var.shape != input.shape:
        if tuple(input.shape[:-1]) == tuple(var.shape):
            unsqueeze = True
        elif input.dim() == var.dim() and sum(y for x, y in zip(input.shape, var.shape) if x != y) == 1:
            pass
        else:
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    return K.gaussian_nll_loss.apply((input, target, var), {"full": bool(full), "eps": float(eps),
                                                            "reduction": reduction, "unsqueeze": unsqueeze})


@_export
def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    if input1.dim() != input2.dim():
        raise RuntimeError(f"cosine_embedding_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} ")
    if input1.dim() not in (1, 2):
        raise RuntimeError(f"cosine_embedding_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} ")
    if target.dim() != input1.dim() - 1:
        raise RuntimeError(f"0D target tensor expects 1D input tensors, but found inputs with sizes "
                           f"{input1.size()} and {input2.size()}." if target.dim() == 0 else
                           f"1D target tensor expects 2D input tensors, but found inputs with sizes {input1.size()} "
                           f"and {input2.size()}.")
    return K.cosine_embedding_loss.apply((input1, input2, target), {"margin": float(margin),
                                                                    "reduction": reduction})


@_export
def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} ")
    return K.margin_ranking_loss.apply((input1, input2, target), {"margin": float(margin), "reduction": reduction})


@_export
def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    return K.hinge_embedding_loss.apply((input, target), {"margin": float(margin), "reduction": reduction})


@_export
def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    return K.soft_margin_loss.apply((input, target), {"reduction": reduction})


@_export
def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    reduction = _reduction(size_average, reduce, reduction)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    return K.multilabel_soft_margin_loss.apply((input, target, weight), {"reduction": reduction})


@_export
def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    nd = input.dim()
    if nd > 2 or (nd == 2 and input.shape[1] == 0 and False):
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
                           f"{list(input.shape)}")
    if target.shape != input.shape:
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of size: {list(input.shape)}")
    t = _host(target).astype(np.int64)
    t2 = t.reshape(-1, t.shape[-1] if t.ndim else 1)
    c = t2.shape[1]
    is_t = np.zeros(t2.shape, np.float32)
    for n in range(t2.shape[0]):
        for j in range(c):
            k = t2[n, j]
            if k < 0:
                break
            if k >= c:
                raise RuntimeError("target index out of range")
            is_t[n, k] = 1.0
    return K.multilabel_margin_loss.apply((input, _const(is_t.reshape(input.shape), input)), {"reduction": reduction})


@_export
def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    nd = input.dim()
    if nd > 2 or (nd == 2 and target.dim() != 1) or (nd < 2 and target.dim() > 1):
        raise RuntimeError(f"inconsistent target size, expected {input.shape[0] if nd == 2 else 1} but got "
                           f"{list(target.shape)}")
    c = input.shape[-1] if nd else 1
    arr = _host(target).reshape(-1)
    if arr.size and (arr.min() < 0 or arr.max() >= c):
        raise RuntimeError("target out of range")
    t = _const(arr.astype(np.int64), input, D.int64)
    return K.multi_margin_loss.apply((input, t, weight), {"p": int(p), "margin": float(margin),
                                                          "reduction": reduction})


@_export
def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    reduction = _check_reduction(_reduction(size_average, reduce, reduction))
    a, pp, n = anchor.dim(), positive.dim(), negative.dim()
    if not (a == pp == n):
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {a}D, positive {pp}D, and negative {n}D inputs")
    return K.triplet_margin_loss.apply((anchor, positive, negative), {
        "margin": float(margin), "pnorm": float(p), "eps": float(eps), "swap": bool(swap), "reduction": reduction})


def _margin_fwd(d_ap, d_an, d_sw, margin, reduction):
    if d_sw is not None:
        d_an = ms.ops.minimum(d_an, d_sw)
    return K._reduce(ms.ops.maximum(margin + d_ap - d_an, 0.0), reduction)


_margin_op = K.NNOp("triplet_margin_with_distance", _margin_fwd)


@_export
def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False,
                                      reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a, pp, n = anchor.dim(), positive.dim(), negative.dim()
    if not (a == pp == n):
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {a}D, positive {pp}D, and negative {n}D inputs")
    dist = distance_function if distance_function is not None else pairwise_distance
    d_ap = dist(anchor, positive)
    d_an = dist(anchor, negative)
    d_sw = dist(positive, negative) if swap else None
    return _margin_op.apply((d_ap, d_an, d_sw), {"margin": float(margin), "reduction": reduction})


@_export
def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    reduction = _check_reduction(reduction)
    batched = log_probs.dim() == 3
    lp = log_probs
    nbatch = lp.shape[1] if batched else 1

    def lengths(x, n):
        if isinstance(x, Tensor):
            return _host(x).astype(np.int64).reshape(-1)
        return np.asarray(list(x) if not isinstance(x, int) else [x], np.int64).reshape(-1)
    il = lengths(input_lengths, nbatch)
    tl = lengths(target_lengths, nbatch)
    tg = _host(targets).astype(np.int64)
    if tg.ndim == 1 and batched:
        s = int(tl.max()) if tl.size else 0
        padded = np.zeros((nbatch, max(s, 1)), np.int64)
        pos = 0
        for b, n in enumerate(tl):
            padded[b, :n] = tg[pos:pos + n]
            pos += n
        tg = padded
    elif tg.ndim == 1:
        tg = tg.reshape(1, -1)
    dev = log_probs
    return K.ctc_loss.apply((lp, _const(tg, dev, D.int64), _const(il, dev, D.int64), _const(tl, dev, D.int64)),
                            {"blank": int(blank), "reduction": reduction, "zero_infinity": bool(zero_infinity)})


# convolution, pooling, resampling, padding and folding live in their own module
from .functional_conv import *  # noqa: E402,F401,F403
from . import functional_conv as _functional_conv  # noqa: E402
__all__ = list(__all__) + list(_functional_conv.__all__)
from .functional_attention import (scaled_dot_product_attention, multi_head_attention_forward, _canonical_mask,  # noqa: E402,F401,E501
                                   _none_or_dtype, _in_projection_packed, _in_projection, _mha_shape_check)
__all__ += ["scaled_dot_product_attention", "multi_head_attention_forward"]
