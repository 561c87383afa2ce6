"""Backward formulas of the linalg family against torch (vector-Jacobian products, double backward)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from _gradutil import check_vjp

TOL = {"float32": (1e-4, 1e-5), "float64": (1e-10, 1e-12)}
dtypes = st.sampled_from(["float32", "float64"])


def _arr(seed, shape):
    return np.random.default_rng(seed).standard_normal(shape)


@st.composite
def matmul_shapes(draw):
    """Every rank combination of torch.matmul (1-d to 4-d) with broadcast batch dims."""
    n, k, m = (draw(st.integers(1, 4)) for _ in range(3))
    ra, rb = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    batch = [draw(st.integers(1, 3)) for _ in range(2)]
    def side(r, core):
        if r == 1:
            return (core[0],) if core is not None else None
        b = batch[len(batch) - (r - 2):] if r > 2 else []
        b = [x if draw(st.booleans()) else 1 for x in b]
        return tuple(b) + core
    sa = (k,) if ra == 1 else side(ra, (n, k))
    sb = (k,) if rb == 1 else side(rb, (k, m))
    return sa, sb


@settings(max_examples=40)
@given(matmul_shapes(), dtypes, st.integers(0, 9))
def test_matmul_grad(shapes, dtype, seed):
    sa, sb = shapes
    check_vjp(lambda t, a, b: t.matmul(a, b), _arr(seed, sa), _arr(seed + 1, sb), dtype=dtype, rtol=TOL[dtype][0],
              atol=TOL[dtype][1])


@given(matmul_shapes(), st.integers(0, 9))
def test_matmul_operator_grad(shapes, seed):
    sa, sb = shapes
    check_vjp(lambda t, a, b: a @ b, _arr(seed, sa), _arr(seed + 1, sb), rtol=1e-4, atol=1e-5)


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), dtypes)
def test_mm_bmm_mv_grad(n, k, m, dtype):
    tol = dict(dtype=dtype, rtol=TOL[dtype][0], atol=TOL[dtype][1])
    check_vjp(lambda t, a, b: t.mm(a, b), _arr(0, (n, k)), _arr(1, (k, m)), **tol)
    check_vjp(lambda t, a, b: t.bmm(a, b), _arr(0, (2, n, k)), _arr(1, (2, k, m)), **tol)
    check_vjp(lambda t, a, b: t.mv(a, b), _arr(0, (n, k)), _arr(1, (k,)), **tol)
    check_vjp(lambda t, a, b: t.dot(a, b), _arr(0, (k,)), _arr(1, (k,)), **tol)
    check_vjp(lambda t, a, b: t.vdot(a, b), _arr(0, (k,)), _arr(1, (k,)), **tol)
    check_vjp(lambda t, a, b: t.outer(a, b), _arr(0, (n,)), _arr(1, (m,)), **tol)


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.sampled_from([0, 1, 0.5, -2]),
       st.sampled_from([1, 2.5, -1]), st.booleans(), dtypes)
def test_add_family_grad(n, k, m, beta, alpha, bcast, dtype):
    tol = dict(dtype=dtype, rtol=TOL[dtype][0], atol=TOL[dtype][1])
    kw = dict(beta=beta, alpha=alpha)
    inp = _arr(5, (m,) if bcast else (n, m))
    check_vjp(lambda t, i, a, b: t.addmm(i, a, b, **kw), inp, _arr(0, (n, k)), _arr(1, (k, m)), **tol)
    check_vjp(lambda t, i, a, b: t.addmv(i, a, b, **kw), _arr(5, () if bcast else (n,)), _arr(0, (n, k)),
              _arr(1, (k,)), **tol)
    check_vjp(lambda t, i, a, b: t.addr(i, a, b, **kw), inp, _arr(0, (n,)), _arr(1, (m,)), **tol)
    check_vjp(lambda t, i, a, b: t.baddbmm(i, a, b, **kw), inp, _arr(0, (3, n, k)), _arr(1, (3, k, m)), **tol)
    check_vjp(lambda t, i, a, b: t.addbmm(i, a, b, **kw), inp, _arr(0, (3, n, k)), _arr(1, (3, k, m)), **tol)


@pytest.mark.parametrize("name", ["addmm_", "baddbmm_", "addr_", "addmv_"])
def test_add_family_inplace_grad(name):
    shapes = {"addmm_": ((2, 3), (2, 4), (4, 3)), "baddbmm_": ((2, 2, 3), (2, 2, 4), (2, 4, 3)),
              "addr_": ((2, 3), (2,), (3,)), "addmv_": ((2,), (2, 4), (4,))}[name]
    def fn(t, i, a, b):
        return getattr(i.clone(), name)(a, b, beta=0.5, alpha=2)
    check_vjp(fn, *[_arr(j, s) for j, s in enumerate(shapes)], rtol=1e-4, atol=1e-5)


def _shape_ops_differentiable():
    import mindtorch
    x = mindtorch.ones(2, 2, requires_grad=True)
    return all(v.requires_grad for v in (x.mT, x.unsqueeze(0), x.squeeze(0), x.sum(0)))


@pytest.mark.skipif(not _shape_ops_differentiable(), reason="needs the shape/reduction formulas (transpose, "
                    "unsqueeze, squeeze, sum) that the matmul formula is written in")
@given(matmul_shapes(), st.integers(0, 9))
def test_matmul_double_backward(shapes, seed):
    sa, sb = shapes
    check_vjp(lambda t, a, b: t.matmul(a, b), _arr(seed, sa), _arr(seed + 1, sb), dtype="float64", rtol=1e-10,
              atol=1e-12, double=True)


def _c(seed, shape):
    r = np.random.default_rng(seed)
    return np.asarray(r.standard_normal(shape) + 1j * r.standard_normal(shape))


@pytest.mark.parametrize("name,fn,shapes", [
    ("matmul", lambda t, a, b: t.matmul(a, b), [(2, 3), (3,)]), ("bmm", lambda t, a, b: t.bmm(a, b), [(2, 2, 3), (2, 3, 2)]),
    ("dot", lambda t, a, b: t.dot(a, b), [(3,), (3,)]), ("vdot", lambda t, a, b: t.vdot(a, b), [(3,), (3,)]),
    ("outer", lambda t, a, b: t.outer(a, b), [(3,), (2,)]),
    ("addmm", lambda t, i, a, b: t.addmm(i, a, b, beta=0.5, alpha=2), [(2, 2), (2, 3), (3, 2)]),
    ("inv", lambda t, a: t.linalg.inv(a), [(3, 3)]), ("det", lambda t, a: t.det(a), [(3, 3)]),
    ("solve", lambda t, a, b: t.linalg.solve(a, b), [(3, 3), (3, 2)]), ("kron", lambda t, a, b: t.kron(a, b), [(2, 2), (3,)]),
    ("cross", lambda t, a, b: t.linalg.cross(a, b), [(2, 3), (2, 3)]),
    ("tensordot", lambda t, a, b: t.tensordot(a, b, 1), [(2, 3), (3, 2)]),
])
def test_complex_grad(name, fn, shapes):
    args = [_c(i, s) for i, s in enumerate(shapes)]
    check_vjp(fn, *args, grad_args=list(range(len(args))), rtol=1e-9, atol=1e-10)
