"""Backward formulas of indexing against torch: __getitem__ (basic, advanced with duplicate indices, bool
masks), __setitem__ as an in-place write (gradients to the destination and the value, on views too), gather/
scatter/scatter_add/scatter_reduce (sum/mean/amax/amin/prod, include_self), index_select/index_add/
index_copy/index_fill/index_reduce/index_put (accumulate)/put/take/take_along_dim/masked_fill/
masked_select/masked_scatter and fill_/zero_; double backward."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import mindtorch
from _gradutil import check_vjp
from oracle import check_grad

dtypes = st.sampled_from(["float32", "float64"])
warnings.filterwarnings("ignore", "index_reduce")


def _arr(seed, shape):
    return np.random.default_rng(seed).standard_normal(shape)


@st.composite
def index_case(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    nd = len(shape)
    k = draw(st.integers(1, 4))  # one length for every index list: they broadcast together
    items = []
    for d in range(nd):
        kind = draw(st.sampled_from(["int", "slice", "list", "all"]))
        n = shape[d]
        if kind == "int":
            items.append(draw(st.integers(-n, n - 1)))
        elif kind == "slice":
            items.append(slice(draw(st.integers(-n, n)), draw(st.integers(-n, n)), draw(st.integers(1, 3))))
        elif kind == "list":  # duplicates on purpose
            items.append(draw(st.lists(st.integers(-n, n - 1), min_size=k, max_size=k)))
        else:
            items.append(slice(None))
    if draw(st.booleans()):
        items.insert(draw(st.integers(0, len(items))), None)
    return shape, tuple(items)


def _convert(t, index):
    return tuple(t.tensor(i) if isinstance(i, list) else i for i in index)


@given(index_case(), dtypes)
def test_getitem_grad(case, dtype):
    shape, index = case
    check_vjp(lambda t, x: x[_convert(t, index)], _arr(0, shape), dtype=dtype, double=True)


@given(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4), dtypes)
def test_getitem_mask_grad(shape, dtype):
    a = _arr(1, shape)
    check_vjp(lambda t, x: x[x > 0], a, dtype=dtype, double=True)
    if shape:
        m = np.random.default_rng(2).random(shape[0]) > 0.5
        check_vjp(lambda t, x: x[t.tensor(m)], a, dtype=dtype)
    check_vjp(lambda t, x: x[...], a, dtype=dtype)
    check_vjp(lambda t, x: x[None, True], a, dtype=dtype)


@given(index_case(), dtypes, st.booleans())
def test_setitem_grad(case, dtype, scalar):
    shape, index = case
    # torch's result shape (an int beside an index list is basic indexing in torch, advanced in NumPy)
    res = tuple(torch.empty(shape)[_convert(torch, index)].shape)

    def fn(t, x, v):
        z = x * 1
        z[_convert(t, index)] = v.sum() if scalar else v
        return z
    check_vjp(fn, _arr(0, shape), _arr(1, res[1:] if res else res), dtype=dtype, double=True)


def test_setitem_flows():
    a, v = _arr(0, (3, 4)), _arr(1, (4,))

    def on_view(t, x, y):  # through a view of a non-leaf: the base sees the write
        z = x * 1
        w = z[1:]
        w[:, 1] = y[:2]
        w[0, [0, 0]] = y[2]
        return z
    check_vjp(on_view, a, v, dtype="float64", double=True)

    def masks(t, x, y):
        z = x * 1
        z[z > 0.5] = y[0]
        z[:, t.tensor([True, False, True, False])] = y[:2].reshape(1, 2)
        return z
    check_vjp(masks, a, v, dtype="float64", double=True)

    def into_zeros(t, x, y):
        z = t.zeros(3, 4, dtype=x.dtype)
        z[1] = y
        z[:, 3] += x[:, 0]
        return z
    check_vjp(into_zeros, a, v, dtype="float64", double=True)
    check_grad(lambda t, x, y: into_zeros(t, x, y) * 2, a, v)
    for lib in (torch, mindtorch):  # a leaf that requires grad cannot be written
        x = lib.ones(3, requires_grad=True)
        with pytest.raises(RuntimeError):
            x[0] = 2.0


@settings(max_examples=10)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(-2, 1), dtypes, st.integers(0, 99))
def test_gather_scatter_family(n, m, dim, dtype, seed):
    rng = np.random.default_rng(seed)
    shape = (n, m)
    size = shape[dim]
    ishape = (rng.integers(1, n + 1), rng.integers(1, m + 1))
    idx = rng.integers(-0, size, ishape)  # duplicates
    a, s = _arr(seed, shape), _arr(seed + 1, ishape)
    I = lambda t: t.tensor(idx)  # noqa: E731
    check_vjp(lambda t, x: x.gather(dim, I(t)), a, dtype=dtype, double=True)
    along = idx[:, :1] if dim % 2 == 0 else idx[:1]  # broadcasts against x outside dim
    check_vjp(lambda t, x: t.take_along_dim(x, t.tensor(along), dim), a, dtype=dtype)
    check_vjp(lambda t, x: t.take_along_dim(x, I(t)), a, dtype=dtype)
    check_vjp(lambda t, x: x.take(I(t) - size), a, dtype=dtype, double=True)
    uniq = np.argsort(rng.random(shape), axis=dim)[:ishape[0], :ishape[1]]  # no slot written twice
    check_vjp(lambda t, x, y: x.scatter(dim, t.tensor(uniq), y[:uniq.shape[0], :uniq.shape[1]]), a, s, dtype=dtype,
              double=True)
    check_vjp(lambda t, x: x.scatter(dim, I(t), 1.5), a, dtype=dtype)
    check_vjp(lambda t, x, y: x.scatter_add(dim, I(t), y), a, s, dtype=dtype, double=True)
    check_vjp(lambda t, x, y: (x * 1).scatter_add_(dim, I(t), y), a, s, dtype=dtype)


@pytest.mark.parametrize("reduce", ["sum", "mean", "amax", "amin", "prod"])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_grad(reduce, include_self):
    rng = np.random.default_rng(0)
    a = np.round(rng.standard_normal((3, 4)) * 2) / 2  # ties for amax/amin
    s = np.round(rng.standard_normal((2, 4)) * 2) / 2
    a[0, 0] = s[1, 1] = s[0, 1] = 0.0  # zeros for prod, one slot with two zeros
    a[2, 3] = s[0, 3]
    idx = [[0, 1, 2, 2], [0, 1, 0, 2]]
    double = reduce != "prod"
    check_vjp(lambda t, x, y: x.scatter_reduce(0, t.tensor(idx), y, reduce, include_self=include_self), a, s,
              dtype="float64", double=double)
    check_vjp(lambda t, x, y: (x * 1).scatter_reduce_(1, t.tensor(idx)[:, :3], y[:, :3], reduce,
                                                      include_self=include_self), a, s, dtype="float64")
    if reduce != "sum":
        check_vjp(lambda t, x, y: x.index_reduce(0, t.tensor([2, 2]), y, reduce, include_self=include_self), a, s,
                  dtype="float64", double=double)
        check_vjp(lambda t, x, y: (x * 1).index_reduce_(1, t.tensor([3, 0, 3]), y[:, :3].t().t()[:3], reduce,
                                                        include_self=include_self), a, s[:, :3].repeat(2, 0)[:3],
                  dtype="float64")


def test_scatter_with_reduce_has_no_derivative():
    for lib in (torch, mindtorch):
        x = lib.ones(3, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y = x.scatter(0, lib.tensor([0, 0]), lib.ones(2), reduce="add")
        with pytest.raises(RuntimeError, match="not implemented"):
            y.sum().backward()


@settings(max_examples=10)
@given(st.integers(1, 4), st.integers(0, 4), st.integers(-2, 1), dtypes, st.integers(0, 99))
def test_index_ops_grad(n, k, dim, dtype, seed):
    rng = np.random.default_rng(seed)
    shape = (n, 3)
    size = shape[dim]
    idx = rng.integers(0, size, k)  # duplicates
    sshape = list(shape)
    sshape[dim] = k
    a, s, v = _arr(seed, shape), _arr(seed + 1, sshape), np.array(1.5)
    I = lambda t: t.tensor(idx, dtype=t.int64)  # noqa: E731
    check_vjp(lambda t, x: x.index_select(dim, I(t)), a, dtype=dtype, double=True)
    check_vjp(lambda t, x, y: x.index_add(dim, I(t), y, alpha=2), a, s, dtype=dtype, double=True)
    check_vjp(lambda t, x, y: (x * 1).index_add_(dim, I(t), y), a, s, dtype=dtype)
    uniq = rng.permutation(size)[:k]
    sk = s[:len(uniq)] if dim % 2 == 0 else s[:, :len(uniq)]
    check_vjp(lambda t, x, y: x.index_copy(dim, t.tensor(uniq, dtype=t.int64), y), a, sk, dtype=dtype, double=True)
    check_vjp(lambda t, x, y: x.index_fill(dim, I(t), y), a, v, dtype=dtype, double=True)
    check_vjp(lambda t, x: (x * 1).index_fill_(dim, I(t), -1.0), a, dtype=dtype)
    flat = rng.integers(-a.size, a.size, k)
    check_vjp(lambda t, x, y: x.put(t.tensor(flat), y.reshape(-1)[:k]), a, _arr(3, (max(k, 1),)), dtype=dtype)
    check_vjp(lambda t, x, y: (x * 1).put_(t.tensor(flat), y.reshape(-1)[:k], accumulate=True), a,
              _arr(3, (max(k, 1),)), dtype=dtype, double=True)
    rows = rng.integers(0, n, k)
    check_vjp(lambda t, x, y: x.index_put((t.tensor(rows, dtype=t.int64),), y), a, _arr(4, (3,)), dtype=dtype)
    check_vjp(lambda t, x, y: x.index_put((t.tensor(rows, dtype=t.int64), t.tensor(rows % 3, dtype=t.int64)), y,
                                          accumulate=True), a, _arr(4, (1,)), dtype=dtype, double=True)
    check_vjp(lambda t, x, y: (x * 1).index_put_((t.tensor(rows, dtype=t.int64),), y, accumulate=True), a,
              _arr(4, (k, 3)), dtype=dtype)


@given(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4), st.booleans(), dtypes, st.integers(0, 99))
def test_masked_grad(shape, bcast, dtype, seed):
    rng = np.random.default_rng(seed)
    mshape = shape[1:] if bcast and shape else shape
    m = rng.random(mshape) > 0.5
    a, v = _arr(seed, shape), np.array(0.5)
    M = lambda t: t.tensor(m)  # noqa: E731
    check_vjp(lambda t, x: x.masked_fill(M(t), 2.0), a, dtype=dtype, double=True)
    check_vjp(lambda t, x, y: x.masked_fill(M(t), y), a, v, dtype=dtype, double=True)
    check_vjp(lambda t, x, y: (x * 1).masked_fill_(M(t), y), a, v, dtype=dtype)
    check_vjp(lambda t, x: x.masked_select(M(t)), a, dtype=dtype, double=True)
    check_vjp(lambda t, x: t.masked_select(x[..., :1], M(t)) if shape else x.masked_select(M(t)), a, dtype=dtype)
    src = _arr(seed + 1, (int(np.broadcast_to(m, shape).sum()) + 2,))
    check_vjp(lambda t, x, y: x.masked_scatter(M(t), y), a, src, dtype=dtype, double=True)
    check_vjp(lambda t, x, y: (x * 1).masked_scatter_(M(t), y), a, src, dtype=dtype)


def test_fill_zero_grad():
    a, v = _arr(0, (2, 3)), np.array(2.0)
    check_vjp(lambda t, x, y: (x * 1).fill_(y), a, v, dtype="float64")
    check_vjp(lambda t, x: (x * 1).fill_(3.0) + x, a, dtype="float64")
    check_vjp(lambda t, x: (x * 1).zero_() + x, a, dtype="float64")
    check_vjp(lambda t, x, y: t.fill(x, y), a, v, dtype="float64")
