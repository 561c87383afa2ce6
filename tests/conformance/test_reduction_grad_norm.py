"""torch.norm's gradients against torch (the op and its formula live with the linalg norms): every p
(0, 1, 2, 3, fractional, negative, +-inf, 'fro', None), dims and keepdim, zero vectors and zero elements
(torch's subgradient 0), ties of the largest magnitude, dtype=, the nuclear norm, double backward."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from oracle import check_grad
from test_reduction_grad import INF, NAN, case, dims, tol, _double


@given(case(zeros=True), st.data())
def test_norm_grad(c, data):
    dtype, a = c
    p = data.draw(st.sampled_from([0, 1, 2, 3, 0.5, 1.5, -1, INF, -INF, "fro", None]))
    dim = data.draw(dims(a.ndim))
    keepdim = data.draw(st.booleans())
    if p == "fro" and isinstance(dim, tuple) and len(dim) > 2:
        dim = dim[:2]
    if p in (0.5, -1):  # zero elements for p < 1: test_norm_grad_below_1_at_zero
        a = np.where(a == 0, 1.5, a).astype(a.dtype)
    elif data.draw(st.booleans()):  # zero vectors: subgradient 0
        a = np.zeros_like(a)
    if a.size == 0 and (p in (INF, -INF, -1)):
        return  # torch raises: no identity

    def fn(lib, x):
        return x.norm(p, dim, keepdim)
    fractional = p not in (0, 1, 2, INF, -INF, "fro", None)
    check_grad(fn, a, **(tol("float32") if fractional else tol(dtype)))  # test_norm_float64_fractional_p


def test_norm_float64_fractional_p():
    check_grad(lambda lib, x: x.norm(3), np.array([0.5, 0.0]), rtol=1e-12, atol=0)


def test_norm_grad_dtype_and_ties():
    a = np.array([[3., -3., 1.], [0., 0., 0.], [-2., 1., 2.]], np.float32)
    for p in (INF, -INF, 1, 2, 3):
        check_grad(lambda lib, x: x.norm(p, 1), a)
    check_grad(lambda lib, x: lib.norm(x, 2, 0, dtype=lib.float64), a)


@pytest.mark.parametrize("p", [0.5, -1, -2])
def test_norm_grad_below_1_at_zero(p):
    a = np.array([[3., -3., 1.], [0., 0., 0.], [-2., 0., 2.]])
    check_grad(lambda lib, x: x.norm(p, 1), a)


def test_nuclear_norm_grad():
    rng = np.random.default_rng(3)
    for shape, kwargs in (((3, 4), {}), ((2, 3, 3), {"dim": (1, 2)}), ((4, 2, 3), {"dim": (0, 2), "keepdim": True})):
        a = rng.standard_normal(shape)
        check_grad(lambda lib, x: x.norm("nuc", **kwargs), a)


def test_norm_double_backward():
    rng = np.random.default_rng(1)
    x = rng.uniform(0.5, 2, (3, 4)) * rng.choice([-1, 1], (3, 4))
    _double(lambda lib, x: x.norm(dim=1), x)
    _double(lambda lib, x: x.norm(3), x)


def test_norm_inf_of_nan():
    check_grad(lambda lib, x: x.norm(INF), np.array([0., NAN]))
