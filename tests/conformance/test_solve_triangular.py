"""linalg.solve_triangular and torch.triangular_solve against torch: values over upper/left/unitriangular,
batch broadcasting, dtypes, errors, and gradients (incl. double backward)."""
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, strategies as st

from oracle import check
from _gradutil import check_vjp

warnings.filterwarnings("ignore", message=".*triangular_solve is deprecated.*")


@st.composite
def systems(draw, complex_=False):
    n = draw(st.integers(1, 4))
    k = draw(st.integers(0, 3))
    batch_a = draw(st.sampled_from([(), (2,), (1,), (2, 1)]))
    batch_b = draw(st.sampled_from([(), (2,), (1, 2)]))
    rng = np.random.default_rng(draw(st.integers(0, 1000)))
    A = rng.standard_normal(batch_a + (n, n)) + 3 * np.eye(n)
    B = rng.standard_normal(batch_b + (n, k))
    if complex_:
        A = A + 1j * rng.standard_normal(A.shape)
        B = B + 1j * rng.standard_normal(B.shape)
    return A, B


@given(ab=systems(), upper=st.booleans(), left=st.booleans(), unit=st.booleans(),
       dtype=st.sampled_from(["float32", "float64"]))
def test_solve_triangular(ab, upper, left, unit, dtype):
    A, B = ab
    if not left:
        B = np.ascontiguousarray(np.swapaxes(B, -1, -2))
    tol = 1e-4 if dtype == "float32" else 1e-10
    check(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=upper, left=left, unitriangular=unit), A, B,
          dtype=dtype, rtol=tol, atol=tol)


@given(ab=systems(complex_=True), upper=st.booleans(), left=st.booleans())
def test_solve_triangular_complex(ab, upper, left):
    A, B = ab
    if not left:
        B = np.ascontiguousarray(np.swapaxes(B, -1, -2))
    check(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=upper, left=left), A, B, rtol=1e-10, atol=1e-10)


@given(ab=systems(), upper=st.booleans(), transpose=st.booleans(), unit=st.booleans())
def test_triangular_solve(ab, upper, transpose, unit):
    A, B = ab
    check(lambda lib, b, a: lib.triangular_solve(b, a, upper, transpose, unit), B, A, rtol=1e-10, atol=1e-10)
    check(lambda lib, b, a: b.triangular_solve(a, upper=upper), B, A, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("call", [
    lambda lib, a, b: lib.linalg.solve_triangular(a, b),
    lambda lib, a, b: lib.linalg.solve_triangular(a, b[:, 0], upper=True),
    lambda lib, a, b: lib.linalg.solve_triangular(a, b.mT, upper=True),
    lambda lib, a, b: lib.linalg.solve_triangular(a[:2], b, upper=True),
    lambda lib, a, b: lib.linalg.solve_triangular(a.half(), b.half(), upper=True),
    lambda lib, a, b: lib.linalg.solve_triangular(a.long(), b.long(), upper=True),
    lambda lib, a, b: lib.linalg.solve_triangular(a, b.double(), upper=True),
    lambda lib, a, b: lib.triangular_solve(b[:, 0], a),
    lambda lib, a, b: lib.triangular_solve(b.double(), a),
])
def test_errors(call):
    rng = np.random.default_rng(0)
    check(call, (rng.standard_normal((3, 3)) + 3 * np.eye(3)).astype(np.float32),
          rng.standard_normal((3, 2)).astype(np.float32), rtol=1e-4, atol=1e-4)


@given(ab=systems(), upper=st.booleans(), left=st.booleans(), unit=st.booleans())
def test_solve_triangular_grad(ab, upper, left, unit):
    A, B = ab
    if not left:
        B = np.ascontiguousarray(np.swapaxes(B, -1, -2))
    check_vjp(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=upper, left=left, unitriangular=unit), A, B,
              rtol=1e-8, atol=1e-10)


@given(ab=systems(complex_=True), upper=st.booleans(), left=st.booleans())
def test_solve_triangular_grad_complex(ab, upper, left):
    A, B = ab
    assume(B.size)  # torch's own view_as_real backward refuses zero-size grads
    if not left:
        B = np.ascontiguousarray(np.swapaxes(B, -1, -2))
    check_vjp(lambda lib, a, b: lib.view_as_real(lib.linalg.solve_triangular(a, b, upper=upper, left=left)), A, B,
              grad_args=[0, 1], rtol=1e-8, atol=1e-10)


@given(ab=systems(), upper=st.booleans(), transpose=st.booleans(), unit=st.booleans())
def test_triangular_solve_grad(ab, upper, transpose, unit):
    A, B = ab
    check_vjp(lambda lib, b, a: lib.triangular_solve(b, a, upper, transpose, unit), B, A, rtol=1e-8, atol=1e-10)


def test_double_backward():
    rng = np.random.default_rng(1)
    A = rng.standard_normal((3, 3)) + 3 * np.eye(3)
    B = rng.standard_normal((3, 2))
    check_vjp(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=False), A, B, double=True, rtol=1e-8,
              atol=1e-10)
