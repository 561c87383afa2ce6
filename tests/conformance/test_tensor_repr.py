"""Tensor.__repr__/__str__ compared character for character with torch's, for every dtype, shape
(0-dim, empty, large and summarized), value regime (integers, fixed, scientific, nan/inf) and print
option."""
import contextlib

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import mindtorch

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
          "complex64", "complex128"]
LARGE_SHAPES = [(1001,), (2000,), (40, 30), (3, 400, 2), (1, 1200), (7, 7, 7, 7), (500, 3), (2, 2, 300)]


def pair(a, dtype=None, requires_grad=False):
    """The same values as a torch and a mindtorch tensor."""
    out = []
    for lib in (torch, mindtorch):
        t = lib.from_numpy(np.array(a))
        if dtype is not None:
            t = t.to(getattr(lib, dtype))
        if requires_grad:
            t.requires_grad_(True)
        out.append(t)
    return out


def assert_repr_same(a, dtype=None, requires_grad=False):
    t, m = pair(a, dtype, requires_grad)
    expected = repr(t)
    assert repr(m) == expected, f"\nmindtorch:\n{m!r}\ntorch:\n{expected}"
    assert str(m) == str(t)


@contextlib.contextmanager
def printoptions(**kw):
    try:
        for lib in (torch, mindtorch):
            lib.set_printoptions(**kw)
        yield
    finally:
        for lib in (torch, mindtorch):
            lib.set_printoptions(profile="default")


@st.composite
def values(draw, shape):
    """Values of a regime that exercises one of torch's float print modes."""
    rng = np.random.RandomState(draw(st.integers(0, 2 ** 31 - 1)))
    regime = draw(st.sampled_from(["ints", "small", "fixed", "wide", "huge", "tiny", "special", "zeros"]))
    n = int(np.prod(shape))
    if regime == "ints":
        v = rng.randint(-1000, 1000, n).astype(np.float64)
    elif regime == "small":
        v = rng.randint(-5, 5, n).astype(np.float64) / draw(st.sampled_from([1, 2, 4, 8, 3]))
    elif regime == "fixed":
        v = rng.uniform(-100, 100, n)
    elif regime == "wide":
        v = rng.standard_normal(n) * 10.0 ** rng.randint(-8, 9, n)
    elif regime == "huge":
        v = rng.standard_normal(n) * 1e12
    elif regime == "tiny":
        v = rng.standard_normal(n) * 1e-6
    elif regime == "zeros":
        v = np.zeros(n) * draw(st.sampled_from([1.0, -1.0]))
    else:
        v = rng.choice([np.nan, np.inf, -np.inf, 0.0, 1.0, -2.5, 3.0, 1e-3, 123456.0], n)
    return np.asarray(v).reshape(shape)


def cast_for(v, dtype):
    """NumPy values that `dtype` can hold (integer dtypes get integers in range)."""
    if dtype == "bool":
        return np.nan_to_num(v) > 0
    if dtype.startswith(("int", "uint")):
        info = np.iinfo(dtype)
        return np.clip(np.nan_to_num(v, posinf=0, neginf=0), info.min, info.max).astype(dtype)
    if dtype.startswith("complex"):
        return (v + 1j * np.roll(v, 1)).astype(dtype)
    if dtype == "float16":
        return v.astype(np.float16)
    return v.astype(np.float64 if dtype == "float64" else np.float32)


small_shapes = st.lists(st.integers(0, 6), min_size=0, max_size=4).map(tuple)


@given(st.one_of(small_shapes, st.sampled_from(LARGE_SHAPES)).flatmap(lambda s: values(s)),
       st.sampled_from(DTYPES))
def test_repr_matches_torch(v, dtype):
    a = cast_for(v, dtype)
    assert_repr_same(a, "bfloat16" if dtype == "bfloat16" else None)


@given(small_shapes.flatmap(lambda s: values(s)), st.sampled_from(["float32", "float64", "int64", "complex64"]),
       st.fixed_dictionaries({}, optional={
           "precision": st.integers(0, 8), "threshold": st.integers(1, 50), "edgeitems": st.integers(0, 4),
           "linewidth": st.integers(10, 150), "sci_mode": st.booleans()}))
def test_repr_with_printoptions_matches_torch(v, dtype, opts):
    with printoptions(**opts):
        assert_repr_same(cast_for(v, dtype))


@pytest.mark.parametrize("profile", ["short", "full", "default"])
def test_printoptions_profiles(profile):
    with printoptions(profile=profile):
        assert_repr_same(np.arange(1500, dtype=np.float32).reshape(30, 50) / 3)


def test_known_strings():
    m = mindtorch
    assert repr(m.tensor([1.0, 2.5])) == "tensor([1.0000, 2.5000])"
    assert repr(m.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    assert repr(m.tensor([])) == "tensor([])"
    assert repr(m.zeros(0, 3)) == "tensor([], size=(0, 3))"
    assert repr(m.tensor(3)) == "tensor(3)"
    assert repr(m.tensor([True, False])) == "tensor([ True, False])"
    assert repr(m.tensor([1, 2], dtype=m.int32)) == "tensor([1, 2], dtype=torch.int32)"
    assert repr(m.tensor([1e-5, 1.0])) == "tensor([1.0000e-05, 1.0000e+00])"
    assert repr(m.tensor([float("nan"), 1.0])) == "tensor([nan, 1.])"


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16", "int64", "int32", "bool",
                                   "complex64", "complex128", "uint8"])
@pytest.mark.parametrize("shape", [(), (0,), (0, 3), (2, 0, 1)])
def test_empty_and_scalar_suffixes(dtype, shape):
    assert_repr_same(cast_for(np.full(shape, 1.5), dtype), "bfloat16" if dtype == "bfloat16" else None)


@pytest.mark.parametrize("default", ["float64", "float16", "bfloat16"])
def test_dtype_suffix_follows_default_dtype(default):
    old = (torch.get_default_dtype(), mindtorch.get_default_dtype())
    try:
        torch.set_default_dtype(getattr(torch, default))
        mindtorch.set_default_dtype(getattr(mindtorch, default))
        for dt in ["float32", "float64", "complex64", "complex128", "int64"]:
            assert_repr_same(cast_for(np.array([1.5, 2.0]), dt))
            assert_repr_same(cast_for(np.zeros((0,)), dt))
        assert repr(mindtorch.zeros(2, device="meta")) == repr(torch.zeros(2, device="meta"))
    finally:
        torch.set_default_dtype(old[0])
        mindtorch.set_default_dtype(old[1])


def test_requires_grad_suffix_and_long_line_wrapping():
    assert_repr_same(np.array([1.5, 2.0], np.float32), requires_grad=True)
    assert_repr_same(np.arange(18, dtype=np.float64) / 7, requires_grad=True)
    assert_repr_same(np.arange(10, dtype=np.float16) / 7, "float16", requires_grad=True)


def test_meta_repr():
    for shape, dt in [((2, 3), "float32"), ((4,), "int64"), ((), "float16")]:
        t = torch.empty(shape, dtype=getattr(torch, dt), device="meta")
        m = mindtorch.empty(shape, dtype=getattr(mindtorch, dt), device="meta")
        assert repr(m) == repr(t)


def test_repr_of_non_contiguous_view():
    a = np.arange(60, dtype=np.float32).reshape(3, 4, 5) / 4
    t, m = pair(a)
    for f in (lambda x: x.transpose(0, 2), lambda x: x[1:, ::2], lambda x: x[..., 1]):
        assert repr(f(m)) == repr(f(t))


def test_subclass_prefix():
    class MyT(mindtorch.Tensor):
        pass

    class MyTorch(torch.Tensor):
        pass
    a = np.array([1.0, 2.0], np.float32)
    assert repr(MyT(mindtorch.from_numpy(a))) == repr(MyTorch(torch.from_numpy(a))).replace("MyTorch", "MyT")


def test_format_spec_and_str():
    m, t = mindtorch.tensor(3.14159), torch.tensor(3.14159)
    assert f"{m:.3f}" == f"{t:.3f}" == "3.142"
    assert f"{m}" == f"{t}"
    assert f"{mindtorch.tensor([1, 2])}" == f"{torch.tensor([1, 2])}"
    with pytest.raises(TypeError):
        f"{torch.tensor([1.0, 2.0]):.2f}"
    with pytest.raises(TypeError):
        f"{mindtorch.tensor([1.0, 2.0]):.2f}"


def _labelled(device, dtype=None, requires_grad=False, values=(1.0, 2.0)):
    """A tensor whose device label is an accelerator (no kernels run: this machine has none)."""
    m = mindtorch.tensor(list(values), dtype=dtype)
    t = mindtorch.Tensor._make(m._ms, mindtorch.device(device), m._shape)
    if requires_grad:
        t.requires_grad_(True)
    return t


def test_device_suffix_comes_first():
    # torch's layout for tensors off the default device (documented output of CUDA tensors)
    assert repr(_labelled("cuda:0")) == "tensor([1., 2.], device='cuda:0')"
    assert repr(_labelled("npu:1", mindtorch.float64, True)) == \
        "tensor([1., 2.], device='npu:1', dtype=torch.float64, requires_grad=True)"
    wide = _labelled("cuda:0", mindtorch.float16, True, values=[i / 7 for i in range(9)])
    assert repr(wide) == ("tensor([0.0000, 0.1428, 0.2856, 0.4285, 0.5713, 0.7144, 0.8569, 1.0000, 1.1426],\n"
                          "       device='cuda:0', dtype=torch.float16, requires_grad=True)")


def test_grad_fn_suffix_replaces_requires_grad():
    class MulBackward0:
        pass
    for lib in (torch, mindtorch):
        x = lib.tensor([1.5, 2.0], requires_grad=True)
        if lib is mindtorch:
            y = mindtorch.tensor([3.0, 4.0])
            y._requires_grad, y.grad_fn = True, MulBackward0()  # until the autograd engine records it
        else:
            y = x * 2
        assert repr(y) == "tensor([3., 4.], grad_fn=<MulBackward0>)"


def test_repr_wraps_suffixes_past_linewidth_like_torch():
    a = np.arange(7, dtype=np.float64) / 3
    t, m = pair(a, requires_grad=True)
    for lw in (30, 45, 60, 80):
        with printoptions(linewidth=lw):
            assert repr(m) == repr(t)
