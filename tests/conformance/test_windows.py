"""Window functions against torch: values for every length, periodic/symmetric, dtype, parameters, errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import mindtorch
from oracle import check

WINDOWS = ["hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"]


@given(name=st.sampled_from(WINDOWS), n=st.integers(0, 40), periodic=st.booleans(),
       dtype=st.sampled_from([None, "float32", "float64", "float16", "bfloat16"]))
def test_window_values(name, n, periodic, dtype):
    check(lambda lib: getattr(lib, name)(n, periodic, dtype=dtype and getattr(lib, dtype)), rtol=2e-6, atol=2e-6)


@given(n=st.integers(0, 20), periodic=st.booleans(), alpha=st.floats(0, 1), beta=st.floats(0, 1))
def test_hamming_parameters(n, periodic, alpha, beta):
    check(lambda lib: lib.hamming_window(n, periodic, alpha, beta, dtype=lib.float64), rtol=1e-12, atol=1e-12)


@given(n=st.integers(0, 20), periodic=st.booleans(), beta=st.floats(0, 20))
def test_kaiser_beta(n, periodic, beta):
    check(lambda lib: lib.kaiser_window(n, periodic, beta, dtype=lib.float64), rtol=1e-10, atol=1e-12)


def test_default_dtype_and_requires_grad():
    check(lambda lib: lib.hann_window(5))
    w = mindtorch.hann_window(4, requires_grad=True)
    assert w.requires_grad and w.is_leaf and w.grad_fn is None
    assert mindtorch.hann_window(3, dtype=float).dtype is mindtorch.float64


@pytest.mark.parametrize("name", WINDOWS)
def test_window_errors(name):
    assert check(lambda lib: getattr(lib, name)(-1)) is RuntimeError
    assert check(lambda lib: getattr(lib, name)(4, dtype=lib.int64)) is RuntimeError
    assert check(lambda lib: getattr(lib, name)(4.0)) is TypeError
    assert check(lambda lib: getattr(lib, name)(4, dtype=lib.complex64)) is NotImplementedError
