"""Creation ops against torch: torch.tensor and friends (dtype inference, conversions, errors), the
constant factories and their _like/new_ forms (sizes, dtypes, out=, layouts), fill_/zero_, eye, tril/triu,
complex/polar, empty_strided, scalar_tensor."""
import math

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from oracle import check, LIBS, DTYPE_NAMES
from strategies import arrays, shapes, NP

import mindtorch


def run(expr, **kw):
    """Evaluate `expr` with `torch` bound to each library in turn and compare (values, dtype, shape or
    the error type)."""
    return check(lambda lib: eval(expr, {"torch": lib, "np": np, "math": math}), **kw)


TENSOR_CASES = [
    # dtype inference
    "torch.tensor([1, 2.5])", "torch.tensor([True, 2])", "torch.tensor([True, False])", "torch.tensor([1, 2j])",
    "torch.tensor([])", "torch.tensor([[], []])", "torch.tensor(3)", "torch.tensor(3.5)", "torch.tensor(True)",
    "torch.tensor(1+2j)", "torch.tensor((1, 2))", "torch.tensor(range(3))", "torch.tensor([range(2), range(2)])",
    "torch.tensor(torch.Size([2, 3]))", "torch.tensor([torch.Size([2, 3])])", "torch.tensor([[1, 2], (3, 4)])",
    "torch.tensor(bytearray(b'ab'))", "torch.tensor([[], [1]])",
    # numpy inside
    "torch.tensor([np.float32(1.5), 2])", "torch.tensor([np.int16(1), np.int16(2)])", "torch.tensor([np.int16(1), 2])",
    "torch.tensor([2, np.int16(1)])", "torch.tensor([1.5, np.float16(1)])", "torch.tensor([np.float16(1), 1.5])",
    "torch.tensor([np.float64(1), np.float32(2)])",
    "torch.tensor([np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)])",
    "torch.tensor([np.array([1., 2.], dtype=np.float32), [3, 4]])",
    "torch.tensor([[1, 2], np.array([3., 4.], dtype=np.float32)])",
    "torch.tensor([np.array([1., 2.], dtype=np.float32), np.array([1., 2.], dtype=np.float64)])",
    "torch.tensor(np.array([1, 2], dtype=np.int32))", "torch.tensor(np.array(1.5, dtype=np.float64))",
    "torch.tensor(np.float64(1.5))", "torch.tensor(np.float32(1.5))", "torch.tensor(np.int16(1))",
    "torch.tensor(np.bool_(True))", "torch.tensor(np.float16(1.5)).dtype", "torch.tensor(np.array([1, 2], dtype=np.uint16))",
    "torch.tensor(np.ones((2, 3))[:, ::2])", "torch.tensor(np.array([300]), dtype=torch.uint8)",
    "torch.tensor(np.array([1.7, -2.5]), dtype=torch.int32)", "torch.tensor(np.array([[1, 2]]), dtype=torch.bfloat16)",
    # tensors inside
    "torch.tensor([torch.tensor(1.), torch.tensor(2.)])", "torch.tensor([torch.tensor(1), 2.5])",
    "torch.tensor([torch.tensor(1, dtype=torch.int32), torch.tensor(2, dtype=torch.int32)])",
    "torch.tensor([torch.tensor(1, dtype=torch.float64), 2])", "torch.tensor([torch.tensor([1]), torch.tensor([2])])",
    "torch.tensor([torch.tensor([1.]), torch.tensor([2.])])", "torch.tensor([[torch.tensor(1)], [torch.tensor(2)]])",
    "torch.tensor([torch.tensor(1.5), torch.tensor(2)])",
    "torch.tensor([torch.tensor(1.5, dtype=torch.bfloat16), torch.tensor(2)])",
    "torch.tensor([torch.tensor(1.5, dtype=torch.float16), 2.5])", "torch.tensor([torch.tensor(True), 1])",
    "torch.tensor(torch.tensor([1.5, 2.5]), dtype=torch.int64)", "torch.tensor(torch.tensor([1, 2]))",
    "torch.tensor(torch.tensor([1, 2]), dtype=torch.bfloat16)",
    # explicit dtypes and conversions
    "torch.tensor([1, 2], dtype=torch.bool)", "torch.tensor([1.7, -2.7], dtype=torch.int32)",
    "torch.tensor([-1], dtype=torch.uint8)", "torch.tensor(-255, dtype=torch.uint8)", "torch.tensor([1e40], dtype=torch.float32)",
    "torch.tensor([70000.], dtype=torch.float16)", "torch.tensor([1e40], dtype=torch.bfloat16)",
    "torch.tensor([-2**63])", "torch.tensor(2.0**63, dtype=torch.int64)", "torch.tensor(2**63, dtype=torch.uint64)",
    "torch.tensor(2**64-1, dtype=torch.uint64)", "torch.tensor(True, dtype=torch.float32)",
    "torch.tensor([1, 2], dtype=torch.complex64)", "torch.tensor([1.5, 2.5], dtype=torch.int64)",
    "torch.tensor([0.1, 1/3, 2.7], dtype=torch.bfloat16)", "torch.tensor([0.1, 1/3, 2.7], dtype=torch.float16)",
    "torch.tensor(1 + 2**-11 + 2**-40, dtype=torch.float16).item() == 1.0",
    "torch.tensor(1 + 2**-8 + 2**-40, dtype=torch.bfloat16).item() == 1.0",
    "torch.tensor([[1, 2], [3, 4]]).stride()", "torch.tensor(5).stride()", "torch.tensor([], dtype=torch.int32)",
    "torch.tensor([1., 2], requires_grad=True).requires_grad",
    # errors
    "torch.tensor([[1, 2], [3]])", "torch.tensor([[1, 2], 3])", "torch.tensor([1, [2, 3]])",
    "torch.tensor([[1, 2], [3, 4, 5]])", "torch.tensor([[[1, 2]], [[3, 4], [5, 6]]])", "torch.tensor('abc')",
    "torch.tensor(['a'])", "torch.tensor([1, None])", "torch.tensor(None)", "torch.tensor({1: 2})",
    "torch.tensor([torch.tensor([1, 2]), torch.tensor([3, 4])])", "torch.tensor([torch.tensor([1., 2]), [3, 4]])",
    "torch.tensor([np.array(1.5, dtype=np.float16), 2])", "torch.tensor(np.array(['a']))",
    "torch.tensor(np.array([1, 2], dtype=object))", "torch.tensor([300], dtype=torch.uint8)",
    "torch.tensor([1+2j], dtype=torch.float32)", "torch.tensor([2**63])", "torch.tensor([2**64])",
    "torch.tensor([float('nan')], dtype=torch.int64)", "torch.tensor(2**40, dtype=torch.int32)",
    "torch.tensor(-129, dtype=torch.int8)", "torch.tensor(-256, dtype=torch.uint8)", "torch.tensor(300.5, dtype=torch.uint8)",
    "torch.tensor(-1.5, dtype=torch.uint8)", "torch.tensor(float('inf'), dtype=torch.int32)",
    "torch.tensor([torch.tensor(1.5)], dtype=torch.int64)", "torch.tensor(b'ab')", "torch.tensor([[1], [2.5, 3]])",
    "torch.tensor([np.array([1, 2]), np.array([1])])", "torch.tensor([1, 'a'])", "torch.tensor(iter([1, 2]))",
    "torch.tensor([1, 2], requires_grad=True)",
    # as_tensor / asarray / from_numpy
    "torch.as_tensor([1, 2], dtype=torch.float32)", "torch.as_tensor(np.array([1, 2]))", "torch.as_tensor(3)",
    "torch.as_tensor(torch.tensor([1, 2]), dtype=torch.float32)", "torch.as_tensor(3.5, dtype=torch.float64)",
    "torch.asarray([1, 2])", "torch.asarray([1.5, 2])", "torch.asarray(np.array([1., 2.]))", "torch.asarray(np.float32(1.5))",
    "torch.asarray(3, dtype=torch.float64)", "torch.asarray(torch.tensor([1, 2]), dtype=torch.float32)",
    "torch.asarray(torch.tensor([1, 2]), copy=False, dtype=torch.float32)", "torch.asarray([1, 2], requires_grad=True)",
    "torch.asarray([1., 2], requires_grad=True).requires_grad",
    "torch.from_numpy([1, 2])", "torch.from_numpy(np.array([1, 2], dtype=np.uint16))", "torch.from_numpy(np.array(['a']))",
    "torch.from_numpy(np.ones((2, 3))[::-1])", "torch.from_numpy(np.float64(1.0))", "torch.from_numpy(np.array(1.5))",
    "torch.from_numpy(np.array([True, False]))", "torch.from_numpy(np.zeros((2, 0, 3), dtype=np.int8))",
]


@pytest.mark.parametrize("expr", TENSOR_CASES)
def test_tensor_and_conversions(expr):
    run(expr)


def test_as_tensor_returns_the_same_tensor_and_asarray_shares():
    for lib in LIBS:
        t = lib.ones(3)
        assert lib.as_tensor(t) is t
        assert lib.as_tensor(t, dtype=lib.float32) is t
        assert lib.asarray(t) is t
        c = lib.asarray(t, copy=True)
        assert c is not t
        t.add_(1)  # a copy does not see the write
        assert c.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("expr", [
    "torch.from_numpy(np.ones((2, 3))[:, ::2])", "torch.from_numpy(np.ones((2, 3), order='F'))",
    "torch.from_numpy(np.arange(24.).reshape(2, 3, 4).transpose(2, 0, 1))",
    "torch.from_numpy(np.arange(12).reshape(3, 4)[1:, 1::2])", "torch.from_numpy(np.zeros((2, 0, 3)))",
    "torch.from_numpy(np.ones((3, 1, 2))[:, :, :1])", "torch.from_numpy(np.broadcast_to(np.arange(3.), (2, 3)))"])
def test_from_numpy_keeps_numpy_strides(expr):
    run(expr, check_stride=True)


def test_from_numpy_copies_the_array():
    """The documented limit: torch shares memory with the array, mindtorch copies it."""
    a = np.arange(3.0)
    t = mindtorch.from_numpy(a)
    a[0] = 10.0
    assert t.tolist() == [0.0, 1.0, 2.0]


@st.composite
def nested_data(draw):
    """Nested lists of one shape whose leaves mix Python bools, ints, floats and complex numbers."""
    shape = draw(shapes(min_dims=0, max_dims=3, max_side=3))
    kinds = draw(st.lists(st.sampled_from(["bool", "int", "float", "complex"]), min_size=1, max_size=3))
    leaf = st.one_of(*[{"bool": st.booleans(), "int": st.integers(-1000, 1000),
                        "float": st.floats(-1e3, 1e3, allow_nan=False),
                        "complex": st.complex_numbers(max_magnitude=1e3, allow_nan=False)}[k] for k in kinds])

    def build(dims):
        if not dims:
            return draw(leaf)
        return [build(dims[1:]) for _ in range(dims[0])]
    return build(list(shape))


@given(nested_data(), st.sampled_from([None, "float32", "float64", "float16", "bfloat16", "int64", "int32", "int16",
                                       "uint8", "bool", "complex64", "complex128"]))
def test_tensor_from_nested_lists(data, dtype):
    def fn(lib):
        return lib.tensor(data, dtype=None if dtype is None else getattr(lib, dtype))
    check(fn)


@given(st.data(), st.sampled_from(["float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool"]),
       st.sampled_from(DTYPE_NAMES))
def test_tensor_from_numpy_array_with_dtype(data, src, dtype):
    a = data.draw(arrays(src, shapes(max_dims=3)))
    check(lambda lib: (lib.tensor(a, dtype=getattr(lib, dtype)), lib.as_tensor(a, dtype=getattr(lib, dtype)),
                       lib.tensor(a.tolist(), dtype=getattr(lib, dtype))))


@given(st.sampled_from(["float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool",
                        "complex64", "complex128"]), shapes(max_dims=3))
def test_tensor_keeps_numpy_dtype(dtype, shape):
    a = (np.arange(int(np.prod(shape))) % 7 - 3).reshape(shape).astype(NP[dtype])
    check(lambda lib: (lib.tensor(a), lib.as_tensor(a), lib.asarray(a), lib.from_numpy(a.copy())))


def test_default_dtype_is_honoured():
    for lib in LIBS:
        lib.set_default_dtype(lib.float64)
    try:
        for expr in ["torch.tensor([1.5, 2])", "torch.tensor(1 + 2j)", "torch.zeros(2)", "torch.full((2,), 1.5)",
                     "torch.arange(0, 1, 0.25)", "torch.linspace(0, 1, 3)", "torch.eye(2)", "torch.scalar_tensor(1)",
                     "torch.tensor([np.float32(1), 2.5])", "torch.rand(2).dtype", "torch.randn(2).dtype"]:
            run(expr)
    finally:
        for lib in LIBS:
            lib.set_default_dtype(lib.float32)


FACTORY_CASES = [
    "torch.zeros(2, 3)", "torch.zeros((2, 3))", "torch.zeros([2, 3])", "torch.zeros(torch.Size([2, 3]))",
    "torch.zeros(size=(2, 3))", "torch.zeros(())", "torch.zeros([])", "torch.zeros(np.int64(3))",
    "torch.zeros(torch.tensor(3))", "torch.zeros(2, dtype=torch.bool)", "torch.zeros(2, dtype=torch.complex64)",
    "torch.ones(2, dtype=torch.int8)", "torch.ones(2, dtype=torch.complex128)", "torch.ones(2, 3, dtype=torch.bfloat16)",
    "torch.ones(2, dtype=torch.bool)", "torch.zeros(0, 3)",
    "torch.zeros(2, 3, out=torch.empty(5, dtype=torch.int32))", "torch.ones(2, out=torch.empty(5, dtype=torch.float64))",
    "torch.zeros(2, requires_grad=True).requires_grad", "torch.zeros(2, 3, dtype=torch.float16).stride()",
    "torch.zeros()", "torch.zeros(2, (3,))", "torch.zeros((2,), 3)", "torch.zeros(2.5)", "torch.zeros(-1)",
    "torch.zeros(2, -3)", "torch.zeros(torch.tensor(3.))", "torch.zeros(True)", "torch.zeros('a')",
    "torch.zeros((2, 3.0))", "torch.ones(-1)", "torch.empty(-1)", "torch.empty(2, -1)",
    "torch.zeros(2, dtype=torch.float64, out=torch.empty(5))", "torch.zeros(2, dtype=torch.int64, requires_grad=True)",
    "torch.empty(2, 3).shape", "torch.empty((2, 3), dtype=torch.int32).dtype", "torch.empty(size=(4,)).shape",
    # full: dtype from the fill value's category, torch's overflow checks
    "torch.full((2,), True)", "torch.full((2,), 3)", "torch.full((2,), 3.5)", "torch.full((2,), 1+2j)",
    "torch.full((2,), np.float16(1.5))", "torch.full((2,), np.int32(3))", "torch.full((2,), torch.tensor(3))",
    "torch.full((2,), torch.tensor(3.5, dtype=torch.float64))", "torch.full((2,), 3.7, dtype=torch.int32)",
    "torch.full((2,), -1, dtype=torch.uint8)", "torch.full([2, 3], 1.0)", "torch.full((), 1.0)",
    "torch.full((2,), True, dtype=torch.float16)", "torch.full((2,), 1.5, dtype=torch.bool)",
    "torch.full((2, 2), 2.5, dtype=torch.bfloat16)", "torch.full((2,), float('inf'))", "torch.full((2,), float('nan'))",
    "torch.full((2,), 1.0, out=torch.empty(3, dtype=torch.int64))", "torch.full((2,), 2.0**63, dtype=torch.int64)",
    "torch.full((2,), -2.7, dtype=torch.int8)", "torch.full((2,), 1+2j, dtype=torch.complex128)",
    "str(torch.full((2,), -0.0).tolist())", "str(torch.zeros(2).fill_(-0.0).tolist())",
    "str(torch.full((2,), -0.0, dtype=torch.bfloat16).float().tolist())",
    "torch.full((2,), torch.tensor([3]))", "torch.full((2,), 300, dtype=torch.uint8)",
    "torch.full((2,), 1+2j, dtype=torch.float32)", "torch.full((2,), float('nan'), dtype=torch.int32)",
    "torch.full((2,), 2**70)", "torch.full(2, 1.0)", "torch.full((2,), None)", "torch.full((2,), 'a')",
    "torch.full((2,), 1e10, dtype=torch.float16)", "torch.full((-1,), 1.)",
    # _like
    "torch.zeros_like(torch.ones(2, 3, dtype=torch.int32))", "torch.zeros_like(torch.ones(2, 3), dtype=torch.int64)",
    "torch.full_like(torch.ones(2, dtype=torch.int64), 2.7)", "torch.full_like(torch.ones(2, dtype=torch.int64), torch.tensor(2.5))",
    "torch.full_like(torch.ones(2, 2), 7, dtype=torch.bfloat16)", "torch.ones_like(torch.ones(2), requires_grad=True).requires_grad",
    "torch.empty_like(torch.ones(2, 3, dtype=torch.float16)).shape", "torch.zeros_like(torch.ones(2)).requires_grad",
    "torch.full_like(torch.ones(2, dtype=torch.uint8), 300)", "torch.full_like(torch.ones(2), 1+1j)", "torch.ones_like([1, 2])",
    # new_*
    "torch.ones(2, 3).new_zeros(4).dtype", "torch.ones(2, 3, dtype=torch.int32).new_zeros((4, 2))",
    "torch.ones(2, dtype=torch.int32).new_ones(2, 3)", "torch.ones(2, dtype=torch.int32).new_full((2,), 3.7)",
    "torch.ones(2, dtype=torch.int32).new_full((2,), 300)", "torch.ones(2, dtype=torch.int32).new_full((2, 3), 3).stride()",
    "torch.ones(2, dtype=torch.int32).new_empty(2).shape", "torch.ones(2, dtype=torch.int32).new_empty((2,), dtype=torch.float64).dtype",
    "torch.ones(2, dtype=torch.int32).new_tensor([1.5, 2.5])", "torch.ones(2, dtype=torch.int32).new_tensor([1.5, 2.5], dtype=torch.float64)",
    "torch.ones(2, dtype=torch.float16).new_tensor(torch.tensor([1, 2]))", "torch.ones(2, dtype=torch.float16).new_tensor(np.array([1, 2]))",
    "torch.ones(2).new_zeros(2, 3, requires_grad=True).requires_grad", "torch.ones(2).new_zeros(size=(2, 3)).shape",
    "torch.ones(2).new_empty(size=(2, 3)).shape", "torch.ones(2).new_full(size=(2, 3), fill_value=2)",
    "torch.ones(2).new_zeros(())", "torch.ones(2, dtype=torch.int32).new_full(2, 3)", "torch.ones(2).new_ones()",
    "torch.ones(2, dtype=torch.uint8).new_full((2,), 300)", "torch.ones(2).new_zeros(-1)",
    # empty_strided, scalar_tensor
    "torch.empty_strided((2, 3), (1, 2)).stride()", "torch.empty_strided((2, 3), (1, 2)).is_contiguous()",
    "torch.empty_strided((2, 3), (0, 1)).stride()", "torch.empty_strided((2, 3), (3, 1), dtype=torch.int32).dtype",
    "torch.empty_strided((0, 3), (3, 1)).shape", "torch.empty_strided((), ()).shape", "torch.empty_strided((2, 3), (1,))",
    "torch.empty_strided((2, 3), (-1, 2))", "torch.empty_strided((2, -3), (3, 1))",
    "torch.empty_strided((2, 3), (1, 4), dtype=torch.bfloat16).stride()",
    "torch.scalar_tensor(3)", "torch.scalar_tensor(3.5, dtype=torch.int32)", "torch.scalar_tensor(True)",
    "torch.scalar_tensor(1+2j)", "torch.scalar_tensor(1+2j, dtype=torch.complex64)", "torch.scalar_tensor(torch.tensor(2))",
    "torch.scalar_tensor(torch.tensor([2]))", "torch.scalar_tensor(300, dtype=torch.uint8)",
    "torch.scalar_tensor(2, requires_grad=True).requires_grad", "torch.scalar_tensor(2.5, dtype=torch.bfloat16)",
]


@pytest.mark.parametrize("expr", FACTORY_CASES)
def test_factories(expr):
    run(expr)


@given(shapes(max_dims=4), st.sampled_from(DTYPE_NAMES), st.sampled_from(["zeros", "ones", "empty"]),
       st.sampled_from(["varargs", "tuple", "list", "size"]))
def test_constant_factories_sizes_and_dtypes(shape, dtype, name, form):
    def fn(lib):
        d = getattr(lib, dtype)
        f = getattr(lib, name)
        if form == "varargs":
            t = f(*shape, dtype=d) if shape else f((), dtype=d)
        elif form == "tuple":
            t = f(tuple(shape), dtype=d)
        elif form == "list":
            t = f(list(shape), dtype=d)
        else:
            t = f(size=shape, dtype=d)
        return (t.dtype, t.shape, t.stride()) if name == "empty" else t
    check(fn, check_stride=True)


@given(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4), st.data(),
       st.sampled_from(["zeros_like", "ones_like", "empty_like", "full_like", "rand_like", "randn_like",
                        "randint_like"]))
def test_like_preserves_dense_layouts(shape, data, name):
    perm = data.draw(st.permutations(range(len(shape))))
    step = data.draw(st.sampled_from([1, 2]))
    base = np.zeros(shape, np.float32)

    def fn(lib, x):
        v = x.permute(*perm)
        if step == 2:
            v = v[..., ::2]
        f = getattr(lib, name)
        r = f(v, 5) if name in ("full_like", "randint_like") else f(v)
        out = (r.shape, r.dtype, r.stride(), r.is_contiguous(), r._is_view())
        return out if name.startswith("rand") or name == "empty_like" else out + (r,)
    check(fn, base, check_stride=True)


@given(arrays("float32", shapes(max_dims=3)), st.sampled_from(DTYPE_NAMES),
       st.sampled_from([0, 1, -1, 2.5, True, 1 + 2j, 300, -3.7, 1e10, float("inf"), float("nan")]))
def test_fill_and_zero(a, dtype, value):
    def fn(lib, x):
        x = x.to(getattr(lib, dtype))
        y = x.clone().fill_(value)
        return y, x.clone().zero_(), lib.full_like(x, value) if not isinstance(value, complex) else None
    check(fn, a)


FILL_CASES = [
    "torch.zeros(3).fill_(torch.tensor(2.5))", "torch.zeros(3).fill_(torch.tensor([2.5]))",
    "torch.zeros(3, dtype=torch.int64).fill_(torch.tensor(2.5))", "torch.zeros(3, dtype=torch.uint8).fill_(torch.tensor(300))",
    "torch.zeros(3).fill_(value=3)", "torch.fill(torch.zeros(3), 2)", "torch.fill_(torch.zeros(3), 2)",
    "torch.zero_(torch.ones(3))", "torch.zeros(3).fill_(torch.tensor(1, dtype=torch.float64))",
    "torch.zeros(3).fill_(np.float64(2.5))", "torch.ones(3).expand(2, 3).fill_(2)", "torch.ones(1, 3).expand(2, 3).zero_()",
    "torch.zeros(3, dtype=torch.int8).fill_(-129)", "torch.zeros(3, dtype=torch.uint8).fill_(-1)",
    "torch.zeros(3, dtype=torch.uint8).fill_(-255)", "torch.zeros(3, dtype=torch.uint8).fill_(-256)",
    "torch.zeros(3, dtype=torch.bfloat16).fill_(1e39)", "torch.zeros(3, dtype=torch.float32).fill_(1e39)",
    "torch.zeros(3, dtype=torch.int64).fill_(2**63)", "torch.zeros(3, dtype=torch.int64).fill_(2.0**63)",
    "torch.zeros(3, dtype=torch.int64).fill_(9.3e18)", "torch.zeros(3).fill_('a')", "torch.zeros(3).fill_(None)",
    "torch.zeros(3, dtype=torch.complex64).fill_(torch.tensor(1+2j))", "torch.zeros(2, dtype=torch.bool).fill_(torch.tensor(0.5))",
]


@pytest.mark.parametrize("expr", FILL_CASES)
def test_fill_cases(expr):
    run(expr)


def test_fill_and_zero_write_through_views():
    base = np.arange(24, dtype=np.float32).reshape(4, 6)

    def fn(lib, x):
        t = x.transpose(0, 1)
        t[1:4, ::2].fill_(-1.5)
        x[2].zero_()
        x[:, 5].fill_(lib.tensor(7))
        col = x[:, 0:1].expand(4, 3)
        col.fill_(9)
        return x, t, col
    check(fn, base, check_stride=True)


# ---- eye -----------------------------------------------------------------------------------------------------
EYE_CASES = [
    "torch.eye(3)", "torch.eye(2, 3)", "torch.eye(3, 2)", "torch.eye(0)", "torch.eye(0, 3)", "torch.eye(n=2, m=3)",
    "torch.eye(torch.tensor(2))", "torch.eye(3, out=torch.empty(1, dtype=torch.int64))", "torch.eye(-1)",
    "torch.eye(2, -1)", "torch.eye(2.5)", "torch.eye(3, None)", "torch.eye(2, requires_grad=True).requires_grad",
    "torch.eye(3, dtype=torch.float64, out=torch.empty(1))",
]


@pytest.mark.parametrize("expr", EYE_CASES)
def test_eye_cases(expr):
    run(expr)


@given(st.integers(0, 6), st.one_of(st.none(), st.integers(0, 6)), st.sampled_from(DTYPE_NAMES))
def test_eye(n, m, dtype):
    check(lambda lib: lib.eye(n, dtype=getattr(lib, dtype)) if m is None else lib.eye(n, m, dtype=getattr(lib, dtype)))


# ---- tril / triu -------------------------------------------------------------------------------------------------
@given(arrays("float32", shapes(min_dims=2, max_dims=4, min_side=1, max_side=5)), st.integers(-6, 6),
       st.sampled_from(DTYPE_NAMES), st.booleans(), st.sampled_from(["tril", "triu"]))
def test_tril_triu(a, diagonal, dtype, transposed, name):
    def fn(lib, x):
        d = getattr(lib, dtype)
        x = x.to(d)
        if transposed:
            x = x.transpose(-1, -2)
        r = getattr(lib, name)(x, diagonal)
        m = getattr(x, name)(diagonal=diagonal)
        y = lib.tensor(a, dtype=d)
        if dtype != "complex128":  # _storage.scatter_flat has no complex128 path yet (no CPU kernel)
            y_view = y.transpose(-1, -2)
            getattr(y_view, name + "_")(diagonal)
        else:
            y_view = getattr(y, name + "_")(diagonal)
        return r, m, y, y_view
    check(fn, a, check_stride=True)


@pytest.mark.parametrize("expr", [
    "torch.tril(torch.ones(3))", "torch.tril(torch.ones(()))", "torch.triu(torch.ones(3))",
    "torch.tril(torch.ones(2, 3), 1.5)", "torch.tril(torch.ones(2, 3), out=torch.empty(5, dtype=torch.int64))",
    "torch.tril(torch.full((2, 3), float('inf')))", "torch.triu(torch.full((2, 3), float('nan')))",
    "torch.tril(torch.ones(0, 3)).shape", "torch.triu(torch.ones(2, 0, 3), 1).shape",
    "torch.tril(torch.ones(2, 3), out=torch.empty(7))", "torch.triu(torch.ones(3, 3), diagonal=-1, out=torch.empty(9))",
    "torch.ones(3, 3).tril_(1).tolist()", "torch.ones(3).tril_()",
    "torch.ones(2, 3, dtype=torch.complex128).tril(-1)", "torch.ones(2, 3, dtype=torch.complex64).triu_(1)",
    "torch.ones(3, 3, dtype=torch.bfloat16).triu(1)", "torch.ones(4, 4).transpose(0, 1).tril_(1).stride()",
])
def test_tril_triu_cases(expr):
    run(expr, check_stride=True)


# ---- complex / polar -------------------------------------------------------------------------------------------
@given(st.data(), st.sampled_from(["float32", "float64"]), st.sampled_from(["complex", "polar"]))
def test_complex_and_polar(data, dtype, name):
    s1, s2 = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4)).input_shapes
    a, b = data.draw(arrays(dtype, s1)), data.draw(arrays(dtype, s2))
    check(lambda lib, x, y: getattr(lib, name)(x, y), a, b, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("expr", [
    "torch.complex(torch.ones(2, dtype=torch.bfloat16), torch.ones(2, dtype=torch.bfloat16))",
    "torch.complex(torch.ones(2), torch.ones(2, dtype=torch.float64))",
    "torch.complex(torch.ones(2, dtype=torch.int64), torch.ones(2, dtype=torch.int64))",
    "torch.complex(torch.ones(2), torch.ones(3))", "torch.complex(torch.ones(2), 1.0)",
    "torch.complex(torch.ones(2), torch.ones(2), out=torch.empty(2, dtype=torch.complex128))",
    "torch.complex(torch.ones(2), torch.ones(2), out=torch.empty(2))",
    "torch.complex(torch.ones(2), torch.ones(2), out=torch.empty(5, dtype=torch.complex64))",
    "torch.complex(torch.ones(2), torch.ones(()))",
    "torch.polar(torch.ones(2), torch.ones(2, dtype=torch.float64))",
    "torch.polar(torch.ones(2, dtype=torch.int64), torch.ones(2, dtype=torch.int64))",
    "torch.polar(torch.ones(2, dtype=torch.float16), torch.ones(2, dtype=torch.float16))",
    "torch.polar(torch.full((2,), -2.), torch.tensor([0.5, 3.]))",
])
def test_complex_polar_cases(expr):
    run(expr)


@pytest.mark.parametrize("expr", [
    "torch.Tensor()", "torch.Tensor(2, 3).shape", "torch.Tensor((2, 3))", "torch.Tensor([1, 2])",
    "torch.Tensor(np.array([1, 2]))", "torch.Tensor(torch.Size([2])).shape", "torch.Tensor([[1.5]]).dtype"])
def test_legacy_constructor(expr):
    run(expr)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_default_device_kernels(dtype):
    """The kernels other device types use (cpu.py overrides them here) run on CPU values too: check them
    against NumPy so a device without a test machine still gets checked code."""
    from mindtorch._ops.registry import TABLES
    d = getattr(mindtorch, dtype)
    x = mindtorch.tensor((np.arange(24).reshape(2, 3, 4) % 5 + 1).tolist(), dtype=d)
    ref = np.asarray(x.to(mindtorch.float64).tolist() if dtype != "complex64" and dtype != "complex128" else x.tolist())
    for name, fn in (("tril", np.tril), ("triu", np.triu)):
        for diagonal in (-1, 0, 2):
            got = mindtorch.Tensor._make(TABLES["cuda"][name](x._ms, diagonal))
            assert got.dtype == d
            vals = got.tolist() if d.is_complex else got.to(mindtorch.float64).tolist()
            assert np.array_equal(np.asarray(vals), fn(ref, diagonal)), (name, diagonal)
    for value in (0, 1) + ((2.5,) if d.is_floating_point or d.is_complex else (3,) if dtype != "bool" else ()):
        got = mindtorch.Tensor._make(TABLES["cuda"]["full"]((2, 3), value, d._ms))
        assert got.dtype == d and got.shape == (2, 3)
        vals = got.tolist() if d.is_complex else got.to(mindtorch.float64).tolist()
        assert np.array_equal(np.asarray(vals), np.full((2, 3), value).astype(np.complex128 if d.is_complex else np.float64))
