"""torch.isin vs real torch: dtypes (mixed, promoted), shapes (0-dim, zero-size), scalars, NaN, invert, out=."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from oracle import check
from strategies import arrays, non_contiguous, shapes

DTYPES = ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8"]


@given(st.sampled_from(DTYPES), st.sampled_from(DTYPES), st.data())
def test_isin(d1, d2, data):
    small = st.integers(0, 6)  # few distinct values, so that matches happen
    a = data.draw(arrays(d1, elements=small, max_dims=3))
    b = data.draw(arrays(d2, elements=small, max_dims=2))
    invert = data.draw(st.booleans())
    nc = data.draw(st.booleans())

    def fn(lib, x, y):
        x = x.to(getattr(lib, d1))
        y = y.to(getattr(lib, d2))
        if nc:
            x = non_contiguous(lib, x)
        out = lib.empty(0, dtype=lib.bool)
        # assume_unique promises unique inputs (torch's answer is undefined otherwise): give it unique ones
        unique = lib.isin(x.unique(), y.unique(), assume_unique=True)
        return lib.isin(x, y, invert=invert), lib.isin(x, y, out=out), out, unique
    check(fn, a.astype(np.float32), b.astype(np.float32))


@given(st.sampled_from(DTYPES), st.one_of(st.integers(-3, 300), st.floats(-3, 8, width=16)), st.data())
def test_isin_scalars(dtype, scalar, data):
    a = data.draw(arrays(dtype, elements=st.integers(0, 6), max_dims=2))
    check(lambda lib, x: (lib.isin(x.to(getattr(lib, dtype)), scalar),
                          lib.isin(scalar, x.to(getattr(lib, dtype)), invert=True)), a.astype(np.float32))


def test_isin_nan_and_mixed_kinds():
    check(lambda lib, x, y: lib.isin(x, y), np.array([1.0, np.nan, 3.0], np.float32), np.array([np.nan, 3.0]))
    check(lambda lib, x, y: lib.isin(x, y), np.array([1.5, 2.0, 3.0], np.float32), np.array([1, 2], np.int64))
    check(lambda lib, x, y: lib.isin(x, y), np.array([300, 2], np.int64), np.array([44, 2], np.uint8))
    check(lambda lib, x, y: lib.isin(x, y), np.array(2, np.int64), np.array([[1, 2]], np.int64))


@pytest.mark.parametrize("fn", [
    lambda lib, x: lib.isin(x.bool(), x),
    lambda lib, x: lib.isin(x, x.bool()),
    lambda lib, x: lib.isin(x.to(lib.complex64), x),
    lambda lib, x: lib.isin(1, 2),
])
def test_isin_errors(fn):
    check(fn, np.array([1, 2], np.int64))


def test_isin_scalar_conversion_wraps():
    u = np.array([253, 44, 2], np.int64)
    for scalar in (-3, 300, 1.5001, 2.5, 2.0, -200):
        for dtype in ("uint8", "int8", "float16", "int16"):
            check(lambda lib, x: (lib.isin(x.to(getattr(lib, dtype)), scalar),
                                  lib.isin(scalar, x.to(getattr(lib, dtype)))), u)
