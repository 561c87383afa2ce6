"""torch.stft / torch.istft against torch: values over n_fft/hop/win_length/window/center/pad_mode/normalized/
onesided, round trips, errors, and gradients of stft (input and window) and istft."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

from oracle import check
from _gradutil import check_vjp

warnings.filterwarnings("ignore", message=".*window was not provided.*")
warnings.filterwarnings("ignore", message=".*return_complex=False is deprecated.*")
warnings.filterwarnings("ignore", message=".*length of signal is shorter.*")


@st.composite
def stft_args(draw):
    n_fft = draw(st.integers(2, 10))
    win = draw(st.integers(1, n_fft))
    hop = draw(st.one_of(st.none(), st.integers(1, win)))
    length = draw(st.integers(n_fft, 24))
    batch = draw(st.one_of(st.none(), st.integers(1, 2)))
    rng = np.random.default_rng(draw(st.integers(0, 1000)))
    x = rng.standard_normal((length,) if batch is None else (batch, length))
    center = draw(st.booleans())
    pad_mode = draw(st.sampled_from(["reflect", "constant", "replicate", "circular"]))
    if pad_mode in ("reflect",) and center and n_fft // 2 >= length:
        pad_mode = "constant"
    kw = dict(n_fft=n_fft, hop_length=hop, win_length=win, center=center, pad_mode=pad_mode,
              normalized=draw(st.booleans()), onesided=draw(st.sampled_from([None, True, False])))
    window = draw(st.sampled_from([None, "hann", "rand"]))
    w = None if window is None else (np.hanning(win + 2)[1:-1] if window == "hann" else rng.random(win) + 0.5)
    return x, w, kw


def _call(lib, x, w, kw, return_complex=True):
    return lib.stft(x, window=w, return_complex=return_complex, **kw)


@given(args=stft_args(), dtype=st.sampled_from(["float32", "float64"]))
def test_stft_values(args, dtype):
    x, w, kw = args
    tol = 1e-4 if dtype == "float32" else 1e-10
    check(lambda lib, x, w: _call(lib, x, w, kw), x, w, dtype=dtype, rtol=tol, atol=tol)


@given(args=stft_args())
def test_stft_return_real(args):
    x, w, kw = args
    check(lambda lib, x, w: _call(lib, x, w, kw, return_complex=False), x, w, rtol=1e-4, atol=1e-4, dtype="float32")


@given(args=stft_args())
def test_stft_complex_input(args):
    x, w, kw = args
    xc = x + 1j * x[..., ::-1]
    kw = dict(kw, onesided=None if kw["onesided"] else kw["onesided"])
    check(lambda lib, x, w: lib.stft(x, window=w, **kw), xc.astype(np.complex128), w, rtol=1e-10, atol=1e-10)


@given(args=stft_args())
def test_istft_round_trip(args):
    x, w, kw = args
    kw = dict(kw)
    kw.pop("pad_mode")
    if kw["onesided"] is False:
        kw["onesided"] = None

    def fn(lib, x, w, length):
        spec = lib.stft(x, window=w, return_complex=True, **kw)
        return lib.istft(spec, window=w, length=length, **kw)
    check(fn, x, w, None, rtol=1e-9, atol=1e-9)
    check(fn, x, w, x.shape[-1] + 3, rtol=1e-9, atol=1e-9)


def test_istft_return_complex_and_full_spectrum():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 16)) + 1j * rng.standard_normal((2, 16))
    fn = lambda lib, x: lib.istft(lib.stft(x, 8, return_complex=True), 8, return_complex=True)  # noqa: E731
    check(fn, x, rtol=1e-10, atol=1e-10)
    fn = lambda lib, x: lib.istft(lib.stft(x, 8, return_complex=True, onesided=False), 8)  # noqa: E731
    check(fn, x.real.copy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("call", [
    lambda lib, x: lib.stft(x, 8),
    lambda lib, x: lib.stft(x, 0, return_complex=True),
    lambda lib, x: lib.stft(x, 30, center=False, return_complex=True),
    lambda lib, x: lib.stft(x, 8, hop_length=0, return_complex=True),
    lambda lib, x: lib.stft(x, 8, win_length=9, return_complex=True),
    lambda lib, x: lib.stft(x, 8, window=lib.ones(5), return_complex=True),
    lambda lib, x: lib.stft(x.view(2, 2, 5), 4, return_complex=True),
    lambda lib, x: lib.stft(x.to(lib.complex64), 8, onesided=True, return_complex=True),
    lambda lib, x: lib.stft(x, 8, align_to_window=True, return_complex=True),
    lambda lib, x: lib.stft(x.long(), 8, return_complex=True),
    lambda lib, x: lib.istft(lib.stft(x, 8, return_complex=True).real, 8),
    lambda lib, x: lib.istft(lib.stft(x, 8, return_complex=True), 8, window=lib.zeros(8)),
    lambda lib, x: lib.istft(lib.stft(x, 8, return_complex=True), 7),
    lambda lib, x: lib.istft(lib.stft(x, 8, return_complex=True), 8, return_complex=True),
])
def test_errors(call):
    assert check(call, np.random.default_rng(0).standard_normal(20).astype(np.float32)) is RuntimeError


def test_tensor_methods():
    x = np.random.default_rng(1).standard_normal(20)
    check(lambda lib, x: x.stft(8, return_complex=True).istft(8, length=20), x, rtol=1e-10, atol=1e-10)


@given(args=stft_args())
def test_stft_grad(args):
    x, w, kw = args
    if kw["hop_length"] is None and kw["n_fft"] < 4:
        kw = dict(kw, hop_length=1)  # the default n_fft // 4 is 0: an error (checked in test_stft_values)
    grad_args = [0] if w is None else [0, 1]

    def fn(lib, x, w):
        return lib.view_as_real(lib.stft(x, window=w, return_complex=True, **kw))
    check_vjp(fn, x, w, grad_args=grad_args, rtol=1e-8, atol=1e-10)


def test_istft_grad_and_double_backward():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 20))
    w = np.hanning(10)[1:-1] + 0.1

    def fn(lib, x, w):
        spec = lib.stft(x, 8, window=w, return_complex=True)
        return lib.istft(spec * spec.abs(), 8, window=w)
    check_vjp(fn, x, w, rtol=1e-8, atol=1e-10)
    check_vjp(lambda lib, x, w: lib.view_as_real(lib.stft(x * x, 8, window=w, return_complex=True)), x, w,
              double=True, rtol=1e-8, atol=1e-10)
