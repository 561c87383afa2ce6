"""Spectral ops: the discrete Fourier transforms behind torch.fft, window functions, stft/istft, and
view_as_real / view_as_complex.

Three recorded transforms carry every torch.fft function (as torch's own fft_c2c/fft_r2c/fft_c2r do):
- `_fft_c2c(input, s, dim, norm, forward)`: complex (or real, taken as complex) to complex over `dim`, the
  input first cut or zero-padded to sizes `s`;
- `_fft_r2c(input, s, dim, norm)`: real to the one-sided half spectrum (last of `dim` keeps s[-1]//2+1);
- `_fft_c2r(input, s, dim, norm)`: a one-sided Hermitian half spectrum to real output of sizes `s`.
The public entries canonicalize n/s/dim/norm and call these; hfft/ihfft(n) are conjugates of c2r/r2c with the
dual normalization.

MindSpore 2.10 on CPU (measured against NumPy): ops.fftn/ifftn/rfftn/irfftn exist for float32, float64,
complex64 and complex128 and agree with NumPy to ~1e-7 (float32) / ~1e-15 (float64); they take float16 and
integer inputs too (computing in float32), but torch's CPU refuses half types ("Unsupported dtype Half") and
so do the entries here. No kernel holes were found for the dtypes torch's CPU accepts; no composite is needed.
"""
import builtins
import math

import numpy as np
import mindspore as ms
from mindspore import ops

from .. import _dtype as D
from .._tensor import Tensor
from .._storage import ms_itemsize
from .registry import defop, kernel, dispatch
from .common import cast, finish, wrap, wrap_dim

_NORMS = ("backward", "forward", "ortho")
_DUAL = {"backward": "forward", "forward": "backward", "ortho": "ortho"}
_COMPLEX_OF = {D.float32: D.complex64, D.float64: D.complex128}
_REAL_OF = {D.complex64: D.float32, D.complex128: D.float64}


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


# ---- kernels (over MindSpore values) -------------------------------------------------------------------------
@kernel("fft_c2c")
def _c2c_kernel(v, s, dims, norm, forward):
    return (ops.fftn if forward else ops.ifftn)(v, s=s, dim=dims, norm=norm)


@kernel("fft_r2c")
def _r2c_kernel(v, s, dims, norm):
    return ops.rfftn(v, s=s, dim=dims, norm=norm)


@kernel("fft_c2r")
def _c2r_kernel(v, s, dims, norm):
    return ops.irfftn(v, s=s, dim=dims, norm=norm)


# ---- the three recorded transforms ------------------------------------------------------------------------
def _resize(t, dims, sizes):
    """`t` cut or zero-padded (at the end) along `dims` to `sizes` (a recorded constant_pad_nd)."""
    from .conv_ops import constant_pad_nd  # noqa: PLC0415
    shape = t._shape
    if all(shape[d] == n for d, n in zip(dims, sizes)):
        return t
    pad = [0] * (2 * len(shape))
    for d, n in zip(dims, sizes):
        pad[2 * (len(shape) - 1 - d) + 1] = n - shape[d]
    return constant_pad_nd(t, pad)


def _real_part(g, like_dtype):
    return g.real if g._dtype.is_complex and not like_dtype.is_complex else g


def _c2c_backward(grad, input, s, dim, norm, forward):
    g = _fft_c2c(grad, s, dim, _DUAL[norm], not forward)
    g = _resize(g, dim, [input._shape[d] for d in dim])
    return (_real_part(g, input._dtype),)


def _r2c_backward(grad, input_shape, s, dim, norm):
    # the adjoint of keeping the first n//2+1 bins is zero-padding them back to n (c2c's `s` does that)
    g = _fft_c2c(grad, s, dim, _DUAL[norm], False).real
    return (_resize(g, dim, [input_shape[d] for d in dim]),)


def _c2r_backward(grad, input, s, dim, norm):
    g = _fft_r2c(grad, s, dim, _DUAL[norm])
    n = s[-1]
    half = n // 2 + 1
    doubled = n - half  # bins 1..doubled stand for their conjugate twins too
    if doubled > 0:
        scale = np.ones(half, dtype=np.float64)
        scale[1:1 + doubled] = 2.0
        last = dim[-1]
        shape = [1] * len(g._shape)
        shape[last] = half
        from .creation import from_host  # noqa: PLC0415
        g = g * from_host(scale.reshape(shape), _REAL_OF[g._dtype], g._device, owned=True)
    sizes = [input._shape[d] for d in dim]
    g = _resize(g, dim, sizes)
    return (_real_part(g, input._dtype),)


def _fft_value(input, fname):
    """The MindSpore value a transform runs on: integer and bool inputs in the default float dtype; half types
    refused as torch's CPU does."""
    dt = input._dtype
    if dt in (D.float16, D.bfloat16, D.complex32) if hasattr(D, "complex32") else dt in (D.float16, D.bfloat16):
        raise RuntimeError(f"Unsupported dtype {D.scalar_type_name(dt)}")
    v = input._ms
    if not (dt.is_floating_point or dt.is_complex):
        v = cast(v, D.get_default_dtype(), input._device)
    return v


def _out_shape(shape, dims, sizes):
    out = list(shape)
    for d, n in zip(dims, sizes):
        out[d] = n
    return tuple(out)


@defop("_fft_c2c", method=False, namespace=False, backward=_c2c_backward)
def _fft_c2c(input, s, dim, norm, forward):
    v = _fft_value(input, "fft")
    out_dt = _COMPLEX_OF.get(D.FROM_MS[v.dtype], D.FROM_MS[v.dtype])
    shape = _out_shape(input._shape, dim, s)
    if not dim:
        return wrap(cast(v, out_dt, input._device), input._device)
    if _numel(shape) == 0:
        return wrap(ops.zeros(shape, out_dt._ms), input._device)
    return wrap(dispatch("fft_c2c", input)(v, tuple(s), tuple(dim), norm, forward), input._device)


@defop("_fft_r2c", method=False, namespace=False, backward=_r2c_backward)
def _fft_r2c(input, s, dim, norm):
    v = _fft_value(input, "rfft")
    out_dt = _COMPLEX_OF[D.FROM_MS[v.dtype]]
    sizes = list(s)
    sizes[-1] = s[-1] // 2 + 1
    shape = _out_shape(input._shape, dim, sizes)
    if _numel(shape) == 0:
        return wrap(ops.zeros(shape, out_dt._ms), input._device)
    return wrap(dispatch("fft_r2c", input)(v, tuple(s), tuple(dim), norm), input._device)


@defop("_fft_c2r", method=False, namespace=False, backward=_c2r_backward)
def _fft_c2r(input, s, dim, norm):
    v = _fft_value(input, "irfft")
    dt = D.FROM_MS[v.dtype]
    out_dt = _REAL_OF.get(dt, dt)
    if not dt.is_complex:
        v = cast(v, _COMPLEX_OF[dt], input._device)
    shape = _out_shape(input._shape, dim, s)
    if _numel(shape) == 0:
        return wrap(ops.zeros(shape, out_dt._ms), input._device)
    return wrap(dispatch("fft_c2r", input)(v, tuple(s), tuple(dim), norm), input._device)


for _entry, _node in ((_fft_c2c, "FftC2CBackward0"), (_fft_r2c, "FftR2CBackward0"), (_fft_c2r, "FftC2RBackward0")):
    _entry._node_class.__name__ = _entry._node_class.__qualname__ = _node


# ---- argument canonicalization ---------------------------------------------------------------------------
def _check_input(fname, input):
    if not isinstance(input, Tensor):
        raise TypeError(f"{fname}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


def _norm(norm):
    if norm is None:
        return "backward"
    if norm not in _NORMS:
        raise RuntimeError(f'Invalid normalization mode: "{norm}"')
    return norm


def _n_points(n):
    if n < 1:
        raise RuntimeError(f"Invalid number of data points ({n}) specified")
    return n


def _one_dim(input, n, dim):
    ndim = len(input._shape)
    if ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    d = wrap_dim(builtins.int(dim), ndim)
    n = input._shape[d] if n is None else _n_points(builtins.int(n))
    return d, n


def _as_list(x):
    if x is None:
        return None
    if isinstance(x, (builtins.int, np.integer)):
        return [builtins.int(x)]
    return [builtins.int(v) for v in x]


def _nd_args(input, s, dim):
    """torch's rules for (s, dim): dims wrapped and unique; s's -1 keeps a size; with s alone, the last len(s)
    dims."""
    ndim = len(input._shape)
    s, dim = _as_list(s), _as_list(dim)
    if dim is not None:
        if ndim == 0 and dim:
            raise IndexError(f"Dimension specified as {dim[0]} but tensor has no dimensions")
        dims = [wrap_dim(d, ndim) for d in dim]
        if len(set(dims)) != len(dims):
            raise RuntimeError("FFT dims must be unique")
        if s is not None and len(s) != len(dims):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
    elif s is not None:
        if len(s) > ndim:
            raise RuntimeError(f"Got shape with {len(s)} values but input tensor only has {ndim} dimensions.")
        dims = list(range(ndim - len(s), ndim))
    else:
        dims = list(range(ndim))
    if s is None:
        sizes = [input._shape[d] for d in dims]
    else:
        sizes = [input._shape[d] if n == -1 else _n_points(n) for d, n in zip(dims, s)]
    return dims, sizes


def _out(result, out):
    if out is None:
        return result
    from .common import write_out  # noqa: PLC0415
    return write_out(out, result.detach()._ms if result._requires_grad else result._ms, result._device)


def _check_real(fname, input):
    if input._dtype.is_complex:
        name = D.scalar_type_name(input._dtype)
        if fname in ("ihfft2", "ihfftn"):
            raise RuntimeError(f"Only supports floating-point dtypes, but found: {name}")
        kind = "a real-valued" if fname.endswith(("n", "2")) else "a real"
        raise RuntimeError(f"{fname} expects {kind} input tensor, but got {name}")


def _real_dims_default(input, dims):
    for d in dims:
        if input._shape[d] == 0:
            raise RuntimeError("Invalid number of data points (0) specified")


# ---- torch.fft entries -----------------------------------------------------------------------------------
def _c2c_1d(fname, input, n, dim, norm, forward, out):
    _check_input(fname, input)
    d, n = _one_dim(input, n, dim)
    _n_points(n)
    return _out(_fft_c2c(input, (n,), (d,), _norm(norm), forward), out)


def _c2c_nd(fname, input, s, dim, norm, forward, out):
    _check_input(fname, input)
    dims, sizes = _nd_args(input, s, dim)
    return _out(_fft_c2c(input, tuple(sizes), tuple(dims), _norm(norm), forward), out)


@defop("_fft_fft", method=False, namespace=False)
def fft_fft(input, n=None, dim=-1, norm=None, *, out=None):
    return _c2c_1d("fft_fft", input, n, dim, norm, True, out)


@defop("_fft_ifft", method=False, namespace=False)
def fft_ifft(input, n=None, dim=-1, norm=None, *, out=None):
    return _c2c_1d("fft_ifft", input, n, dim, norm, False, out)


@defop("_fft_fft2", method=False, namespace=False)
def fft_fft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _c2c_nd("fft_fft2", input, s, dim, norm, True, out)


@defop("_fft_ifft2", method=False, namespace=False)
def fft_ifft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _c2c_nd("fft_ifft2", input, s, dim, norm, False, out)


@defop("_fft_fftn", method=False, namespace=False)
def fft_fftn(input, s=None, dim=None, norm=None, *, out=None):
    return _c2c_nd("fft_fftn", input, s, dim, norm, True, out)


@defop("_fft_ifftn", method=False, namespace=False)
def fft_ifftn(input, s=None, dim=None, norm=None, *, out=None):
    return _c2c_nd("fft_ifftn", input, s, dim, norm, False, out)


def _r2c(fname, input, dims, sizes, norm, conj):
    _check_real(fname, input)
    if not dims:
        raise RuntimeError(f"{fname} must transform at least one axis")
    if conj:  # ihfft: conj of the forward one-sided transform with the dual normalization
        from .pointwise import conj as _conj  # noqa: PLC0415
        return _conj(_fft_r2c(input, tuple(sizes), tuple(dims), _DUAL[_norm(norm)]))
    return _fft_r2c(input, tuple(sizes), tuple(dims), _norm(norm))


def _c2r(fname, input, dims, s, sizes_given, norm, conj):
    """irfft/hfft over `dims`: output sizes `s` (the last from the input's last size 2*(m-1) when not given)."""
    if not dims:
        raise RuntimeError(f"{fname} must transform at least one axis")
    last = dims[-1]
    if not sizes_given:
        s[-1] = 2 * (input._shape[last] - 1)
    _n_points(s[-1])
    if conj:  # hfft: the Hermitian input's forward transform = c2r of its conjugate, dual normalization
        from .pointwise import conj as _conj  # noqa: PLC0415
        return _fft_c2r(_conj(input), tuple(s), tuple(dims), _DUAL[_norm(norm)])
    return _fft_c2r(input, tuple(s), tuple(dims), _norm(norm))


@defop("_fft_rfft", method=False, namespace=False)
def fft_rfft(input, n=None, dim=-1, norm=None, *, out=None):
    _check_input("fft_rfft", input)
    d, n = _one_dim(input, n, dim)
    _n_points(n)
    return _out(_r2c("rfft", input, [d], [n], norm, False), out)


@defop("_fft_ihfft", method=False, namespace=False)
def fft_ihfft(input, n=None, dim=-1, norm=None, *, out=None):
    _check_input("fft_ihfft", input)
    d, n = _one_dim(input, n, dim)
    _n_points(n)
    return _out(_r2c("ihfft", input, [d], [n], norm, True), out)


def _rn(fname, input, s, dim, norm, conj, out):
    _check_input(fname, input)
    dims, sizes = _nd_args(input, s, dim)
    for n in sizes:
        _n_points(n)
    return _out(_r2c(fname[4:], input, dims, sizes, norm, conj), out)


@defop("_fft_rfft2", method=False, namespace=False)
def fft_rfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _rn("fft_rfft2", input, s, dim, norm, False, out)


@defop("_fft_rfftn", method=False, namespace=False)
def fft_rfftn(input, s=None, dim=None, norm=None, *, out=None):
    return _rn("fft_rfftn", input, s, dim, norm, False, out)


@defop("_fft_ihfft2", method=False, namespace=False)
def fft_ihfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _rn("fft_ihfft2", input, s, dim, norm, True, out)


@defop("_fft_ihfftn", method=False, namespace=False)
def fft_ihfftn(input, s=None, dim=None, norm=None, *, out=None):
    return _rn("fft_ihfftn", input, s, dim, norm, True, out)


@defop("_fft_irfft", method=False, namespace=False)
def fft_irfft(input, n=None, dim=-1, norm=None, *, out=None):
    _check_input("fft_irfft", input)
    d, _ = _one_dim(input, n, dim)
    return _out(_c2r("irfft", input, [d], [n if n is not None else 0], n is not None, norm, False), out)


@defop("_fft_hfft", method=False, namespace=False)
def fft_hfft(input, n=None, dim=-1, norm=None, *, out=None):
    _check_input("fft_hfft", input)
    d, _ = _one_dim(input, n, dim)
    return _out(_c2r("hfft", input, [d], [n if n is not None else 0], n is not None, norm, True), out)


def _cn(fname, input, s, dim, norm, conj, out):
    _check_input(fname, input)
    dims, sizes = _nd_args(input, s, dim)
    given = s is not None and _as_list(s)[-1] != -1
    return _out(_c2r(fname[4:], input, dims, sizes, given, norm, conj), out)


@defop("_fft_irfft2", method=False, namespace=False)
def fft_irfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _cn("fft_irfft2", input, s, dim, norm, False, out)


@defop("_fft_irfftn", method=False, namespace=False)
def fft_irfftn(input, s=None, dim=None, norm=None, *, out=None):
    return _cn("fft_irfftn", input, s, dim, norm, False, out)


@defop("_fft_hfft2", method=False, namespace=False)
def fft_hfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _cn("fft_hfft2", input, s, dim, norm, True, out)


@defop("_fft_hfftn", method=False, namespace=False)
def fft_hfftn(input, s=None, dim=None, norm=None, *, out=None):
    return _cn("fft_hfftn", input, s, dim, norm, True, out)


def _freq_dtype(fname, dtype):
    dtype = D.get_default_dtype() if dtype is None else dtype
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"{fname} requires a floating point or complex dtype")
    return dtype


def _freq(fname, values, dtype, device, requires_grad, out):
    from .creation import from_host  # noqa: PLC0415
    from .._device import as_device  # noqa: PLC0415
    if out is not None:
        dtype = out._dtype if dtype is None else dtype
    dtype = _freq_dtype(fname, dtype)
    t = from_host(values, dtype, as_device(device) if device is not None else None, owned=True,
                  requires_grad=requires_grad)
    return t if out is None else finish(t._ms, t._device, out)


@defop("_fft_fftfreq", method=False, namespace=False, differentiable_output=False)
def fft_fftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
                pin_memory=False):
    n = builtins.int(n)
    k = np.concatenate([np.arange(0, (n - 1) // 2 + 1), np.arange(-(n // 2), 0)]).astype(np.float64)
    return _freq("fftfreq", _scaled(k, n, d), dtype, device, requires_grad, out)


@defop("_fft_rfftfreq", method=False, namespace=False, differentiable_output=False)
def fft_rfftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
                 pin_memory=False):
    n = builtins.int(n)
    k = np.arange(0, n // 2 + 1).astype(np.float64)
    return _freq("rfftfreq", _scaled(k, n, d), dtype, device, requires_grad, out)


def _scaled(k, n, d):
    with np.errstate(all="ignore"):  # n = 0: rfftfreq's one bin is 0 * inf = nan, as torch's
        return k * (np.float64(1.0) / np.float64(n * d))


def _shift_dims(input, dim):
    ndim = len(input._shape)
    if dim is None:
        return list(range(ndim))
    return [wrap_dim(d, ndim) for d in _as_list(dim)]


@defop("_fft_fftshift", method=False, namespace=False, differentiable_output=False)  # a recorded roll
def fft_fftshift(input, dim=None):
    dims = _shift_dims(input, dim)
    return _roll(input, [input._shape[d] // 2 for d in dims], dims)


@defop("_fft_ifftshift", method=False, namespace=False, differentiable_output=False)  # a recorded roll
def fft_ifftshift(input, dim=None):
    dims = _shift_dims(input, dim)
    return _roll(input, [(input._shape[d] + 1) // 2 for d in dims], dims)


def _roll(input, shifts, dims):
    from .shape import roll  # noqa: PLC0415
    if not dims:
        return input.view(input._shape)
    return roll(input, shifts, dims)


# ---- view_as_real / view_as_complex ------------------------------------------------------------------------
# True views: the complex storage read as pairs of reals (Tensor._flat_in_own_units reads a storage in the
# viewing tensor's element units, as view(dtype) across element sizes does). Like view(dtype), the result
# shares the storage and version counter but has no `_base` (torch's is a view of the input): an in-place op
# on the pair view does not rewrite the complex base's autograd history (element positions differ in units).
def _view_as_real_backward(grad):
    return (view_as_complex(grad.contiguous()),)


def _view_as_complex_backward(grad):
    return (view_as_real(grad),)


@defop(method=False, backward=_view_as_real_backward)
def view_as_real(input):
    _check_input("view_as_real", input)
    if not input._dtype.is_complex:
        raise RuntimeError("view_as_real is only supported for complex tensors")
    if input._dtype is D.complex32:
        raise NotImplementedError("mindtorch: view_as_real of complex32 (MindSpore has no complex32 dtype)")
    stride = [st * 2 for st in input.stride()] + [1]
    t = input._view(input._shape + (2,), stride, input._offset * 2)
    t._dtype = _REAL_OF[input._dtype]
    t._base = None
    return t


@defop(method=False, backward=_view_as_complex_backward)
def view_as_complex(input):
    _check_input("view_as_complex", input)
    dt = input._dtype
    if dt not in (D.float32, D.float64):
        if dt in (D.float16,):
            raise NotImplementedError("mindtorch: view_as_complex of float16 gives complex32, which MindSpore lacks")
        raise RuntimeError("view_as_complex is only supported for half, float and double tensors, but got a tensor "
                           f"of scalar type: {D.scalar_type_name(dt)}")
    if not input._shape:
        raise RuntimeError("Input tensor must have one or more dimensions")
    if input._shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    stride = input.stride()
    if stride[-1] != 1:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any(st % 2 for st in stride[:-1]):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    if input._offset % 2:
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    st = input._storage
    if st.value is not None and (st.numel * ms_itemsize(st.value)) % (2 * dt.itemsize):
        return view_as_complex(input.clone())  # the storage is not whole complex elements: a copy (torch aliases)
    t = input._view(input._shape[:-1], [s // 2 for s in stride[:-1]], input._offset // 2)
    t._dtype = _COMPLEX_OF[dt]
    t._base = None
    return t


# ---- window functions ------------------------------------------------------------------------------------
# Creation ops computed on the host with NumPy, step by step as torch's CPU kernels do: each step in the
# dtype's compute type (float32 for half types) and rounded to the dtype after it, so half-type windows
# come out as torch's (which are not symmetric: float16 hann(7) ends 0.1882 / 0.1895).
def _window(fname, window_length, periodic, dtype, device, requires_grad, values):
    if not isinstance(window_length, (builtins.int, np.integer)) or isinstance(window_length, builtins.bool):
        raise TypeError(f"{fname}(): argument 'window_length' (position 1) must be int, not "
                        f"{type(window_length).__name__}")
    n = builtins.int(window_length)
    if n < 0:
        raise RuntimeError(f"{fname} requires non-negative window_length, got window_length={n}")
    dtype = D.get_default_dtype() if dtype is None else dtype
    if dtype.is_complex:
        raise NotImplementedError(f'"arange_cpu" not implemented for \'{D.scalar_type_name(dtype)}\'')
    if not dtype.is_floating_point:
        raise RuntimeError(f"{fname} expects floating point dtypes, got: TensorOptions(dtype={dtype})")
    from .creation import from_host, host_type  # noqa: PLC0415
    from .._device import as_device  # noqa: PLC0415
    store = np.dtype(host_type(dtype))
    compute = np.float64 if dtype is D.float64 else np.float32

    def rnd(x):  # one kernel's result (or a scalar operand): computed in `compute`, stored in the dtype
        return np.asarray(x, compute).astype(store).astype(compute)
    if n <= 1:
        w = np.ones(n, compute)
    else:
        m = n + 1 if periodic else n
        w = values(rnd(np.arange(m)), m, rnd, rnd)[:n]  # scalars too are taken in the dtype
    return from_host(np.ascontiguousarray(w.astype(store)), dtype,
                     as_device(device) if device is not None else None, owned=True, requires_grad=requires_grad)


def _hamming_values(alpha, beta):
    def values(k, m, rnd, c):
        w = rnd(k * c(2.0 * math.pi / (m - 1)))
        w = rnd(np.cos(w))
        return rnd(rnd(w * c(-beta)) + c(alpha))
    return values


@defop(method=False, differentiable_output=False)
def hann_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, pin_memory=False,
                requires_grad=False):
    return _window("hann_window", window_length, periodic, dtype, device, requires_grad, _hamming_values(0.5, 0.5))


@defop(method=False, differentiable_output=False)
def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None, layout=None, device=None,
                   pin_memory=False, requires_grad=False):
    return _window("hamming_window", window_length, periodic, dtype, device, requires_grad,
                   _hamming_values(float(alpha), float(beta)))


def _blackman_values(k, m, rnd, c):
    x = rnd(k * c(math.pi / (m - 1)))
    a = rnd(rnd(np.cos(rnd(x * c(4)))) * c(0.08))
    b = rnd(rnd(np.cos(rnd(x * c(2)))) * c(0.5))
    return rnd(rnd(a - b) + c(0.42))


def _bartlett_values(k, m, rnd, c):
    w = rnd(k * c(2.0 / (m - 1)))
    first = ((m - 1) >> 1) + 1
    w[first:] = rnd(rnd(-w[first:]) + c(2))
    return w


@defop(method=False, differentiable_output=False)
def blackman_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, pin_memory=False,
                    requires_grad=False):
    return _window("blackman_window", window_length, periodic, dtype, device, requires_grad, _blackman_values)


@defop(method=False, differentiable_output=False)
def bartlett_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, pin_memory=False,
                    requires_grad=False):
    return _window("bartlett_window", window_length, periodic, dtype, device, requires_grad, _bartlett_values)


@defop(method=False, differentiable_output=False)
def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None, layout=None, device=None,
                  pin_memory=False, requires_grad=False):
    beta = float(beta)

    def values(k, m, rnd, c):  # one kernel: computed in float64 here, rounded once
        half = (m - 1) / 2.0
        k = k.astype(np.float64)
        return np.i0(beta * np.sqrt(np.maximum(1.0 - ((k - half) / half) ** 2, 0.0))) / np.i0(beta)
    return _window("kaiser_window", window_length, periodic, dtype, device, requires_grad, values)


# ---- stft / istft ----------------------------------------------------------------------------------------
# Composites of recorded ops (pad, unfold, mul, the transforms, index_add), so autograd records them through
# their parts: stft and istft are differentiable in their input and window as torch's are.
def _desc(fname, input, n_fft, hop, win, window, extra):
    shape = ", ".join(str(s) for s in input._shape)
    w = "None" if window is None else f"torch.{D.scalar_type_name(window._dtype)}Tensor{{[{window.numel()}]}}"
    return (f"{fname}(torch.{D.scalar_type_name(input._dtype)}Tensor[{shape}], n_fft={n_fft}, hop_length={hop}, "
            f"win_length={win}, window={w}{extra})")


def _stft_window(window, win_length, n_fft, like):
    from .creation import ones  # noqa: PLC0415
    from .conv_ops import constant_pad_nd  # noqa: PLC0415
    if window is None:
        window = ones(win_length, dtype=like._dtype if not like._dtype.is_complex else _REAL_OF[like._dtype],
                      device=like._device)
    if win_length < n_fft:
        left = (n_fft - win_length) // 2
        window = constant_pad_nd(window, [left, n_fft - win_length - left])
    return window


@defop()
def stft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, pad_mode="reflect",
         normalized=False, onesided=None, return_complex=None, align_to_window=None):
    _check_input("stft", input)
    complex_fft = input._dtype.is_complex or (window is not None and window._dtype.is_complex)
    if return_complex is None:
        if not complex_fft:
            raise RuntimeError("stft requires the return_complex parameter be given for real inputs, and will further "
                               "require that return_complex=True in a future PyTorch release.")
        return_complex = True
    if align_to_window is not None and center:
        raise RuntimeError("stft align_to_window should only be set when center = false")
    if align_to_window:
        raise NotImplementedError("mindtorch: stft(align_to_window=True) is not implemented")
    x = input
    if center:
        if x.dim() not in (1, 2):
            raise RuntimeError(f"stft: expected a 1D or 2D tensor, but got {x.dim()}D tensor")
        from ..nn import functional as F  # noqa: PLC0415
        pad = n_fft // 2
        shape = (1,) * (3 - x.dim()) + x._shape
        x = F.pad(x.reshape(shape), [pad, pad], pad_mode).reshape(shape[3 - input.dim():-1] + (-1,))
    hop = n_fft // 4 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    extra = (f", normalized={builtins.int(normalized)}, onesided={onesided}, return_complex="
             f"{builtins.int(return_complex)}, align_to_window={align_to_window})")
    desc = _desc("stft", x, n_fft, hop, win, window, extra)
    if x.dim() not in (1, 2):
        raise RuntimeError(f"{desc} : expected a 1D or 2D tensor")
    if not (x._dtype.is_floating_point or x._dtype.is_complex):
        raise RuntimeError(f"{desc} : expected a tensor of floating point or complex values")
    length = x._shape[-1]
    if n_fft <= 0 or n_fft > length:
        raise RuntimeError(f"{desc} : expected 0 < n_fft < {length}, but got n_fft={n_fft}")
    if hop <= 0:
        raise RuntimeError(f"{desc} : expected hop_length > 0, but got hop_length={hop}")
    if win <= 0 or win > n_fft:
        raise RuntimeError(f"{desc} : expected 0 < win_length <= n_fft, but got win_length={win}")
    if window is not None and (window.dim() != 1 or window._shape[0] != win):
        raise RuntimeError(f"{desc} : expected a 1D window tensor of size equal to win_length={win}, but got window "
                           f"with size {list(window._shape)}")
    if onesided is None:
        onesided = not complex_fft
    elif onesided and complex_fft:
        raise RuntimeError("Cannot have onesided output if window or input is complex")
    w = _stft_window(window, win, n_fft, x)
    frames = x.unfold(-1, n_fft, hop) * w  # (..., n_frames, n_fft)
    norm = "ortho" if normalized else "backward"
    spec = fft_rfft(frames, norm=norm) if onesided else fft_fft(frames, norm=norm)
    spec = spec.transpose(-1, -2)
    return spec if return_complex else view_as_real(spec)


@defop()
def istft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, normalized=False, onesided=None,
          length=None, return_complex=False):
    from .creation import zeros  # noqa: PLC0415
    from .conv_ops import constant_pad_nd  # noqa: PLC0415
    _check_input("istft", input)
    if not input._dtype.is_complex:
        raise RuntimeError("istft requires a complex-valued input tensor matching the output from stft with "
                           "return_complex=True.")
    hop = n_fft // 4 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    wdesc = "None" if window is None else f"torch.{D.scalar_type_name(window._dtype)}Tensor{{[{window.numel()}]}}"
    desc = (f"istft(CPU{D.scalar_type_name(input._dtype)}Type[{', '.join(str(s) for s in input._shape)}], "
            f"n_fft={n_fft}, hop_length={hop}, win_length={win}, window={wdesc}, center={builtins.int(center)}, "
            f"normalized={builtins.int(normalized)}, onesided={onesided}, length={length}, "
            f"return_complex={builtins.int(return_complex)})")
    if input.dim() not in (2, 3):
        raise RuntimeError(f"{desc}: expected a tensor with 2 or 3 dimensions of complex dtype, but got "
                           f"{input.dim()}")
    batched = input.dim() == 3
    x = input if batched else input.unsqueeze(0)
    fft_size, n_frames = x._shape[-2], x._shape[-1]
    if onesided is None:
        onesided = fft_size != n_fft
    if onesided:
        if n_fft // 2 + 1 != fft_size:
            raise RuntimeError(f"{desc} : expected the frequency dimension (3rd to the last) of the input tensor to "
                               f"match n_fft / 2 + 1 when onesided=True, but got {fft_size}")
    elif n_fft != fft_size:
        raise RuntimeError(f"{desc} : expected the frequency dimension (3rd to the last) of the input tensor to "
                           f"match n_fft when onesided=False, but got {fft_size}")
    if not (0 < hop <= win):
        raise RuntimeError(f"{desc} : expected 0 < hop_length <= win_length")
    if not (0 < win <= n_fft):
        raise RuntimeError(f"{desc} : expected 0 < win_length <= n_fft")
    if window is not None and (window.dim() != 1 or window._shape[0] != win):
        raise RuntimeError(f"{desc} : Invalid window shape. window has to be 1D and length of `win_length`")
    if return_complex and onesided:
        raise RuntimeError("Cannot have onesided output if window or input is complex")
    w = _stft_window(window, win, n_fft, input)
    frames = x.transpose(1, 2)  # (B, n_frames, fft_size)
    norm = "ortho" if normalized else "backward"
    if return_complex:
        frames = fft_ifft(frames, n=n_fft, norm=norm)
    else:
        if not onesided:
            frames = frames.narrow(-1, 0, n_fft // 2 + 1)
        frames = fft_irfft(frames, n=n_fft, norm=norm)
    frames = frames * w
    expected = n_fft + hop * (n_frames - 1)
    index = (np.arange(n_frames)[:, None] * hop + np.arange(n_fft)[None, :]).reshape(-1)
    from .creation import from_host  # noqa: PLC0415
    index = from_host(index, D.int64, x._device, owned=True)
    batch = x._shape[0]
    y = zeros((batch, expected), dtype=frames._dtype, device=x._device).index_add(
        1, index, frames.reshape(batch, n_frames * n_fft))
    sq = (w * w).reshape(1, n_fft).expand(n_frames, n_fft).reshape(1, -1)
    env = zeros((1, expected), dtype=sq._dtype, device=x._device).index_add(1, index, sq)
    start = n_fft // 2 if center else 0
    if length is not None:
        end = start + length
    else:
        end = expected - n_fft // 2 if center else expected
    stop = builtins.min(end, expected)
    y = y.narrow(1, start, builtins.max(stop - start, 0))
    env = env.narrow(1, start, builtins.max(stop - start, 0))
    low = env.abs().min().item() if env.numel() else 1.0
    if low < 1e-11:
        raise RuntimeError(f"{desc} window overlap add min: {low}")
    y = y / env
    if end > expected:
        y = constant_pad_nd(y, [0, end - expected])
    return y if batched else y.squeeze(0)


FFT = {
    "fft": fft_fft, "ifft": fft_ifft, "fft2": fft_fft2, "ifft2": fft_ifft2, "fftn": fft_fftn, "ifftn": fft_ifftn,
    "rfft": fft_rfft, "irfft": fft_irfft, "rfft2": fft_rfft2, "irfft2": fft_irfft2, "rfftn": fft_rfftn,
    "irfftn": fft_irfftn, "hfft": fft_hfft, "ihfft": fft_ihfft, "hfft2": fft_hfft2, "ihfft2": fft_ihfft2,
    "hfftn": fft_hfftn, "ihfftn": fft_ihfftn, "fftfreq": fft_fftfreq, "rfftfreq": fft_rfftfreq,
    "fftshift": fft_fftshift, "ifftshift": fft_ifftshift,
}
