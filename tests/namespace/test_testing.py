"""torch.testing.assert_close and make_tensor against torch: pass/fail, error type and message for the
same inputs (tensors made from the same NumPy arrays), hypothesis drawing values near the tolerances."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import mindtorch


def convert(lib, x):
    if isinstance(x, np.ndarray):
        return lib.from_numpy(x.copy())
    if isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], np.ndarray) and isinstance(x[1], str):
        return lib.from_numpy(x[0].copy()).to(getattr(lib, x[1]))
    if isinstance(x, list):
        return [convert(lib, v) for v in x]
    if isinstance(x, dict):
        return {k: convert(lib, v) for k, v in x.items()}
    return x


def outcome(lib, actual, expected, kwargs):
    kw = dict(kwargs)
    if "dtype_cast" in kw:
        kw.pop("dtype_cast")
    try:
        lib.testing.assert_close(convert(lib, actual), convert(lib, expected), **kw)
        return None
    except Exception as e:  # noqa: BLE001
        return type(e), str(e)


def f32(*v):
    return np.array(v, dtype=np.float32)


CASES = [
    (f32(1, 2, 3), f32(1, 2.5, 3), {}),
    (f32(1, 2, 3), f32(1, 2, 3), {}),
    (np.float32(1.0).reshape(()), np.float32(1.5).reshape(()), {}),
    (np.array([1, 2, 3]), np.array([1, 3, 3]), {}),
    (np.array(2), np.array(3), {}),
    (f32(1, 2), f32(1, 2, 3), {}),
    (f32(1, 2), np.array([1, 2], dtype=np.float64), {}),
    (f32(1, 2), np.array([1, 2.5], dtype=np.float64), {"check_dtype": False}),
    (np.array([1, 2]), f32(1, 2.5), {"check_dtype": False}),
    (f32(1, 2), f32(1, 2.5), {"rtol": 0, "atol": 0.6}),
    (f32(1, 2), f32(1, 2.5), {"rtol": 1}),
    (f32(1, 2), f32(1, 2.5), {"atol": 1}),
    (f32(1, 2), f32(1, 2.5), {"msg": "custom"}),
    (f32(np.nan), f32(np.nan), {}),
    (f32(np.nan), f32(np.nan), {"equal_nan": True}),
    (f32(1, np.nan), f32(1.5, 1), {}),
    (f32(np.inf), f32(np.inf), {}),
    (f32(np.inf), f32(1), {}),
    (f32(np.inf), f32(-np.inf), {}),
    (f32(0, 10), f32(0.4, 10.9), {"rtol": 0.1, "atol": 0}),
    (f32(0), f32(1e-6), {}),
    (f32(0), f32(0.5), {}),
    (np.array([[1, 2], [3, 4]], np.float32), np.array([[1, 2], [3, 5]], np.float32), {}),
    (np.array([True, False]), np.array([True, True]), {}),
    (np.array([1, 2], np.uint8), np.array([2, 1], np.uint8), {}),
    ((f32(1, 2), "float16"), (f32(1, 2.5), "float16"), {}),
    ((f32(1, 2), "bfloat16"), (f32(1, 2.5), "bfloat16"), {}),
    ((f32(1, 2), "bfloat16"), (f32(1, 2.01), "bfloat16"), {}),
    (f32(1, 2), (f32(1, 2.5), "float16"), {"check_dtype": False}),
    (np.array([], np.float32), np.array([], np.float32), {}),
    (f32(1), 1.0, {}),
    (1.0, 1.5, {}), (1, 2, {}), (1, 1.0, {}), (1.0, 1.0 + 1e-9, {}), (True, False, {}), (None, 1, {}), (None, None, {}),
    ("a", "a", {}), ([1.0, 2.0], [1.0, 2.5], {}), ([1, 2], [1, 2, 3], {}), ({"a": 1.0}, {"a": 2.0}, {}),
    ({"a": 1}, {"b": 1}, {}), ([1, [2, {"a": 3.0}]], [1, [2, {"a": 3.5}]], {}),
    ([f32(1), {"w": f32(2, 3)}], [f32(1), {"w": f32(2, 3.5)}], {}),
    ((1, 2), [1, 2], {}),
    (float("nan"), float("nan"), {"equal_nan": True}),
    (1 + 1j, 1 + 2j, {}),
    (f32(1, 2), f32(1, 2.5), {"msg": lambda m: "X" + m}),
]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_assert_close_like_torch(case):
    actual, expected, kwargs = CASES[case]
    assert outcome(mindtorch, actual, expected, kwargs) == outcome(torch, actual, expected, kwargs)


@given(st.lists(st.floats(-100, 100, allow_nan=False, width=32), min_size=1, max_size=6),
       st.floats(0, 3e-5), st.sampled_from(["float32", "float64", "float16"]))
def test_near_tolerance_like_torch(values, eps, dtype):
    a = np.array(values, dtype=getattr(np, dtype))
    b = (a.astype(np.float64) * (1 + eps) + eps).astype(getattr(np, dtype))
    assert outcome(mindtorch, a, b, {}) == outcome(torch, a, b, {})


def test_stride_check_like_torch():
    out = []
    for lib in (torch, mindtorch):
        a = lib.zeros(2, 3).transpose(0, 1)
        b = lib.zeros(3, 2)
        try:
            lib.testing.assert_close(a, b, check_stride=True)
            out.append(None)
        except AssertionError as e:
            out.append(str(e))
        lib.testing.assert_close(a, b)
    assert out[0] == out[1]


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16", "int64", "int32", "uint8", "int8",
                                   "bool", "complex64"])
@pytest.mark.parametrize("kw", [{}, {"low": 0, "high": 1}, {"low": -3, "high": 3, "noncontiguous": True},
                                {"exclude_zero": True}])
def test_make_tensor_like_torch(dtype, kw):
    out = []
    for lib in (torch, mindtorch):
        t = lib.testing.make_tensor(3, 4, dtype=getattr(lib, dtype), device="cpu", **kw)
        vals = t.to(lib.float64).numpy() if dtype != "complex64" else np.abs(t.numpy())
        out.append((str(t.dtype), tuple(t.shape), t.is_contiguous(), t.stride()))
        lo, hi = kw.get("low"), kw.get("high")
        if dtype not in ("bool", "complex64"):
            if lo is not None:
                assert vals.min() >= lo
            if hi is not None:
                assert vals.max() <= hi
            assert vals.min() >= -9 and vals.max() <= 10
        if kw.get("exclude_zero"):
            assert (vals != 0).all()
    assert out[0] == out[1]


@pytest.mark.parametrize("call", [
    lambda t: t.testing.make_tensor(2, dtype=t.float32, device="cpu", low=5, high=1),
    lambda t: t.testing.make_tensor(2, dtype=t.float32, device="cpu", low=float("nan")),
    lambda t: t.testing.make_tensor(2, dtype=t.int64, device="cpu", requires_grad=True),
    lambda t: t.testing.make_tensor(2, dtype=t.float32),
    lambda t: t.testing.make_tensor((2, 3), dtype=t.float32, device="cpu", requires_grad=True).requires_grad,
])
def test_make_tensor_errors_like_torch(call):
    out = []
    for lib in (torch, mindtorch):
        try:
            out.append(call(lib))
        except Exception as e:  # noqa: BLE001
            out.append(type(e))
    assert out[0] == out[1]
