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
# MindSpore's CPU Conv2D/Conv3D/Conv2DTranspose run 50-100x slower than im2col + matmul here (measured,
# float32, (8, 64, 32, 32) * (64, 64, 3, 3): Conv2D 1570 ms, Conv2DTranspose 1570 ms, Im2Col + MatMul 40 ms,
# torch 62 ms; Conv3D (2, 32, 16^3) * (32, 32, 3^3): 1280 ms against 100 ms as gathers + matmul). So every
# convolution here is columns times weights: Im2Col (`ops.unfold`) for 2-D float inputs, one gather per kernel
# offset otherwise; transposed 2-D convolutions are weights times input folded back by Col2Im (`ops.fold`).
_IM2COL_DTYPES = (ms.float16, ms.float32, ms.float64)


def _conv_out_size(size, k, s, p, d):
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


def _take_strided(x, starts, counts, steps):
    """x[..., starts[j] : starts[j] + steps[j]*counts[j] : steps[j]] over the last len(starts) dims, by gathers
    (StridedSliceGrad fails on CPU for 5-D inputs with unit trailing dims: "input memory out of bounds")."""
    nd = len(starts)
    for j in range(nd):
        axis = x.ndim - nd + j
        if starts[j] == 0 and steps[j] == 1 and counts[j] == x.shape[axis]:
            continue
        x = ops.gather(x, ms.Tensor(np.arange(counts[j], dtype=np.int64) * steps[j] + starts[j]), axis)
    return x


@functools.lru_cache(maxsize=8)
def _batch_matmul_prim(transpose_a, transpose_b):
    return ops.BatchMatMul(transpose_a=transpose_a, transpose_b=transpose_b)


def _bmm(a, b, transpose_a=False, transpose_b=False):
    """Batched a @ b over equal leading dims (broadcast here first): BatchMatMul with its transpose flags is
    2-10x faster than ops.matmul on broadcast or swapped operands (measured on the conv shapes)."""
    lead = tuple(max(p, q) for p, q in zip(a.shape[:-2], b.shape[:-2]))
    if tuple(a.shape[:-2]) != lead:
        a = a.broadcast_to(lead + tuple(a.shape[-2:]))
    if tuple(b.shape[:-2]) != lead:
        b = b.broadcast_to(lead + tuple(b.shape[-2:]))
    return _batch_matmul_prim(transpose_a, transpose_b)(a, b)


def _cols(x, ks, stride, padding, dilation):
    """im2col of x (N, C, *S): (N, C * prod(ks), L), rows ordered (channel, kernel offset) as torch's unfold."""
    n, c = x.shape[:2]
    nd = len(ks)
    if nd == 2 and x.dtype in _IM2COL_DTYPES:
        return ops.unfold(x, tuple(ks), tuple(dilation), tuple(padding), tuple(stride))
    if any(padding):
        x = ops.pad(x, tuple(q for p in reversed(padding) for q in (p, p)))
    size = x.shape[2:]
    out = tuple((size[i] - dilation[i] * (ks[i] - 1) - 1) // stride[i] + 1 for i in range(nd))
    cols = [_take_strided(x, tuple(a * d for a, d in zip(offs, dilation)), out, stride)
            for offs in itertools.product(*[range(k) for k in ks])]
    return ops.stack(cols, axis=2).reshape(n, c * len(cols), _numel(out))


def _conv_mm(x, w, stride, padding, dilation, groups):
    """N-d convolution as weights (G, O/G, C/G*K) times columns (N, G, C/G*K, L)."""
    n, c = x.shape[:2]
    o = w.shape[0]
    ks = tuple(w.shape[2:])
    out = tuple(_conv_out_size(x.shape[2 + i], ks[i], stride[i], padding[i], dilation[i]) for i in range(len(ks)))
    cols = _cols(x, ks, stride, padding, dilation)
    rows = (c // groups) * _numel(ks)
    y = _bmm(w.reshape(1, groups, o // groups, rows), cols.reshape(n, groups, rows, _numel(out)))
    return y.reshape((n, o) + out)


_conv_composite = _conv_mm


def _zero_insert(x, axis, s):
    if s == 1:
        return x
    shape = x.shape
    z = ops.zeros(shape[:axis + 1] + (s - 1,) + shape[axis + 1:], x.dtype)
    y = ops.concat((x.expand_dims(axis + 1), z), axis + 1).reshape(shape[:axis] + (shape[axis] * s,) + shape[axis + 1:])
    return ops.narrow(y, axis, 0, (shape[axis] - 1) * s + 1)


def _conv_transpose_composite(x, w, stride, padding, output_padding, dilation, groups):
    """The transposed convolution as a convolution: zeros inserted between the input's elements, padded by
    dilation*(k-1)-padding (+output_padding on the right), the kernel flipped with in/out channels swapped."""
    nd = w.ndim - 2
    for i in range(nd):
        x = _zero_insert(x, 2 + i, stride[i])
    ks = w.shape[2:]
    pads = []
    for i in reversed(range(nd)):
        lo = dilation[i] * (ks[i] - 1) - padding[i]
        pads += [lo, lo + output_padding[i]]
    x = _pad_constant(x, tuple(pads))
    cin, og = w.shape[:2]
    cg = cin // groups
    wf = w.reshape((groups, cg, og) + tuple(ks)).swapaxes(1, 2).reshape((groups * og, cg) + tuple(ks))
    wf = ops.flip(wf, tuple(range(2, 2 + nd)))
    return _conv_mm(x, wf, (1,) * nd, (0,) * nd, dilation, groups)


def _transposed_out(size, w, stride, padding, output_padding, dilation):
    return tuple((size[i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (w.shape[2 + i] - 1) + output_padding[i] + 1
                 for i in range(len(stride)))


def _conv_transpose_mm(x, w, stride, padding, output_padding, dilation, groups):
    """2-D transposed convolution: columns = weights^T (G, O/G*K, C/G) times input, folded by Col2Im."""
    n, cin = x.shape[:2]
    og = w.shape[1]
    ks = tuple(w.shape[2:])
    kp = _numel(ks)
    cg = cin // groups
    length = _numel(x.shape[2:])
    wm = w.reshape(1, groups, cg, og * kp)
    cols = _bmm(wm, x.reshape(n, groups, cg, length), transpose_a=True).reshape(n, groups * og, kp, length)
    out = _transposed_out(x.shape[2:], w, stride, padding, output_padding, dilation)
    return ops.fold(cols, ms.Tensor(out, ms.int32), ks, tuple(dilation), tuple(padding), tuple(stride))


@kernel("convolution")
def _convolution_kernel(x, w, b, stride, padding, dilation, transposed, output_padding, groups):
    """x batched (N, C, *S); every parameter a tuple of the spatial rank."""
    dt = x.dtype
    if dt in (ms.bfloat16, ms.float16):  # computed in float32 and rounded back, as torch's CPU accumulates
        x, w, b = _to_f32(x, w, b)
    nd = w.ndim - 2
    if nd == 1:
        y = _convolution_kernel(x.expand_dims(2), w.expand_dims(2), None, (1,) + stride, (0,) + padding,
                                (1,) + dilation, transposed, (0,) + output_padding, groups).squeeze(2)
    elif not transposed:
        y = _conv_mm(x, w, stride, padding, dilation, groups)
    elif nd == 2 and x.dtype in _IM2COL_DTYPES and all(o < st for o, st in zip(output_padding, stride)):
        y = _conv_transpose_mm(x, w, stride, padding, output_padding, dilation, groups)
    else:
        y = _conv_transpose_composite(x, w, stride, padding, output_padding, dilation, groups)
    if b is not None:
        y = y + b.reshape((1, -1) + (1,) * nd)
    return ops.cast(y, dt) if y.dtype != dt else y


@kernel("conv_weight_grad")
def _conv_weight_grad_kernel(x, gy, ks, stride, padding, dilation, groups):
    """d(conv(x, w))/dw contracted with gy: gy (N, G, O/G, L) times columns^T, summed over the batch."""
    dt = x.dtype
    if dt in (ms.bfloat16, ms.float16):
        x, gy = _to_f32(x, gy)
    if len(ks) == 1:
        r = _conv_weight_grad_kernel(x.expand_dims(2), gy.expand_dims(2), (1,) + ks, (1,) + stride,
                                     (0,) + padding, (1,) + dilation, groups)
        r = r.squeeze(2)
    else:
        n, c = x.shape[:2]
        o = gy.shape[1]
        cols = _cols(x, ks, stride, padding, dilation)
        rows = (c // groups) * _numel(ks)
        g = gy.reshape(n, groups, o // groups, -1)
        cols = cols.reshape(n, groups, rows, g.shape[-1])
        r = _bmm(g, cols, transpose_b=True).sum(0).reshape((o, c // groups) + tuple(ks))
    return ops.cast(r, dt) if r.dtype != dt else r


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
    if input._dtype is D.bool or (transposed and not (input._dtype.is_floating_point or input._dtype.is_complex
                                                     or input._dtype is D.int64)):
        raise NotImplementedError(f"\"slow_conv{'_transpose' if transposed else ''}{nd}d_cpu\" not implemented for "
                                  f"'{D.scalar_type_name(input._dtype)}'")
    if (not (input._dtype.is_floating_point or input._dtype.is_complex) and input._dtype is not D.int64
            and any(d != 1 for d in dilation)):
        raise NotImplementedError(f"\"slow_conv_dilated<>\" not implemented for '{D.scalar_type_name(input._dtype)}'")
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
        batch = input.shape[0] if input.ndim == nd + 2 else 1
        if any(o < 0 for o in out) or (batch == 1 and any(o == 0 for o in out)):  # torch's batch-1 path raises
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
        inp, gout = (x, g) if not transposed else (g, x)
        fits = all(_conv_out_size(inp.shape[2 + i], ks[i], stride[i], padding[i], dilation[i]) == gout.shape[2 + i]
                   for i in range(nd))
        if inp.numel() == 0 or gout.numel() == 0:
            from .creation import zeros  # noqa: PLC0415
            gw = zeros(tuple(weight.shape), dtype=weight.dtype, device=weight.device)
        elif not grad_mode.is_grad_enabled() and fits:  # first order: columns times the gradient, one matmul
            gw = wrap(_k("conv_weight_grad", inp)(inp._ms, gout._ms, ks, stride, padding, dilation, groups),
                      inp._device)
        else:  # differentiable again (create_graph), or a transposed output_padding past the stride
            gw = _conv_weight_grad(inp, gout, ks, stride, padding, dilation, groups)
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
    if transposed:
        sp = _transposed_out(x.shape[2:], weight, stride, padding, output_padding, dilation)
    else:
        sp = tuple(_conv_out_size(x.shape[2 + i], weight.shape[2 + i], stride[i], padding[i], dilation[i])
                   for i in range(nd))
    if _numel(x.shape) == 0 or weight.numel() == 0 or _numel(sp) == 0:
        out_ch = weight.shape[1] * groups if transposed else weight.shape[0]
        y = _zeros_value((x.shape[0], out_ch) + sp, x.dtype)
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


@defop(method=False)
def conv_tbc(input, weight, bias, pad=0):
    """1-D convolution over time-batch-channel input (T, B, C) with weight (K, C, O) and bias (O,)."""
    if input.ndim != 3:
        raise RuntimeError("Input must have 3 dims: time, batch, in_channel")
    if weight.ndim != 3:
        raise RuntimeError("Weight tensor must have 3 dims: kernel_width, in_channels, out_channels.")
    if bias.ndim != 1:
        raise RuntimeError("Bias must be 1-D")
    if input.shape[2] != weight.shape[1]:
        raise RuntimeError("Input dim 2 (input channels) is not == dim 1 in the weight tensor")
    if weight.shape[2] != bias.shape[0]:
        raise RuntimeError("Bias size must equal dim 2 in the weight tensor (output channels).")
    y = convolution(input.permute(1, 2, 0), weight.permute(2, 1, 0), bias, (1,), (int(pad),), (1,), False, (0,), 1)
    return y.permute(2, 0, 1)


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
def _pad_constant(x, pad, value=0):
    """ops.pad in constant mode, with negative entries done by slicing first: PadV3 with negative padding
    returns wrong values from its second call on with the same shapes (measured: the first call crops right,
    later calls read stale data)."""
    if any(p < 0 for p in pad):
        begin, end = [0] * x.ndim, list(x.shape)
        for i in range(len(pad) // 2):
            d = x.ndim - 1 - i
            lo, hi = pad[2 * i], pad[2 * i + 1]
            if lo < 0:
                begin[d] = -lo
            if hi < 0:
                end[d] = x.shape[d] + hi
        x = ops.strided_slice(x, tuple(begin), tuple(end), (1,) * x.ndim)
        pad = tuple(max(p, 0) for p in pad)
    if not any(pad):
        return x
    return ops.pad(x, pad, "constant", value)


@kernel("constant_pad_nd")
def _constant_pad_kernel(x, pad, value):
    if x.dtype == ms.bfloat16:  # PadV3 has no bfloat16 kernel on CPU: float32, rounded back (exact)
        return ops.cast(_pad_constant(ops.cast(x, ms.float32), pad, value), ms.bfloat16)
    y = _pad_constant(x, pad, value)
    return y if y is not x else x.copy()


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


# ==== linear ops as (op, adjoint) pairs =============================================================
# `_linear_map(input, kind, args, shapes)` applies kernel `kind` (linear in its input) with static `args`;
# `_linear_map_adjoint(grad, kind, args, shapes)` is its transpose (MindSpore's vjp of the same kernel).
# `shapes` is (input shape, output shape). Each is the other's derivative.
_LINEAR = {}


def _linear_kernel(kind, adjoint_args=None):
    """Register `fn(x, *args)` (over MindSpore values, linear in x) as linear op `kind`; its adjoint is the
    vjp of `fn` at `adjoint_args(args)` (default: the same args)."""
    def register(fn):
        _LINEAR[kind] = fn
        kernel("linear_map:" + kind)(fn)

        def adjoint(g, in_shape, *args):
            if adjoint_args is not None:
                args = adjoint_args(args)
            _, pullback = ms.vjp(lambda v: fn(v, *args), ops.zeros(in_shape, g.dtype))
            return pullback(g)[0]
        kernel("linear_map_adjoint:" + kind)(adjoint)
        return fn
    return register


def _zeros_value(shape, ms_dtype):
    if ms_dtype == ms.bfloat16:
        return ops.cast(ops.zeros(shape, ms.float32), ms.bfloat16)
    return ops.zeros(shape, ms_dtype)


def _linear_backward(grad, kind, args, shapes):
    return (_linear_map_adjoint(grad, kind, args, shapes),)


def _linear_adjoint_backward(grad, kind, args, shapes):
    return (_linear_map(grad, kind, args, shapes),)


@defop(namespace=False, method=False, backward=_linear_backward)
def _linear_map(input, kind, args, shapes):
    in_shape, out_shape = shapes
    if _numel(in_shape) == 0 or _numel(out_shape) == 0:
        return wrap(_zeros_value(tuple(out_shape), input._ms.dtype), input._device)
    return wrap(_k("linear_map:" + kind, input)(input._ms, *args), input._device)


@defop(namespace=False, method=False, backward=_linear_adjoint_backward)
def _linear_map_adjoint(grad, kind, args, shapes):
    in_shape, out_shape = shapes
    if _numel(in_shape) == 0 or _numel(out_shape) == 0:
        return wrap(_zeros_value(tuple(in_shape), grad._ms.dtype), grad._device)
    g = grad._ms
    dt = g.dtype
    if dt == ms.bfloat16:
        g = ops.cast(g, ms.float32)
    r = _k("linear_map_adjoint:" + kind, grad)(g, tuple(in_shape), *args)
    return wrap(ops.cast(r, dt) if r.dtype != dt else r, grad._device)


def _f32_compute(fn):
    """`fn` over bfloat16 values computed in float32 and rounded back (MindSpore's CPU pools, pads, Im2Col and
    GridSampler have no bfloat16 kernels; torch's CPU accumulates in float32 too)."""
    @functools.wraps(fn)
    def run(x, *args):
        if x.dtype == ms.bfloat16:
            r = fn(ops.cast(x, ms.float32), *args)
            if isinstance(r, tuple):
                return (ops.cast(r[0], ms.bfloat16),) + r[1:]
            return ops.cast(r, ms.bfloat16)
        return fn(x, *args)
    return run


def _as_batched(x, nd, rank):
    """x with exactly `rank` dims: leading dims merged (or a unit batch added); returns (value, restore)."""
    lead = x.shape[:x.ndim - nd]
    need = rank - nd
    if len(lead) == need:
        return x, lambda y: y
    if len(lead) < need:
        y = x.reshape((1,) * (need - len(lead)) + x.shape)
        return y, lambda r: r.reshape(lead + r.shape[rank - nd:])
    merged = x.reshape((-1,) + x.shape[x.ndim - nd - need + 1:]) if need == 1 else x.reshape(
        (1, _numel(lead)) + x.shape[x.ndim - nd:])
    return merged, lambda r: r.reshape(lead + r.shape[rank - nd:])


# ==== pooling ========================================================================================
def _pool_out(size, k, s, p, d, ceil_mode):
    num = size + 2 * p - d * (k - 1) - 1
    out = (-(-num // s) if ceil_mode else num // s) + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


def _pool_params(nd, kernel_size, stride, padding, dilation, name):
    k = _ntuple(kernel_size, nd, "kernel_size")
    s = _ntuple(stride, nd, "stride", allow_empty=True) if stride is not None else None
    s = k if s is None else s
    p = _ntuple(padding, nd, "padding")
    d = _ntuple(dilation, nd, "dilation")
    return k, s, p, d


def _check_pool(name, input, nd, k, s, p, d, ceil_mode, max_pool):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"{name}: Expected {nd + 1}D or {nd + 2}D (batch mode) tensor for input, but got: "
                           f"{list(input.shape)}")
    if any(v <= 0 for v in k):
        raise RuntimeError(f"{name}: kernel_size must be greater than zero, but got {list(k)}")
    if any(v <= 0 for v in s):
        raise RuntimeError(f"{name}: stride must be greater than zero, but got {list(s)}")
    if any(v <= 0 for v in d):
        raise RuntimeError(f"{name}: dilation must be greater than zero, but got {list(d)}")
    if any(v < 0 for v in p):
        raise RuntimeError(f"{name}: pad must be non-negative, but got pad: {list(p)}")
    if any(p[i] > k[i] // 2 for i in range(nd)):
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got pad={list(p)}, "
                           f"kernel_size={list(k)}")
    sizes = input.shape[-nd:]
    if nd == 3 and not max_pool and any(sizes[i] < k[i] for i in range(3)):
        raise RuntimeError(f"input image (T: {sizes[0]} H: {sizes[1]} W: {sizes[2]}) smaller than kernel size (kT: "
                           f"{k[0]} kH: {k[1]} kW: {k[2]})")
    if any(v == 0 for v in input.shape[input.ndim - nd - 1:]):
        raise RuntimeError(f"{name}: Expected input's non-batch dimensions to have positive length, but input has a "
                           f"shape of {list(input.shape)}")
    out = tuple(_pool_out(sizes[i], k[i], s[i], p[i], d[i], ceil_mode) for i in range(nd))
    if any(o <= 0 for o in out):
        raise RuntimeError(f"Given input size: ({'x'.join(str(v) for v in input.shape[-nd - 1:])}). Calculated output "
                           f"size: ({'x'.join(str(v) for v in (input.shape[-nd - 1],) + out)}). Output size is too small")
    if input._dtype is D.bool or input._dtype.is_complex or (
            not max_pool and not input._dtype.is_floating_point and input._dtype is not D.int64):
        raise NotImplementedError(f"\"{name}\" not implemented for '{D.scalar_type_name(input._dtype)}'")
    return tuple(input.shape[:-nd]) + out


@_linear_kernel("avg_pool")
@_f32_compute
def _avg_pool_kernel(x, nd, k, s, p, ceil_mode, count_include_pad, divisor):
    if x.dtype not in (ms.float16, ms.float32, ms.float64):  # integers: float64 sums, divided, truncated as torch
        dt = x.dtype
        xb, restore = _as_batched(ops.cast(x, ms.float64), nd, nd + 2)
        y = _avg_pool_composite(xb, nd, k, s, p, ceil_mode, count_include_pad, divisor)
        return restore(ops.cast(ops.trunc(y), dt))
    if nd == 1:
        return _avg_pool_kernel(x.expand_dims(-2), 2, (1,) + k, (1,) + s, (0,) + p, ceil_mode, count_include_pad,
                                divisor).squeeze(-2)
    xb, restore = _as_batched(x, nd, nd + 2)
    if xb.dtype not in _FAST_FLOAT or divisor:
        # AvgPool3DGrad (its derivative) takes float16/32 only, and with divisor_override its gradient is wrong
        # where a window reaches into the padding (twice torch's, measured): a composite
        return restore(_avg_pool_composite(xb, nd, k, s, p, ceil_mode, count_include_pad, divisor))
    fn = ops.avg_pool2d if nd == 2 else ops.avg_pool3d
    pads = tuple(q for v in p for q in (v, v))  # (top, bottom, left, right[, ...]) for MindSpore
    return restore(fn(xb, k, s, pads, ceil_mode, count_include_pad, divisor or 0))


def _avg_pool_composite(x, nd, k, s, p, ceil_mode, count_include_pad, divisor):
    """Average pooling as a sum of strided slices of the padded input over torch's divisors."""
    sizes = x.shape[2:]
    out = [_pool_out(sizes[i], k[i], s[i], p[i], 1, ceil_mode) for i in range(nd)]
    right = [max((out[i] - 1) * s[i] + k[i] - sizes[i] - p[i], 0) for i in range(nd)]
    x = ops.pad(x, tuple(q for i in reversed(range(nd)) for q in (p[i], right[i])))
    acc = None
    for offs in itertools.product(*[range(v) for v in k]):
        piece = _take_strided(x, offs, out, s)
        acc = piece if acc is None else acc + piece
    if divisor:
        return acc / divisor
    div = np.ones((), np.float64)
    for i in range(nd):
        start = np.arange(out[i]) * s[i] - p[i]
        end = np.minimum(start + k[i], sizes[i] + p[i])
        whole = end - start
        start, end = np.maximum(start, 0), np.minimum(end, sizes[i])
        counts = whole if count_include_pad else end - start
        div = np.multiply.outer(div, counts.astype(np.float64))
    return acc / ms.Tensor(div, x.dtype)


def _avg_pool_nd(nd, name, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override):
    k, s, p, _ = _pool_params(nd, kernel_size, stride, padding, 1, name)
    out = _check_pool(name, input, nd, k, s, p, (1,) * nd, ceil_mode, False)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    args = (nd, k, s, p, bool(ceil_mode), bool(count_include_pad), int(divisor_override or 0))
    return _linear_map(input, "avg_pool", args, (tuple(input.shape), out))


@defop(method=False)
def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    return _avg_pool_nd(1, "avg_pool1d", input, kernel_size, stride, padding, ceil_mode, count_include_pad, None)


@defop("_avg_pool2d", namespace=False, method=False)  # torch._C._nn.avg_pool2d: internal here
def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    return _avg_pool_nd(2, "avg_pool2d", input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                        divisor_override)


@defop("_avg_pool3d", namespace=False, method=False)  # torch._C._nn.avg_pool3d: internal here
def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    return _avg_pool_nd(3, "avg_pool3d", input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                        divisor_override)


@kernel("max_pool_with_indices")
def _max_pool_any(x, nd, k, s, p, d, ceil_mode):
    dt = x.dtype
    if dt in (ms.bfloat16, ms.int8, ms.uint8, ms.int16, ms.int32, ms.int64, ms.uint16, ms.uint32, ms.uint64):
        # MaxPoolWithArgmaxV2 / MaxPool3DWithArgmax take float16/32/64 only: integers pooled in float64 (exact
        # below 2**53), bfloat16 in float32
        y, i = _max_pool_kernel(ops.cast(x, ms.float32 if dt == ms.bfloat16 else ms.float64), nd, k, s, p, d, ceil_mode)
        y = ops.cast(y, dt)
    else:
        y, i = _max_pool_kernel(x, nd, k, s, p, d, ceil_mode)
    return _empty_windows(x, y, i, nd, k, s, p, d)


def _empty_windows(x, y, i, nd, k, s, p, d):
    """Windows that see only padding (possible with dilation): torch gives -inf (the dtype's lowest for integers)
    and the index of the first dilated tap past the padding; MindSpore gives the lowest finite value."""
    sizes = x.shape[-nd:]
    out = y.shape[-nd:]
    masks, firsts = [], []
    for j in range(nd):
        start = np.arange(out[j]) * s[j] - p[j]
        taps = start[:, None] + np.arange(k[j]) * d[j]
        masks.append(((taps >= 0) & (taps < sizes[j])).any(1))
        firsts.append(np.where(start < 0, start + (-start + d[j] - 1) // d[j] * d[j], start))
    if all(m.all() for m in masks):
        return y, i
    valid = masks[0]
    first = firsts[0]
    for j in range(1, nd):
        valid = np.logical_and.outer(valid, masks[j])
        first = np.add.outer(first * sizes[j], firsts[j])
    low = -np.inf if y.dtype in (ms.float16, ms.float32, ms.float64, ms.bfloat16) else np.iinfo(
        ms.dtype_to_nptype(y.dtype)).min
    y = ops.where(ms.Tensor(valid), y, ms.Tensor(np.array(low)).astype(y.dtype))
    i = ops.where(ms.Tensor(valid), i, ms.Tensor(first.astype(np.int64)))
    return y, i


@_f32_compute
def _max_pool_kernel(x, nd, k, s, p, d, ceil_mode):
    if nd == 1:
        y, i = _max_pool_kernel(x.expand_dims(-2), 2, (1,) + k, (1,) + s, (0,) + p, (1,) + d, ceil_mode)
        return y.squeeze(-2), i.squeeze(-2)
    xb, restore = _as_batched(x, nd, nd + 2)
    if nd == 2:
        y, i = ops.max_pool2d(xb, k, s, p, d, True, ceil_mode)
    else:
        y, i = ops.max_pool3d(xb, k, s, p, d, ceil_mode, True)
    return restore(y), restore(ops.cast(i, ms.int64) if i.dtype != ms.int64 else i)


def _scatter_by_indices(grad, indices, shape, nd):
    """grad (..., *out) added into zeros of `shape` (..., *S) at the flat-in-plane `indices`."""
    from .creation import zeros  # noqa: PLC0415
    lead = tuple(shape[:len(shape) - nd])
    plane = _numel(shape[len(shape) - nd:])
    rows = _numel(lead)
    z = zeros((rows, plane), dtype=grad.dtype, device=grad.device)
    if grad.numel() == 0:
        return z.reshape(shape)
    return z.scatter_add(1, indices.reshape(rows, -1), grad.reshape(rows, -1)).reshape(shape)


def _values_and_indices(input, out, kernel_name, *kernel_args):
    """The (values, int64 indices) outputs of an index-returning pool of output shape `out`; a zero-size
    output is made directly, without a kernel call."""
    if _numel(out) == 0:
        from .creation import zeros  # noqa: PLC0415
        return (zeros(out, dtype=input.dtype, device=input.device),
                zeros(out, dtype=D.int64, device=input.device))
    y, i = _k(kernel_name, input)(input._ms, *kernel_args)
    return wrap(y, input._device), wrap(i, input._device)


def _define_index_returning_pool(name, nd, entry):
    """Registers the `nd`-D pool `entry` (returning values and indices) under `name`; the gradient goes back
    to the input elements the indices name. 2-D/3-D ones are torch._C._nn functions, internal here."""
    def backward(grad, input, result):
        return (_scatter_by_indices(grad[0], result[1], tuple(input.shape), nd),)

    entry.__name__ = entry.__qualname__ = name
    return defop(name if nd == 1 else "_" + name, namespace=(nd == 1), method=False, backward=backward)(entry)


def _max_pool_entry(nd):
    name = f"max_pool{nd}d_with_indices"

    def entry(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
        k, s, p, d = _pool_params(nd, kernel_size, stride, padding, dilation, name)
        out = _check_pool(f"max_pool{nd}d", input, nd, k, s, p, d, ceil_mode, True)
        return _values_and_indices(input, out, "max_pool_with_indices", nd, k, s, p, d, bool(ceil_mode))
    return _define_index_returning_pool(name, nd, entry)


max_pool1d_with_indices = _max_pool_entry(1)
max_pool2d_with_indices = _max_pool_entry(2)
max_pool3d_with_indices = _max_pool_entry(3)


@defop(method=False)
def max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    if isinstance(input, Tensor) and not input._dtype.is_floating_point:
        raise NotImplementedError(f"\"max_pool1d_impl\" not implemented for '{D.scalar_type_name(input._dtype)}'")
    return max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)[0]


@defop(method=False)
def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)[0]


@defop(method=False)
def max_pool3d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return max_pool3d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)[0]


# ---- adaptive pools ----------------------------------------------------------------------------------
def _adaptive_out(name, input, nd, output_size):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"{name}(): Expected {nd + 1}D or {nd + 2}D tensor, but got {list(input.shape)}")
    if isinstance(output_size, (list, tuple)):
        if len(output_size) == 1 and nd > 1:
            output_size = tuple(output_size) * nd
        if len(output_size) != nd:
            raise RuntimeError(f"{name}: internal error: output_size.size() must be {nd}")
        sizes = tuple(input.shape[-nd + i] if v is None else int(v) for i, v in enumerate(output_size))
    else:
        sizes = (input.shape[-1] if output_size is None else int(output_size),) * nd if nd == 1 else tuple(
            input.shape[-nd + i] if output_size is None else int(output_size) for i in range(nd))
    if any(v < 0 for v in sizes):
        raise RuntimeError(f"{name}: elements of output_size must be greater than or equal to 0 but received "
                           f"{list(sizes)}")
    for i in range(input.ndim - nd, input.ndim):
        if input.shape[i] == 0 and (i >= 1 or input.ndim == nd + 1):
            raise RuntimeError(f"{name}(): Expected input to have non-zero size for non-batch dimensions, but input "
                               f"has sizes {list(input.shape)} with dimension {i} being empty")
    if not input._dtype.is_floating_point:
        raise NotImplementedError(f"\"{name}\" not implemented for '{D.scalar_type_name(input._dtype)}'")
    return sizes, tuple(input.shape[:-nd]) + sizes


@_linear_kernel("adaptive_avg_pool")
@_f32_compute
def _adaptive_avg_kernel(x, nd, sizes):
    if nd == 1:
        return _adaptive_avg_kernel(x.expand_dims(-2), 2, (1,) + sizes).squeeze(-2)
    xb, restore = _as_batched(x, nd, nd + 2)
    fn = ops.adaptive_avg_pool2d if nd == 2 else ops.adaptive_avg_pool3d
    return restore(fn(xb, sizes))


def _adaptive_avg(nd, name, input, output_size):
    sizes, out = _adaptive_out(name, input, nd, output_size)
    return _linear_map(input, "adaptive_avg_pool", (nd, sizes), (tuple(input.shape), out))


@defop(method=False)
def adaptive_avg_pool1d(input, output_size):
    return _adaptive_avg(1, "adaptive_avg_pool1d", input, output_size)


@defop("_adaptive_avg_pool2d", namespace=False, method=False)  # torch._C._nn.adaptive_avg_pool2d: internal here
def adaptive_avg_pool2d(input, output_size):
    return _adaptive_avg(2, "adaptive_avg_pool2d", input, output_size)


@defop("_adaptive_avg_pool3d", namespace=False, method=False)  # torch._C._nn.adaptive_avg_pool3d: internal here
def adaptive_avg_pool3d(input, output_size):
    return _adaptive_avg(3, "adaptive_avg_pool3d", input, output_size)


@kernel("adaptive_max_pool")
@_f32_compute
def _adaptive_max_kernel(x, nd, sizes):
    if nd == 1:
        y, i = _adaptive_max_kernel(x.expand_dims(-2), 2, (1,) + sizes)
        return y.squeeze(-2), i.squeeze(-2)
    xb, restore = _as_batched(x, nd, nd + 2)
    fn = ops.adaptive_max_pool2d if nd == 2 else ops.adaptive_max_pool3d
    y, i = fn(xb, sizes, True)
    return restore(y), restore(ops.cast(i, ms.int64) if i.dtype != ms.int64 else i)


def _adaptive_max_entry(nd):
    name = f"adaptive_max_pool{nd}d"

    def entry(input, output_size):
        sizes, out = _adaptive_out(name, input, nd, output_size)
        return _values_and_indices(input, out, "adaptive_max_pool", nd, sizes)
    return _define_index_returning_pool(name, nd, entry)


adaptive_max_pool1d = _adaptive_max_entry(1)
adaptive_max_pool2d = _adaptive_max_entry(2)
adaptive_max_pool3d = _adaptive_max_entry(3)


# ==== non-constant padding ============================================================================
@_linear_kernel("pad")
@_f32_compute
def _pad_kernel(x, mode, pad):
    nd = len(pad) // 2
    if nd == 3 and mode == "reflect":  # PadV3's reflect takes at most 4 dims: one dim at a time
        for i in range(3):
            axis = x.ndim - 1 - i
            moved = x.swapaxes(axis, -1)
            flat = moved.reshape(1, -1, moved.shape[-1])
            moved = ops.pad(flat, pad[2 * i:2 * i + 2], mode).reshape(moved.shape[:-1] + (-1,))
            x = moved.swapaxes(axis, -1)
        return x
    xb, restore = _as_batched(x, nd, nd + 2)
    return restore(ops.pad(xb, pad, mode))


def pad_nonconstant(input, pad, mode):
    """reflect / replicate / circular padding of the last len(pad)//2 dims (torch's rank rules checked by the
    caller)."""
    pad = tuple(int(p) for p in pad)
    nd = len(pad) // 2
    shape = list(input.shape)
    for i in range(nd):
        d = input.ndim - 1 - i
        shape[d] += pad[2 * i] + pad[2 * i + 1]
    return _linear_map(input, "pad", (mode, pad), (tuple(input.shape), tuple(shape)))


# ==== interpolation ===================================================================================
# torch's upsampling kernels are separable: along each spatial dim, output i reads input indices idx[i, :]
# with weights w[i, :]. The taps are computed on the host with torch's coordinate rules (in float32 for
# float/half inputs, float64 for double, as torch's opmath) and applied with gather + weighted sum.
def _cubic_coeffs(t, a=-0.75):
    def c1(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def c2(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return np.stack([c2(t + 1), c1(t), c1(1 - t), c2(2 - t)], axis=-1)


def _aa_filter(mode):
    if mode == "bilinear":
        return lambda x: np.maximum(1.0 - np.abs(x), 0.0), 2

    if mode == "bicubic":
        def cubic(x, a=-0.5):
            x = np.abs(x)
            return np.where(x < 1, ((a + 2) * x - (a + 3)) * x * x + 1,
                            np.where(x < 2, ((a * x - 5 * a) * x + 8 * a) * x - 4 * a, 0.0))
        return cubic, 4

    def lanczos(x, a=3.0):
        x = np.abs(x)
        return np.where(x < a, np.sinc(x) * np.sinc(x / a), 0.0)
    return lanczos, 6


@functools.lru_cache(maxsize=1024)
def _interp_taps(mode, in_size, out_size, scale, align_corners, antialias, double, shortcut=False):
    """(idx (out, K) int64, weights (out, K) or None) for one spatial dim, or None when it is the identity.
    `shortcut`: torch's 2-D nearest kernel copies when the sizes are equal and halves the index when the output
    is twice the input, whatever the scale given (its 1-D and 3-D kernels do not; measured)."""
    ft = np.float64 if double else np.float32
    i = np.arange(out_size)

    def scales_value(t):
        return t(1.0 / scale) if scale is not None and scale > 0 else t(in_size) / t(out_size)

    if mode == "nearest":
        if out_size == in_size and (shortcut or scale is None or scale == 1.0):
            return None
        if out_size == 2 * in_size and (shortcut or scale is None or scale == 2.0):
            return (i >> 1)[:, None], None
        s = scales_value(np.float32)
        idx = np.floor(i.astype(np.float32) * s).astype(np.int64)
        return np.minimum(idx, in_size - 1)[:, None], None
    if mode == "nearest-exact":
        s = scales_value(np.float32)
        idx = np.floor(((i + 0.5) * np.float64(s)).astype(np.float32)).astype(np.int64)
        return np.minimum(idx, in_size - 1)[:, None], None
    if mode == "area":
        start = (i * in_size) // out_size
        end = ((i + 1) * in_size + out_size - 1) // out_size
        k = int((end - start).max())
        offs = np.arange(k)
        idx = np.minimum(start[:, None] + offs, in_size - 1)
        valid = offs[None, :] < (end - start)[:, None]
        w = np.where(valid, 1.0 / (end - start)[:, None], 0.0)
        return idx, w
    if align_corners:
        s = ft(in_size - 1) / ft(out_size - 1) if out_size > 1 else ft(0)
    else:
        s = scales_value(ft)
    if antialias:
        filt, interp = _aa_filter(mode)
        support = (interp * 0.5) * s if s >= 1.0 else interp * 0.5
        kmax = int(math.ceil(support)) * 2 + 1
        invscale = 1.0 / s if s >= 1.0 else 1.0
        idx = np.zeros((out_size, kmax), np.int64)
        w = np.zeros((out_size, kmax), np.float64)
        for o in range(out_size):
            center = s * (o + 0.5)
            xmin = max(int(center - support + 0.5), 0)
            xsize = min(max(min(int(center + support + 0.5), in_size) - xmin, 0), kmax)
            ws = filt((np.arange(xsize) + xmin - center + 0.5) * invscale)
            total = ws.sum()
            if total != 0:
                ws = ws / total
            idx[o, :xsize] = np.arange(xsize) + xmin
            w[o, :xsize] = ws
        return idx, w
    if align_corners:
        src = s * i.astype(ft)
    else:
        src = s * (i.astype(ft) + ft(0.5)) - ft(0.5)
        if mode == "linear":
            src = np.maximum(src, ft(0))
    i0 = np.minimum(np.floor(src).astype(np.int64), in_size - 1)
    lam = np.clip(src - i0.astype(ft), 0, 1)
    if mode == "linear":
        i1 = i0 + (i0 < in_size - 1)
        return np.stack([i0, i1], 1), np.stack([1 - lam, lam], 1).astype(np.float64)
    idx = np.clip(i0[:, None] - 1 + np.arange(4), 0, in_size - 1)
    return idx, _cubic_coeffs(lam.astype(np.float64))


@_linear_kernel("upsample", adjoint_args=lambda args: (args[1], None))
@_f32_compute
def _upsample_kernel(x, plans, backward_plans=None):
    nd = len(plans)
    np_dtype = ms.dtype_to_nptype(x.dtype)
    for j, plan in enumerate(plans):
        if plan is None:
            continue
        axis = x.ndim - nd + j
        idx, w = plan
        if w is None:
            x = ops.gather(x, ms.Tensor(idx[:, 0]), axis)
            continue
        out, k = w.shape
        y = None
        for t in range(k):  # one gather per tap (faster than one gather, a reshape and a sum over taps)
            wt = w[:, t]
            if not wt.any():
                continue
            term = ops.gather(x, ms.Tensor(idx[:, t]), axis) * ms.Tensor(
                wt.astype(np_dtype).reshape((out,) + (1,) * (x.ndim - axis - 1)))
            y = term if y is None else y + term
        x = y if y is not None else ops.zeros(x.shape[:axis] + (out,) + x.shape[axis + 1:], x.dtype)
    return x


@functools.lru_cache(maxsize=64)
def _resize_bilinear_prim(align_corners):
    return ops.ResizeBilinearV2(align_corners, not align_corners)


@_linear_kernel("resize_bilinear")
@_f32_compute
def _resize_bilinear_kernel(x, size, align_corners):
    # MindSpore's ResizeBilinearV2 (half-pixel centers or aligned corners) is torch's bilinear rule when the
    # scale is in/out; 20x faster than the taps here (measured, (2, 64, 64, 64) -> 128^2: 3 ms against 60 ms)
    xb, restore = _as_batched(x, 2, 4)
    return restore(_resize_bilinear_prim(align_corners)(xb, size))


@_linear_kernel("upsample_trilinear")
@_f32_compute
def _upsample_trilinear_kernel(x, size, scales, align_corners):
    xb, restore = _as_batched(x, 3, 5)
    prim = ops.auto_generate.UpsampleTrilinear3D(align_corners)
    return restore(prim(xb, None, scales) if scales is not None else prim(xb, size, None))


def _scale_is_size(in_size, out_size, scale):
    return scale is None or np.float32(1.0 / scale) == np.float32(in_size) / np.float32(out_size)


def upsample(input, output_size, scale_factors, mode, align_corners=False, antialias=False):
    """torch's upsample_<mode>{1,2,3}d / _upsample_*_aa: input (N, C, *S) or batched beyond; output_size a list."""
    nd = len(output_size)
    sizes = tuple(input.shape[-nd:])
    if any(o <= 0 for o in output_size) or any(v <= 0 for v in sizes):
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input ({', '.join(map(str, sizes))}) "
                           f"and output ({', '.join(map(str, output_size))})")
    if not input._dtype.is_floating_point:
        if input._dtype is not D.uint8:
            raise NotImplementedError(f"\"upsample_{mode}\" not implemented for '{D.scalar_type_name(input._dtype)}'")
        if mode not in ("nearest", "nearest-exact"):
            raise NotImplementedError(f"mindtorch: interpolate mode '{mode}' on uint8 is not implemented (torch rounds "
                                      "through its own fixed-point weights there); convert to float first")
    double = input._dtype is D.float64
    aa = bool(antialias) and mode in ("bilinear", "bicubic", "lanczos")
    out_shape = tuple(input.shape[:-nd]) + tuple(int(o) for o in output_size)
    native = input._dtype in (D.float32, D.float16, D.bfloat16) and not aa
    if native and mode == "bilinear" and (align_corners or all(
            _scale_is_size(sizes[i], output_size[i], None if scale_factors is None else scale_factors[i])
            for i in range(2))):
        return _linear_map(input, "resize_bilinear", (tuple(int(o) for o in output_size), bool(align_corners)),
                           (tuple(input.shape), out_shape))
    if native and mode == "trilinear":
        scales = None if scale_factors is None else [float(v) for v in scale_factors]
        return _linear_map(input, "upsample_trilinear", (tuple(int(o) for o in output_size), scales,
                                                         bool(align_corners)), (tuple(input.shape), out_shape))
    taps_mode = mode if aa or mode not in ("bilinear", "trilinear") else "linear"
    plans = tuple(_interp_taps(taps_mode, sizes[i], int(output_size[i]),
                               None if scale_factors is None else scale_factors[i], bool(align_corners), aa, double,
                               nd == 2)
                  for i in range(nd))
    backward_plans = plans
    if mode == "nearest" and nd != 2:  # torch's nearest backward takes the shortcuts its 1-D/3-D forward does not
        backward_plans = tuple(_interp_taps(mode, sizes[i], int(output_size[i]),
                                            None if scale_factors is None else scale_factors[i], False, False, double,
                                            True) for i in range(nd))
    out_shape = tuple(input.shape[:-nd]) + tuple(int(o) for o in output_size)
    if not input._dtype.is_floating_point:  # nearest on integers: a gather
        v = input._ms
        for j, plan in enumerate(plans):
            if plan is not None:
                v = ops.gather(v, ms.Tensor(plan[0].reshape(-1)), v.ndim - nd + j)
        return wrap(v, input._device)
    return _linear_map(input, "upsample", (plans, backward_plans), (tuple(input.shape), out_shape))


# ==== grid sampling ===================================================================================
_GRID_MODES = {"bilinear": 0, "nearest": 1, "bicubic": 2}
_GRID_PADDING = {"zeros": 0, "border": 1, "reflection": 2}


def _reflect_coords(c, lo, hi):
    """torch's reflect_coordinates: c reflected into [lo/2, hi/2] (twice the bounds given)."""
    if lo == hi:
        return ops.zeros_like(c)
    mn = lo / 2
    span = (hi - lo) / 2
    c = ops.abs(c - mn)
    extra = ops.fmod(c, span)
    flips = ops.floor(c / span)
    return ops.where(ops.fmod(flips, 2) == 0, extra + mn, span - extra + mn)


def _grid_coords(coord, size, padding_mode, align_corners):
    c = ((coord + 1) / 2) * (size - 1) if align_corners else ((coord + 1) * size - 1) / 2
    if padding_mode == "border":
        c = ops.clamp(c, 0, size - 1)
    elif padding_mode == "reflection":
        c = _reflect_coords(c, 0, 2 * (size - 1)) if align_corners else _reflect_coords(c, -1, 2 * size - 1)
        c = ops.clamp(c, 0, size - 1)
    return c


def _grid_sample_bicubic(x, grid, padding_mode, align_corners):
    """2-D bicubic grid sampling as torch's (cubic coefficient -0.75, out-of-range taps read as padding)."""
    n, c, h, w = x.shape
    gx = grid[..., 0]
    gy = grid[..., 1]
    ix = ((gx + 1) / 2) * (w - 1) if align_corners else ((gx + 1) * w - 1) / 2
    iy = ((gy + 1) / 2) * (h - 1) if align_corners else ((gy + 1) * h - 1) / 2
    x0 = ops.floor(ix)
    y0 = ops.floor(iy)
    tx = ix - x0
    ty = iy - y0
    a = -0.75

    def coeffs(t):
        def c1(v):
            return ((a + 2) * v - (a + 3)) * v * v + 1

        def c2(v):
            return ((a * v - 5 * a) * v + 8 * a) * v - 4 * a
        return (c2(t + 1), c1(t), c1(1 - t), c2(2 - t))
    wx, wy = coeffs(tx), coeffs(ty)
    flat = x.reshape(n, c, h * w)
    ho, wo = gx.shape[1:]
    out = None
    for i in range(4):
        yy = y0 - 1 + i
        for j in range(4):
            xx = x0 - 1 + j
            if padding_mode == "zeros":
                valid = (xx >= 0) & (xx <= w - 1) & (yy >= 0) & (yy <= h - 1)
                xc, yc = ops.clamp(xx, 0, w - 1), ops.clamp(yy, 0, h - 1)
            else:
                xc = _grid_coords_bounded(xx, w, padding_mode, align_corners)
                yc = _grid_coords_bounded(yy, h, padding_mode, align_corners)
                valid = None
            lin = (yc * w + xc).astype(ms.int32).reshape(n, 1, ho * wo)
            v = ops.gather_elements(flat, 2, ops.broadcast_to(lin, (n, c, ho * wo))).reshape(n, c, ho, wo)
            wgt = (wx[j] * wy[i]).expand_dims(1)
            if valid is not None:
                wgt = wgt * valid.astype(wgt.dtype).expand_dims(1)
            term = v * wgt
            out = term if out is None else out + term
    return out


def _grid_coords_bounded(c, size, padding_mode, align_corners):
    if padding_mode == "border":
        return ops.clamp(c, 0, size - 1)
    r = _reflect_coords(c, 0, 2 * (size - 1)) if align_corners else _reflect_coords(c, -1, 2 * size - 1)
    return ops.clamp(r, 0, size - 1)


def _grid_sample_linear(x, grid, mode, padding_mode, align_corners):
    """2-D/3-D bilinear or nearest grid sampling written with gathers (GridSampler2D computes float64 in float32
    and its CPU gradient kernel logs "memcpy_s failed" on small grids; measured): taps outside the input read
    zero, as torch's within-bounds test."""
    n, c = x.shape[:2]
    sizes = x.shape[2:]
    nd = len(sizes)
    out = grid.shape[1:-1]
    p = _numel(out)
    flat = x.reshape(n, c, _numel(sizes))
    coords = []
    for j in range(nd):  # grid[..., 0] indexes the last dim (width)
        size = sizes[nd - 1 - j]
        coords.append(_grid_coords(grid[..., j].reshape(n, p), size, padding_mode, align_corners))
    coords = coords[::-1]  # in the order of the input's dims
    if mode == "nearest":
        corners = [[(ops.round(cd), None)] for cd in coords]
    else:
        corners = []
        for cd in coords:
            lo = ops.floor(cd)
            t = cd - lo
            corners.append([(lo, 1 - t), (lo + 1, t)])
    out_v = None
    for combo in itertools.product(*corners):
        valid = None
        lin = None
        weight = None
        for j, (pos, w) in enumerate(combo):
            ok = (pos >= 0) & (pos <= sizes[j] - 1)
            valid = ok if valid is None else valid & ok
            idx = ops.clamp(pos, 0, sizes[j] - 1).astype(ms.int64)
            lin = idx if lin is None else lin * sizes[j] + idx
            if w is not None:
                weight = w if weight is None else weight * w
        v = ops.gather_elements(flat, 2, ops.broadcast_to(lin.reshape(n, 1, p), (n, c, p)))
        wv = valid.astype(x.dtype) if weight is None else weight * valid.astype(x.dtype)
        term = v * wv.reshape(n, 1, p)
        out_v = term if out_v is None else out_v + term
    return out_v.reshape((n, c) + tuple(out))


@kernel("grid_sampler")
def _grid_sampler_kernel(x, grid, mode, padding_mode, align_corners):
    dt = x.dtype
    if dt == ms.bfloat16:
        x, grid = _to_f32(x, grid)
    if mode == "bicubic":
        y = _grid_sample_bicubic(x, grid, padding_mode, align_corners)
    else:
        y = _grid_sample_linear(x, grid, mode, padding_mode, align_corners)
    return ops.cast(y, dt) if y.dtype != dt else y


def _grid_sampler_backward(grad, input, grid, interpolation_mode, padding_mode, align_corners):
    modes = {v: k for k, v in _GRID_MODES.items()}
    pads = {v: k for k, v in _GRID_PADDING.items()}
    fn = _k("grid_sampler", input)
    return ms_vjp(lambda x, g: fn(x, g, modes[interpolation_mode], pads[padding_mode], bool(align_corners)),
                  (input if input.requires_grad else input.detach(), grid), grad, "grid_sampler")


@defop(method=False, backward=_grid_sampler_backward)
def grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners):
    modes = {v: k for k, v in _GRID_MODES.items()}
    pads = {v: k for k, v in _GRID_PADDING.items()}
    nd = input.ndim - 2
    if input.ndim not in (4, 5) or grid.ndim != input.ndim:
        raise RuntimeError(f"grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but got "
                           f"input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}")
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but got input with sizes "
                           f"{list(input.shape)} and grid with sizes {list(grid.shape)}")
    if grid.shape[-1] != nd:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {nd} in last dimension, but got grid with "
                           f"sizes {list(grid.shape)}")
    if input._dtype is not grid._dtype:
        raise RuntimeError(f"grid_sampler(): expected input and grid to have same dtype, but input has "
                           f"{input._dtype} and grid has {grid._dtype}")
    if nd == 3 and interpolation_mode == 2:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    out_shape = tuple(input.shape[:2]) + tuple(grid.shape[1:-1])
    if _numel(out_shape) == 0 or input.numel() == 0:
        return wrap(_zeros_value(out_shape, input._ms.dtype), input._device)
    y = _k("grid_sampler", input)(input._ms, grid._ms, modes[interpolation_mode], pads[padding_mode],
                                  bool(align_corners))
    return wrap(y, input._device)


def _affine_grid_base(size, align_corners, double):
    def lin(n):
        if n <= 1:
            return np.zeros(max(n, 0))
        v = np.linspace(-1.0, 1.0, n)
        return v if align_corners else v * (n - 1) / n
    sp = size[2:]
    axes = [lin(n) for n in reversed(sp)]  # x (width) first
    mesh = np.meshgrid(*[lin(n) for n in sp], indexing="ij")  # (D,) H, W
    coords = [m for m in reversed(mesh)]  # x, y(, z)
    base = np.stack(coords + [np.ones_like(coords[0])], axis=-1)
    del axes
    return base.reshape(-1, len(sp) + 1).astype(np.float64 if double else np.float32)


def _affine_grid_backward(grad, theta, size, align_corners):
    from .creation import tensor as _tensor  # noqa: PLC0415
    base = _tensor(_affine_grid_base(list(size), align_corners, theta.dtype is D.float64), dtype=theta.dtype,
                   device=theta.device)
    n = theta.shape[0]
    g = grad.reshape(n, -1, theta.shape[1])
    return (g.transpose(1, 2).matmul(base),)


@defop(method=False, backward=_affine_grid_backward)
def affine_grid_generator(theta, size, align_corners):
    size = [int(s) for s in size]
    nd = len(size) - 2
    base = _affine_grid_base(size, align_corners, theta._dtype is D.float64)
    th = theta._ms
    dt = th.dtype
    if dt == ms.bfloat16:
        th = ops.cast(th, ms.float32)
    b = ms.Tensor(base).astype(th.dtype)
    v = ops.matmul(b.expand_dims(0), th.swapaxes(1, 2))  # (N, P, nd)
    v = v.reshape((size[0],) + tuple(size[2:]) + (nd,))
    return wrap(ops.cast(v, dt) if v.dtype != dt else v, theta._device)


# ==== im2col / col2im =================================================================================
@_linear_kernel("im2col")
@_f32_compute
def _im2col_kernel(x, k, d, p, s):
    return ops.unfold(x, k, d, p, s)


def im2col(input, kernel_size, dilation, padding, stride):
    k, d, p, s = (_ntuple(v, 2, n) for v, n in ((kernel_size, "kernel_size"), (dilation, "dilation"),
                                                 (padding, "padding"), (stride, "stride")))
    if input.ndim < 3:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-input.ndim}, {input.ndim - 1}], but "
                         f"got {input.ndim})")
    if input.ndim != 4 and input.ndim != 3:
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    _check_im2col_params(k, d, p, s)
    h, w = input.shape[-2:]
    oh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1
    ow = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1
    if oh < 1 or ow < 1:
        raise RuntimeError(f"Given input with spatial size ({h}, {w}), kernel_size=({k[0]}, {k[1]}), dilation=({d[0]}, "
                           f"{d[1]}), padding=({p[0]}, {p[1]}), calculated shape of the array of sliding blocks as "
                           f"({oh}, {ow}), but its components must be at least one.")
    c = input.shape[-3]
    out = tuple(input.shape[:-3]) + (c * k[0] * k[1], oh * ow)
    if input.ndim == 3:
        return _linear_map(input, "im2col_unbatched", (k, d, p, s), (tuple(input.shape), out))
    return _linear_map(input, "im2col", (k, d, p, s), (tuple(input.shape), out))


@_linear_kernel("im2col_unbatched")
def _im2col_unbatched_kernel(x, k, d, p, s):
    return _im2col_kernel(x.expand_dims(0), k, d, p, s).squeeze(0)


def _check_im2col_params(k, d, p, s):
    if any(v <= 0 for v in k):
        raise RuntimeError(f"kernel size should be greater than zero, but got kernel_height: {k[0]} kernel_width: {k[1]}")
    if any(v <= 0 for v in d):
        raise RuntimeError(f"dilation should be greater than zero, but got dilation_height: {d[0]} dilation_width: {d[1]}")
    if any(v < 0 for v in p):
        raise RuntimeError(f"padding should be non-negative, but got pad_height: {p[0]} pad_width: {p[1]}")
    if any(v <= 0 for v in s):
        raise RuntimeError(f"stride should be greater than zero, but got stride_height: {s[0]} stride_width: {s[1]}")


def col2im(input, output_size, kernel_size, dilation, padding, stride):
    o = _ntuple(output_size, 2, "output_size")
    k, d, p, s = (_ntuple(v, 2, n) for v, n in ((kernel_size, "kernel_size"), (dilation, "dilation"),
                                                 (padding, "padding"), (stride, "stride")))
    _check_im2col_params(k, d, p, s)
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    ck, length = input.shape[-2:]
    if ck % (k[0] * k[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           f"got input.size(1)={ck} and kernel_size=({k[0]}, {k[1]})")
    bh = (o[0] + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1
    bw = (o[1] + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1
    if bh * bw != length:
        raise RuntimeError(f"Given output_size=({o[0]}, {o[1]}), kernel_size=({k[0]}, {k[1]}), dilation=({d[0]}, "
                           f"{d[1]}), padding=({p[0]}, {p[1]}), stride=({s[0]}, {s[1]}), expected size of input's "
                           f"dimension 2 to match the calculated number of sliding blocks {bh} * {bw} = {bh * bw}, "
                           f"but got input.size(2)={length}.")
    c = ck // (k[0] * k[1])
    image = tuple(input.shape[:-2]) + (c,) + o
    kind = "im2col_unbatched" if input.ndim == 2 else "im2col"
    return _linear_map_adjoint(input, kind, (k, d, p, s), (image, tuple(input.shape)))


# ==== shuffles ========================================================================================
def _shuffle_factor(name, input, factor, factor_name):
    """The integer factor of pixel_shuffle/pixel_unshuffle, after torch's checks common to both."""
    r = int(factor)
    if input.ndim < 3:
        raise RuntimeError(f"{name} expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"{name} expects a positive {factor_name}, but got {r}")
    return r


@defop(method=False)
def pixel_shuffle(input, upscale_factor):
    r = _shuffle_factor("pixel_shuffle", input, upscale_factor, "upscale_factor")
    c, h, w = input.shape[-3:]
    if c % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f"upscale_factor, but input.size(-3)={c} is not divisible by {r * r}")
    lead = tuple(input.shape[:-3])
    n = len(lead)
    x = input.reshape(lead + (c // (r * r), r, r, h, w))
    x = x.permute(tuple(range(n)) + (n, n + 3, n + 1, n + 4, n + 2))
    return x.reshape(lead + (c // (r * r), h * r, w * r))


@defop(method=False)
def pixel_unshuffle(input, downscale_factor):
    r = _shuffle_factor("pixel_unshuffle", input, downscale_factor, "downscale_factor")
    c, h, w = input.shape[-3:]
    if h % r:
        raise RuntimeError(f"pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)={h} "
                           f"is not divisible by {r}")
    if w % r:
        raise RuntimeError(f"pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)={w} "
                           f"is not divisible by {r}")
    lead = tuple(input.shape[:-3])
    n = len(lead)
    x = input.reshape(lead + (c, h // r, r, w // r, r))
    x = x.permute(tuple(range(n)) + (n, n + 2, n + 4, n + 1, n + 3))
    return x.reshape(lead + (c * r * r, h // r, w // r))


@defop(method=False)
def channel_shuffle(input, groups):
    g = int(groups)
    if input.ndim <= 2:
        raise RuntimeError(f"channel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s)")
    if g <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of groups:{g}")
    c = input.shape[1]
    if c % g:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {c} channels and {g} groups.")
    rest = tuple(input.shape[2:])
    x = input.reshape((input.shape[0], g, c // g) + rest).transpose(1, 2)
    return x.reshape(tuple(input.shape))


def _native_channel_shuffle_backward(grad):
    raise RuntimeError("derivative for aten::native_channel_shuffle is not implemented")


@defop(method=False, backward=_native_channel_shuffle_backward)
def native_channel_shuffle(input, groups):
    from ..autograd import grad_mode as _gm  # noqa: PLC0415
    with _gm.no_grad():
        return channel_shuffle(input, groups).contiguous()
