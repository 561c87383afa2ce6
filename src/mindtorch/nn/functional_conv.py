"""torch.nn.functional's convolutions, pooling, padding, resampling, folding and shuffles on mindtorch.

The argument handling is torch's (its checks, exception types and defaults); the ops are the entries of
mindtorch._ops.conv_ops (kernels over MindSpore values, recorded with their backward formulas).
Re-exported by mindtorch.nn.functional: every name in __all__."""
import math
import numbers
import warnings

from .. import _dtype as D
from .._tensor import Tensor
from .._ops import conv_ops as K

__all__ = [
    "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "conv_tbc",
    "max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices", "max_pool2d_with_indices",
    "max_pool3d_with_indices", "avg_pool1d", "avg_pool2d", "avg_pool3d", "lp_pool1d", "lp_pool2d", "lp_pool3d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
    "adaptive_max_pool2d", "adaptive_max_pool3d", "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d_with_indices", "adaptive_max_pool3d_with_indices", "max_unpool1d", "max_unpool2d",
    "max_unpool3d", "fractional_max_pool2d", "fractional_max_pool3d", "fractional_max_pool2d_with_indices",
    "fractional_max_pool3d_with_indices", "pad", "interpolate", "upsample", "upsample_nearest",
    "upsample_bilinear", "grid_sample", "affine_grid", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle",
    "native_channel_shuffle", "unfold", "fold",
]

conv1d = K.conv1d
conv2d = K.conv2d
conv3d = K.conv3d
conv_transpose1d = K.conv_transpose1d
conv_transpose2d = K.conv_transpose2d
conv_transpose3d = K.conv_transpose3d
conv_tbc = K.conv_tbc
pixel_shuffle = K.pixel_shuffle
pixel_unshuffle = K.pixel_unshuffle
channel_shuffle = K.channel_shuffle
native_channel_shuffle = K.native_channel_shuffle


def _tensor_arg(fname, x, name="input", pos=1):
    if not isinstance(x, Tensor):
        raise TypeError(f"{fname}(): argument '{name}' (position {pos}) must be Tensor, not {type(x).__name__}")


# ---- pooling --------------------------------------------------------------------------------------------
def _max_pool(nd, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    _tensor_arg(f"max_pool{nd}d", input)
    entry = (K.max_pool1d_with_indices, K.max_pool2d_with_indices, K.max_pool3d_with_indices)[nd - 1]
    stride = () if stride is None else stride
    if nd == 1 and not return_indices:
        return K.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)
    out, idx = entry(input, kernel_size, stride, padding, dilation, ceil_mode)
    return (out, idx) if return_indices else out


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_pool(1, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_pool(2, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_pool(3, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    return _max_pool(1, input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    return _max_pool(2, input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    return _max_pool(3, input, kernel_size, stride, padding, dilation, ceil_mode, True)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    _tensor_arg("avg_pool1d", input)
    return K.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    _tensor_arg("avg_pool2d", input)
    return K.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    _tensor_arg("avg_pool3d", input)
    return K.avg_pool3d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)


def _lp_pool(nd, input, norm_type, kernel_size, stride, ceil_mode):
    _tensor_arg(f"lp_pool{nd}d", input)
    k = K._ntuple(kernel_size, nd, "kernel_size")
    if isinstance(norm_type, (int, float)):
        if norm_type == float("inf"):
            return _max_pool(nd, input.abs(), kernel_size, stride, 0, 1, ceil_mode, False)
        if norm_type == -float("inf"):
            return -_max_pool(nd, -input.abs(), kernel_size, stride, 0, 1, ceil_mode, False)
    avg = (K.avg_pool1d, K.avg_pool2d, K.avg_pool3d)[nd - 1]
    out = avg(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(math.prod(k)).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(1, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(2, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(3, input, norm_type, kernel_size, stride, ceil_mode)


def adaptive_avg_pool1d(input, output_size):
    _tensor_arg("adaptive_avg_pool1d", input)
    return K.adaptive_avg_pool1d(input, output_size)


def adaptive_avg_pool2d(input, output_size):
    _tensor_arg("adaptive_avg_pool2d", input)
    return K.adaptive_avg_pool2d(input, output_size)


def adaptive_avg_pool3d(input, output_size):
    _tensor_arg("adaptive_avg_pool3d", input)
    return K.adaptive_avg_pool3d(input, output_size)


def _adaptive_max(nd, input, output_size, return_indices):
    _tensor_arg(f"adaptive_max_pool{nd}d", input)
    out, idx = (K.adaptive_max_pool1d, K.adaptive_max_pool2d, K.adaptive_max_pool3d)[nd - 1](input, output_size)
    return (out, idx) if return_indices else out


def adaptive_max_pool1d(input, output_size, return_indices=False):
    return _adaptive_max(1, input, output_size, return_indices)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    return _adaptive_max(2, input, output_size, return_indices)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    return _adaptive_max(3, input, output_size, return_indices)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    return _adaptive_max(1, input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    return _adaptive_max(2, input, output_size, True)


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=False):
    return _adaptive_max(3, input, output_size, True)


def _unpool_output_size(input, kernel_size, stride, padding, output_size):
    nd = len(kernel_size)
    default = [(input.shape[-nd + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d] for d in range(nd)]
    if output_size is None:
        ret = default
    else:
        output_size = list(output_size)
        if len(output_size) == nd + 2:
            output_size = output_size[2:]
        if len(output_size) != nd:
            raise ValueError(f"output_size should be a sequence containing {nd} or {nd + 2} elements, but it has a "
                             f"length of '{len(output_size)}'")
        for d in range(nd):
            lo, hi = default[d] - stride[d], default[d] + stride[d]
            if not lo < output_size[d] < hi:
                raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between {lo} and {hi})')
        ret = output_size
    for d in range(nd):
        if ret[d] < 0:
            raise ValueError(f"max_unpooling: output_size must contain non-negative spatial dimensions, but got "
                             f"output_size[{d}]={ret[d]}")
    return [int(v) for v in ret]


def _max_unpool(nd, input, indices, kernel_size, stride, padding, output_size):
    _tensor_arg(f"max_unpool{nd}d", input)
    k = K._ntuple(kernel_size, nd, "kernel_size")
    s = k if stride is None else K._ntuple(stride, nd, "stride")
    p = K._ntuple(padding, nd, "padding")
    size = _unpool_output_size(input, k, s, p, output_size)
    if indices._dtype is not D.int64:
        raise RuntimeError(f"elements in indices should be type int64 but got: {indices._dtype}")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor ({list(input.shape)}) but "
                           f"got indices tensor with shape: {list(indices.shape)}")
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"Input to max_unpooling{nd}d should be a {nd + 1}d or {nd + 2}d Tensor, but got a tensor "
                           f"with {input.ndim} dimensions.")
    lead = tuple(input.shape[:input.ndim - nd])
    rows = math.prod(lead)
    plane = math.prod(size)
    if rows * math.prod(input.shape[input.ndim - nd:]):
        mx = int(indices.max())
        mn = int(indices.min())
        if mn < 0 or mx >= plane:
            raise RuntimeError(f"Found an invalid max index: {mx if mx >= plane else mn} (output volumes are of size "
                               f"{'x'.join(map(str, size))}")
    from .._ops.creation import zeros
    z = zeros((rows, plane), dtype=input.dtype, device=input.device)
    if rows * math.prod(input.shape[input.ndim - nd:]) == 0:
        return z.reshape(lead + tuple(size))
    out = z.scatter(1, indices.reshape(rows, -1), input.reshape(rows, -1))
    return out.reshape(lead + tuple(size))


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _max_unpool(1, input, indices, kernel_size, stride, padding, output_size)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _max_unpool(2, input, indices, kernel_size, stride, padding, output_size)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _max_unpool(3, input, indices, kernel_size, stride, padding, output_size)


def _fractional(nd):
    def fn(input, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None):
        raise NotImplementedError(f"mindtorch: fractional_max_pool{nd}d is not implemented (MindSpore's CPU "
                                  "FractionalMaxPool draws its own random regions; torch's samples cannot be "
                                  "reproduced)")
    fn.__name__ = f"fractional_max_pool{nd}d"
    return fn


fractional_max_pool2d = fractional_max_pool2d_with_indices = _fractional(2)
fractional_max_pool3d = fractional_max_pool3d_with_indices = _fractional(3)


# ---- padding --------------------------------------------------------------------------------------------
def pad(input, pad, mode="constant", value=None):
    _tensor_arg("pad", input)
    if not isinstance(pad, (list, tuple)):
        raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, not {type(pad).__name__}")
    pad = [int(p) for p in pad]
    if mode == "constant":
        return K.constant_pad_nd(input, pad, 0 if value is None else value)
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f"Padding mode \"{mode}\" doesn't take in value argument")
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    dim = input.ndim
    if len(pad) // 2 > dim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pad)} and input of dimension {dim}")
    nd = len(pad) // 2
    if mode == "circular":
        if dim - nd not in (1, 2):
            raise RuntimeError(f"Expected {nd + 1}D or {nd + 2}D (batch mode) tensor with possibly 0 batch size and "
                               f"other non-zero dimensions for input, but got: {list(input.shape)}")
        for i in range(nd):
            size = input.shape[dim - 1 - i]
            lo, hi = pad[2 * i], pad[2 * i + 1]
            if lo > size or hi > size:
                raise RuntimeError("Padding value causes wrapping around more than once.")
            if size + lo + hi < 0:
                raise RuntimeError(f"Negative padding value is resulting in an empty dimension.")
        if any(p < 0 for p in pad):
            crop = [min(p, 0) for p in pad]
            input = K.constant_pad_nd(input, crop, 0)
            pad = [max(p, 0) for p in pad]
        return K.pad_nonconstant(input, pad, mode)
    if not ((nd == 1 and dim in (2, 3)) or (nd == 2 and dim in (3, 4)) or (nd == 3 and dim in (4, 5))):
        raise NotImplementedError("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now")
    name = ("reflection_pad" if mode == "reflect" else "replication_pad") + f"{nd}d"
    for i in range(nd):
        size = input.shape[dim - 1 - i]
        lo, hi = pad[2 * i], pad[2 * i + 1]
        if mode == "reflect" and (lo >= size or hi >= size):
            raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding input dimension, but "
                               f"got: padding ({lo}, {hi}) at dimension {dim - 1 - i} of input {list(input.shape)}")
        if size + lo + hi < 1:
            raise RuntimeError(f"{name}: input ({'x'.join(map(str, input.shape[-nd:]))}) is too small. Calculated "
                               f"output size is too small")
    if any(v == 0 for v in input.shape[dim - nd - 1 if dim == nd + 2 else 0:]) and dim - nd >= 1:
        if any(v == 0 for v in input.shape[1 if dim == nd + 2 else 0:]):
            raise RuntimeError(f"{name}: Expected {nd + 1}D or {nd + 2}D (batch mode) tensor with possibly 0 batch size "
                               f"and other non-zero dimensions for input, but got: {list(input.shape)}")
    if any(p < 0 for p in pad):
        crop = [min(p, 0) for p in pad]
        input = K.constant_pad_nd(input, crop, 0)
        pad = [max(p, 0) for p in pad]
    return K.pad_nonconstant(input, pad, mode)


# ---- resampling -----------------------------------------------------------------------------------------
def _is_integer(x):
    return isinstance(x, numbers.Integral) or (isinstance(x, Tensor) and not x.is_floating_point() and x.ndim == 0)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None,
                antialias=False):
    _tensor_arg("interpolate", input)
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = input.ndim - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        scale_factors = None
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError("Input and output must have the same number of spatial dimensions, but got input with "
                                 f"spatial dimensions of {list(input.shape[2:])} and output size of {size}. Please "
                                 "provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, "
                                 "...,oK) format.")
            if not all(_is_integer(x) for x in size):
                raise TypeError("expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, "
                                f"int], but got size with types {[type(x) for x in size]}")
            output_size = [int(s) for s in size]
        else:
            output_size = [int(size)] * dim
    elif scale_factor is not None:
        output_size = None
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError("Input and scale_factor must have the same number of spatial dimensions, but got "
                                 f"input with spatial dimensions of {list(input.shape[2:])} and scale_factor of shape "
                                 f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                                 "scale_factor in (s1, s2, ...,sK) format.")
            scale_factors = [float(s) for s in scale_factor]
        else:
            scale_factors = [float(scale_factor)] * dim
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and output_size is None:
        recompute_scale_factor = True
    if recompute_scale_factor:
        output_size = [int(input.shape[i + 2] * scale_factors[i]) for i in range(dim)]
        scale_factors = None
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and input.ndim == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D "
                         "tensor as input")
    if output_size is None and dim >= 1:
        output_size = [int(input.shape[i + 2] * scale_factors[i]) for i in range(dim)]
    if mode in ("nearest", "nearest-exact") and input.ndim in (3, 4, 5):
        return K.upsample(input, output_size, scale_factors, mode)
    if mode == "area" and input.ndim in (3, 4, 5):
        return (K.adaptive_avg_pool1d, K.adaptive_avg_pool2d, K.adaptive_avg_pool3d)[dim - 1](input, output_size)
    wanted = {"linear": 3, "bilinear": 4, "trilinear": 5, "bicubic": 4, "lanczos": 4}
    if mode in wanted and input.ndim == wanted[mode]:
        if mode == "lanczos":
            if align_corners:
                raise ValueError("Lanczos mode does not support align_corners=True")
            if not antialias:
                raise ValueError("Lanczos mode requires antialias=True")
        return K.upsample(input, output_size, scale_factors, mode, align_corners, antialias)
    if mode in ("linear", "bilinear", "trilinear") and input.ndim in (3, 4, 5):
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs {wanted[mode]}D input")
    raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for the "
                              "modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
                              f"nearest-exact (got {mode})")


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    warnings.warn("nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    warnings.warn("nn.functional.upsample_nearest is deprecated. Use nn.functional.interpolate instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    warnings.warn("nn.functional.upsample_bilinear is deprecated. Use nn.functional.interpolate instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


_GRID_MODE = {"bilinear": 0, "nearest": 1, "bicubic": 2}
_GRID_PAD = {"zeros": 0, "border": 1, "reflection": 2}


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    _tensor_arg("grid_sample", input)
    if mode not in _GRID_MODE:
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but "
                         f"got: '{mode}'")
    if padding_mode not in _GRID_PAD:
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                      "Please specify align_corners=True if the old behavior is desired. See the documentation of "
                      "grid_sample for details.", stacklevel=2)
        align_corners = False
    return K.grid_sampler(input, grid, _GRID_MODE[mode], _GRID_PAD[padding_mode], align_corners)


def affine_grid(theta, size, align_corners=None):
    _tensor_arg("affine_grid", theta, "theta")
    if align_corners is None:
        warnings.warn("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                      "Please specify align_corners=True if the old behavior is desired. See the documentation of "
                      "grid_sample for details.", stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    size = list(size)
    if len(size) == 4:
        if theta.ndim != 3 or tuple(theta.shape[-2:]) != (2, 3):
            raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {size}. Got "
                             f"{theta.shape}.")
        spatial = size[-2:]
    elif len(size) == 5:
        if theta.ndim != 3 or tuple(theta.shape[-2:]) != (3, 4):
            raise ValueError(f"Expected a batch of 3D affine matrices of shape Nx3x4 for size {size}. Got "
                             f"{theta.shape}.")
        spatial = size[-3:]
    else:
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {size}.")
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an issue for standard user code.", stacklevel=2)
    if min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    return K.affine_grid_generator(theta, size, align_corners)


# ---- folding --------------------------------------------------------------------------------------------
def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    _tensor_arg("unfold", input)
    return K.im2col(input, kernel_size, dilation, padding, stride)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    _tensor_arg("fold", input)
    return K.col2im(input, output_size, kernel_size, dilation, padding, stride)
