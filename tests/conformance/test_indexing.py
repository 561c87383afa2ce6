"""Tensor.__getitem__ / __setitem__ against torch: random combinations of ints, slices with steps,
None, Ellipsis, Python bools, int lists, int tensors and arrays, bool masks; torch's result layout for
advanced indices, views for basic ones, copies for advanced ones, value broadcasting and dtype
conversion, duplicate indices, and torch's exception types."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from oracle import check, to_lib
from strategies import ALL_DTYPES, arrays, shapes

warnings.filterwarnings("ignore", message=".*non-tuple sequence.*")
warnings.filterwarnings("ignore", message=".*indexing with dtype torch.uint8.*")

DTYPES = ALL_DTYPES + ["complex64"]


# ---- index strategies -------------------------------------------------------------------------------
# An index is built from tagged items so each library gets its own tensors:
#   ("int", i) ("slice", s) ("none",) ("ellipsis",) ("bool", b) ("list", [...]) ("tensor", ndarray)
#   ("array", ndarray) ("mask", bool ndarray)

@st.composite
def index_items(draw, shape, allow_advanced=True, allow_errors=False):
    items = []
    dim = 0
    n_items = draw(st.integers(0, len(shape) + 2))
    for _ in range(n_items):
        left = len(shape) - dim
        choices = ["none", "bool"] if allow_advanced else ["none"]
        if left > 0 or allow_errors:
            choices += ["int", "slice", "slice"]
            if allow_advanced:
                choices += ["list", "tensor", "array", "mask"]
        kind = draw(st.sampled_from(choices))
        size = shape[dim] if dim < len(shape) else 1
        if kind == "none":
            items.append(("none",))
        elif kind == "bool":
            items.append(("bool", draw(st.booleans())))
        elif kind == "int":
            lo, hi = (-size - 2, size + 1) if allow_errors else (-size, size - 1)
            if hi < lo:
                continue
            items.append(("int", draw(st.integers(lo, hi))))
            dim += 1
        elif kind == "slice":
            start = draw(st.none() | st.integers(-size - 2, size + 2))
            stop = draw(st.none() | st.integers(-size - 2, size + 2))
            step = draw(st.sampled_from([None, 1, 2, 3]))
            items.append(("slice", slice(start, stop, step)))
            dim += 1
        elif kind == "mask":
            k = draw(st.integers(1, max(1, min(2, left))))
            mshape = tuple(shape[dim:dim + k]) if left >= k else (size,) * k
            if allow_errors and draw(st.integers(0, 9)) == 0:
                mshape = tuple(s + 1 for s in mshape)
            items.append(("mask", draw(arrays("bool", mshape))))
            dim += k
        else:
            lo, hi = (-size - 1, size) if allow_errors else (-size, size - 1)
            if hi < lo:
                continue
            ishape = draw(st.sampled_from([(0,), (1,), (2,), (3,), (2, 2), (1, 3), ()] if kind != "list" else
                                          [(0,), (1,), (2,), (3,), (2, 2)]))
            arr = np.array(draw(st.lists(st.integers(lo, hi), min_size=int(np.prod(ishape)),
                                         max_size=int(np.prod(ishape)))), dtype=np.int64).reshape(ishape)
            if kind == "list":
                items.append(("list", arr.tolist()))
            elif kind == "tensor":
                items.append(("tensor", arr.astype(draw(st.sampled_from([np.int64, np.int32])))))
            else:
                items.append(("array", arr))
            dim += 1
    # Ellipsis stands for the dims no item took: at the end, or anywhere when the items take them all
    if draw(st.booleans()):
        pos = draw(st.integers(0, len(items))) if dim == len(shape) else len(items)
        items.insert(pos, ("ellipsis",))
    as_tuple = len(items) != 1 or draw(st.booleans())
    return items, as_tuple


def build(lib, items, as_tuple):
    out = []
    for item in items:
        kind = item[0]
        if kind == "int" or kind == "slice":
            out.append(item[1])
        elif kind == "none":
            out.append(None)
        elif kind == "ellipsis":
            out.append(Ellipsis)
        elif kind == "bool":
            out.append(item[1])
        elif kind == "list":
            out.append(list(item[1]))
        elif kind in ("tensor", "mask"):
            out.append(lib.from_numpy(item[1].copy()))
        elif kind == "array":
            out.append(item[1].copy())
    return tuple(out) if as_tuple else out[0]


@st.composite
def indexed_array(draw, allow_advanced=True, allow_errors=False, dtypes=DTYPES):
    dtype = draw(st.sampled_from(dtypes))
    a = draw(arrays(dtype if dtype != "complex64" else "float32", shapes(min_dims=0, max_dims=4, max_side=4)))
    if dtype == "complex64":
        a = np.asarray(a + 1j * a[::-1] if a.ndim else a + 1j).astype(np.complex64)
    items, as_tuple = draw(index_items(a.shape, allow_advanced, allow_errors))
    return a, dtype, items, as_tuple


def cast_dtype(dtype):
    return "bfloat16" if dtype == "bfloat16" else None


# ---- getitem -----------------------------------------------------------------------------------------
@given(indexed_array())
def test_getitem_matches_torch(case):
    a, dtype, items, as_tuple = case
    basic = all(i[0] in ("int", "slice", "none", "ellipsis") for i in items)

    def fn(lib, x):
        y = x[build(lib, items, as_tuple)]
        return y, y.is_contiguous()
    # Strides are compared for views (basic indexing). Advanced results are new tensors whose strides
    # torch's TensorIterator picks (odd ones in degenerate sizes); contiguity is compared for them.
    # (torch.from_numpy gives zero-size arrays zero strides, mindtorch contiguous ones: not compared.)
    check(fn, a, dtype=cast_dtype(dtype), check_stride=basic and a.size > 0)


@given(indexed_array(allow_errors=True))
def test_getitem_errors_match_torch(case):
    a, dtype, items, as_tuple = case
    check(lambda lib, x: x[build(lib, items, as_tuple)], a, dtype=cast_dtype(dtype))


@given(indexed_array(allow_advanced=False))
def test_basic_getitem_is_a_view_that_sees_writes(case):
    a, dtype, items, as_tuple = case

    def fn(lib, x):
        v = x[build(lib, items, as_tuple)]
        before = v.tolist()
        x[...] = 0
        return before, v, v.storage_offset() if x.numel() else 0
    check(fn, a, dtype=cast_dtype(dtype), check_stride=a.size > 0)


def test_advanced_getitem_is_a_copy():
    def fn(lib, x):
        y = x[[0, 1]]
        z = x[x > 2]
        x[...] = 0
        return y, z, x
    check(fn, np.arange(12, dtype=np.float32).reshape(3, 4))


def test_getitem_of_a_view_and_a_noncontiguous_tensor():
    def fn(lib, x):
        t = x.transpose(0, 1)
        return t[[0, 2], 1:], t[t > 4], t[1][::2], t[:, None, [1, 0]], x[1:][:, [0, 3]]
    check(fn, np.arange(12, dtype=np.float32).reshape(3, 4))


@pytest.mark.parametrize("index", [
    lambda lib: 1.5, lambda lib: "a", lambda lib: lib.tensor([1.0]), lambda lib: lib.tensor([1], dtype=lib.int8),
    lambda lib: lib.tensor(1.0), lambda lib: (0, 0, 0), lambda lib: (Ellipsis, Ellipsis),
    lambda lib: lib.tensor([True, False, True]), lambda lib: ([0, 1], [0, 1, 2]), lambda lib: slice(None, None, -1),
    lambda lib: slice(None, None, 0), lambda lib: [5], lambda lib: lib.tensor([-4]), lambda lib: (0, lib.tensor(7)),
    lambda lib: [1.7], lambda lib: [True, 1], lambda lib: [[True, False], [False, True]], lambda lib: None,
    lambda lib: lib.tensor(1, dtype=lib.uint8), lambda lib: lib.tensor(1, dtype=lib.int8),
    lambda lib: np.array([[0, 1], [1, 0]]), lambda lib: np.array([1.0]), lambda lib: np.int64(1),
    lambda lib: [lib.tensor(0), 1], lambda lib: lib.tensor([1, 0], dtype=lib.uint8),
])
def test_getitem_special_indices(index):
    check(lambda lib, x: x[index(lib)], np.arange(12, dtype=np.float32).reshape(3, 4))
    check(lambda lib, x: x[index(lib)], np.array(5.0, dtype=np.float32))


# ---- setitem -----------------------------------------------------------------------------------------
@st.composite
def assignments(draw, allow_advanced=True):
    a, dtype, items, as_tuple = draw(indexed_array(allow_advanced=allow_advanced))
    x = to_lib(torch, a, cast_dtype(dtype))
    try:
        result_shape = tuple(x[build(torch, items, as_tuple)].shape)
    except Exception:  # noqa: BLE001  an invalid index: any value, the error is compared
        result_shape = (2,)
    kind = draw(st.sampled_from(["scalar", "tensor", "tensor", "one"]))
    if kind == "scalar":
        if dtype == "bool":
            value = draw(st.booleans())
        elif dtype in ("float32", "float64", "float16", "bfloat16", "complex64"):
            value = draw(st.floats(-8, 8, width=16))
        else:
            value = draw(st.integers(0, 100))
        return a, dtype, items, as_tuple, value
    shape = list(result_shape[draw(st.integers(0, len(result_shape))):])
    shape = [1 if draw(st.booleans()) else s for s in shape]
    if kind == "one" or draw(st.integers(0, 4)) == 0:
        shape = [1] * draw(st.integers(0, 3)) + shape
    if kind == "one":
        shape = [1] * len(shape)
    value_dtype = dtype
    basic = all(i[0] in ("int", "slice", "none", "ellipsis") for i in items)
    if basic and draw(st.booleans()):
        value_dtype = draw(st.sampled_from(["float32", "int64", "bool"]))
    v = draw(arrays(value_dtype if value_dtype != "complex64" else "float32", tuple(shape)))
    if value_dtype == "complex64":
        v = v.astype(np.complex64)
    return a, dtype, items, as_tuple, (v, value_dtype)


@given(assignments())
def test_setitem_matches_torch(case):
    a, dtype, items, as_tuple, value = case

    def fn(lib, x):
        alias = x.view(-1) if x.dim() else x[...]
        if isinstance(value, tuple):
            v = lib.from_numpy(value[0].copy())
            if value[1] == "bfloat16":
                v = v.to(lib.bfloat16)
        else:
            v = value
        x[build(lib, items, as_tuple)] = v
        return x, alias
    check(fn, a, dtype=cast_dtype(dtype))


@given(assignments())
def test_setitem_through_a_view_reaches_the_base(case):
    a, dtype, items, as_tuple, value = case
    if a.ndim == 0:
        return

    def fn(lib, x):
        view = x.transpose(0, -1)[...]
        if isinstance(value, tuple):
            v = lib.from_numpy(value[0].copy())
            if value[1] == "bfloat16":
                v = v.to(lib.bfloat16)
        else:
            v = value
        try:
            view[build(lib, items, as_tuple)] = v
        except (RuntimeError, IndexError):  # an index or value meant for x's layout, not the view's
            return "refused"
        return x, view
    check(fn, a, dtype=cast_dtype(dtype))


def test_setitem_duplicate_indices_last_write_wins():
    def fn(lib, x):
        x[[0, 1, 0, 0]] = lib.tensor([[1.0] * 4, [2.0] * 4, [3.0] * 4, [4.0] * 4])
        x[1, [3, 3, 3]] = lib.tensor([7.0, 8.0, 9.0])
        x[lib.tensor([[2, 2], [2, 2]]), lib.tensor([0, 0])] = lib.arange(4.0).reshape(2, 2)
        return x
    check(fn, np.zeros((3, 4), np.float32))


def test_index_put_accumulates_duplicates():
    def fn(lib, x):
        x.index_put_((lib.tensor([0, 0, 2, 0]),), lib.tensor([1.0, 2.0, 3.0, 4.0]), accumulate=True)
        x.index_put_((lib.tensor([1, 1]), lib.tensor([0, 0])), lib.tensor(5.0), accumulate=True)
        return x
    check(fn, np.zeros((3, 1), np.float32).reshape(3, 1)[:, 0].copy().reshape(3))
    check(lambda lib, x: x.index_put((lib.tensor([1, 1]), lib.tensor([0, 0])), lib.tensor(5.0), accumulate=True),
          np.zeros((3, 2), np.float32))


@pytest.mark.parametrize("dtype", ["float32", "int64", "int32", "int8", "uint8", "bool", "float16", "bfloat16",
                                   "float64", "complex64"])
@pytest.mark.parametrize("value", [2.7, -1, 300, 1e39, 1e300, float("inf"), float("nan"), True, 1 + 2j, 3j * 0,
                                   2 ** 40, 2 ** 70])
def test_setitem_python_scalar_conversion(dtype, value):
    def fn(lib, x):
        x[0] = value
        x[[1]] = value
        x[lib.from_numpy(np.array([[True, False], [False, False], [True, True]]))] = value
        return x
    check(fn, np.zeros((3, 2), np.float32), dtype=dtype)


@pytest.mark.parametrize("value", [lambda lib: np.ones(2), lambda lib: [1.0, 2.0], lambda lib: None,
                                   lambda lib: np.float32(1.5), lambda lib: np.int64(3), lambda lib: np.float64(2.5),
                                   lambda lib: lib.ones(2, 2), lambda lib: lib.ones(3, 1, 2),
                                   lambda lib: lib.ones(1, 1, 2), lambda lib: lib.tensor([1, 2]),
                                   lambda lib: lib.tensor(7), lambda lib: lib.tensor([[1 + 1j, 2]])])
@pytest.mark.parametrize("index", [lambda lib: 0, lambda lib: [0], lambda lib: lib.tensor([True, False, True]),
                                   lambda lib: (slice(None), [1, 0]), lambda lib: False, lambda lib: True,
                                   lambda lib: Ellipsis, lambda lib: (None, 1)])
def test_setitem_value_kinds_and_errors(index, value):
    def fn(lib, x):
        x[index(lib)] = value(lib)
        return x
    check(fn, np.arange(6, dtype=np.float32).reshape(3, 2))


def test_setitem_bool_mask_fill_is_cast_like_torch():
    def fn(lib, x):
        x[x > 3] = lib.tensor(1.5, dtype=lib.float64)
        x[:, lib.tensor([True, False])] = lib.tensor([[9]])
        return x
    check(fn, np.arange(6, dtype=np.int64).reshape(3, 2))


def test_setitem_overlapping_and_expanded_values():
    def fn(lib, x):
        x[0] = x[1]
        x[:, 0] = x[:, 1]
        x[2] = lib.ones(3).expand(2, 3)[0]
        return x
    check(fn, np.arange(9, dtype=np.float32).reshape(3, 3))


def test_setitem_zero_size_and_0dim():
    def fn(lib, x, s):
        x[1:1] = 5.0
        x[[]] = 5.0
        x[x > 100] = lib.ones(0)
        s[...] = 3.0
        s[None] = 4.0
        s[True] = 5.0
        return x, s
    check(fn, np.zeros((2, 0, 3), np.float32), np.array(1.0, np.float32))


def test_getitem_large_bool_mask_and_index():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((64, 33)).astype(np.float32)
    check(lambda lib, x: (x[x > 0], x[:, x[0] > 0], x[lib.arange(63, -1, -2)], x[[5, -5]][:, [1, 2, 3]]), a)
