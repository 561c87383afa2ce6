"""Convolution, pooling, padding and resampling: the kernels (over MindSpore values) and their entries.

MindSpore CPU kernels measured here (2.10, PyNative):
- Conv2D / Conv3D (`ops.conv2d/conv3d`, pad_mode='pad'), Conv2DTranspose, Conv3DTranspose: float16/32 only
  (float64 "must be a type of", bfloat16 fails); `mint` convolutions are unregistered on CPU. float64 runs
  through a composite (strided slices + matmul); bfloat16 computes in float32 and rounds back.
- MaxPoolWithArgmaxV2 (`ops.max_pool2d`), MaxPool3DWithArgmax, AvgPool (2d/3d), AdaptiveAvg/MaxPool2D/3D,
  PadV3, Im2Col (`ops.unfold`), GridSampler2D/3D: float16/32/64, no bfloat16 (computed in float32).
  Their indices are torch's (flat within a plane). There is no max_pool1d: it is max_pool2d on a unit dim.
- Interpolation kernels follow their own coordinate rules (no scale_factor for 4D nearest/bilinear, bicubic
  with another cubic coefficient); interpolation here is torch's rule written as per-dimension taps
  (indices and weights computed on the host) applied with gather + weighted sum.

Linear ops (avg pools, adaptive avg pools, non-constant pads, interpolation, unfold/fold) are declared as
pairs: the op and its adjoint (MindSpore's vjp of the same kernel), each the other's derivative, so
gradients of any order work. Convolutions differentiate through convolutions (double backward works);
max pools scatter into zeros by their indices; grid_sample uses MindSpore's derivative (first order).
"""
import functools
import itertools
import math

import numpy as np
import mindspore as ms
from mindspore import ops

from .. import _dtype as D
from .._tensor import Tensor
from ..autograd import grad_mode
from ..autograd.mindspore_vjp import ms_vjp
from .registry import defop, kernel, TABLES
from .common import wrap

_FAST_FLOAT = (ms.float16, ms.float32)


def _k(name, x):
    """The kernel of op `name` for tensor x's device."""
    return TABLES[x._device.type][name]


def _ntuple(value, n, name="", allow_empty=False):
    if isinstance(value, Tensor):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        value = tuple(int(v) for v in value)
        if len(value) == 1 and n > 1:
            return value * n
        if len(value) != n:
            if allow_empty and not value:
                return None
            raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} values to match the "
                               f"convolution dimensions, but got {name}={list(value)}")
        return value
    return (int(value),) * n


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _to_f32(*values):
    return tuple(None if v is None else ops.cast(v, ms.float32) for v in values)


# ==== convolution kernels ==========================================================================
@functools.lru_cache(maxsize=256)
def _conv2d_transpose_prim(out_channel, kernel_size, pad, stride, dilation, group):
    return ops.Conv2DTranspose(out_channel=out_channel, kernel_size=kernel_size, pad_mode="pad", pad=pad,
                               stride=stride, dilation=dilation, group=group)


@functools.lru_cache(maxsize=256)
def _conv3d_transpose_prim(in_channel, out_channel, kernel_size, pad, stride, dilation, group, output_padding):
    return ops.Conv3DTranspose(in_channel=in_channel, out_channel=out_channel, kernel_size=kernel_size,
                               pad_mode="pad", pad=pad, stride=stride, dilation=dilation, group=group,
                               output_padding=output_padding)


def _conv_out_size(size, k, s, p, d):
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


def _conv_composite(x, w, stride, padding, dilation, groups):
    """N-d convolution of any dtype MindSpore's matmul takes: strided slices per kernel offset, one matmul."""
    n, c = x.shape[:2]
    o = w.shape[0]
    ks = tuple(w.shape[2:])
    if any(padding):
        x = ops.pad(x, tuple(q for p in reversed(padding) for q in (p, p)))
    size = x.shape[2:]
    out = tuple((size[i] - dilation[i] * (ks[i] - 1) - 1) // stride[i] + 1 for i in range(len(ks)))
    cols = []
    for offs in itertools.product(*[range(k) for k in ks]):
        begin = (0, 0) + tuple(a * d for a, d in zip(offs, dilation))
        end = (n, c) + tuple(b + s * (m - 1) + 1 for b, s, m in zip(begin[2:], stride, out))
        cols.append(ops.strided_slice(x, begin, end, (1, 1) + tuple(stride)))
    kp = len(cols)
    col = ops.stack(cols, axis=2).reshape(n, groups, (c // groups) * kp, _numel(out))
    wm = w.reshape(1, groups, o // groups, (c // groups) * kp)
    return ops.matmul(wm, col).reshape((n, o) + out)


def _zero_insert(x, axis, s):
    if s == 1:
        return x
    shape = x.shape
    z = ops.zeros(shape[:axis + 1] + (s - 1,) + shape[axis + 1:], x.dtype)
    y = ops.concat((x.expand_dims(axis + 1), z), axis + 1).reshape(shape[:axis] + (shape[axis] * s,) + shape[axis + 1:])
    return ops.narrow(y, axis, 0, (shape[axis] - 1) * s + 1)


def _conv_transpose_composite(x, w, stride, padding, output_padding, dilation, groups):
    nd = w.ndim - 2
    for i in range(nd):
        x = _zero_insert(x, 2 + i, stride[i])
    ks = w.shape[2:]
    pads = []
    for i in reversed(range(nd)):
        lo = dilation[i] * (ks[i] - 1) - padding[i]
        pads += [lo, lo + output_padding[i]]
    x = ops.pad(x, tuple(pads))
    cin, og = w.shape[:2]
    cg = cin // groups
    wf = w.reshape((groups, cg, og) + tuple(ks)).swapaxes(1, 2).reshape((groups * og, cg) + tuple(ks))
    wf = ops.flip(wf, tuple(range(2, 2 + nd)))
    return _conv_composite(x, wf, (1,) * nd, (0,) * nd, dilation, groups)


def _transposed_out(size, w, stride, padding, output_padding, dilation):
    return tuple((size[i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (w.shape[2 + i] - 1) + output_padding[i] + 1
                 for i in range(len(stride)))


@kernel("convolution")
def _convolution_kernel(x, w, b, stride, padding, dilation, transposed, output_padding, groups):
    """x batched (N, C, *S); every parameter a tuple of the spatial rank."""
    dt = x.dtype
    if dt == ms.bfloat16:  # no bfloat16 convolution on MindSpore's CPU: float32, rounded back
        x, w, b = _to_f32(x, w, b)
    nd = w.ndim - 2
    if nd == 1:
        y = _convolution_kernel(x.expand_dims(2), w.expand_dims(2), None, (1,) + stride, (0,) + padding,
                                (1,) + dilation, transposed, (0,) + output_padding, groups).squeeze(2)
    elif x.dtype not in _FAST_FLOAT:
        y = (_conv_transpose_composite(x, w, stride, padding, output_padding, dilation, groups) if transposed
             else _conv_composite(x, w, stride, padding, dilation, groups))
    elif not transposed:
        if nd == 2:
            y = ops.conv2d(x, w, None, stride, "pad", padding, dilation, groups)
        else:
            y = ops.conv3d(x, w, None, stride, "pad", padding, dilation, groups)
    else:
        out_ch = w.shape[1] * groups
        if nd == 2:
            size = (x.shape[0], out_ch) + _transposed_out(x.shape[2:], w, stride, padding, output_padding, dilation)
            prim = _conv2d_transpose_prim(out_ch, tuple(w.shape[2:]), (padding[0], padding[0], padding[1], padding[1]),
                                          stride, dilation, groups)
            y = prim(x, w, size)
        else:
            prim = _conv3d_transpose_prim(x.shape[1], out_ch, tuple(w.shape[2:]),
                                          tuple(q for p in padding for q in (p, p)), stride, dilation, groups,
                                          output_padding)
            y = prim(x, w)
    if b is not None:
        y = y + b.reshape((1, -1) + (1,) * nd)
    return ops.cast(y, dt) if y.dtype != dt else y


# ==== convolution entries ==========================================================================
def _conv_params(input, weight, stride, padding, dilation, transposed, output_padding, groups):
    nd = weight.ndim - 2
    stride = _ntuple(stride, nd, "stride")
    padding = _ntuple(padding, nd, "padding")
    dilation = _ntuple(dilation, nd, "dilation")
    output_padding = _ntuple(output_padding, nd, "output_padding")
    return nd, stride, padding, dilation, output_padding, int(groups)


def _check_conv(input, weight, bias, nd, stride, padding, dilation, transposed, output_padding, groups):
    if not isinstance(input, Tensor) or not isinstance(weight, Tensor):
        raise TypeError("convolution(): argument 'input' and 'weight' must be Tensor")
    wdim = weight.ndim
    if input.ndim not in (wdim - 1, wdim):
        raise RuntimeError(f"Expected {wdim - 1}D (unbatched) or {wdim}D (batched) input to conv{nd}d, but got "
                           f"input of size: {list(input.shape)}")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("non-positive dilation is not supported")
    if any(p < 0 for p in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if input._dtype is not weight._dtype:
        raise RuntimeError(f"Input type ({input._dtype}) and weight type ({weight._dtype}) should be the same")
    if bias is not None and bias._dtype is not input._dtype:
        raise RuntimeError(f"Input type ({input._dtype}) and bias type ({bias._dtype}) should be the same")
    if not input._dtype.is_floating_point:
        raise RuntimeError(f"\"conv{nd}d\" not implemented for '{D.scalar_type_name(input._dtype)}'")
    ws = weight.shape
    c = input.shape[-nd - 1]
    if not transposed:
        if ws[0] % groups:
            raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
                               f"but got weight of size {list(ws)} instead")
        if c != ws[1] * groups:
            raise RuntimeError(f"Given groups={groups}, weight of size {list(ws)}, expected input{list(input.shape)} to "
                               f"have {ws[1] * groups} channels, but got {c} channels instead")
        if bias is not None and (bias.ndim != 1 or bias.shape[0] != ws[0]):
            raise RuntimeError(f"Given weight of size {list(ws)}, expected bias to be 1-dimensional with {ws[0]} "
                               f"elements, but got bias of size {list(bias.shape)} instead")
        size = input.shape[-nd:]
        eff = [dilation[i] * (ws[2 + i] - 1) + 1 for i in range(nd)]
        if any(size[i] + 2 * padding[i] < eff[i] for i in range(nd)):
            raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(str(size[i] + 2 * padding[i]) for i in range(nd))}). "
                               f"Kernel size: ({' x '.join(str(e) for e in eff)}). Kernel size can't be greater than "
                               "actual input size")
    else:
        if c != ws[0]:
            raise RuntimeError(f"Given transposed=1, weight of size {list(ws)}, expected input{list(input.shape)} to "
                               f"have {ws[0]} channels, but got {c} channels instead")
        if ws[0] % groups:
            raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
                               f"but got weight of size {list(ws)} instead")
        if bias is not None and (bias.ndim != 1 or bias.shape[0] != ws[1] * groups):
            raise RuntimeError(f"Given transposed=1, weight of size {list(ws)}, expected bias to be 1-dimensional "
                               f"with {ws[1] * groups} elements, but got bias of size {list(bias.shape)} instead")
        if any(output_padding[i] >= stride[i] and output_padding[i] >= dilation[i] for i in range(nd)):
            raise RuntimeError("output padding must be smaller than either stride or dilation, but got "
                               f"output_padding: {list(output_padding)}, stride: {list(stride)}, "
                               f"dilation: {list(dilation)}")
        out = _transposed_out(input.shape[-nd:], weight, stride, padding, output_padding, dilation)
        if any(o <= 0 for o in out):
            raise RuntimeError(f"Given input size per channel: ({' x '.join(str(s) for s in input.shape[-nd:])}). "
                               f"Calculated output size per channel: ({' x '.join(str(o) for o in out)}). Output size "
                               "is too small")


def _conv_weight_grad(inp, gout, kernel_size, stride, padding, dilation, groups):
    """d(conv(inp, w))/dw contracted with gout, as a convolution (differentiable again): the batch becomes
    the channels. inp (N, C, *S), gout (N, O, *Y) -> (O, C/groups, *kernel_size)."""
    nd = len(kernel_size)
    n, c = inp.shape[:2]
    cg = c // groups
    spatial = tuple(range(3, 3 + nd))
    a = inp.reshape((n, groups, cg) + tuple(inp.shape[2:])).permute((2, 1, 0) + spatial).reshape(
        (cg, groups * n) + tuple(inp.shape[2:]))
    b = gout.transpose(0, 1)
    r = convolution(a, b, None, dilation, padding, stride, False, (0,) * nd, groups)  # (Cg, O, *K')
    for i, k in enumerate(kernel_size):
        if r.shape[2 + i] != k:
            r = r.narrow(2 + i, 0, k)
    return r.transpose(0, 1)


def _convolution_backward(grad, input, weight, bias, stride, padding, dilation, transposed, output_padding, groups):
    nd, stride, padding, dilation, output_padding, groups = _conv_params(
        input, weight, stride, padding, dilation, transposed, output_padding, groups)
    unbatched = input.ndim == nd + 1
    x = input.unsqueeze(0) if unbatched else input
    g = grad.unsqueeze(0) if unbatched else grad
    gx = gw = gb = None
    ks = tuple(weight.shape[2:])
    if input.requires_grad:
        if not transposed:
            out = tuple(g.shape[2:])
            op = tuple(x.shape[2 + i] - ((out[i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (ks[i] - 1) + 1)
                       for i in range(nd))
            gx = convolution(g, weight, None, stride, padding, dilation, True, op, groups)
        else:
            gx = convolution(g, weight, None, stride, padding, dilation, False, (0,) * nd, groups)
            for i in range(nd):
                if gx.shape[2 + i] != x.shape[2 + i]:
                    gx = gx.narrow(2 + i, 0, x.shape[2 + i])
        if unbatched:
            gx = gx.squeeze(0)
    if weight.requires_grad:
        if not transposed:
            gw = _conv_weight_grad(x, g, ks, stride, padding, dilation, groups)
        else:
            gw = _conv_weight_grad(g, x, ks, stride, padding, dilation, groups)
    if bias is not None and bias.requires_grad:
        gb = g.sum(dim=[0] + list(range(2, 2 + nd)))
    return gx, gw, gb


@defop(method=False, backward=_convolution_backward)
def convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups):
    nd, stride, padding, dilation, output_padding, groups = _conv_params(
        input, weight, stride, padding, dilation, transposed, output_padding, groups)
    _check_conv(input, weight, bias, nd, stride, padding, dilation, transposed, output_padding, groups)
    unbatched = input.ndim == nd + 1
    x = input._ms
    if unbatched:
        x = x.expand_dims(0)
    b = None if bias is None else bias._ms
    if _numel(x.shape) == 0 or weight.numel() == 0:
        out_ch = weight.shape[1] * groups if transposed else weight.shape[0]
        if transposed:
            sp = _transposed_out(x.shape[2:], weight, stride, padding, output_padding, dilation)
        else:
            sp = tuple(_conv_out_size(x.shape[2 + i], weight.shape[2 + i], stride[i], padding[i], dilation[i])
                       for i in range(nd))
        y = ops.zeros((x.shape[0], out_ch) + sp, x.dtype)
        if b is not None and _numel(y.shape):
            y = y + b.reshape((1, -1) + (1,) * nd)
    else:
        y = _k("convolution", input)(x, weight._ms, b, stride, padding, dilation, bool(transposed), output_padding,
                                     groups)
    if unbatched:
        y = y.squeeze(0)
    return wrap(y, input._device)


def _resolve_padding(padding, nd, weight, dilation, stride):
    """torch's string paddings: 'valid' is 0; 'same' pads (possibly one more on the right) so that the output
    keeps the input's size. Returns (symmetric padding, extra right padding per dim or None)."""
    if not isinstance(padding, str):
        return padding, None
    if padding == "valid":
        return 0, None
    if padding != "same":
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    if any(s != 1 for s in _ntuple(stride, nd, "stride")):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    dilation = _ntuple(dilation, nd, "dilation")
    total = [dilation[i] * (weight.shape[2 + i] - 1) for i in range(nd)]
    sym = tuple(t // 2 for t in total)
    extra = tuple(t - 2 * (t // 2) for t in total)
    return sym, (extra if any(extra) else None)


def _conv_nd(nd, input, weight, bias, stride, padding, dilation, groups):
    if not isinstance(input, Tensor):
        raise TypeError(f"conv{nd}d(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if weight.ndim != nd + 2:
        raise RuntimeError(f"weight should have at least three dimensions" if weight.ndim < 3 else
                           f"Expected {nd + 2}-dimensional weight for conv{nd}d, got {weight.ndim}")
    padding, extra = _resolve_padding(padding, nd, weight, dilation, stride)
    if extra is not None:
        pads = []
        for e in reversed(extra):
            pads += [0, e]
        input = constant_pad_nd(input, pads, 0)
    return convolution(input, weight, bias, stride, padding, dilation, False, 0, groups)


@defop(method=False)
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv_nd(1, input, weight, bias, stride, padding, dilation, groups)


@defop(method=False)
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv_nd(2, input, weight, bias, stride, padding, dilation, groups)


@defop(method=False)
def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv_nd(3, input, weight, bias, stride, padding, dilation, groups)


def _conv_transpose_nd(nd, input, weight, bias, stride, padding, output_padding, groups, dilation):
    if not isinstance(input, Tensor):
        raise TypeError(f"conv_transpose{nd}d(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if isinstance(padding, str):
        raise TypeError(f"conv_transpose{nd}d(): argument 'padding' must be tuple of ints, not str")
    if weight.ndim != nd + 2:
        raise RuntimeError(f"Expected {nd + 2}-dimensional weight for conv_transpose{nd}d, got {weight.ndim}")
    return convolution(input, weight, bias, stride, padding, dilation, True, output_padding, groups)


@defop(method=False)
def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transpose_nd(1, input, weight, bias, stride, padding, output_padding, groups, dilation)


@defop(method=False)
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transpose_nd(2, input, weight, bias, stride, padding, output_padding, groups, dilation)


@defop(method=False)
def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transpose_nd(3, input, weight, bias, stride, padding, output_padding, groups, dilation)


# ==== constant padding ==============================================================================
@kernel("constant_pad_nd")
def _constant_pad_kernel(x, pad, value):
    if x.dtype == ms.bfloat16:  # PadV3 has no bfloat16 kernel on CPU: float32, rounded back (exact)
        return ops.cast(ops.pad(ops.cast(x, ms.float32), pad, "constant", value), ms.bfloat16)
    return ops.pad(x, pad, "constant", value)


def _constant_pad_backward(grad, pad):
    return constant_pad_nd(grad, [-p for p in pad], 0)


@defop(method=False, backward=_constant_pad_backward)
def constant_pad_nd(input, pad, value=0):
    pad = [int(p) for p in pad]
    if len(pad) % 2:
        raise RuntimeError("Length of pad must be even but instead it equals " + str(len(pad)))
    if len(pad) // 2 > input.ndim:
        raise RuntimeError(f"Length of pad should be no more than twice the number of dimensions of the input. "
                           f"Pad length is {len(pad)} while the input has {input.ndim} dimensions.")
    shape = list(input.shape)
    for i in range(len(pad) // 2):
        d = input.ndim - 1 - i
        new = shape[d] + pad[2 * i] + pad[2 * i + 1]
        if new < 0:
            raise RuntimeError(f"The input size {shape[d]}, plus negative padding {pad[2 * i]} and {pad[2 * i + 1]} "
                               f"resulted in a negative output size, which is invalid. Check dimension {d} of your "
                               "input.")
        shape[d] = new
    if input.numel() == 0 or _numel(shape) == 0:
        v = ops.zeros(tuple(shape), input._ms.dtype) if input._dtype is not D.bfloat16 else ops.cast(
            ops.zeros(tuple(shape), ms.float32), ms.bfloat16)
        if value and _numel(shape):
            v = ops.fill(v.dtype, tuple(shape), value)
        return wrap(v, input._device)
    if value is None:
        value = 0
    if input._dtype.is_floating_point or input._dtype.is_complex:
        value = float(value) if not isinstance(value, complex) else value
    elif input._dtype is D.bool:
        value = bool(value)
    else:
        value = int(value)
    return wrap(_k("constant_pad_nd", input)(input._ms, tuple(pad), value), input._device)
