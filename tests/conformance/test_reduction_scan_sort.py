"""Scans and order statistics against torch: cumsum/cumprod/cummax/cummin/logcumsumexp, sort/argsort/msort,
topk, kthvalue, median/nanmedian, mode, unique/unique_consecutive, bincount, histc, quantile, diff."""
import math

import numpy as np
import pytest
import torch
import mindtorch
from hypothesis import given, strategies as st, assume
from hypothesis.extra import numpy as hnp

from oracle import check, to_lib, assert_same
from strategies import ALL_DTYPES, FLOAT_DTYPES, INT_DTYPES, NP
from test_reduction import tensor_case, prep, run, NAN

NUMERIC = FLOAT_DTYPES + INT_DTYPES


def axis(data, ndim, out_of_range=True):
    n = max(ndim, 1)
    lo, hi = (-n - 1, n) if out_of_range and data.draw(st.integers(0, 9)) == 0 else (-n, n - 1)
    return data.draw(st.integers(lo, hi))


@st.composite
def distinct_case(draw, dtypes=("float32", "float64", "int64", "int32"), min_dims=1, max_dims=3, max_side=4):
    """Arrays of distinct values (order statistics' indices are then fully specified)."""
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side))
    n = int(np.prod(shape))
    vals = draw(st.permutations(list(range(-(n // 2), n - n // 2))))
    a = (np.array(vals, dtype=np.float64).reshape(shape) * (0.5 if dtype.startswith("float") else 1)).astype(NP[dtype])
    return dtype, a, draw(st.booleans())


# ---- scans ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["cumsum", "cumprod", "cummax", "cummin", "logcumsumexp"])
@given(data=st.data())
def test_scans(name, data):
    dtypes = FLOAT_DTYPES if name == "logcumsumexp" else ALL_DTYPES
    case = data.draw(tensor_case(dtypes, nan=True, inf=name in ("logcumsumexp", "cummax", "cummin"), max_side=5))
    dim = axis(data, case[1].ndim)

    def fn(lib, x):
        r = getattr(lib, name)(x, dim)
        if name in ("cummax", "cummin"):
            assert type(r).__name__ == name
        return r
    run(fn, case, rtol=1e-3, atol=1e-3)


def test_scan_methods_inplace_and_out():
    a = np.array([[1, 2, 3], [4, 5, 6]], np.int32)

    def fn(lib, x):
        y = x.clone()
        y.cumsum_(1)
        z = x.float()
        z.cumprod_(0)
        out = lib.empty(0, dtype=lib.int64)
        lib.cumsum(x, 0, out=out)
        v, i = lib.empty(0, dtype=lib.int32), lib.empty(0, dtype=lib.int64)
        lib.cummax(x, 1, out=(v, i))
        return y, z, out, v, i, x.cumsum(-1, dtype=lib.float64), x.logcumsumexp(0) if x.is_floating_point() else x
    check(fn, a)
    check(lambda lib, x: lib.logcumsumexp(x, 0), a)  # ints: torch raises


def test_logcumsumexp_infinities():
    a = np.array([[math.inf, math.inf, 1.], [-math.inf, -math.inf, 2.], [-math.inf, 1., math.inf],
                  [1., NAN, 2.], [-1000., 0., 1000.]], np.float32)
    check(lambda lib, x: lib.logcumsumexp(x, 1), a)


# ---- sort, argsort, msort ------------------------------------------------------------------------------
@given(data=st.data())
def test_sort_stable_with_ties_and_nan(data):
    case = data.draw(tensor_case(ALL_DTYPES, nan=True, inf=True, max_side=6))
    dim = axis(data, case[1].ndim)
    descending = data.draw(st.booleans())
    form = data.draw(st.sampled_from(["sort", "sort_kw", "argsort", "method"]))

    def fn(lib, x):
        if form == "sort":
            r = lib.sort(x, dim=dim, descending=descending, stable=True)
            assert type(r).__name__ == "sort"
            return r
        if form == "sort_kw":
            return lib.sort(x, stable=True, dim=dim, descending=descending)
        if form == "argsort":
            return lib.argsort(x, dim=dim, descending=descending, stable=True)
        return x.sort(dim=dim, descending=descending, stable=True).values, x.argsort(dim=dim, stable=True)
    run(fn, case)


@given(data=st.data())
def test_sort_default_and_msort(data):
    case = data.draw(distinct_case(max_dims=3))
    dim = axis(data, case[1].ndim, out_of_range=False)
    run(lambda lib, x: (lib.sort(x, dim), lib.argsort(x, dim, True), lib.msort(x), x.msort()), case)


def test_sort_argument_forms():
    a = np.array([2., 1., 2.], np.float32)
    check(lambda lib, x: lib.sort(x, 0, stable=True), a)
    check(lambda lib, x: lib.argsort(x, 0, True, stable=True), a)
    check(lambda lib, x: (lib.sort(x, 0, True), x.sort(0), lib.argsort(x, -1, True), x.argsort(stable=True)), a)


def test_sort_out():
    def fn(lib, x):
        v, i = lib.empty(0), lib.empty(0, dtype=lib.int64)
        r = lib.sort(x, 0, out=(v, i))
        return r, v, i
    check(fn, np.array([[3., 1.], [NAN, 0.]], np.float32))


# ---- topk, kthvalue ------------------------------------------------------------------------------------
@given(data=st.data())
def test_topk_distinct(data):
    case = data.draw(distinct_case(dtypes=("float32", "float64", "int64", "int32", "int16", "bfloat16", "float16")))
    ndim = case[1].ndim
    dim = axis(data, ndim, out_of_range=False)
    k = data.draw(st.integers(0, case[1].shape[dim] + (1 if data.draw(st.integers(0, 9)) == 0 else 0)))
    largest = data.draw(st.booleans())

    def fn(lib, x):
        r = lib.topk(x, k, dim, largest)
        assert type(r).__name__ == "topk"
        return r, x.topk(k, dim=dim, largest=largest, sorted=True)
    run(fn, case)


@given(data=st.data())
def test_topk_ties_and_nan_values(data):
    """With ties torch's indices are unspecified: values must match, indices must point at them."""
    case = data.draw(tensor_case(["float32", "int64"], min_dims=1, min_side=1, nan=True, max_side=6))
    dtype, a, nc = case
    dim = axis(data, a.ndim, out_of_range=False)
    k = data.draw(st.integers(0, a.shape[dim]))
    largest = data.draw(st.booleans())
    expected = torch.topk(torch.from_numpy(a), k, dim, largest)
    x = prep(mindtorch, mindtorch.from_numpy(a.copy()), nc)
    got = mindtorch.topk(x, k, dim, largest)
    assert_same(expected.values, got.values)
    assert_same(torch.gather(torch.from_numpy(a), dim, torch.from_numpy(got.indices.numpy())), got.values)


@given(data=st.data())
def test_kthvalue(data):
    case = data.draw(distinct_case(dtypes=("float32", "float64", "int64", "int32", "bfloat16")))
    ndim = case[1].ndim
    dim = axis(data, ndim, out_of_range=False)
    k = data.draw(st.integers(0, case[1].shape[dim] + 1))
    keepdim = data.draw(st.booleans())

    def fn(lib, x):
        r = lib.kthvalue(x, k, dim, keepdim)
        assert type(r).__name__ == "kthvalue"
        return r
    run(fn, case)


# ---- median, nanmedian, mode ---------------------------------------------------------------------------
@given(data=st.data())
def test_median_global_with_ties_and_nan(data):
    case = data.draw(tensor_case(FLOAT_DTYPES + INT_DTYPES, nan=True))
    run(lambda lib, x: (lib.median(x), lib.nanmedian(x), x.median()), case)


@given(data=st.data())
def test_median_dim_distinct(data):
    case = data.draw(distinct_case())
    dim = axis(data, case[1].ndim)
    keepdim = data.draw(st.booleans())

    def fn(lib, x):
        r = lib.median(x, dim, keepdim)
        assert type(r).__name__ == "median"
        n = x.nanmedian(dim, keepdim=keepdim)
        assert type(n).__name__ == "nanmedian"
        return r, n
    run(fn, case)


def test_median_dim_nan():
    a = np.array([[1., NAN, 2., NAN], [3., 1., 2., 0.], [NAN, 7., NAN, NAN], [4., NAN, 5., 6.]], np.float32)
    check(lambda lib, x: (lib.median(x, 1), lib.nanmedian(x, 1), lib.median(x.transpose(0, 1), 0, True)), a)
    # an all-NaN slice: NaN (torch's index there comes from nth_element and is unspecified)
    check(lambda lib, x: (lib.nanmedian(x, 1).values, lib.nanmedian(x)), np.full((2, 4), NAN, np.float32))


@given(data=st.data())
def test_mode(data):
    case = data.draw(tensor_case(["int64", "int32", "uint8", "float32", "float64"], min_dims=0, max_dims=3,
                                 max_side=5))
    dim = axis(data, case[1].ndim)
    keepdim = data.draw(st.booleans())

    def fn(lib, x):
        r = lib.mode(x, dim, keepdim)
        assert type(r).__name__ == "mode"
        return r
    run(fn, case)


# ---- unique, unique_consecutive ------------------------------------------------------------------------
@given(data=st.data())
def test_unique(data):
    case = data.draw(tensor_case(ALL_DTYPES, nan=True, max_dims=3))
    ndim = case[1].ndim
    inverse, counts = data.draw(st.booleans()), data.draw(st.booleans())
    dim = data.draw(st.none() | st.integers(-max(ndim, 1), max(ndim, 1) - 1))
    consecutive = data.draw(st.booleans())
    if dim is not None and case[0] in FLOAT_DTYPES:
        assume(not np.isnan(case[1]).any())  # torch's unique(dim=) NaN order is unspecified

    def fn(lib, x):
        if consecutive:
            return lib.unique_consecutive(x, return_inverse=inverse, return_counts=counts, dim=dim)
        return lib.unique(x, sorted=True, return_inverse=inverse, return_counts=counts, dim=dim)
    run(fn, case)


def test_unique_methods():
    a = np.array([[2, 1, 2], [2, 1, 2], [0, 0, 1]], np.int64)
    check(lambda lib, x: (x.unique(), x.unique(return_counts=True, dim=0), x.unique_consecutive(dim=1),
                          x.unique(sorted=False)), a)


# ---- bincount, histc -----------------------------------------------------------------------------------
@given(data=st.data())
def test_bincount(data):
    n = data.draw(st.integers(0, 8))
    a = np.array(data.draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)), np.int64)
    wdtype = data.draw(st.sampled_from([None, "float32", "float64", "float16", "int64"]))
    w = np.array(data.draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n)), np.float32)
    minlength = data.draw(st.integers(0, 9))
    itype = data.draw(st.sampled_from(["int64", "int32", "uint8"]))

    def fn(lib, x, wt):
        x = x.to(getattr(lib, itype))
        if wdtype is None:
            return lib.bincount(x, minlength=minlength)
        return x.bincount(wt.to(getattr(lib, wdtype)), minlength)
    check(fn, a, w)


def test_bincount_errors():
    check(lambda lib, x: lib.bincount(x), np.array([1, -1], np.int64))
    check(lambda lib, x: lib.bincount(x), np.array([[1]], np.int64))
    check(lambda lib, x: lib.bincount(x.float()), np.array([1], np.int64))
    check(lambda lib, x: lib.bincount(x, minlength=-1), np.array([1], np.int64))


@given(data=st.data())
def test_histc(data):
    case = data.draw(tensor_case(["float32", "float64"], max_side=6, inf=False))
    bins = data.draw(st.integers(1, 7))
    lo = data.draw(st.sampled_from([0, -3, -2.5, 1]))
    hi = data.draw(st.sampled_from([0, 3, 4.5, 1]))
    if lo > hi:
        lo, hi = hi, lo
    run(lambda lib, x: (lib.histc(x, bins, lo, hi), x.histc(bins=bins)), case)


def test_histc_errors_and_dtypes():
    a = np.array([1., 2., 3.], np.float32)
    check(lambda lib, x: lib.histc(x.long(), 3), a)
    check(lambda lib, x: lib.histc(x, 3, 5, 1), a)
    check(lambda lib, x: lib.histc(x, 0), a)
    check(lambda lib, x: lib.histc(x, 4, out=lib.empty(0)), a)


# ---- quantile, nanquantile -----------------------------------------------------------------------------
@given(data=st.data())
def test_quantile(data):
    case = data.draw(tensor_case(["float32", "float64"], nan=True, max_dims=3))
    ndim = case[1].ndim
    dim = data.draw(st.none() | st.integers(-max(ndim, 1), max(ndim, 1) - 1))
    keepdim = data.draw(st.booleans())
    q = data.draw(st.sampled_from([0.0, 0.25, 0.5, 0.3, 1.0, [0.1, 0.5, 0.9], [0.75], 1.5]))
    interpolation = data.draw(st.sampled_from(["linear", "lower", "higher", "midpoint", "nearest"]))
    name = data.draw(st.sampled_from(["quantile", "nanquantile"]))
    qarr = np.array(q, dtype=NP[case[0]])

    def fn(lib, x, qt):
        x = prep(lib, x, case[2])
        qq = qt if isinstance(q, list) else q
        return getattr(lib, name)(x, qq, dim, keepdim, interpolation=interpolation)
    check(fn, case[1], qarr, rtol=1e-5, atol=1e-5)


# ---- diff ----------------------------------------------------------------------------------------------
@given(data=st.data())
def test_diff(data):
    case = data.draw(tensor_case(ALL_DTYPES, min_dims=0, max_side=4))
    ndim = case[1].ndim
    dim = axis(data, ndim)
    n = data.draw(st.integers(0, 4))
    extra = data.draw(st.sampled_from([None, "prepend", "append", "both"]))

    def fn(lib, x):
        kw = {}
        if extra and x.dim():
            side = list(x.shape)
            side[dim % x.dim()] = 2
            e = lib.ones(side).to(x.dtype)
            if extra in ("prepend", "both"):
                kw["prepend"] = e
            if extra in ("append", "both"):
                kw["append"] = e
        return lib.diff(x, n, dim, **kw)
    run(fn, case)


def test_diff_promotion_and_errors():
    a = np.array([[1, 2, 4], [7, 11, 16]], np.uint8)
    check(lambda lib, x: lib.diff(x, prepend=x[:, :1].to(lib.int8), append=x[:, :2].float()), a)
    check(lambda lib, x: lib.diff(x.bool(), dim=0, append=x[:1].long()), a)
    check(lambda lib, x: lib.diff(x, prepend=x[0]), a)
    check(lambda lib, x: lib.diff(x, dim=0, prepend=x[:, :2]), a)
    check(lambda lib, x: lib.diff(x, prepend=1), a)
    check(lambda lib, x: lib.diff(x[0, 0]), a)
    check(lambda lib, x: x.diff(2, 0), a)
