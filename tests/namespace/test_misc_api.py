"""Small torch functions and Tensor methods (variants.py, autograd anomaly mode, inference marking) against torch."""
import sys
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import mindtorch

sys.path.insert(0, __file__.rsplit("/tests/", 1)[0] + "/tests/conformance")
from oracle import check, check_grad  # noqa: E402
from strategies import arrays, shapes  # noqa: E402

LIBS = (torch, mindtorch)


def test_predicates_and_detach():
    a = np.arange(6.).reshape(2, 3)
    check(lambda lib, x: (lib.is_same_size(x, lib.ones(2, 3)), x.is_same_size(lib.ones(3, 2)),
                          lib.is_signed(x), lib.is_signed(x.to(lib.uint8)), lib.get_device(x),
                          lib.tensor([0.]).is_nonzero(), lib.is_inference(x), x.is_inference()), a)
    check(lambda lib, x: lib.ones(2).is_nonzero(), a)
    check(lambda lib, x: lib.ones(0).is_nonzero(), a)
    for lib in LIBS:
        x = lib.ones(2, requires_grad=True)
        assert not lib.detach(x).requires_grad


def test_is_inference():
    for lib in LIBS:
        x = lib.ones(3)
        with lib.inference_mode():
            y, z = lib.ones(2), x + 1
            w = z[1:]
        with lib.inference_mode(False):
            q = lib.ones(1)
        assert (y.is_inference(), z.is_inference(), w.is_inference(), x.is_inference(), q.is_inference()) == \
            (True, True, True, False, False)


@given(arrays("float64", shapes(min_dims=1, max_dims=3, max_side=4)), st.data())
@settings(max_examples=15)
def test_sum_to_size(a, data):
    size = tuple(data.draw(st.sampled_from([1, n])) for n in a.shape[data.draw(st.integers(0, a.ndim)):])
    check(lambda lib, x: x.sum_to_size(*size), a)
    check_grad(lambda lib, x: x.sum_to_size(size), a)
    check(lambda lib, x: x.sum_to_size(7, *a.shape), a)


def test_unsafe_split_chunk_new_empty_strided_chalf():
    a = np.arange(12.).reshape(3, 4)
    check(lambda lib, x: (lib.unsafe_chunk(x, 2, 1), x.unsafe_chunk(3), lib.unsafe_split(x, 3, 1),
                          x.unsafe_split_with_sizes([1, 2]), lib.unsafe_split_with_sizes(x, [3, 1], 1)), a)
    check_grad(lambda lib, x: lib.unsafe_split(x, 2, 1), a)
    check(lambda lib, x: x.new_empty_strided((2, 3), (1, 2)).stride(), a)
    check(lambda lib, x: x.new_empty_strided((2, 3), (1, 2), dtype=lib.int32).dtype, a)
    with pytest.raises(NotImplementedError):  # MindSpore has no complex32
        mindtorch.ones(2).chalf()


@given(st.integers(0, 5), st.integers(0, 4), st.booleans(), st.sampled_from(["float32", "int64"]))
@settings(max_examples=15)
def test_combinations(n, r, rep, dtype):
    check(lambda lib, x: lib.combinations(x, r, with_replacement=rep), np.arange(n).astype(dtype))


def test_combinations_errors_and_grad():
    check(lambda lib, x: lib.combinations(x), np.ones((2, 2)))
    check(lambda lib, x: lib.combinations(x, -1), np.ones(2))
    check_grad(lambda lib, x: lib.combinations(x, 2), np.arange(4.))


@given(arrays("float32", shapes(max_dims=2), elements=st.floats(-1e6, 1e6, width=32)) |
       arrays("float64", shapes(max_dims=2)), st.sampled_from([None, "float16", "bfloat16"]))
@settings(max_examples=15)
def test_frexp(a, dtype):
    check(lambda lib, x: lib.frexp(x), a, dtype=dtype)
    check(lambda lib, x: x.frexp().exponent, a, dtype=dtype)


def test_frexp_special_errors_grad_out():
    check(lambda lib, x: lib.frexp(x), np.array([0., -0., np.inf, -np.inf, np.nan, 1e-300]))
    check(lambda lib, x: lib.frexp(x), np.array([1, 2]))
    check_grad(lambda lib, x: lib.frexp(x), np.array([0.3, 5., -7.]))
    check(lambda lib, x: lib.frexp(x, out=(lib.empty(0, dtype=lib.float64), lib.empty(0, dtype=lib.int32))),
          np.array([0.3, 5.]))


@given(arrays("float32", shapes(max_dims=2)), st.integers(1, 6), st.booleans(), st.booleans(), st.booleans())
@settings(max_examples=20)
def test_histogram(a, bins, use_range, weighted, density):
    kw = {"density": density}
    if use_range:
        kw["range"] = (-50.0, 60.0)
    w = np.asarray(np.abs(a) + 1)

    def fn(lib, x, wt):
        return lib.histogram(x, bins, weight=wt if weighted else None, **kw)
    check(fn, a, w, rtol=1e-4)
    check(lambda lib, x, wt: x.histogram(lib.tensor([-100., -1., 0., 2., 100.]), weight=wt if weighted else None,
                                         **kw), a, w, rtol=1e-4)


def test_histogram_special():
    check(lambda lib, x: lib.histogram(x, 3), np.array([2., 2., 2.], np.float32))
    check(lambda lib, x: lib.histogram(x, 3), np.array([], np.float32))
    check(lambda lib, x: lib.histogram(x, 3), np.array([1, 2]))
    check(lambda lib, x: lib.histogram(x, 3, range=(2., 1.)), np.array([1., 2.]))
    for lib in LIBS:
        assert lib.histogram(lib.ones(3, requires_grad=True), 3)[0].requires_grad


def test_set_default_tensor_type():
    for lib in LIBS:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            lib.set_default_tensor_type(lib.DoubleTensor)
        try:
            assert lib.get_default_dtype() == lib.float64 and lib.ones(1).dtype == lib.float64
            assert any("deprecated" in str(i.message) for i in w)
        finally:
            lib.set_default_tensor_type("torch.FloatTensor")
        assert lib.get_default_dtype() == lib.float32
        with pytest.raises(TypeError):
            lib.set_default_tensor_type(lib.LongTensor)


def test_anomaly_mode():
    for lib in LIBS:
        assert (lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled()) == (False, True)
        x = lib.tensor([0.], requires_grad=True)
        with pytest.warns(UserWarning), lib.autograd.detect_anomaly():
            assert lib.is_anomaly_enabled()
            with pytest.raises(RuntimeError, match="Function 'DivBackward0' returned nan values in its 1th output"):
                (x / x).sum().backward()
        assert not lib.is_anomaly_enabled()
        (x / x).sum().backward()  # off: no check
        with lib.autograd.set_detect_anomaly(True, check_nan=False):
            assert lib.is_anomaly_enabled() and not lib.is_anomaly_check_nan_enabled()
            (x / x).sum().backward()
        lib.set_anomaly_enabled(True)
        assert lib.is_anomaly_enabled()
        lib.set_anomaly_enabled(False)
        assert (lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled()) == (False, True)


def test_apply_map_map2():
    def fn(lib, x, y):
        x = x.clone()
        x.apply_(lambda v: v * 2 + 1)
        x.map_(y, lambda u, v: u - v)
        x.map2_(y, lib.tensor(3).to(x.dtype), lambda u, v, w: u * w + v)
        return x
    check(fn, np.arange(6.).reshape(2, 3), np.arange(3.))
    check(fn, np.arange(6).reshape(2, 3), np.arange(3))
    check(lambda lib, x: x.apply_(lambda v: v), np.ones(2))
    check(lambda lib, x: x.map_(lib.ones(2, dtype=lib.float32), lambda u, v: u), np.ones(2))
    for lib in LIBS:
        with pytest.raises(RuntimeError, match="requires grad"):
            lib.ones(2, requires_grad=True).apply_(lambda v: v)
        v = lib.arange(4.)[1:3]
        v.apply_(lambda e: -e)
        assert v._base.tolist() if lib is mindtorch else True


def test_resize():
    def fn(lib, x):
        x = x.clone()
        x.resize_(2, 2)
        first = (x.clone(), x.stride())
        x.resize_(3)
        second = x.clone()
        x.resize_as_(lib.ones(1, 3))
        lib.resize_as_(x, lib.ones(3, 1))
        return first, second, x, x.shape
    check(fn, np.arange(6.))
    for lib in LIBS:
        x = lib.arange(3.)
        x.resize_(2, 3)
        assert x.shape == (2, 3) and x.view(-1)[:3].tolist() == [0., 1., 2.]
        with pytest.raises(RuntimeError):
            lib.ones(2, requires_grad=True).resize_(3)


def test_share_and_pin():
    for lib in LIBS:
        x = lib.ones(2)
        assert not x.is_shared() and not x.is_pinned()
        assert x.share_memory_() is x and x.is_shared()
        if not torch.cuda.is_available():
            with pytest.raises(RuntimeError):
                x.pin_memory()
