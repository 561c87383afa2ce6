"""The conformance harness: run the same call on real torch and on mindtorch, compare everything.

    check(lambda lib, x, y: lib.add(x, y, alpha=2), x_np, y_np)

Arguments are NumPy arrays (or nested lists/tuples of them, or plain Python values); `check` turns
each array into a tensor of the library being called, calls `fn(lib, *tensors)` for lib = torch and
lib = mindtorch, and compares the results: values (floats to rtol/atol, ints and bools exactly, NaN
where NaN), dtype, shape, and optionally strides. When torch raises, mindtorch must raise the same
exception type.
"""
import math

import numpy as np
import pytest
import torch
import mindtorch

LIBS = (torch, mindtorch)
DTYPE_NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
               "complex64", "complex128"]


def to_lib(lib, x, dtype=None, requires_grad=False):
    """A NumPy array (or nested structure) as tensors of `lib`; `dtype` names a torch dtype to cast to."""
    if isinstance(x, np.ndarray):
        t = lib.from_numpy(x.copy()) if x.dtype != object else lib.tensor(x.tolist())  # torch shares the array
        if dtype is not None:
            t = t.to(getattr(lib, dtype))
        if requires_grad:
            t.requires_grad_(True)
        return t
    if isinstance(x, list):
        return [to_lib(lib, v, dtype) for v in x]
    if isinstance(x, tuple):
        return tuple(to_lib(lib, v, dtype) for v in x)
    if isinstance(x, dict):
        return {k: to_lib(lib, v, dtype) for k, v in x.items()}
    return x


def as_numpy(t):
    """A torch or mindtorch tensor's values as float64/int64/bool/complex NumPy for comparison."""
    if t.dtype in (torch.bfloat16, mindtorch.bfloat16) or str(t.dtype) in ("torch.bfloat16", "torch.float16"):
        return t.detach().float().cpu().numpy().astype(np.float64)
    return t.detach().cpu().numpy()


def _is_tensor(x):
    return isinstance(x, (torch.Tensor, mindtorch.Tensor))


def assert_same(expected, actual, rtol=1e-5, atol=1e-6, check_stride=False, path="result"):
    """`expected` from torch, `actual` from mindtorch: same structure, dtypes, shapes, values."""
    if isinstance(expected, torch.Tensor):
        assert isinstance(actual, mindtorch.Tensor), f"{path}: expected a Tensor, got {type(actual).__name__}"
        assert str(actual.dtype) == str(expected.dtype), f"{path}: dtype {actual.dtype} != torch's {expected.dtype}"
        assert tuple(actual.shape) == tuple(expected.shape), \
            f"{path}: shape {tuple(actual.shape)} != torch's {tuple(expected.shape)}"
        if check_stride:
            assert tuple(actual.stride()) == tuple(expected.stride()), \
                f"{path}: stride {actual.stride()} != torch's {expected.stride()}"
            assert actual.is_contiguous() == expected.is_contiguous(), f"{path}: is_contiguous differs"
        e, a = as_numpy(expected), as_numpy(actual)
        if e.dtype.kind in "fc":
            tol = {torch.float16: (1e-3, 1e-3), torch.bfloat16: (1e-2, 1e-2)}.get(expected.dtype, (rtol, atol))
            np.testing.assert_allclose(a, e, rtol=tol[0], atol=tol[1], equal_nan=True, err_msg=path)
        else:
            np.testing.assert_array_equal(a, e, err_msg=path)
        return
    if isinstance(expected, (tuple, list)):
        assert isinstance(actual, (tuple, list)), f"{path}: expected a sequence, got {type(actual).__name__}"
        assert len(actual) == len(expected), f"{path}: length {len(actual)} != torch's {len(expected)}"
        if hasattr(expected, "_fields"):
            assert getattr(actual, "_fields", None) == expected._fields, f"{path}: named-tuple fields differ"
        for i, (e, a) in enumerate(zip(expected, actual)):
            assert_same(e, a, rtol, atol, check_stride, f"{path}[{i}]")
        return
    if isinstance(expected, torch.dtype):
        assert str(actual) == str(expected), f"{path}: {actual} != torch's {expected}"
        return
    if isinstance(expected, torch.Size):
        assert tuple(actual) == tuple(expected) and type(actual).__name__ == "Size", f"{path}: {actual} != {expected}"
        return
    if isinstance(expected, float) and isinstance(actual, float):
        assert (math.isnan(expected) and math.isnan(actual)) or math.isclose(actual, expected, rel_tol=rtol,
                                                                              abs_tol=atol), f"{path}: {actual} != {expected}"
        return
    assert type(actual) is type(expected) and actual == expected, f"{path}: {actual!r} != torch's {expected!r}"


def check(fn, *args, rtol=1e-5, atol=1e-6, check_stride=False, dtype=None, **kwargs):
    """Call fn(torch, *args) and fn(mindtorch, *args) on converted arguments and compare.
    Returns torch's result (or the exception type it raised)."""
    try:
        expected = fn(torch, *to_lib(torch, args, dtype), **kwargs)
    except Exception as e:  # noqa: BLE001  torch's exception type is the spec
        if "INTERNAL ASSERT FAILED" in str(e):  # a bug inside torch, not behaviour to match
            pytest.skip(f"torch fails an internal assert here: {str(e)[:120]}")
        expected_error = type(e)
    else:
        expected_error = None
    if expected_error is not None:
        try:
            fn(mindtorch, *to_lib(mindtorch, args, dtype), **kwargs)
        except Exception as e:  # noqa: BLE001
            assert isinstance(e, expected_error) or issubclass(expected_error, type(e)) and type(e) is not Exception, \
                f"mindtorch raised {type(e).__name__}: {e}; torch raised {expected_error.__name__}"
            return expected_error
        raise AssertionError(f"torch raised {expected_error.__name__}, mindtorch raised nothing")
    actual = fn(mindtorch, *to_lib(mindtorch, args, dtype), **kwargs)
    assert_same(expected, actual, rtol, atol, check_stride)
    return expected


def _differentiable_outputs(result):
    if isinstance(result, (torch.Tensor, mindtorch.Tensor)):
        return [result] if result.dtype.is_floating_point or result.dtype.is_complex else []
    if isinstance(result, (tuple, list)):
        return [o for r in result for o in _differentiable_outputs(r)]
    return []


def check_grad(fn, *args, grad_args=None, dtype=None, rtol=1e-5, atol=1e-6, seed=0, **kwargs):
    """Gradients of a random projection of fn's output, torch vs mindtorch: every floating NumPy
    argument (or those whose positions are in `grad_args`) requires grad; the loss is
    sum(output * w) over every differentiable output with fixed random weights w. Compares the forward
    too, and the gradient of each input (None where torch gives None)."""
    rng = np.random.default_rng(seed)
    positions = [i for i, a in enumerate(args) if isinstance(a, np.ndarray) and a.dtype.kind == "f"] \
        if grad_args is None else list(grad_args)
    results = {}
    for lib in LIBS:
        inputs = [to_lib(lib, a, dtype, requires_grad=i in positions) if isinstance(a, np.ndarray) else to_lib(lib, a)
                  for i, a in enumerate(args)]
        out = fn(lib, *inputs, **kwargs)
        outputs = _differentiable_outputs(out)
        results[lib] = (out, inputs, outputs)
    weights = [rng.standard_normal(tuple(o.shape)).astype(np.float64) for o in results[torch][2]]
    for lib in LIBS:
        out, inputs, outputs = results[lib]
        loss = None
        for o, w in zip(outputs, weights):
            term = (o * lib.from_numpy(w).to(o.dtype)).sum()
            loss = term if loss is None else loss + term
        if loss is not None and loss.requires_grad:
            loss.backward()
    assert_same(results[torch][0], results[mindtorch][0], rtol, atol)
    for i in positions:
        expected = results[torch][1][i].grad
        actual = results[mindtorch][1][i].grad
        if expected is None:
            assert actual is None or not np.any(as_numpy(actual)), f"grad of input {i}: torch has none"
            continue
        assert actual is not None, f"grad of input {i}: mindtorch computed none"
        assert_same(expected, actual, rtol, atol, path=f"grad of input {i}")
