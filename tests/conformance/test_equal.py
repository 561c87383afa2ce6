"""torch.equal and torch.allclose against real torch: shapes, dtypes, NaN, empty tensors, errors."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from oracle import check


@settings(deadline=None)
@given(n=st.integers(0, 4), change=st.sampled_from(["none", "value", "shape", "dtype", "nan"]),
       seed=st.integers(0, 99))
def test_equal(n, change, seed):
    a = np.random.default_rng(seed).integers(-3, 3, size=(2, n)).astype(np.float32)
    b = a.copy()
    if change == "value" and n:
        b[0, 0] += 1
    if change == "shape":
        b = b.reshape(n, 2)
    if change == "nan" and n:
        a[1, 0] = b[1, 0] = np.nan
    if change == "dtype":
        check(lambda lib, x, y: (lib.equal(x, y.long()), x.equal(y.long())), a, b)
    else:
        check(lambda lib, x, y: (lib.equal(x, y), x.equal(y)), a, b)


def test_equal_needs_a_tensor():
    check(lambda lib, x: lib.equal(x, [1.0]), np.ones(1, np.float32))


@pytest.mark.parametrize("rtol,atol,equal_nan", [(1e-5, 1e-8, False), (0.1, 0.0, False), (0, 0.5, True)])
def test_allclose(rtol, atol, equal_nan):
    a = np.array([1.0, 2.0, np.nan, 4.0], np.float32)
    for delta in (0.0, 1e-6, 0.2):
        b = a + delta
        check(lambda lib, x, y: (lib.allclose(x, y, rtol, atol, equal_nan), x.allclose(y, rtol=rtol, atol=atol)), a, b)
    check(lambda lib, x, y: lib.allclose(x, y), a, a[:2])
