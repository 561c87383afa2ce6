"""Gradients of reductions and scans against torch: sum/nansum/mean/nanmean, prod (zeros), amax/amin/max/
min/aminmax (ties, NaN), var/std/var_mean/std_mean (corrections, constant slices), logsumexp (+-inf),
cumsum/cumprod (zeros)/cummax/cummin/logcumsumexp, sort/topk/kthvalue/
median/nanmedian/mode/msort values, quantile/nanquantile (q's gradient too), diff (prepend/append);
float32 and float64, 0-dim and zero-size inputs, dims (None, int, tuple, negative) and keepdim; double
backward; which outputs are not differentiable; in-place changes after an op that saved only shapes.
(torch.norm's gradients: test_reduction_grad_norm.py.)"""
import contextlib
import warnings

import numpy as np
import pytest
import torch
import mindtorch
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from oracle import check_grad, to_lib, as_numpy

NAN, INF = float("nan"), float("inf")
GRAD_DTYPES = ["float32", "float64"]
NP_OF = {"float32": np.float32, "float64": np.float64}


def values(zeros=False, nan=False, inf=False):
    """Small integers and halves: many ties (and zeros) for the special cases of the formulas."""
    base = st.integers(-4, 4).map(float) | st.sampled_from([0.5, -1.5, 2.25, 3.5])
    if zeros:
        base = base | st.just(0.0)
    extra = ([st.just(NAN)] if nan else []) + ([st.sampled_from([INF, -INF])] if inf else [])
    return st.one_of(base, *extra) if extra else base


@st.composite
def case(draw, min_dims=0, max_dims=3, min_side=0, max_side=4, zeros=False, nan=False, inf=False):
    """(dtype name, float array) with the special values sometimes present."""
    dtype = draw(st.sampled_from(GRAD_DTYPES))
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side))
    elements = values(zeros, nan and draw(st.booleans()), inf and draw(st.booleans()))
    return dtype, draw(hnp.arrays(NP_OF[dtype], shape, elements=elements))


@st.composite
def dims(draw, ndim, allow_none=True, allow_tuple=True):
    """A valid dim argument: None, an int (negative too) or a tuple of distinct dims."""
    n = max(ndim, 1)
    opts = [st.integers(-n, n - 1)]
    if allow_none:
        opts.append(st.none())
    if allow_tuple and ndim > 0:
        opts.append(st.lists(st.integers(-ndim, ndim - 1), min_size=1, max_size=ndim,
                             unique_by=lambda d: d % ndim).map(tuple))
    return draw(st.one_of(*opts))


def tol(dtype):
    return {"rtol": 1e-4, "atol": 1e-5} if dtype == "float32" else {"rtol": 1e-9, "atol": 1e-10}


def kw(**kwargs):
    return {k: v for k, v in kwargs.items() if v is not None}


# ---- sums and means -------------------------------------------------------------------------------
@given(case(nan=True), st.data())
def test_sum_mean_grad(c, data):
    dtype, a = c
    op = data.draw(st.sampled_from(["sum", "nansum", "mean", "nanmean"]))
    dim = data.draw(dims(a.ndim))
    keepdim = data.draw(st.booleans())
    out_dtype = data.draw(st.sampled_from([None, "float64"])) if op in ("sum", "nansum", "mean") else None
    if op in ("sum", "mean"):
        a = np.asarray(np.nan_to_num(a), a.dtype)

    def fn(lib, x):
        extra = kw(dtype=getattr(lib, out_dtype) if out_dtype else None)
        if dim is None:
            return getattr(lib, op)(x, **extra)
        return getattr(lib, op)(x, dim, keepdim, **extra)
    check_grad(fn, a, **tol(dtype))


def test_sum_mean_grad_zero_size_and_0dim():
    for a in (np.zeros((0, 3), np.float32), np.full((), 2.5, np.float32), np.zeros((2, 0, 3))):
        check_grad(lambda lib, x: x.sum(), a)
        check_grad(lambda lib, x: x.mean(-1, keepdim=True), a)
        check_grad(lambda lib, x: lib.nansum(x, 0), a)


# ---- prod -----------------------------------------------------------------------------------------
@given(case(zeros=True, max_side=5), st.data())
def test_prod_grad(c, data):
    dtype, a = c
    dim = data.draw(st.none() | st.integers(-max(a.ndim, 1), max(a.ndim, 1) - 1))
    keepdim = data.draw(st.booleans())
    if data.draw(st.booleans()) and a.size:  # a slice with exactly one zero, or two
        flat = a.reshape(-1)
        flat[data.draw(st.integers(0, a.size - 1))] = 0
    out_dtype = data.draw(st.sampled_from([None, "float64"]))
    check_grad(lambda lib, x: x.prod(**kw(dtype=getattr(lib, out_dtype) if out_dtype else None)) if dim is None
               else x.prod(dim, keepdim, **kw(dtype=getattr(lib, out_dtype) if out_dtype else None)), a, **tol(dtype))


def test_prod_grad_zero_cases():
    for v in ([2., 0., 3.], [0., 0., 3.], [0., 4., 5.], [2., 3., 0.], [0.]):
        check_grad(lambda lib, x: x.prod(), np.array(v))
        check_grad(lambda lib, x: x.prod(0), np.array(v))
    m = np.array([[1., 0., 2., 0.], [3., 4., 0., 5.], [2., 2., 2., 2.]])
    for d in (0, 1):
        check_grad(lambda lib, x: x.prod(d, keepdim=True), m)


# ---- extremes -------------------------------------------------------------------------------------
@given(case(max_side=4, nan=True), st.data())
def test_amax_amin_grad(c, data):
    dtype, a = c
    op = data.draw(st.sampled_from(["amax", "amin"]))
    dim = data.draw(dims(a.ndim, allow_none=False))
    keepdim = data.draw(st.booleans())
    if a.size == 0 and (dim == () or 0 in [a.shape[d] for d in (dim if isinstance(dim, tuple) else (dim,))]):
        return  # torch raises: no identity
    check_grad(lambda lib, x: getattr(lib, op)(x, dim, keepdim), a, **tol(dtype))


@given(case(min_side=1, nan=True), st.data())
def test_max_min_grad(c, data):
    dtype, a = c
    op = data.draw(st.sampled_from(["max", "min"]))
    dim = data.draw(st.none() | st.integers(-max(a.ndim, 1), max(a.ndim, 1) - 1))
    keepdim = data.draw(st.booleans())
    check_grad(lambda lib, x: getattr(x, op)() if dim is None else getattr(x, op)(dim, keepdim), a, **tol(dtype))


@given(case(min_side=1, nan=True), st.data())
def test_aminmax_grad(c, data):
    dtype, a = c
    dim = data.draw(st.none() | st.integers(-max(a.ndim, 1), max(a.ndim, 1) - 1))
    keepdim = data.draw(st.booleans())
    check_grad(lambda lib, x: lib.aminmax(x, **kw(dim=dim), keepdim=keepdim), a, **tol(dtype))


def test_max_min_of_two_tensors_grad():
    """max(a, b) / min(a, other=b) are maximum/minimum (recorded by those entries): ties split, broadcasting."""
    a = np.array([[1., 3., 2.], [4., 0., 2.]])
    b = np.array([1., 5., 2.])
    check_grad(lambda lib, x, y: lib.max(x, y), a, b)
    check_grad(lambda lib, x, y: lib.min(x, other=y), a, b)
    check_grad(lambda lib, x, y: x.max(y), a, b)


def test_extremes_ties_and_nan_explicit():
    ties = np.array([[1., 3., 3., 2.], [5., 5., 5., 5.]])
    nan = np.array([1., NAN, 3., NAN])
    for a in (ties, nan):
        for f in (lambda lib, x: x.max(), lambda lib, x: x.min(), lambda lib, x: x.amax(), lambda lib, x: x.amin(-1),
                  lambda lib, x: x.max(-1), lambda lib, x: lib.aminmax(x), lambda lib, x: x.median(),
                  lambda lib, x: x.nanmedian()):
            check_grad(f, a)


# ---- var / std ------------------------------------------------------------------------------------
@given(case(), st.data())
def test_moments_grad(c, data):
    dtype, a = c
    op = data.draw(st.sampled_from(["var", "std", "var_mean", "std_mean"]))
    dim = data.draw(dims(a.ndim) | st.just([]))
    keepdim = data.draw(st.booleans())
    correction = data.draw(st.sampled_from([None, 0, 1, 2, 5, 0.5]))
    if data.draw(st.booleans()) and a.ndim:  # constant slices: std 0, torch's subgradient 0
        a = np.repeat(a[..., :1], a.shape[-1], axis=-1)

    def fn(lib, x):
        return getattr(lib, op)(x, dim, keepdim=keepdim, **kw(correction=correction))
    with _quiet():
        check_grad(fn, a, **tol(dtype))


def test_moments_grad_unbiased_positional():
    a = np.array([[1., 2., 4.], [3., 3., 3.]])
    with _quiet():
        check_grad(lambda lib, x: x.var(False), a)
        check_grad(lambda lib, x: x.std(1, False, True), a)
        check_grad(lambda lib, x: lib.std_mean(x, 0, correction=2), a)  # no degrees of freedom left


@contextlib.contextmanager
def _quiet():
    """Silences the degrees-of-freedom warnings both libraries give."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# ---- logsumexp ------------------------------------------------------------------------------------
@given(case(inf=True), st.data())
def test_logsumexp_grad(c, data):
    dtype, a = c
    dim = data.draw(dims(a.ndim, allow_none=False))
    keepdim = data.draw(st.booleans())
    check_grad(lambda lib, x: lib.logsumexp(x, dim, keepdim), a, **tol(dtype))


def test_logsumexp_grad_infinities():
    a = np.array([[-INF, 1., 2.], [-INF, -INF, -INF], [INF, 1., -INF], [INF, INF, 0.]])
    check_grad(lambda lib, x: lib.logsumexp(x, 1), a)
    check_grad(lambda lib, x: lib.logsumexp(x, (0, 1), keepdim=True), a[:1])


# ---- scans ----------------------------------------------------------------------------------------
@given(case(zeros=True, max_side=5), st.data())
def test_scan_grad(c, data):
    dtype, a = c
    op = data.draw(st.sampled_from(["cumsum", "cumprod", "cummax", "cummin", "logcumsumexp"]))
    dim = data.draw(st.integers(-max(a.ndim, 1), max(a.ndim, 1) - 1))
    extra = {}
    if op in ("cumsum", "cumprod") and data.draw(st.booleans()):
        extra = {"dtype": "float64"}
    if op == "logcumsumexp" and data.draw(st.booleans()):
        a = np.where(a == 0, -INF, a).astype(a.dtype)

    def fn(lib, x):
        return getattr(x, op)(dim, **{k: getattr(lib, v) for k, v in extra.items()})
    check_grad(fn, a, **tol(dtype))


def test_scan_grad_special_values():
    z = np.array([[2., 0., 3., 0., 4.], [0., 1., 2., 3., 4.], [1., 2., 3., 4., 0.], [1., 2., 3., 4., 5.]])
    check_grad(lambda lib, x: x.cumprod(1), z)
    check_grad(lambda lib, x: x.cumprod(0), z)
    t = np.array([[1., 3., 3., 2., 3.], [2., 2., 2., 2., 2.]])
    check_grad(lambda lib, x: x.cummax(1), t)
    check_grad(lambda lib, x: x.cummin(-1), t)
    n = np.array([[-INF, 1., 2.], [1., -INF, 3.], [INF, 1., -INF], [-INF, -INF, 0.]])
    check_grad(lambda lib, x: x.logcumsumexp(1), n)


def test_inplace_scans_grad():
    a = np.array([[1., 2., 0.5], [3., -1., 2.]])
    check_grad(lambda lib, x: (x * 1).cumsum_(1), a)
    check_grad(lambda lib, x: (x * 1).cumprod_(0), a)


# ---- orderings ------------------------------------------------------------------------------------
@st.composite
def distinct(draw, min_dims=0, max_dims=3, max_side=4):
    """Distinct values: torch picks among ties by nth_element/partial sorts (kthvalue, median along a
    dim, topk), so only distinct values fix the index that receives the gradient."""
    dtype = draw(st.sampled_from(GRAD_DTYPES))
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side))
    n = int(np.prod(shape))
    vals = draw(st.permutations(list(range(-(n // 2), n - n // 2))))
    return dtype, np.asarray(np.array(vals, np.float64).reshape(shape) * 0.5, NP_OF[dtype])


@given(st.data())
def test_order_values_grad(data):
    op = data.draw(st.sampled_from(["sort", "topk", "kthvalue", "median", "nanmedian", "mode", "msort",
                                    "median_all", "nanmedian_all"]))
    # ties (and NaN) where torch's choice of index is specified: stable sorts, mode's last occurrence,
    # median()'s even split among the elements equal to it
    ties = op in ("sort", "mode", "median_all", "nanmedian_all")
    # (not NaN for mode: torch's mode of NaN-holding slices picks no consistent index)
    dtype, a = data.draw(case(min_side=1, nan=op != "mode") if ties else distinct())
    n = max(a.ndim, 1)
    dim = data.draw(st.integers(-n, n - 1))
    size = a.shape[dim] if a.ndim else 1
    keepdim = data.draw(st.booleans())
    k = data.draw(st.integers(0 if op == "topk" else 1, size))
    descending = data.draw(st.booleans())

    def fn(lib, x):
        if op == "sort":
            return lib.sort(x, dim=dim, descending=descending, stable=True)
        if op == "topk":
            return x.topk(k, dim, descending)
        if op == "kthvalue":
            return x.kthvalue(k, dim, keepdim)
        if op == "msort":
            return lib.msort(x)
        if op.endswith("_all"):
            return getattr(x, op[:-4])()
        return getattr(x, op)(dim, keepdim)
    check_grad(fn, a, **tol(dtype))


def test_sort_keyword_and_positional_dim():
    a = np.array([[3., 1., 2.], [1., 4., 0.]])
    check_grad(lambda lib, x: x.sort(0), a)
    check_grad(lambda lib, x: x.sort(1, True), a)
    check_grad(lambda lib, x: lib.sort(x, dim=0, descending=True, stable=True), a)


# ---- quantile -------------------------------------------------------------------------------------
@given(case(min_side=1, max_dims=2, nan=True), st.data())  # <= 16 per slice: torch's sort is stable there
def test_quantile_grad(c, data):
    dtype, a = c
    op = data.draw(st.sampled_from(["quantile", "nanquantile"]))
    interpolation = data.draw(st.sampled_from(["linear", "lower", "higher", "midpoint", "nearest"]))
    dim = data.draw(st.none() | st.integers(-max(a.ndim, 1), max(a.ndim, 1) - 1))
    keepdim = data.draw(st.booleans())
    q_kind = data.draw(st.sampled_from(["float", "0-dim", "1-d"]))
    qs = np.array(data.draw(st.lists(st.sampled_from([0., 0.1, 0.25, 0.3, 0.5, 0.75, 1.]), min_size=1, max_size=3)),
                  NP_OF[dtype])
    if q_kind == "float":
        check_grad(lambda lib, x: getattr(lib, op)(x, float(qs[0]), dim, keepdim, interpolation=interpolation), a,
                   **tol(dtype))
        return
    q = qs[:1].reshape(()) if q_kind == "0-dim" else qs
    check_grad(lambda lib, x, q: getattr(lib, op)(x, q, dim, keepdim, interpolation=interpolation), a, q,
               **tol(dtype))


def test_quantile_grad_ties_and_nan():
    a = np.array([1., 5., 2., 2., 2., 7.])
    check_grad(lambda lib, x, q: lib.quantile(x, q), a, np.array([0.5, 0.4, 0.45]))
    m = np.array([[1., 5., 2., 7.], [1., NAN, 2., 3.], [NAN, NAN, NAN, NAN]])
    for op in ("quantile", "nanquantile"):
        for interp in ("linear", "midpoint", "lower"):
            check_grad(lambda lib, x, q: getattr(lib, op)(x, q, 1, interpolation=interp), m, np.array([0.3, 0.5]))


# ---- diff -----------------------------------------------------------------------------------------
@given(case(min_dims=1), st.data())
def test_diff_grad(c, data):
    dtype, a = c
    dim = data.draw(st.integers(-a.ndim, a.ndim - 1))
    n = data.draw(st.integers(0, 4))
    extras = []
    for _ in ("prepend", "append"):
        if data.draw(st.booleans()):
            shape = list(a.shape)
            shape[dim] = data.draw(st.integers(0, 2))
            extras.append(np.arange(np.prod(shape), dtype=a.dtype).reshape(shape) * 0.5)
        else:
            extras.append(None)
    pre, app = extras
    args = [a] + [e for e in extras if e is not None]

    def fn(lib, x, *rest):
        it = iter(rest)
        return lib.diff(x, n, dim, **kw(prepend=next(it) if pre is not None else None,
                                        append=next(it) if app is not None else None))
    check_grad(fn, *args, **tol(dtype))


# ---- double backward ------------------------------------------------------------------------------
def _double(fn, a, seed=0, rtol=1e-6, atol=1e-8):
    """d/dx of sum(v * d(sum(w * fn(x)))/dx): the second derivative through each formula, vs torch."""
    rng = np.random.default_rng(seed)
    got = {}
    w = v = None
    for lib in (torch, mindtorch):
        x = to_lib(lib, a, requires_grad=True)
        y = fn(lib, x)
        if w is None:
            w = rng.standard_normal(tuple(y.shape))
            v = rng.standard_normal(a.shape)
        (g,) = lib.autograd.grad((y * lib.from_numpy(w)).sum(), x, create_graph=True)
        (g * lib.from_numpy(v)).sum().backward()
        got[lib] = (as_numpy(g), as_numpy(x.grad))
    np.testing.assert_allclose(got[mindtorch][0], got[torch][0], rtol=rtol, atol=atol, err_msg="first derivative")
    np.testing.assert_allclose(got[mindtorch][1], got[torch][1], rtol=rtol, atol=atol, err_msg="second derivative")


@pytest.mark.parametrize("name, fn, a", [
    ("sum", lambda lib, x: x.sum(1) * x.sum(1), None),  # nonlinear around them: their grads carry x
    ("mean", lambda lib, x: x.mean((0, 1), keepdim=True) * x, None),
    ("prod", lambda lib, x: x.prod(1), None),
    ("prod_all", lambda lib, x: x.prod(), None),
    ("prod_zeros", lambda lib, x: x.prod(1), "zeros"),
    ("prod_zero_all", lambda lib, x: x.prod(), "one_zero"),
    ("var", lambda lib, x: x.var(0), None),
    ("std", lambda lib, x: x.std(1, keepdim=True), None),
    ("var_mean", lambda lib, x: lib.var_mean(x, 1)[0] * 2 + lib.var_mean(x, 1)[1], None),
    ("logsumexp", lambda lib, x: lib.logsumexp(x, 1), None),
    ("cumsum", lambda lib, x: x.cumsum(0) * x, None),
    ("cumprod", lambda lib, x: x.cumprod(1), None),
    ("cumprod_zeros", lambda lib, x: x.cumprod(1), "zeros"),
    ("logcumsumexp", lambda lib, x: x.logcumsumexp(1), None),
])
def test_double_backward(name, fn, a):
    rng = np.random.default_rng(1)
    x = rng.uniform(0.5, 2, (3, 4)) * rng.choice([-1, 1], (3, 4))
    if a == "zeros":
        x[0, 1] = x[1, 0] = x[1, 2] = x[2, 3] = 0
    elif a == "one_zero":
        x[1, 2] = 0
    _double(fn, x)


# ---- what is not differentiable -------------------------------------------------------------------
def test_indices_and_integer_outputs_need_no_grad():
    x = mindtorch.tensor([[1., 3.], [2., 0.]], requires_grad=True)
    for out in (x.max(1).indices, x.sort(0).indices, x.topk(1).indices, x.argmax(), x.argmin(1), x.argsort(),
                x.cummax(0).indices, x.kthvalue(1).indices, x.mode(0).indices, x.count_nonzero(), x.all(),
                x.any(1), x.median(0).indices):
        assert not out.requires_grad and out.grad_fn is None
    assert not mindtorch.histc(x).requires_grad  # torch records nothing for histc


def test_unique_and_bincount_backward_raise_as_torch():
    for lib in (torch, mindtorch):
        x = lib.tensor([1., 3., 3.], requires_grad=True)
        with pytest.raises(NotImplementedError):
            lib.unique(x).sum().backward()
        with pytest.raises(NotImplementedError):
            lib.unique_consecutive(x).sum().backward()
        with pytest.raises(RuntimeError):
            lib.bincount(lib.tensor([0, 1, 1]), x).sum().backward()


def test_grad_fn_names():
    for lib in (torch, mindtorch):
        x = lib.tensor([[1., 3.], [2., 0.]], requires_grad=True)
        names = [type(t.grad_fn).__name__ for t in (x.sum(), x.max(), x.max(0)[0], x.min(), x.median(), x.median(1)[0],
                                                    x.prod(), x.cumsum(0), x.std(), x.amax())]
        if lib is torch:
            expected = names
        else:
            assert names == expected


def test_inplace_change_after_shape_only_formulas():
    """sum/mean/max(dim)/sort save only the input's shape (torch too): changing the input afterwards
    is fine; prod/var save its values, so the backward refuses as torch's does."""
    for lib in (torch, mindtorch):
        base = lib.tensor([[1., 3.], [2., 5.]], requires_grad=True)
        x = base * 1
        outs = [x.sum(), x.mean(0), x.max(1)[0], x.sort(0)[0], x.topk(1)[0]]
        x.add_(1)
        lib.autograd.backward([o.sum() for o in outs])
        x = base * 1
        y = x.prod()
        x.add_(1)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.backward()


def test_inplace_change_of_outputs():
    """max(dim)/sort/topk derivatives read only the indices: changing the values in place is fine; amax's
    reads its output, so changing that refuses, as torch's does."""
    for lib in (torch, mindtorch):
        x = lib.tensor([[1., 3.], [2., 5.]], requires_grad=True)
        outs = [x.max(1), x.sort(0), x.topk(1), x.cummax(1)]
        for values, _ in outs:
            values.mul_(2)
        lib.autograd.backward([o[0].sum() for o in outs])
        np.testing.assert_allclose(as_numpy(x.grad), [[4., 8.], [4., 8.]])
        y = x.amax(1)
        y.mul_(2)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()
