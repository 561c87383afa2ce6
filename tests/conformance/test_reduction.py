"""Reductions against torch: sum/mean/prod/amax/all/var/logsumexp/norm/... over dims (None, int, tuple,
negative), keepdim, every dtype, 0-dim, zero-size and non-contiguous inputs, NaN, ties, errors."""
import math

import numpy as np
import pytest
import torch
import mindtorch
from hypothesis import given, strategies as st, settings
from hypothesis.extra import numpy as hnp

from oracle import check, to_lib
from strategies import ALL_DTYPES, FLOAT_DTYPES, INT_DTYPES, NP, non_contiguous

NAN = float("nan")


def values(dtype, nan=False, inf=False):
    """Elements with many ties (small integers, halves), and NaN/inf where asked."""
    if dtype == "bool":
        return st.booleans()
    if dtype in INT_DTYPES:
        lo = 0 if dtype == "uint8" else -4
        return st.integers(lo, 5)
    base = st.integers(-6, 6).map(float) | st.sampled_from([0.5, -2.5, 1.25, 3.75])
    extra = []
    if nan:
        extra.append(st.just(NAN))
    if inf:
        extra.append(st.sampled_from([math.inf, -math.inf]))
    return st.one_of(base, *extra) if extra else base


@st.composite
def tensor_case(draw, dtypes=ALL_DTYPES, min_dims=0, max_dims=4, min_side=0, max_side=4, nan=False, inf=False):
    """(dtype name, array, non-contiguous?)"""
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side))
    use_nan = nan and dtype in FLOAT_DTYPES and draw(st.booleans())
    use_inf = inf and dtype in FLOAT_DTYPES and draw(st.booleans())
    a = draw(hnp.arrays(NP[dtype], shape, elements=values(dtype, use_nan, use_inf)))
    return dtype, a, draw(st.booleans())


@st.composite
def dims_for(draw, ndim, allow_tuple=True, allow_none=True):
    """None, an int (negative too) or a tuple of distinct dims; sometimes out of range."""
    n = max(ndim, 1)
    opts = [st.integers(-n, n - 1)]
    if allow_none:
        opts.append(st.none())
    if allow_tuple and ndim > 0:
        opts.append(st.lists(st.integers(-ndim, ndim - 1), min_size=0, max_size=ndim, unique_by=lambda d: d % ndim)
                    .map(tuple))
    if draw(st.integers(0, 19)) == 0:
        return draw(st.sampled_from([n, -n - 1]))  # out of range: IndexError
    return draw(st.one_of(*opts))


def prep(lib, x, nc):
    return non_contiguous(lib, x) if nc else x


def run(fn, case, **kw):
    dtype, a, nc = case
    return check(lambda lib, x: fn(lib, prep(lib, x, nc)), a, dtype=dtype, **kw)


# ---- reductions over dims -----------------------------------------------------------------------------
def _call(name, dim, keepdim, **kw):
    def fn(lib, x):
        f = getattr(lib, name)
        if dim is None and not keepdim:
            return f(x, **kw)
        return f(x, dim, keepdim, **kw)
    return fn


DIM_REDUCTIONS = {
    "sum": ALL_DTYPES, "nansum": ALL_DTYPES, "mean": ALL_DTYPES, "nanmean": ALL_DTYPES, "amax": ALL_DTYPES,
    "amin": ALL_DTYPES, "all": ALL_DTYPES, "any": ALL_DTYPES, "logsumexp": ALL_DTYPES, "var": ALL_DTYPES,
    "std": ALL_DTYPES,
}


@pytest.mark.parametrize("name", sorted(DIM_REDUCTIONS))
@given(data=st.data())
def test_reduction_over_dims(name, data):
    case = data.draw(tensor_case(DIM_REDUCTIONS[name], nan=name not in ("sum", "mean", "var", "std"),
                                 inf=name == "logsumexp"))
    dim = data.draw(dims_for(case[1].ndim, allow_none=name != "logsumexp"))
    keepdim = data.draw(st.booleans())
    if name == "logsumexp" and dim == ():
        dim = tuple(range(case[1].ndim))  # torch's logsumexp over dim=() fails on some shapes
    run(_call(name, dim, keepdim), case)


@given(data=st.data())
def test_reduction_methods_and_out(data):
    dtype, a, nc = data.draw(tensor_case(["float32", "int32", "bool", "float64"], min_dims=1))
    name = data.draw(st.sampled_from(["sum", "amax", "amin", "all", "any", "nansum", "logsumexp"]))
    dim = data.draw(dims_for(a.ndim, allow_none=False))
    if name == "logsumexp" and dim == ():
        dim = 0  # torch's logsumexp over dim=() fails on some shapes

    def fn(lib, x):
        x = prep(lib, x, nc)
        r = getattr(x, name)(dim=dim, keepdim=True)
        out = lib.empty(0, dtype=r.dtype)
        r2 = getattr(lib, name)(x, dim, out=out)
        return r, r2, out
    check(fn, a, dtype=dtype)


@given(data=st.data())
def test_sum_mean_dtype_argument(data):
    dtype, a, nc = data.draw(tensor_case(ALL_DTYPES))
    target = data.draw(st.sampled_from(["float32", "float64", "int64", "int32", "float16"]))
    dim = data.draw(dims_for(a.ndim))
    name = data.draw(st.sampled_from(["sum", "mean", "nansum", "prod", "cumsum", "cumprod"]))

    def fn(lib, x):
        x = prep(lib, x, nc)
        f = getattr(lib, name)
        dt = getattr(lib, target)
        if name in ("cumsum", "cumprod"):
            return f(x, dim if isinstance(dim, int) else 0, dtype=dt)
        if name == "prod":
            return f(x, dim, dtype=dt) if isinstance(dim, int) else f(x, dtype=dt)
        return f(x, dim, dtype=dt)
    check(fn, a, dtype=dtype, rtol=1e-3, atol=1e-3)


def test_half_sums_accumulate_in_float32():
    """float16 accumulation would stall (2048 + 1 == 2048, 256 + 0.1 == 256); torch accumulates in float32."""
    for a in (np.full((4, 2500), 0.1, np.float32), np.ones((3, 5000), np.float32)):
        for dt in ("float16", "bfloat16"):
            check(lambda lib, x: (x.sum(), x.sum(1), x.mean(), x.mean(0), x.cumsum(1)[:, -1], x.nansum(0),
                                  x.nanmean(1), x.norm(1, 1), x.norm(), x.norm(dim=0), x.logsumexp(1), x.count_nonzero(1)), a, dtype=dt)


@given(data=st.data())
def test_prod(data):
    case = data.draw(tensor_case(ALL_DTYPES, max_side=3, nan=True))
    keepdim = data.draw(st.booleans())
    dim = data.draw(st.none() | st.integers(-max(case[1].ndim, 1), max(case[1].ndim, 1) - 1))
    run(lambda lib, x: lib.prod(x) if dim is None else lib.prod(x, dim, keepdim), case, rtol=1e-3)


@given(data=st.data())
def test_count_nonzero(data):
    case = data.draw(tensor_case(ALL_DTYPES, nan=True))
    dim = data.draw(dims_for(case[1].ndim))
    run(lambda lib, x: lib.count_nonzero(x, dim) if dim is not None else x.count_nonzero(), case)


# ---- var/std: correction, unbiased, var_mean/std_mean -------------------------------------------------
@given(data=st.data())
def test_var_std_correction_and_unbiased(data):
    case = data.draw(tensor_case(FLOAT_DTYPES + ["int64"], max_side=3))
    dim = data.draw(dims_for(case[1].ndim))
    keepdim = data.draw(st.booleans())
    form = data.draw(st.sampled_from(["correction", "unbiased", "positional", "bool_only", "var_mean", "std_mean"]))
    corr = data.draw(st.sampled_from([0, 1, 2, 0.5]))
    unbiased = data.draw(st.booleans())

    def fn(lib, x):
        x = prep(lib, x, nc=case[2])
        if form == "correction":
            return lib.var(x, dim, correction=corr, keepdim=keepdim), x.std(dim, correction=corr, keepdim=keepdim)
        if form == "unbiased":
            return lib.std(x, dim, unbiased=unbiased, keepdim=keepdim)
        if form == "positional":
            return lib.var(x, dim, unbiased, keepdim) if dim is not None else lib.var(x, unbiased)
        if form == "bool_only":
            return lib.std(x, unbiased)
        return getattr(lib, form)(x, dim, correction=corr, keepdim=keepdim)
    check(fn, case[1], dtype=case[0], rtol=1e-4, atol=1e-5)


def test_var_errors():
    x = np.ones((2, 3), np.float32)
    check(lambda lib, t: lib.var(t, 0, unbiased=True, correction=1), x)
    check(lambda lib, t: lib.var(t.long()), x)
    check(lambda lib, t: lib.var(t[:, :1], 1), x)  # N - correction = 0: nan
    check(lambda lib, t: lib.var(t, 1, correction=5), x)  # inf


# ---- max/min, argmax/argmin, aminmax: values, first index on ties, NaN --------------------------------
@given(data=st.data())
def test_max_min_with_dim(data):
    case = data.draw(tensor_case(ALL_DTYPES, nan=True))
    ndim = case[1].ndim
    dim = data.draw(st.integers(-max(ndim, 1) - 1, max(ndim, 1)))
    keepdim = data.draw(st.booleans())
    name = data.draw(st.sampled_from(["max", "min"]))

    def fn(lib, x):
        r = getattr(lib, name)(x, dim, keepdim)
        m = getattr(x, name)(dim=dim, keepdim=keepdim)
        assert type(r).__name__ == name and r.values is r[0] and r.indices is r[1]
        return r, m
    run(fn, case)


@given(data=st.data())
def test_max_min_full_and_argmax(data):
    case = data.draw(tensor_case(ALL_DTYPES, nan=True))
    ndim = case[1].ndim
    dim = data.draw(st.none() | st.integers(-max(ndim, 1), max(ndim, 1) - 1))
    keepdim = data.draw(st.booleans())
    name = data.draw(st.sampled_from(["max", "min", "argmax", "argmin"]))

    def fn(lib, x):
        f = getattr(lib, name)
        if name in ("max", "min"):
            return f(x)
        return f(x, dim, keepdim)
    run(fn, case)


@given(data=st.data())
def test_aminmax(data):
    case = data.draw(tensor_case(ALL_DTYPES, nan=True))
    ndim = case[1].ndim
    dim = data.draw(st.none() | st.integers(-max(ndim, 1), max(ndim, 1) - 1))
    keepdim = data.draw(st.booleans())

    def fn(lib, x):
        r = lib.aminmax(x, dim=dim, keepdim=keepdim)
        assert type(r).__name__ == "aminmax"
        return r.min, r.max
    run(fn, case)


def test_max_binary_form_and_out():
    a = np.array([[1., NAN, 3.], [4., 0., -1.]], np.float32)
    b = np.array([2., 2., NAN], np.float32)
    check(lambda lib, x, y: (lib.max(x, y), lib.min(x, y), x.max(y)), a, b)
    check(lambda lib, x, y: lib.max(x.int(), y[:1].long()), a, np.array([2.], np.float32))

    def out_form(lib, x):
        v, i = lib.empty(0), lib.empty(0, dtype=lib.int64)
        r = lib.max(x, 1, out=(v, i))
        return r, v, i
    check(out_form, np.array([[1., 5., 3.], [4., 0., 9.]], np.float32))


def test_max_errors_on_empty():
    e = np.zeros((0, 3), np.float32)
    for f in (lambda lib, x: lib.max(x), lambda lib, x: lib.max(x, 0), lambda lib, x: lib.amax(x),
              lambda lib, x: lib.amin(x, 0), lambda lib, x: lib.argmax(x), lambda lib, x: lib.argmin(x, 0),
              lambda lib, x: lib.aminmax(x), lambda lib, x: lib.max(x, 1), lambda lib, x: lib.argmax(x, 1),
              lambda lib, x: lib.argmax(x.bool()), lambda lib, x: lib.amax(x, 1, True)):
        check(f, e)


def test_return_types_module():
    r = mindtorch.tensor([[1., 3.], [2., 0.]]).max(1)
    assert type(r) is mindtorch.return_types.max and type(r).__name__ == "max"
    assert repr(r).startswith("torch.return_types.max(")
    r2 = mindtorch.return_types.max([r.values, r.indices])
    assert r2.values is r.values and r2.indices is r.indices
    import mindtorch.return_types as rt
    assert rt.sort is mindtorch.return_types.sort
    v, i = r
    assert v is r.values


# ---- logsumexp, all/any dtypes, norm -------------------------------------------------------------------
def test_logsumexp_infinities_and_ints():
    a = np.array([[math.inf, math.inf], [-math.inf, -math.inf], [1., math.inf], [NAN, 1.]], np.float32)
    check(lambda lib, x: lib.logsumexp(x, 1), a)
    check(lambda lib, x: lib.logsumexp(x.long(), 1), np.array([[1., 2.], [3., 4.]], np.float32))
    check(lambda lib, x: lib.logsumexp(x, (0, 1), keepdim=True), np.array([[1000., 1000.]], np.float32))


def test_all_any_uint8_and_nan():
    a = np.array([[1, 0, 2], [3, 4, 5]], np.uint8)
    check(lambda lib, x: (lib.all(x, 1), lib.any(x, 0), x.all(), lib.all(x.float() * NAN)), a)


@given(data=st.data())
def test_norm(data):
    case = data.draw(tensor_case(["float32", "float64", "float16", "bfloat16"], nan=True, inf=True, max_side=3))
    ndim = case[1].ndim
    p = data.draw(st.sampled_from(["fro", 2, 1, 0, 3, 0.5, math.inf, -math.inf, -1]))
    dim = data.draw(st.none() | st.integers(-max(ndim, 1), max(ndim, 1) - 1) |
                    (st.lists(st.integers(0, ndim - 1), min_size=1, max_size=2, unique=True).map(tuple)
                     if ndim else st.none()))
    keepdim = data.draw(st.booleans())
    run(lambda lib, x: lib.norm(x, p, dim, keepdim) if dim is not None or keepdim else x.norm(p), case,
        rtol=1e-4, atol=1e-5)


def test_norm_special():
    a = np.array([[1., -2., 3.], [4., 5., -6.]], np.float32)
    check(lambda lib, x: (lib.norm(x, "nuc"), lib.norm(x, "fro", dim=(0, 1)), lib.norm(x, dtype=lib.float64)), a,
          rtol=1e-5)
    check(lambda lib, x: lib.norm(x.long()), a)
    check(lambda lib, x: lib.norm(x[:0], math.inf), a)
    check(lambda lib, x: lib.norm(x.reshape(1, 2, 3), "fro", dim=(0, 1, 2)), a)
    check(lambda lib, x: lib.norm(x.reshape(3, 1, 2), "nuc", dim=(0, 2), keepdim=True), a, rtol=1e-5)


# ---- zero-size and 0-dim edge cases -------------------------------------------------------------------
EMPTY_CALLS = [
    lambda lib, x: lib.sum(x), lambda lib, x: lib.sum(x, 0), lambda lib, x: lib.sum(x, 1, True),
    lambda lib, x: lib.mean(x), lambda lib, x: lib.mean(x, 0), lambda lib, x: lib.nanmean(x, (0, 1)),
    lambda lib, x: lib.prod(x), lambda lib, x: lib.prod(x, 0), lambda lib, x: lib.var(x, 0), lambda lib, x: lib.std(x),
    lambda lib, x: lib.logsumexp(x, 0), lambda lib, x: lib.all(x), lambda lib, x: lib.any(x, 0),
    lambda lib, x: lib.count_nonzero(x, 1), lambda lib, x: lib.norm(x), lambda lib, x: lib.amax(x, 1),
    lambda lib, x: lib.max(x, 1), lambda lib, x: lib.cumsum(x, 0), lambda lib, x: lib.cummax(x, 1),
    lambda lib, x: lib.logcumsumexp(x, 0), lambda lib, x: lib.median(x), lambda lib, x: lib.nanmedian(x, 1),
    lambda lib, x: lib.sort(x, 0), lambda lib, x: lib.argsort(x), lambda lib, x: lib.topk(x, 0),
    lambda lib, x: lib.unique(x), lambda lib, x: lib.var_mean(x, 1), lambda lib, x: lib.aminmax(x, dim=1),
    lambda lib, x: lib.nansum(x, 0), lambda lib, x: lib.argmax(x, 1, True), lambda lib, x: lib.mode(x, 1),
    lambda lib, x: lib.kthvalue(x, 1, 0), lambda lib, x: lib.msort(x), lambda lib, x: lib.quantile(x, 0.5),
    lambda lib, x: lib.quantile(x, 0.5, dim=1), lambda lib, x: lib.diff(x, dim=0),
]


@pytest.mark.parametrize("dtype", ["float32", "int64", "bfloat16"])
@pytest.mark.parametrize("shape", [(0,), (0, 3), (3, 0)])
def test_zero_size_inputs(dtype, shape):
    a = np.zeros(shape, np.float32)
    for i, fn in enumerate(EMPTY_CALLS):
        try:
            check(fn, a, dtype=dtype)
        except AssertionError as e:
            raise AssertionError(f"call #{i}: {e}") from None


ZERO_DIM_CALLS = [
    lambda lib, x: lib.sum(x, 0), lambda lib, x: lib.sum(x, -1, True), lambda lib, x: lib.mean(x, (0,)),
    lambda lib, x: lib.prod(x, 0), lambda lib, x: lib.amax(x, 0), lambda lib, x: lib.max(x, 0),
    lambda lib, x: lib.max(x), lambda lib, x: lib.argmax(x, 0, True), lambda lib, x: lib.argmin(x),
    lambda lib, x: lib.var(x), lambda lib, x: lib.std(x, 0, correction=0), lambda lib, x: lib.logsumexp(x, 0),
    lambda lib, x: lib.cumsum(x, 0), lambda lib, x: lib.cumprod(x, -1), lambda lib, x: lib.cummin(x, 0),
    lambda lib, x: lib.logcumsumexp(x, 0), lambda lib, x: lib.all(x, 0), lambda lib, x: lib.norm(x),
    lambda lib, x: lib.count_nonzero(x), lambda lib, x: lib.sort(x), lambda lib, x: lib.argsort(x),
    lambda lib, x: lib.topk(x, 1), lambda lib, x: lib.kthvalue(x, 1), lambda lib, x: lib.median(x),
    lambda lib, x: lib.median(x, 0), lambda lib, x: lib.mode(x), lambda lib, x: lib.unique(x),
    lambda lib, x: lib.sum(x, 1), lambda lib, x: lib.max(x, 1), lambda lib, x: lib.aminmax(x),
    lambda lib, x: lib.quantile(x, 0.3), lambda lib, x: lib.diff(x), lambda lib, x: lib.nanmedian(x),
]


@pytest.mark.parametrize("dtype", ["float32", "int32", "bool"])
def test_zero_dim_inputs(dtype):
    a = np.array(2.5, np.float32)
    for i, fn in enumerate(ZERO_DIM_CALLS):
        try:
            check(fn, a, dtype=dtype)
        except AssertionError as e:
            raise AssertionError(f"call #{i}: {e}") from None


def test_dim_errors():
    a = np.ones((2, 3), np.float32)
    check(lambda lib, x: lib.sum(x, (0, 0)), a)
    check(lambda lib, x: lib.sum(x, (1, -1)), a)
    check(lambda lib, x: lib.amax(x, 2), a)
    check(lambda lib, x: lib.mean(x.long()), a)
    check(lambda lib, x: lib.mean(x, dtype=lib.int64), a)
    check(lambda lib, x: lib.nanmean(x.int()), a)
    check(lambda lib, x: lib.prod(x, (0, 1)), a)
    check(lambda lib, x: lib.logsumexp(x), a)
    check(lambda lib, x: lib.cumsum(x), a)


COMPLEX_CALLS = [
    lambda lib, x: lib.sum(x, 1), lambda lib, x: lib.mean(x), lambda lib, x: lib.prod(x, 0),
    lambda lib, x: lib.var(x, 1), lambda lib, x: lib.std(x), lambda lib, x: lib.var_mean(x, 0, correction=0),
    lambda lib, x: lib.norm(x), lambda lib, x: lib.norm(x, 1, 1), lambda lib, x: lib.norm(x, math.inf),
    lambda lib, x: lib.norm(x, 3, 0, True), lambda lib, x: lib.cumsum(x, 1), lambda lib, x: lib.cumprod(x, 1),
    lambda lib, x: lib.all(x, 1), lambda lib, x: lib.any(x), lambda lib, x: lib.count_nonzero(x),
    lambda lib, x: lib.nansum(x), lambda lib, x: lib.nanmean(x), lambda lib, x: lib.amax(x),
    lambda lib, x: lib.max(x), lambda lib, x: lib.max(x, 0), lambda lib, x: lib.argmax(x),
    lambda lib, x: lib.aminmax(x), lambda lib, x: lib.cummax(x, 0), lambda lib, x: lib.sort(x),
    lambda lib, x: lib.argsort(x), lambda lib, x: lib.topk(x, 1), lambda lib, x: lib.kthvalue(x, 1),
    lambda lib, x: lib.median(x), lambda lib, x: lib.nanmedian(x, 0), lambda lib, x: lib.mode(x),
    lambda lib, x: lib.unique(x), lambda lib, x: lib.quantile(x, 0.5), lambda lib, x: lib.histc(x),
]


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_inputs(dtype):
    a = np.array([[1 + 2j, 3 - 1j, 0], [2, -1j, 5 + 5j]], NP[dtype])
    for i, fn in enumerate(COMPLEX_CALLS):
        try:
            check(fn, a, rtol=1e-5)
        except AssertionError as e:
            raise AssertionError(f"call #{i}: {e}") from None


@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64"])
def test_wide_unsigned_inputs(dtype):
    """torch keeps uint16/32/64 barebones: sums and sorts work, orderings raise."""
    a = np.array([[1, 2, 3], [4, 0, 6]], dtype)
    calls = [lambda lib, x: lib.sum(x, 1), lambda lib, x: lib.prod(x), lambda lib, x: lib.amax(x, 0),
             lambda lib, x: lib.max(x, 1), lambda lib, x: lib.max(x), lambda lib, x: lib.argmax(x),
             lambda lib, x: lib.cumsum(x, 1), lambda lib, x: lib.sort(x), lambda lib, x: lib.all(x, 1),
             lambda lib, x: lib.any(x), lambda lib, x: lib.mean(x), lambda lib, x: lib.unique(x),
             lambda lib, x: lib.topk(x, 2), lambda lib, x: lib.count_nonzero(x), lambda lib, x: lib.cummax(x, 1),
             lambda lib, x: lib.median(x), lambda lib, x: lib.mode(x), lambda lib, x: lib.diff(x),
             lambda lib, x: lib.kthvalue(x, 1), lambda lib, x: lib.aminmax(x)]
    for i, fn in enumerate(calls):
        try:
            check(fn, a)
        except AssertionError as e:
            raise AssertionError(f"call #{i}: {e}") from None


def test_var_warns_when_degrees_of_freedom_run_out():
    for lib in (torch, mindtorch):
        with pytest.warns(UserWarning, match="degrees of freedom"):
            lib.var(lib.ones(1))
        with pytest.warns(UserWarning, match="degrees of freedom"):
            lib.std_mean(lib.ones(2, 3), 1, correction=3)
