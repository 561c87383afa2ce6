"""arange, range, linspace and logspace against torch, bit for bit: torch's CPU kernels compute these in
a particular accumulate type with fused multiply-adds and vector blocks, and mindtorch reproduces that, so
the values are compared exactly (float16/bfloat16/integer dtypes and negative steps included)."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st

from oracle import check
import mindtorch
import torch

FLOATS = ["float32", "float64", "float16", "bfloat16"]
INTS = ["int64", "int32", "int16", "int8", "uint8"]


def same_exactly(fn):
    """fn(lib) for both libraries: the same error type, or the same dtype, shape and exact values."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = fn(torch)
        except Exception as e:  # noqa: BLE001
            check(fn)  # the oracle checks mindtorch raises the same type
            return e
        actual = fn(mindtorch)
    if not isinstance(expected, torch.Tensor):
        check(fn)
        return expected
    assert str(actual.dtype) == str(expected.dtype), f"dtype {actual.dtype} != torch's {expected.dtype}"
    assert tuple(actual.shape) == tuple(expected.shape), f"shape {tuple(actual.shape)} != {tuple(expected.shape)}"
    e = expected.detach().numpy() if expected.dtype != torch.bfloat16 else expected.float().numpy()
    a = actual.detach().numpy() if actual.dtype != mindtorch.bfloat16 else actual.float().numpy()
    e, a = e.astype(np.complex128 if e.dtype.kind == "c" else np.float64), a.astype(e.dtype.kind == "c" and
                                                                                      np.complex128 or np.float64)
    differ = ~((e == a) | (np.isnan(e) & np.isnan(a)))
    assert not differ.any(), f"{differ.sum()} of {differ.size} values differ, first at {np.argmax(differ)}: " \
                             f"torch {e[differ][:3]} vs {a[differ][:3]}"
    return expected


ARANGE_CASES = [
    (0, 1, 0.1), (0, 10, 0.3), (-3, 5, 0.01), (1, 0, -0.1), (0.5, 100.2, 0.7), (0, 50, 0.123), (-1, 1, 0.001),
    (0, 1000, 1.1), (10, -10, -0.37), (0, 2, 1 / 3), (3.3, 70.1, 0.05), (0, 5, 0.25), (-7.1, 7.3, 0.013),
    (1e3, 1e4, 3.7), (0, 1, 2 ** -10), (-49, 18.741, 0.1), (3.0, -55.75, -1 / 3),
]


@pytest.mark.parametrize("dtype", FLOATS + INTS + [None])
@pytest.mark.parametrize("start,end,step", ARANGE_CASES)
def test_arange_values_bit_for_bit(start, end, step, dtype):
    if dtype in ("int8", "uint8", "int16") and (abs(end - start) / abs(step) > 120 or min(start, end) < 0):
        return
    if dtype == "float16" and max(abs(start), abs(end)) > 60000:
        return
    same_exactly(lambda lib: lib.arange(start, end, step, dtype=None if dtype is None else getattr(lib, dtype)))


@given(st.floats(-100, 100), st.floats(1e-3, 5), st.integers(0, 3000), st.booleans(), st.sampled_from(FLOATS),
       st.integers(0, 4))
def test_arange_random_float_ranges(start, step, count, negative, dtype, digits):
    start, step = round(start, digits), round(step, digits + 2) or 0.5
    if negative:
        step = -step
    end = start + step * count
    if dtype == "float16":
        start, end = start / 10, end / 10
    same_exactly(lambda lib: lib.arange(start, end, step, dtype=getattr(lib, dtype)))


ARANGE_MISC = [
    "torch.arange(5)", "torch.arange(5.)", "torch.arange(torch.tensor(5))", "torch.arange(torch.tensor(5., dtype=torch.float64))",
    "torch.arange(True)", "torch.arange(3+0j)", "torch.arange(np.float32(3.5))", "torch.arange(np.int32(3))",
    "torch.arange(start=1, end=4)", "torch.arange(end=4)", "torch.arange(0, 0)", "torch.arange(5, 5, -1)",
    "torch.arange(0, 5.5, 1.5, dtype=torch.int64)", "torch.arange(0.5, 5, dtype=torch.int64)",
    "torch.arange(0, 1, 0.1, dtype=torch.int32)", "torch.arange(0, 5.5, 1, dtype=torch.int64)",
    "torch.arange(0.9, 5.2, 2, dtype=torch.int64)", "torch.arange(-0.9, 5.2, 2, dtype=torch.int64)",
    "torch.arange(0, -5.5, -1.9, dtype=torch.int64)", "torch.arange(torch.tensor(3.5), dtype=torch.int64)",
    "torch.arange(torch.tensor(3.5), dtype=torch.int32)", "torch.arange(0, 5.5, 1.5, dtype=torch.int32)",
    "torch.arange(0, 5, 0.5, dtype=torch.int32)", "torch.arange(0.5, 5, 1, dtype=torch.uint8)",
    "torch.arange(0, 300, dtype=torch.int8)", "torch.arange(250, 260, dtype=torch.uint8)",
    "torch.arange(0, 2**40, 2**30, dtype=torch.int32)", "torch.arange(0, 70000, 1000, dtype=torch.float16)",
    "torch.arange(3, dtype=torch.bfloat16)", "torch.arange(0, 5, 1, out=torch.zeros(2))",
    "torch.arange(0, 5, 1, out=torch.zeros(2, dtype=torch.int32))", "torch.arange(5., requires_grad=True)",
    "torch.arange(-2**62, 2**62, 2**60)",
    # errors
    "torch.arange(0, 10, 0)", "torch.arange(0, -10)", "torch.arange(0, math.inf)", "torch.arange(0, math.nan)",
    "torch.arange(10, dtype=torch.bool)", "torch.arange(1, 4, 2, dtype=torch.complex64)",
    "torch.arange(0, 5, 1, dtype=torch.uint16)", "torch.arange(0, 10, 0.5, dtype=torch.int64)",
    "torch.arange(4, step=2)", "torch.arange(torch.tensor([3]))", "torch.arange(0, 10**20)", "torch.arange(10, 0)",
    "torch.arange(0, 5, -1)", "torch.arange(-5.5, dtype=torch.int64)", "torch.arange(0, 5, 1e-30)",
    "torch.arange(-1e308, 1e308, 1e307)", "torch.arange(0, 5, 1, dtype=torch.int64, out=torch.zeros(2))",
    "torch.arange(5, requires_grad=True)", "torch.arange('a')",
]


@pytest.mark.parametrize("expr", ARANGE_MISC)
def test_arange_misc(expr):
    same_exactly(lambda lib: eval(expr, {"torch": lib, "np": np, "math": math}))


RANGE_MISC = [
    "torch.range(0, 5)", "torch.range(0, 1, 0.1)", "torch.range(5, 0, -1)", "torch.range(0, 5, dtype=torch.int64)",
    "torch.range(0, 4.5, 1.5)", "torch.range(0.5, 3.7, dtype=torch.int64)", "torch.range(0, 1, 0.1, dtype=torch.float16)",
    "torch.range(0, 1, 0.3)", "torch.range(0, 5, 1.5, dtype=torch.int32)", "torch.range(0.5, 5, 1, dtype=torch.int32)",
    "torch.range(-3, 7, 0.01, dtype=torch.float64)", "torch.range(-3, 7, 0.01)", "torch.range(2, -7, -0.3, dtype=torch.bfloat16)",
    "torch.range(0, 5, out=torch.empty(1, dtype=torch.float64))",
    "torch.range(0, 5, dtype=torch.bool)", "torch.range(0, 10**20)", "torch.range(0, math.inf)", "torch.range(0, 5, 0)",
    "torch.range(5, 0)",
]


@pytest.mark.parametrize("expr", RANGE_MISC)
def test_range(expr):
    same_exactly(lambda lib: eval(expr, {"torch": lib, "np": np, "math": math}))


@pytest.mark.parametrize("dtype", FLOATS + INTS + ["complex64", "complex128", None])
@pytest.mark.parametrize("start,end,steps", [
    (0, 1, 5), (0, 10, 5), (-5, 5, 11), (5, 0, 4), (0, 1, 0), (0, 1, 1), (3, 3, 4), (0.1, 0.9, 7),
    (-17.3, 42.7, 333), (1, 100, 1000), (100, -100, 50), (0, 1, 5000)])
def test_linspace_values_bit_for_bit(start, end, steps, dtype):
    if dtype in ("uint8",) and min(start, end) < 0:
        return
    if dtype in ("int8", "uint8") and max(abs(start), abs(end)) > 100:
        return
    same_exactly(lambda lib: lib.linspace(start, end, steps, dtype=None if dtype is None else getattr(lib, dtype)))


@given(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3), st.integers(0, 2000), st.sampled_from(FLOATS + ["int64", "int32"]))
def test_linspace_random(start, end, steps, dtype):
    """Random endpoints agree to 1 ulp: torch's CPU kernel rounds some points (its vectorised blocks, an
    endpoint near 0) in ways the emulation does not reproduce yet; the fixed cases above are exact."""
    if dtype == "float16":
        start, end = start / 10, end / 10
    e = torch.linspace(start, end, steps, dtype=getattr(torch, dtype)).float().numpy()
    a = mindtorch.linspace(start, end, steps, dtype=getattr(mindtorch, dtype)).float().numpy()
    ulp = np.spacing(np.abs(e).astype(np.float16 if dtype == "float16" else np.float32)).astype(np.float32)
    if dtype == "bfloat16":
        ulp = ulp * 2 ** 16
    assert np.all(np.abs(a - e) <= ulp), f"torch {e} vs {a}"


@given(st.complex_numbers(max_magnitude=100, allow_nan=False, allow_infinity=False),
       st.complex_numbers(max_magnitude=100, allow_nan=False, allow_infinity=False), st.integers(0, 50),
       st.sampled_from(["complex64", "complex128"]))
def test_linspace_complex(start, end, steps, dtype):
    check(lambda lib: lib.linspace(start, end, steps, dtype=getattr(lib, dtype)), rtol=1e-5, atol=1e-4)


SPACE_MISC = [
    "torch.linspace(0, 1, 5, dtype=torch.int64)", "torch.linspace(0, 1+1j, 3)", "torch.linspace(torch.tensor(0.), torch.tensor(1.), 3)",
    "torch.linspace(torch.tensor(0, dtype=torch.float64), 1., 3)", "torch.linspace(0, 1, torch.tensor(3))",
    "torch.linspace(0, 1, 5, out=torch.empty(1, dtype=torch.float64))", "torch.linspace(0., float('inf'), 3)",
    "torch.linspace(0., float('nan'), 3)", "torch.linspace(2, 7, 1, dtype=torch.int16)",
    "torch.linspace(0, 1, -1)", "torch.linspace(0, 1)", "torch.linspace(0, 1, 2.5)", "torch.linspace(torch.tensor([0.]), 1., 3)",
    "torch.linspace(0, 1, 5, dtype=torch.bool)", "torch.linspace(0, 1, 3, requires_grad=True).requires_grad",
    "torch.logspace(0, 2, 3)", "torch.logspace(0, 2, 3, base=2)", "torch.logspace(0, 2, 3, 2)",
    "torch.logspace(0, 2, 3, dtype=torch.int64)", "torch.logspace(0, 2, 1)", "torch.logspace(2, 3, 1, base=2)",
    "torch.logspace(0, 2, 0)", "torch.logspace(0, 2, 3, base=-2)", "torch.logspace(0, 2.5, 3, dtype=torch.int32)",
    "torch.logspace(0, 2, 3, dtype=torch.uint8, base=20)", "torch.logspace(-2, 2, 9, dtype=torch.bfloat16)",
    "torch.logspace(-2, 2, 9, dtype=torch.float16)", "torch.logspace(0, 400, 5, dtype=torch.float64)",
    "torch.logspace(0, 2)", "torch.logspace(0, 2, 3, dtype=torch.bool)",
]


@pytest.mark.parametrize("expr", SPACE_MISC)
def test_linspace_logspace_misc(expr):
    same_exactly(lambda lib: eval(expr, {"torch": lib, "np": np, "math": math}))


@given(st.floats(-3, 3), st.floats(-3, 3), st.integers(0, 1000), st.sampled_from([10.0, 2.0, 2.5, 0.5, math.e]),
       st.sampled_from(FLOATS + ["int64"]))
def test_logspace_random(start, end, steps, base, dtype):
    if dtype == "int64":
        start, end = abs(start), abs(end)
    same_exactly(lambda lib: lib.logspace(start, end, steps, base, dtype=getattr(lib, dtype)))


@given(st.complex_numbers(max_magnitude=2, allow_nan=False, allow_infinity=False),
       st.complex_numbers(max_magnitude=2, allow_nan=False, allow_infinity=False), st.integers(0, 30))
def test_logspace_complex(start, end, steps):
    check(lambda lib: lib.logspace(start, end, steps, dtype=lib.complex128), rtol=1e-9, atol=1e-9)
