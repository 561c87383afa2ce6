"""torch.fft against torch: values, dtypes, shapes and errors of every transform (n/s, dim, norm), the
frequency helpers, and the gradients of the c2c/r2c/c2r transforms (complex outputs compared through
view_as_real, so both halves of each complex gradient are checked)."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import mindtorch
from oracle import check
from _gradutil import check_vjp

NORMS = st.sampled_from([None, "backward", "ortho", "forward"])
DTYPES = st.sampled_from(["float32", "float64", "complex64", "complex128", "int32", "bool"])
ONE_D = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]
N_D = ["fft2", "ifft2", "fftn", "ifftn", "rfft2", "irfft2", "rfftn", "irfftn", "hfft2", "ihfft2", "hfftn", "ihfftn"]


@st.composite
def signals(draw, dtype=None, min_dims=1, max_dims=3):
    dtype = dtype or draw(DTYPES)
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=6))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
    x = rng.standard_normal(shape)
    if dtype.startswith("complex"):
        x = x + 1j * rng.standard_normal(shape)
    elif dtype == "bool":
        x = x > 0
    elif dtype.startswith("int"):
        x = np.round(x * 5)
    return x.astype(dtype)


def _tol(x):
    return (1e-4, 1e-4) if x.dtype in (np.float32, np.complex64, np.int32, np.bool_) else (1e-10, 1e-10)


def _resolved(fn):
    return lambda lib, *a: _resolve(fn(lib, *a))


def _resolve(t):
    return t.resolve_conj() if isinstance(t, torch.Tensor) else t  # torch's ihfft returns a conjugate view


@given(x=signals(), name=st.sampled_from(ONE_D), n=st.one_of(st.none(), st.integers(1, 8)), data=st.data(),
       norm=NORMS)
def test_one_dim_transforms(x, name, n, data, norm):
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
    rtol, atol = _tol(x)
    check(_resolved(lambda lib, t: getattr(lib.fft, name)(t, n=n, dim=dim, norm=norm)), x, rtol=rtol, atol=atol)


@given(x=signals(min_dims=2), name=st.sampled_from(N_D), data=st.data(), norm=NORMS)
def test_n_dim_transforms(x, name, data, norm):
    nd = name.endswith("n")
    k = data.draw(st.integers(1, x.ndim)) if nd else 2
    dims = data.draw(st.one_of(st.none(), st.permutations(range(x.ndim)).map(lambda p: tuple(p[:k])))) \
        if nd else data.draw(st.sampled_from([None, (0, 1), (-1, 0)]))
    count = k if dims is None else len(dims)
    s = data.draw(st.one_of(st.none(), st.lists(st.integers(1, 7) | st.just(-1), min_size=count, max_size=count)))
    if s is not None and s[-1] == -1 and name.startswith(("irfft", "hfft")):
        s[-1] = 4
    kwargs = {"norm": norm}
    if s is not None:
        kwargs["s"] = s
    if dims is not None:
        kwargs["dim"] = dims
    rtol, atol = _tol(x)
    check(_resolved(lambda lib, t: getattr(lib.fft, name)(t, **kwargs)), x, rtol=rtol, atol=atol)


@given(x=signals(dtype="complex64", min_dims=2))
def test_non_contiguous_input(x):
    check(lambda lib, t: lib.fft.fft(t.transpose(0, 1), dim=0), x, rtol=1e-4, atol=1e-4)
    check(lambda lib, t: lib.fft.irfftn(t.transpose(0, 1)[::2]), x, rtol=1e-4, atol=1e-4)


def test_zero_dim_and_empty_dims():
    check(lambda lib, t: lib.fft.fftn(t), np.array(2.0))
    check(lambda lib, t: lib.fft.fft(t), np.array(2.0))
    check(lambda lib, t: lib.fft.fftn(t, dim=()), np.ones((2, 3)))


@pytest.mark.parametrize("call", [
    lambda lib, t: lib.fft.fft(t, norm="bad"),
    lambda lib, t: lib.fft.fft(t, n=0),
    lambda lib, t: lib.fft.fft(t, dim=2),
    lambda lib, t: lib.fft.fft(t.half()),
    lambda lib, t: lib.fft.rfft(t.bfloat16()),
    lambda lib, t: lib.fft.rfft(t.to(lib.complex64)),
    lambda lib, t: lib.fft.rfftn(t.to(lib.complex64)),
    lambda lib, t: lib.fft.ihfft(t.to(lib.complex128)),
    lambda lib, t: lib.fft.irfft(t[:, :1]),
    lambda lib, t: lib.fft.fftn(t, s=(3,), dim=(0, 1)),
    lambda lib, t: lib.fft.fftn(t, dim=(0, 0)),
    lambda lib, t: lib.fft.fftn(t, s=(2, 2, 2)),
    lambda lib, t: lib.fft.fftfreq(4, dtype=lib.int64),
])
def test_errors(call):
    assert check(call, np.ones((3, 4), np.float32)) in (RuntimeError, IndexError)


def test_error_types():
    for call in [lambda lib: lib.fft.fft(lib.ones(3), norm="bad"), lambda lib: lib.fft.fft(lib.ones(3).half()),
                 lambda lib: lib.fft.fftn(lib.ones(3, 3), dim=(0, 0)),
                 lambda lib: lib.fft.rfft(lib.ones(3, dtype=lib.complex64))]:
        with pytest.raises(RuntimeError):
            call(mindtorch)
        with pytest.raises(RuntimeError):
            call(torch)
    with pytest.raises(IndexError):
        mindtorch.fft.fft(mindtorch.tensor(1.0))


def test_out():
    def fn(lib, t):
        out = lib.empty(2, dtype=lib.complex64)
        r = lib.fft.fft(t, out=out)
        return r, out
    check(fn, np.arange(4, dtype=np.float32), rtol=1e-5, atol=1e-5)


@given(n=st.integers(0, 9), d=st.sampled_from([1.0, 0.5, 3.0]), dtype=st.sampled_from([None, "float64", "float32"]))
def test_fftfreq(n, d, dtype):
    check(lambda lib: lib.fft.fftfreq(n, d, dtype=dtype and getattr(lib, dtype)))
    check(lambda lib: lib.fft.rfftfreq(n, d=d, dtype=dtype and getattr(lib, dtype)))


def test_fftfreq_requires_grad():
    t = mindtorch.fft.fftfreq(4, requires_grad=True)
    assert t.requires_grad and t.is_leaf


@given(x=signals(dtype="float32", min_dims=1), data=st.data())
def test_fftshift(x, data):
    dim = data.draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1),
                              st.permutations(range(x.ndim)).map(lambda p: tuple(p[:2]))))
    check(lambda lib, t: lib.fft.fftshift(t, dim=dim), x)
    check(lambda lib, t: lib.fft.ifftshift(t, dim=dim), x)
    check(lambda lib, t: lib.fft.ifftshift(lib.fft.fftshift(t, dim), dim), x)


def test_fftshift_grad():
    check_vjp(lambda lib, t: lib.fft.fftshift(t, dim=(0, 1)), np.random.default_rng(0).standard_normal((3, 4)))


# ---- gradients -----------------------------------------------------------------------------------------
def _vr(lib, t):
    return lib.view_as_real(t.resolve_conj()) if t.is_complex() else t


@given(x=signals(dtype="complex128", max_dims=2), name=st.sampled_from(["fft", "ifft", "irfft", "hfft"]),
       n=st.one_of(st.none(), st.integers(2, 7)), norm=NORMS)
def test_grad_complex_input(x, name, n, norm):
    if x.shape[-1] < 2 and n is None and name in ("irfft", "hfft"):
        n = 3
    check_vjp(lambda lib, t: _vr(lib, getattr(lib.fft, name)(t * 1, n=n, norm=norm)), x, grad_args=[0],
              rtol=1e-8, atol=1e-10)


@given(x=signals(dtype="float64", max_dims=2), name=st.sampled_from(ONE_D), n=st.one_of(st.none(), st.integers(2, 7)),
       norm=NORMS)
def test_grad_real_input(x, name, n, norm):
    if x.shape[-1] < 2 and n is None and name in ("irfft", "hfft"):
        n = 3
    check_vjp(lambda lib, t: _vr(lib, getattr(lib.fft, name)(t, n=n, norm=norm)), x, rtol=1e-8, atol=1e-10)


@given(x=signals(dtype="complex128", min_dims=2, max_dims=3), name=st.sampled_from(N_D), norm=NORMS, data=st.data())
def test_grad_n_dim(x, name, norm, data):
    real_in = name.startswith(("rfft", "ihfft"))
    if real_in:
        x = x.real.copy()
    s = data.draw(st.one_of(st.none(), st.lists(st.integers(2, 6), min_size=2, max_size=2)))
    if s is None and name.startswith(("irfft", "hfft")) and x.shape[-1] < 2:
        s = [x.shape[-2], 4]
    check_vjp(lambda lib, t: _vr(lib, getattr(lib.fft, name)(t * 1, s=s, norm=norm)), x, grad_args=[0],
              rtol=1e-8, atol=1e-10)


def test_grad_float32():
    x = np.random.default_rng(1).standard_normal((3, 8)).astype(np.float32)
    check_vjp(lambda lib, t: _vr(lib, lib.fft.rfft(t, norm="ortho")), x, rtol=1e-4, atol=1e-5)
    check_vjp(lambda lib, t: lib.fft.irfft(lib.fft.fft(t), n=6), x, rtol=1e-4, atol=1e-5)


def test_double_backward():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 6))
    check_vjp(lambda lib, t: _vr(lib, lib.fft.rfft(t) * lib.fft.rfft(t)), x, double=True, rtol=1e-8, atol=1e-10)
    check_vjp(lambda lib, t: lib.fft.irfft(lib.fft.fft(t * t), n=5), x, double=True, rtol=1e-8, atol=1e-10)


def test_grad_fn_names():
    x = mindtorch.randn(4, requires_grad=True)
    assert type(mindtorch.fft.fft(x).grad_fn).__name__ == "FftR2CBackward0" or \
        type(mindtorch.fft.fft(x).grad_fn).__name__ == "FftC2CBackward0"
    assert type(mindtorch.fft.irfft(mindtorch.fft.rfft(x)).grad_fn).__name__ == "FftC2RBackward0"
