"""Backward formulas of conversions (to/dtype casts, clone, contiguous, copy_, type_as) and of the creation
ops with a derivative (tril/triu, complex, polar) against torch."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import mindtorch
from _gradutil import check_vjp

dtypes = st.sampled_from(["float32", "float64"])
shape_st = st.lists(st.integers(0, 4), min_size=0, max_size=3).map(tuple)


def _arr(seed, shape):
    return np.random.default_rng(seed).standard_normal(shape)


@given(shape_st, st.sampled_from(["float16", "float32", "float64"]), dtypes)
def test_to_dtype_grad(shape, target, dtype):
    check_vjp(lambda t, a: a.to(getattr(t, target)), _arr(0, shape), dtype=dtype, rtol=1e-3, atol=1e-3)


@pytest.mark.parametrize("method", ["float", "double", "half"])
def test_dtype_methods_grad(method):
    check_vjp(lambda t, a: getattr(a, method)(), _arr(0, (2, 3)), rtol=1e-3, atol=1e-3)


def test_to_same_returns_self_and_copy_grad():
    a = mindtorch.ones(3, requires_grad=True)
    assert a.to(mindtorch.float32) is a and a.grad_fn is None
    check_vjp(lambda t, a: a.to(t.float32, copy=True), _arr(0, (3,)))
    check_vjp(lambda t, a, b: a.type_as(b), _arr(0, (2, 2)), _arr(1, (1,)), grad_args=[0], dtype="float64")
    check_vjp(lambda t, a: a.to("cpu", t.float64), _arr(0, (2,)))


@given(shape_st)
def test_clone_contiguous_grad(shape):
    check_vjp(lambda t, a: a.clone(), _arr(0, shape))
    check_vjp(lambda t, a: a.contiguous(), _arr(0, shape))


@given(shape_st, st.booleans(), st.sampled_from(["float32", "float64"]))
def test_copy_grad(shape, bcast, src_dtype):
    src_shape = shape[1:] if bcast and shape else shape
    def fn(t, s, d):
        return d.clone().copy_(s.to(getattr(t, src_dtype)))
    check_vjp(fn, _arr(0, src_shape), _arr(1, shape), dtype="float64")


@given(st.integers(0, 4), st.integers(0, 4), st.integers(-3, 3), st.booleans())
def test_tril_triu_grad(n, m, diagonal, batch):
    shape = ((2,) if batch else ()) + (n, m)
    check_vjp(lambda t, a: t.tril(a, diagonal), _arr(0, shape))
    check_vjp(lambda t, a: t.triu(a, diagonal), _arr(0, shape))
    check_vjp(lambda t, a: a.clone().tril_(diagonal), _arr(0, shape))
    check_vjp(lambda t, a: a.clone().triu_(diagonal), _arr(0, shape))


@given(shape_st, dtypes)
def test_complex_polar_grad(shape, dtype):
    tol = dict(dtype=dtype, rtol=1e-4, atol=1e-5)
    check_vjp(lambda t, a, b: t.complex(a, b), _arr(0, shape), _arr(1, shape), **tol)
    check_vjp(lambda t, a, b: t.polar(a, b), np.asarray(np.abs(_arr(0, shape))), _arr(1, shape), **tol)


def test_to_double_backward():
    check_vjp(lambda t, a: a.to(t.float32), _arr(0, (2, 3)), dtype="float64", double=True)
