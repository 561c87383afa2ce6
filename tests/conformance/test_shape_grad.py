"""Backward formulas of views and shape ops (view/reshape/squeeze/permute/transpose/expand/narrow/select/
split/chunk/tensor_split/unbind/diagonal/as_strided/unfold) and of the copies (cat/stack/flip/roll/rot90/
repeat/tile/repeat_interleave/diag/diag_embed/diagflat/block_diag/...) against torch: hypothesis-drawn
shapes, negative dims, non-contiguous inputs, double backward; in-place ops on views of non-leaf tensors."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import mindtorch
from _gradutil import check_vjp
from oracle import check_grad

dtypes = st.sampled_from(["float32", "float64"])


@st.composite
def arrays(draw, min_dims=0, max_dims=4, min_side=0, max_side=4):
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side))
    return np.random.default_rng(draw(st.integers(0, 99))).standard_normal(shape)


def _nc(x, flag):
    """x itself or a non-contiguous (reversed-dims) view of the same values' transpose."""
    return x.permute(*reversed(range(x.ndim))) if flag and x.ndim > 1 else x


@given(arrays(), st.booleans(), dtypes, st.data())
def test_views_reshaping(a, nc, dtype, data):
    shape = a.shape[::-1] if nc and a.ndim > 1 else a.shape
    n = int(np.prod(shape))
    check_vjp(lambda t, x: _nc(x, nc).reshape(-1), a, dtype=dtype, double=True)
    check_vjp(lambda t, x: _nc(x, nc).unsqueeze(-1).squeeze(), a, dtype=dtype)
    check_vjp(lambda t, x: _nc(x, nc).flatten(), a, dtype=dtype)
    if not nc:
        check_vjp(lambda t, x: x.view(n, 1), a, dtype=dtype)
        check_vjp(lambda t, x: x.view_as(t.zeros(n)), a, dtype=dtype)
    if len(shape):
        d = data.draw(st.integers(-len(shape), len(shape) - 1))
        check_vjp(lambda t, x: _nc(x, nc).squeeze(d), a, dtype=dtype)
        check_vjp(lambda t, x: _nc(x, nc).unflatten(d, (1, shape[d])), a, dtype=dtype)
        check_vjp(lambda t, x: t.movedim(_nc(x, nc), d, 0), a, dtype=dtype)
        perm = data.draw(st.permutations(range(len(shape))))
        check_vjp(lambda t, x: _nc(x, nc).permute(*perm), a, dtype=dtype, double=True)
        e = data.draw(st.integers(-len(shape), len(shape) - 1))
        check_vjp(lambda t, x: _nc(x, nc).transpose(d, e), a, dtype=dtype)
        check_vjp(lambda t, x: _nc(x, nc).swapaxes(e, d), a, dtype=dtype)


@given(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3), st.booleans(), dtypes, st.data())
def test_expand_grad(shape, nc, dtype, data):
    ones = tuple(1 if data.draw(st.booleans()) else s for s in shape)
    target = (2,) + tuple(3 if o == 1 else s for o, s in zip(ones, shape))
    b = np.random.default_rng(0).standard_normal(ones[::-1] if nc else ones)  # _nc(x) has the shape `ones`
    check_vjp(lambda t, x: _nc(x, nc).expand(*target), b, dtype=dtype, double=True)
    check_vjp(lambda t, x: t.broadcast_to(_nc(x, nc), target), b, dtype=dtype)
    check_vjp(lambda t, x: _nc(x, nc).expand_as(t.zeros(target)), b, dtype=dtype)
    check_vjp(lambda t, x: t.broadcast_tensors(_nc(x, nc), t.zeros(target))[0], b, dtype=dtype)


@given(arrays(min_dims=1, min_side=1), st.booleans(), dtypes, st.data())
def test_slicing_views(a, nc, dtype, data):
    shape = a.shape[::-1] if nc and a.ndim > 1 else a.shape
    nd = len(shape)
    d = data.draw(st.integers(-nd, nd - 1))
    size = shape[d]
    start = data.draw(st.integers(-size, size - 1))
    length = data.draw(st.integers(0, size - (start % size)))
    check_vjp(lambda t, x: _nc(x, nc).narrow(d, start, length), a, dtype=dtype, double=True)
    # torch's NarrowCopyBackward mishandles a negative start (wrong or failing gradients): non-negative here
    check_vjp(lambda t, x: t.narrow_copy(_nc(x, nc), d, start % size, length), a, dtype=dtype)
    check_vjp(lambda t, x: _nc(x, nc).select(d, start), a, dtype=dtype, double=True)
    k = data.draw(st.integers(1, size + 1))
    check_vjp(lambda t, x: _nc(x, nc).split(k, d), a, dtype=dtype, double=True)
    check_vjp(lambda t, x: _nc(x, nc).chunk(k, d)[-1], a, dtype=dtype)  # the other pieces get zeros
    check_vjp(lambda t, x: _nc(x, nc).tensor_split(k, d), a, dtype=dtype)
    idx = data.draw(st.lists(st.integers(-size - 1, size + 1), max_size=3))  # overlapping pieces too
    check_vjp(lambda t, x: _nc(x, nc).tensor_split(idx, d), a, dtype=dtype)
    check_vjp(lambda t, x: _nc(x, nc).unbind(d), a, dtype=dtype, double=True)
    step = data.draw(st.integers(1, 3))
    w = data.draw(st.integers(0, size))
    check_vjp(lambda t, x: _nc(x, nc).unfold(d, w, step), a, dtype=dtype, double=True)


@given(arrays(min_dims=2, max_dims=4, min_side=1), st.booleans(), dtypes, st.data())
def test_diagonal_family(a, nc, dtype, data):
    nd = a.ndim
    d1 = data.draw(st.integers(-nd, nd - 1))
    d2 = data.draw(st.integers(-nd, nd - 1).filter(lambda v: v % nd != d1 % nd))
    off = data.draw(st.integers(-3, 3))
    check_vjp(lambda t, x: _nc(x, nc).diagonal(off, d1, d2), a, dtype=dtype, double=True)
    check_vjp(lambda t, x: t.diag_embed(_nc(x, nc), off, d1 % nd, nd), a, dtype=dtype, double=True)
    check_vjp(lambda t, x: t.diag_embed(_nc(x, nc), off), a, dtype=dtype)
    check_vjp(lambda t, x: t.diag(_nc(x, nc).flatten(0, -2)[0], off), a, dtype=dtype)
    check_vjp(lambda t, x: t.diag(_nc(x, nc).reshape(-1, x.shape[-1]), off), a, dtype=dtype)
    check_vjp(lambda t, x: t.diagflat(_nc(x, nc), off), a, dtype=dtype)


def test_as_strided_grad():
    a = np.random.default_rng(0).standard_normal((3, 4))
    check_vjp(lambda t, x: x.as_strided((3, 3), (2, 1), 1), a, double=True)  # overlapping windows
    check_vjp(lambda t, x: (x * 1)[1].as_strided((2, 2), (1, 1)), a, dtype="float64")  # a view of a view
    check_vjp(lambda t, x: (x * 1).t().as_strided((2, 3), (4, 1), 1), a, dtype="float64")


@given(st.lists(arrays(min_dims=2, max_dims=2, min_side=1, max_side=3), min_size=1, max_size=3), dtypes,
       st.integers(-2, 1))
def test_cat_stack_grad(blocks, dtype, d):
    rows = blocks[0].shape[0]
    blocks = [b[:1].repeat(rows, 0) if b.shape[0] != rows else b for b in blocks]
    check_vjp(lambda t, *xs: t.cat(xs, d if d % 2 else -1 if d < 0 else 1), *blocks, dtype=dtype, double=True)
    check_vjp(lambda t, *xs: t.cat(list(xs) + [t.zeros(0, dtype=xs[0].dtype)], 1), *blocks, dtype=dtype)
    check_vjp(lambda t, *xs: t.hstack(xs), *blocks, dtype=dtype)
    same = [blocks[0]] * len(blocks)
    check_vjp(lambda t, *xs: t.stack(xs, d), *same, dtype=dtype, double=True)
    check_vjp(lambda t, *xs: t.vstack(xs), *same, dtype=dtype)
    check_vjp(lambda t, *xs: t.dstack(xs), *same, dtype=dtype)
    check_vjp(lambda t, *xs: t.column_stack(xs), *same, dtype=dtype)
    check_vjp(lambda t, *xs: t.block_diag(*xs, xs[0][0], xs[0][0, 0]), *blocks, dtype=dtype, double=True)


@given(arrays(min_dims=1), st.booleans(), dtypes, st.data())
def test_flip_roll_repeat(a, nc, dtype, data):
    nd = a.ndim
    dims = data.draw(st.lists(st.integers(-nd, nd - 1), unique_by=lambda v: v % nd, max_size=nd))
    check_vjp(lambda t, x: _nc(x, nc).flip(dims), a, dtype=dtype, double=True)
    shifts = [data.draw(st.integers(-5, 5)) for _ in dims]
    if dims:
        check_vjp(lambda t, x: _nc(x, nc).roll(shifts, dims), a, dtype=dtype, double=True)
    check_vjp(lambda t, x: _nc(x, nc).roll(3), a, dtype=dtype)
    reps = [data.draw(st.integers(0, 3)) for _ in range(nd + data.draw(st.integers(0, 1)))]
    check_vjp(lambda t, x: _nc(x, nc).repeat(*reps), a, dtype=dtype, double=True)
    check_vjp(lambda t, x: _nc(x, nc).tile(reps[:1]), a, dtype=dtype)
    d = data.draw(st.integers(-nd, nd - 1))
    r = data.draw(st.integers(0, 3))
    check_vjp(lambda t, x: _nc(x, nc).repeat_interleave(r, d), a, dtype=dtype, double=True)
    check_vjp(lambda t, x: _nc(x, nc).repeat_interleave(r), a, dtype=dtype)
    counts = data.draw(st.lists(st.integers(0, 3), min_size=a.shape[::-1 if nc else 1][d % nd],
                                max_size=a.shape[::-1 if nc else 1][d % nd]))
    check_vjp(lambda t, x: _nc(x, nc).repeat_interleave(t.tensor(counts, dtype=t.int64), d), a, dtype=dtype,
              double=True)
    if nd >= 2:
        k = data.draw(st.integers(-5, 5))
        check_vjp(lambda t, x: t.rot90(_nc(x, nc), k, (0, -1)), a, dtype=dtype, double=True)
        check_vjp(lambda t, x: t.fliplr(_nc(x, nc)), a, dtype=dtype)


def test_small_composites_grad():
    a = np.random.default_rng(1).standard_normal((3, 4))
    check_vjp(lambda t, x: x.t(), a, double=True)
    check_vjp(lambda t, x: x.mT, a)
    check_vjp(lambda t, x: x.T, a)
    check_vjp(lambda t, x: x.adjoint(), a)
    check_vjp(lambda t, x: x.t().ravel(), a)
    check_vjp(lambda t, x: t.atleast_3d(x[0]), a)
    check_vjp(lambda t, x: t.meshgrid(x[0], x[1, :2], indexing="xy"), a)
    check_vjp(lambda t, x: t.cartesian_prod(x[0], x[1, :2]), a)
    check_vjp(lambda t, x: t.hsplit(x, 2), a)
    check_vjp(lambda t, x: x.unflatten(1, (2, -1)), a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_vjp(lambda t, x: x[0, 0].T, a)
    # the in-place layout ops on a non-leaf
    check_vjp(lambda t, x: (x * 1).unsqueeze_(0).transpose_(0, 2).squeeze_(), a, dtype="float64")
    check_vjp(lambda t, x: (x * 1).t_(), a, dtype="float64")
    # check_grad: the projection (o * w).sum() of the output on top
    check_grad(lambda t, x: t.cat([x.t(), x[:, :3].flip(0)], 0), a)
    check_grad(lambda t, x: x.reshape(2, 6).expand(3, 2, 6), a)


def test_not_differentiable_and_aliases():
    x = mindtorch.randn(3, 4, requires_grad=True)
    assert not x.view(mindtorch.float32).requires_grad  # view(dtype): torch records nothing
    assert not x.view(mindtorch.int32).requires_grad
    assert mindtorch.flatten(x, 0, 0) is x and x.grad_fn is None  # torch returns self
    assert x.view(12).grad_fn.name() == "ViewBackward0"
    assert x.expand(2, 3, 4).grad_fn.name() == "ExpandBackward0"
    assert mindtorch.cat([x, x]).grad_fn.name() == "CatBackward0"


# ---- in-place ops on views of non-leaf tensors (CopySlices) vs torch --------------------------------------
def _inplace_flows():
    def f1(t, x, y):
        z = x * 1
        z[:, 1].mul_(2)
        z[0].add_(y[0])
        return z

    def f2(t, x, y):
        z = x * 1
        v = z.view(12)
        v[::2].mul_(y[0])  # v (another view of z) reads the write too
        return z, v

    def f3(t, x, y):
        z = x * 1
        z.diagonal().copy_(y)
        return z

    def f4(t, x, y):
        z = x * 1
        v, w = z[0], z.t()
        z.mul_(2)  # views taken before the base's own in-place write
        z[1].mul_(3)
        return v * 1, w.sum(0), z

    def f5(t, x, y):
        z = x * 1
        w = z[1:]
        w[:, ::2].mul_(y[1])
        w.narrow(1, 2, 2).add_(w[:, :2])
        return z.sum(0) + 0, w

    return [f1, f2, f3, f4, f5]


@pytest.mark.parametrize("fn", _inplace_flows())
def test_inplace_on_views(fn):
    a = np.random.default_rng(2).standard_normal((3, 4))
    b = np.random.default_rng(3).standard_normal(3)
    check_vjp(fn, a, b, dtype="float64", double=True)


def test_inplace_on_view_of_leaf_raises():
    for lib in (torch, mindtorch):
        x = lib.ones(3, 4, requires_grad=True)
        with pytest.raises(RuntimeError):
            x[0].mul_(2)
