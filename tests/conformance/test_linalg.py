"""matmul and its relatives against torch: every rank combination of matmul with batch broadcasting,
mm/bmm/mv/dot/vdot/inner/outer, the add*-family (beta/alpha, out=, in-place), einsum, tensordot, kron,
cross, cdist, trace, matrix_power, multi_dot; dtypes (bfloat16/float16 included), zero-size and
non-contiguous operands, and torch's errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st, assume
from hypothesis.extra import numpy as hnp

import torch
import mindtorch
from oracle import check, assert_same
from strategies import arrays, non_contiguous

MM_DTYPES = ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8"]


def small(dtype, shape):
    """Arrays with small values, so that products stay exact enough in every dtype."""
    if dtype in ("float32", "float64", "float16", "bfloat16"):
        el = st.floats(-8, 8, width=16, allow_subnormal=False)
    elif dtype == "uint8":
        el = st.integers(0, 15)
    elif dtype == "bool":
        el = st.booleans()
    elif dtype.startswith("complex"):
        el = st.complex_numbers(max_magnitude=8, allow_nan=False, allow_infinity=False, width=64)
    else:
        el = st.integers(-15, 15)
    np_dtype = {"bfloat16": np.float32}.get(dtype, dtype)
    return hnp.arrays(np_dtype, shape, elements=el)


def tdtype(dtype):
    """`check(dtype=...)` for dtypes NumPy lacks."""
    return "bfloat16" if dtype == "bfloat16" else None


@st.composite
def matmul_operands(draw, max_batch=3):
    """Shapes for every rank combination (1-d..4-d each side) with broadcastable batch dims."""
    na = draw(st.integers(1, 4))
    nb = draw(st.integers(1, 4))
    m, k, n = draw(st.integers(0, 4)), draw(st.integers(0, 4)), draw(st.integers(0, 4))
    bshapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=max_batch, max_side=3))
    ba, bb = bshapes.input_shapes
    ba, bb = ba[len(ba) - max(na - 2, 0):] if na > 2 else (), bb[len(bb) - max(nb - 2, 0):] if nb > 2 else ()
    sa = (k,) if na == 1 else tuple(ba) + (m, k)
    sb = (k,) if nb == 1 else tuple(bb) + (k, n)
    return sa, sb


@given(matmul_operands(), st.sampled_from(MM_DTYPES), st.data())
def test_matmul_rank_combinations_and_broadcasting(shapes, dtype, data):
    sa, sb = shapes
    a = data.draw(small(dtype, sa))
    b = data.draw(small(dtype, sb))
    check(lambda lib, x, y: lib.matmul(x, y), a, b, dtype=tdtype(dtype))
    check(lambda lib, x, y: x @ y, a, b, dtype=tdtype(dtype))


@given(matmul_operands(), st.data())
def test_matmul_non_contiguous_operands_and_out(shapes, data):
    sa, sb = shapes
    a = data.draw(small("float32", sa))
    b = data.draw(small("float32", sb))

    def fn(lib, x, y):
        r = lib.matmul(non_contiguous(lib, x), non_contiguous(lib, y))
        out = lib.empty(0)
        lib.matmul(x, y, out=out)
        return r, out
    check(fn, a, b)


@given(st.sampled_from([((3,), (4,)), ((2, 3), (4, 5)), ((3,), (4, 5)), ((2, 3), (4,)), ((2, 2, 3), (2, 4, 5)),
                        ((2, 2, 3), (3, 2, 3)), ((), (3,)), ((3,), ()), ((2, 3, 4), (4,)), ((5,), (2, 4, 3))]))
def test_matmul_shape_errors(shapes):
    sa, sb = shapes
    check(lambda lib, x, y: lib.matmul(x, y), np.ones(sa, np.float32), np.ones(sb, np.float32))


@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((2, 3), (3, 2)), ((3,), (3, 2)), ((2, 2, 3), (2, 3, 2))])
@pytest.mark.parametrize("da,db", [("float32", "float64"), ("int64", "float32"), ("int32", "int64")])
def test_matmul_dtype_mismatch_raises(sa, sb, da, db):
    check(lambda lib, x, y: lib.matmul(x, y), np.ones(sa, da), np.ones(sb, db))


def test_matmul_bool_and_out_dtype_errors():
    check(lambda lib, x: x @ x, np.ones((2, 2), np.bool_))
    check(lambda lib, x: lib.matmul(x, x, out=lib.empty(2, 2, dtype=lib.float64)), np.ones((2, 2), np.float32))
    check(lambda lib, x: lib.matmul(x, 2), np.ones((2, 2), np.float32))


def test_matmul_inner_size_zero_gives_zeros():
    # MindSpore's 2-d MatMul leaves the result uninitialized for k == 0
    for sa, sb in [((3, 0), (0, 4)), ((0,), (0, 4)), ((3, 0), (0,)), ((2, 3, 0), (0, 4)), ((0,), (0,))]:
        check(lambda lib, x, y: lib.matmul(x, y), np.ones(sa, np.float32), np.ones(sb, np.float32))


def test_bfloat16_and_float16_matmul_accumulate_like_torch():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((6, 64)).astype(np.float32)
    b = rng.standard_normal((64, 5)).astype(np.float32)
    check(lambda lib, x, y: x @ y, a, b, dtype="bfloat16")
    check(lambda lib, x, y: x @ y, a.astype(np.float16), b.astype(np.float16))
    check(lambda lib, x, y: lib.bmm(x[None], y[None]), a, b, dtype="bfloat16")
    x = np.ones((1, 4096), np.float16)
    x[0, 0] = 2048
    check(lambda lib, x, y: x @ y, x, np.ones((4096, 1), np.float16))
    check(lambda lib, x, y: x @ y, x.astype(np.float32), np.ones((4096, 1), np.float32), dtype="bfloat16")


def test_matmul_float32_large_is_close():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((3, 33, 70)).astype(np.float32)
    b = rng.standard_normal((70, 20)).astype(np.float32)
    check(lambda lib, x, y: x @ y, a, b, rtol=1e-5, atol=1e-4)


def test_complex_matmul():
    rng = np.random.default_rng(2)
    a = (rng.standard_normal((2, 3, 4)) + 1j * rng.standard_normal((2, 3, 4))).astype(np.complex64)
    b = (rng.standard_normal((4, 2)) + 1j * rng.standard_normal((4, 2))).astype(np.complex64)
    check(lambda lib, x, y: x @ y, a, b)
    check(lambda lib, x, y: lib.vdot(x[0, 0], y[:, 0]), a, b)


def test_integer_matmul_wraps_like_torch():
    check(lambda lib, x: x @ x.transpose(0, 1), np.full((2, 40), 10, np.int8))
    check(lambda lib, x: x @ x.transpose(0, 1), np.full((2, 40), 100, np.uint8))
    check(lambda lib, x: x @ x.transpose(0, 1), np.full((2, 3), 2 ** 40, np.int64))


# ---- mm, bmm, mv, dot, vdot, inner, outer ----------------------------------------------------------------
@given(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4), st.integers(0, 3), st.sampled_from(MM_DTYPES),
       st.data())
def test_mm_bmm_mv_dot(m, k, n, b, dtype, data):
    A = data.draw(small(dtype, (m, k)))
    B = data.draw(small(dtype, (k, n)))
    v = data.draw(small(dtype, (k,)))
    BA = data.draw(small(dtype, (b, m, k)))
    BB = data.draw(small(dtype, (b, k, n)))
    dt = tdtype(dtype)
    check(lambda lib, x, y: lib.mm(x, y), A, B, dtype=dt)
    check(lambda lib, x, y: x.mm(non_contiguous(lib, y)), A, B, dtype=dt)
    check(lambda lib, x, y: lib.bmm(x, y), BA, BB, dtype=dt)
    check(lambda lib, x, y: lib.mv(x, y), A, v, dtype=dt)
    check(lambda lib, x, y: lib.dot(x, y), v, v, dtype=dt)
    check(lambda lib, x, y: x.vdot(y), v, v, dtype=dt)


@pytest.mark.parametrize("fn,args", [
    ("mm", [(2, 3), (4, 2)]), ("mm", [(2, 3, 1), (3, 2)]), ("mm", [(3,), (3, 2)]), ("bmm", [(2, 2, 3), (3, 3, 2)]),
    ("bmm", [(2, 2, 3), (2, 4, 2)]), ("bmm", [(2, 3), (2, 3, 2)]), ("mv", [(2, 3), (4,)]), ("mv", [(2, 3), (3, 1)]),
    ("dot", [(3,), (4,)]), ("dot", [(3, 1), (3,)]), ("vdot", [(3,), (2,)]), ("inner", [(2, 3), (4,)]),
    ("outer", [(2, 3), (3,)]), ("ger", [(2,), (3, 1)])])
def test_product_shape_errors(fn, args):
    arrs = [np.ones(s, np.float32) for s in args]
    check(lambda lib, *xs: getattr(lib, fn)(*xs), *arrs)


@pytest.mark.parametrize("fn", ["mm", "bmm", "dot", "vdot", "mv", "inner"])
def test_product_dtype_errors(fn):
    shapes = {"mm": [(2, 2), (2, 2)], "bmm": [(1, 2, 2), (1, 2, 2)], "dot": [(2,), (2,)], "vdot": [(2,), (2,)],
              "mv": [(2, 2), (2,)], "inner": [(2, 2), (2, 2)]}[fn]
    check(lambda lib, x, y: getattr(lib, fn)(x, y), np.ones(shapes[0], np.float32), np.ones(shapes[1], np.float64))
    check(lambda lib, x, y: getattr(lib, fn)(x, y), np.ones(shapes[0], np.bool_), np.ones(shapes[1], np.bool_))


@given(st.data(), st.sampled_from(["float32", "float64", "int64", "int32", "bfloat16", "float16", "uint8"]))
def test_inner(data, dtype):
    shapes = data.draw(st.sampled_from([((3,), (3,)), ((2, 3), (3,)), ((2, 3), (4, 3)), ((2, 1, 3), (2, 3)),
                                        ((), (2, 3)), ((2, 0), (3, 0)), ((0, 2), (2,))]))
    a = data.draw(small(dtype, shapes[0]))
    b = data.draw(small(dtype, shapes[1]))
    check(lambda lib, x, y: lib.inner(x, y), a, b, dtype=tdtype(dtype))


@given(st.data(), st.sampled_from(["float32", "float64", "int64", "int32", "bool", "uint8", "float16"]),
       st.sampled_from(["float32", "int64", "bool", "float64"]))
def test_outer_and_ger_promote(data, da, db):
    a = data.draw(small(da, (data.draw(st.integers(0, 4)),)))
    b = data.draw(small(db, (data.draw(st.integers(0, 4)),)))
    check(lambda lib, x, y: lib.outer(x, y), a, b)
    check(lambda lib, x, y: x.ger(y), a, b)


def test_product_out_arguments():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.arange(12, dtype=np.float32).reshape(3, 4)
    v = np.arange(3, dtype=np.float32)

    def fn(lib, a, b, v):
        o1, o2, o3, o4, o5 = lib.empty(0), lib.empty(2, 4), lib.empty(5), lib.empty(()), lib.empty(3, 3)
        lib.mm(a, b, out=o1)
        lib.bmm(a[None], b[None], out=o2)
        lib.mv(a, v, out=o3)
        lib.dot(v, v, out=o4)
        lib.outer(v, v, out=o5)
        return o1, o2, o3, o4, o5
    check(fn, a, b, v)
    check(lambda lib, a, b: lib.mm(a, b, out=lib.empty(2, 4, dtype=lib.int64)), a, b)


# ---- the add* family ------------------------------------------------------------------------------------------
SCALARS = st.sampled_from([1, 0, 2, -1, 0.5, -1.5])


@given(st.sampled_from(["float32", "float64", "int64", "int32", "bfloat16", "float16"]), SCALARS, SCALARS,
       st.integers(0, 3), st.integers(0, 3), st.integers(0, 3), st.data())
def test_addmm_addmv_baddbmm_addbmm(dtype, beta, alpha, m, k, n, data):
    if dtype.startswith("int"):
        beta, alpha = int(beta), int(alpha)
    dt = tdtype(dtype)
    in_shape = data.draw(st.sampled_from([(m, n), (n,), (1, n), (m, 1), ()]))
    inp = data.draw(small(dtype, in_shape))
    A, B = data.draw(small(dtype, (m, k))), data.draw(small(dtype, (k, n)))
    v = data.draw(small(dtype, (k,)))
    b = data.draw(st.integers(0, 3))
    BA, BB = data.draw(small(dtype, (b, m, k))), data.draw(small(dtype, (b, k, n)))
    check(lambda lib, i, x, y: lib.addmm(i, x, y, beta=beta, alpha=alpha), inp, A, B, dtype=dt)
    check(lambda lib, i, x, y: lib.addmv(i.reshape(-1)[:1] if i.dim() else i, x, y, beta=beta, alpha=alpha),
          inp, A, v, dtype=dt)
    check(lambda lib, i, x, y: lib.baddbmm(i, x, y, beta=beta, alpha=alpha), inp, BA, BB, dtype=dt)
    check(lambda lib, i, x, y: lib.addbmm(i, x, y, beta=beta, alpha=alpha), inp, BA, BB, dtype=dt,
          rtol=1e-4 if dtype == "float32" else 1e-5)


@given(st.sampled_from(["float32", "float64", "int64", "bfloat16"]), SCALARS, SCALARS, st.data())
def test_add_family_in_place_and_out(dtype, beta, alpha, data):
    if dtype.startswith("int"):
        beta, alpha = int(beta), int(alpha)
    dt = tdtype(dtype)
    inp = data.draw(small(dtype, (2, 3)))
    A, B = data.draw(small(dtype, (2, 4))), data.draw(small(dtype, (4, 3)))
    v1, v2 = data.draw(small(dtype, (2,))), data.draw(small(dtype, (3,)))

    def fn(lib, i, a, b, v1, v2):
        x = i.clone()
        r1 = x.addmm_(a, b, beta=beta, alpha=alpha)
        y = i.clone()
        y.addr_(v1, v2, beta=beta, alpha=alpha)
        z = i.clone()[None]
        z.baddbmm_(a[None], b[None], beta=beta, alpha=alpha)
        w = i.clone()
        w.addbmm_(a[None], b[None], beta=beta, alpha=alpha)
        u = i.clone()[:, 0]
        u.addmv_(a, b[:, 0], beta=beta, alpha=alpha)
        o = lib.empty(0, dtype=i.dtype) if i.dtype != lib.bfloat16 else lib.empty(0).to(i.dtype)
        lib.addmm(i, a, b, beta=beta, alpha=alpha, out=o)
        view = i.clone()
        view.transpose(0, 1).addmm_(b.transpose(0, 1), a.transpose(0, 1), beta=beta, alpha=alpha)  # in place through a transposed view
        return r1 is x, x, y, z, w, u, o, view
    check(fn, inp, A, B, v1, v2, dtype=dt)


def test_add_family_beta_zero_ignores_nan_and_alpha_zero():
    nan = np.full((2, 2), np.nan, np.float32)
    one = np.ones((2, 2), np.float32)
    check(lambda lib, i, a: lib.addmm(i, a, a, beta=0), nan, one)
    check(lambda lib, i, a: lib.addmm(i, a, a, alpha=0), one, one)
    check(lambda lib, i, a: lib.addmm(i, a, a, beta=0.5, alpha=2.5), one.astype(np.int64), one.astype(np.int64))
    check(lambda lib, i, a: lib.addmm(i, a, a, beta=1j), one, one)


@given(st.sampled_from(["float32", "int64", "bool", "float64", "uint8"]),
       st.sampled_from(["float32", "int64", "bool", "float64"]), st.data())
def test_addr_promotes(di, dv, data):
    beta = data.draw(st.sampled_from([1, 0, 2] + ([0.5] if di.startswith("float") or dv.startswith("float") else [])
                                     + ([True, False] if di == dv == "bool" else [])))
    alpha = data.draw(st.sampled_from([1, 2, 0] + ([True] if di == dv == "bool" else [])))
    i = data.draw(small(di, data.draw(st.sampled_from([(2, 3), (3,), ()]))))
    a, b = data.draw(small(dv, (2,))), data.draw(small(dv, (3,)))
    check(lambda lib, i, a, b: lib.addr(i, a, b, beta=beta, alpha=alpha), i, a, b)


@pytest.mark.parametrize("call", [
    lambda lib: lib.addmm(lib.ones(2), lib.ones(2, 3), lib.ones(3, 3)),
    lambda lib: lib.addmm(lib.ones(3, dtype=lib.float64), lib.ones(2, 3), lib.ones(3, 3)),
    lambda lib: lib.addmm(lib.ones(3), lib.ones(2, 3), lib.ones(2, 3)),
    lambda lib: lib.ones(3).addmm_(lib.ones(3, 3), lib.ones(3, 3)),
    lambda lib: lib.ones(2, 2).addmm_(lib.ones(3, 3), lib.ones(3, 3)),
    lambda lib: lib.addmv(lib.ones(3, dtype=lib.float64), lib.ones(3, 3), lib.ones(3)),
    lambda lib: lib.addmv(lib.ones(2), lib.ones(3, 3), lib.ones(3)),
    lambda lib: lib.baddbmm(lib.ones(3, dtype=lib.float64), lib.ones(1, 3, 3), lib.ones(1, 3, 3)),
    lambda lib: lib.baddbmm(lib.ones(3), lib.ones(2, 3, 3), lib.ones(1, 3, 3)),
    lambda lib: lib.addbmm(lib.ones(3), lib.ones(2, 3, 3), lib.ones(2, 2, 3)),
    lambda lib: lib.addr(lib.ones(2, 2), lib.ones(2, 1), lib.ones(2)),
    lambda lib: lib.addr(lib.ones(2, 2, dtype=lib.int64), lib.ones(2, dtype=lib.int64), lib.ones(2, dtype=lib.int64),
                         beta=0.5),
    lambda lib: lib.ones(2, 2, dtype=lib.int64).addr_(lib.ones(2), lib.ones(2)),
    lambda lib: lib.addmm(lib.ones(2, 2, dtype=lib.bool), lib.ones(2, 2, dtype=lib.bool), lib.ones(2, 2, dtype=lib.bool)),
    lambda lib: lib.addmm(lib.ones(2, 2), lib.ones(2, 2), lib.ones(2, 2), out=lib.empty(2, 2, dtype=lib.float64)),
])
def test_add_family_errors(call):
    check(lambda lib: call(lib))


# ---- einsum -----------------------------------------------------------------------------------------------
EINSUM_CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("i,i->", [(3,), (3,)]), ("i,j->ij", [(2,), (3,)]), ("ii->i", [(3, 3)]), ("ii", [(3, 3)]), ("ij->ji", [(2, 3)]),
    ("ij->", [(2, 3)]), ("ij->j", [(2, 3)]), ("...ij,...jk->...ik", [(5, 1, 2, 3), (4, 3, 2)]),
    ("...ij,...jk", [(2, 3), (3, 2)]), ("i...->...", [(2, 3, 4)]), ("b...,b...->b", [(2, 3), (2, 3)]),
    ("bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]), ("ijk,ikl,ilm->ijm", [(2, 2, 3), (2, 3, 4), (2, 4, 2)]),
    ("iij->j", [(2, 2, 3)]), ("ij,ij->ij", [(2, 1), (2, 3)]), ("i,j", [(0,), (3,)]), ("i,i", [(0,), (0,)]),
    ("ba,Ab", [(2, 2), (2, 2)]), ("ij,kl->ijkl", [(2, 1), (1, 3)]), ("i j ,jk-> ik", [(2, 3), (3, 1)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]), ("i,i,i->i", [(3,), (3,), (3,)]), ("ijj->ij", [(2, 3, 3)]),
    ("ab,cd,bc->ad", [(2, 3), (4, 2), (3, 4)]), ("...", [(2, 3)]), ("i->", [(0,)]), ("ij,jk->ik", [(2, 0), (0, 3)]),
]


@pytest.mark.parametrize("eq,shapes", EINSUM_CASES)
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_einsum_equations(eq, shapes, dtype):
    rng = np.random.default_rng(0)
    arrs = [rng.integers(-4, 5, s).astype(dtype) for s in shapes]
    check(lambda lib, *xs: lib.einsum(eq, *xs), *arrs)


@given(st.sampled_from(EINSUM_CASES[:15]), st.sampled_from(["float32", "float64", "bfloat16", "float16", "int64"]),
       st.data())
def test_einsum_dtypes_and_non_contiguous(case, dtype, data):
    eq, shapes = case
    arrs = [data.draw(small(dtype, s)) for s in shapes]
    check(lambda lib, *xs: lib.einsum(eq, *[non_contiguous(lib, x) for x in xs]), *arrs, dtype=tdtype(dtype))
    check(lambda lib, *xs: lib.einsum(eq, list(xs)), *arrs, dtype=tdtype(dtype))


def test_einsum_sublist_form():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.arange(12, dtype=np.float32).reshape(3, 4)
    check(lambda lib, x, y: lib.einsum(x, [0, 1], y, [1, 2], [0, 2]), a, b)
    check(lambda lib, x, y: lib.einsum(x, [0, 1], y, [1, 2]), a, b)
    check(lambda lib, x, y: lib.einsum(x, [Ellipsis, 1], y, [1, 2], [Ellipsis, 2]), a, b)


@pytest.mark.parametrize("eq,shapes,dtypes", [
    ("ij,jk", [(2, 3), (4, 4)], None), ("ij", [(2, 3), (2, 3)], None), ("ij,jk", [(2, 3)], None),
    ("ij->k", [(2, 3)], None), ("ij->ii", [(2, 2)], None), ("i.j", [(2, 3)], None), ("ijk", [(2, 3)], None),
    ("ij,jk", [(2, 3), (3, 4)], ["float32", "float64"]), ("ij,jk", [(2, 3), (3, 4)], ["bool", "bool"]),
    ("i1", [(2, 3)], None)])
def test_einsum_errors(eq, shapes, dtypes):
    dtypes = dtypes or ["float32"] * len(shapes)
    arrs = [np.ones(s, d) for s, d in zip(shapes, dtypes)]
    check(lambda lib, *xs: lib.einsum(eq, *xs), *arrs)


# ---- tensordot, kron, cross, cdist, trace ----------------------------------------------------------------
@given(st.data(), st.sampled_from(["float32", "float64", "int64", "bfloat16"]))
def test_tensordot(data, dtype):
    case = data.draw(st.sampled_from([
        ((2, 3, 4), (3, 4, 5), 2), ((2, 3), (3, 4), 1), ((2, 3), (4, 5), 0), ((2, 3, 4), (4, 3, 2), ([1, 2], [1, 0])),
        ((3, 4), (4, 3), ([0], [1])), ((2, 0), (0, 3), 1), ((2, 3, 4), (5, 4, 3), ((1, 2), (2, 1))),
        ((2, 3), (3, 2), (-1, 0))]))
    sa, sb, dims = case
    a, b = data.draw(small(dtype, sa)), data.draw(small(dtype, sb))
    check(lambda lib, x, y: lib.tensordot(x, non_contiguous(lib, y), dims=dims), a, b, dtype=tdtype(dtype))


@pytest.mark.parametrize("sa,sb,dims", [((2, 3), (4, 5), 1), ((2, 3), (3, 4), 3), ((2, 3), (3, 4), -1),
                                        ((2, 3), (3, 4), ([0], [1]))])
def test_tensordot_errors(sa, sb, dims):
    check(lambda lib, x, y: lib.tensordot(x, y, dims=dims), np.ones(sa, np.float32), np.ones(sb, np.float32))
    check(lambda lib, x, y: lib.tensordot(x, y), np.ones((2, 2), np.float32), np.ones((2, 2), np.float64))


@given(st.data(), st.sampled_from(["float32", "int64", "bool", "float64", "uint8", "bfloat16"]),
       st.sampled_from(["float32", "int64", "bool"]))
def test_kron(data, da, db):
    sa = data.draw(st.lists(st.integers(0, 3), max_size=3).map(tuple))
    sb = data.draw(st.lists(st.integers(0, 3), max_size=3).map(tuple))
    a, b = data.draw(small(da, sa)), data.draw(small(db, sb))
    if da == "bfloat16":
        check(lambda lib, x, y: lib.kron(x.bfloat16(), y), a, b)
    else:
        check(lambda lib, x, y: x.kron(y), a, b)


@given(st.data(), st.sampled_from(["float32", "float64", "int64", "int32", "bfloat16", "float16"]))
def test_cross_and_linalg_cross(data, dtype):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=3, max_side=3))
    sa, sb = shapes.input_shapes
    n = max(len(sa), len(sb))
    sa, sb = (1,) * (n - len(sa)) + tuple(sa), (1,) * (n - len(sb)) + tuple(sb)
    d = data.draw(st.integers(-n, n - 1))
    sa = tuple(3 if i == d % n else s for i, s in enumerate(sa))
    sb = tuple(3 if i == d % n else s for i, s in enumerate(sb))
    a, b = data.draw(small(dtype, sa)), data.draw(small(dtype, sb))
    dt = tdtype(dtype)
    check(lambda lib, x, y: lib.cross(x, y, dim=d), a, b, dtype=dt)
    check(lambda lib, x, y: lib.linalg.cross(x, y, dim=d), a, b, dtype=dt)
    if d % n == n - 1:
        check(lambda lib, x, y: lib.linalg.cross(x, y), a, b, dtype=dt)


def test_cross_errors_and_default_dim():
    check(lambda lib, x, y: lib.cross(x, y), np.ones((2, 3, 4), np.float32), np.ones((2, 3, 4), np.float32))
    check(lambda lib, x, y: lib.cross(x, y, dim=1), np.ones((3, 2), np.float32), np.ones((3, 2), np.float32))
    check(lambda lib, x, y: lib.linalg.cross(x, y), np.ones((3, 2), np.float32), np.ones((3, 2), np.float32))
    check(lambda lib, x, y: lib.linalg.cross(x, y), np.ones((3,), np.float32), np.ones((3,), np.float64))
    check(lambda lib, x, y: lib.linalg.cross(x, y), np.ones((3,), np.bool_), np.ones((3,), np.bool_))
    check(lambda lib, x, y: lib.cross(x, y, dim=0, out=lib.empty(0)), np.ones((3,), np.float32),
          np.arange(3, dtype=np.float32))


@given(st.data(), st.sampled_from([2.0, 1.0, 0.0, 0.5, 3.0, float("inf")]),
       st.sampled_from(["use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                        "donot_use_mm_for_euclid_dist"]), st.sampled_from(["float32", "float64"]))
def test_cdist(data, p, mode, dtype):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, max_side=3))
    ba, bb = shapes.input_shapes
    r, c, m = data.draw(st.integers(0, 4)), data.draw(st.integers(0, 4)), data.draw(st.integers(0, 3))
    a = data.draw(small(dtype, tuple(ba) + (r, m)))
    b = data.draw(small(dtype, tuple(bb) + (c, m)))
    check(lambda lib, x, y: lib.cdist(x, y, p=p, compute_mode=mode), a, b, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("sa,sb,da,p", [((3,), (2, 3), "float32", 2.0), ((2, 3), (2, 4), "float32", 2.0),
                                       ((2, 3), (2, 3), "int64", 2.0), ((2, 3), (2, 3), "float16", 2.0),
                                       ((2, 3), (2, 3), "float32", -1.0)])
def test_cdist_errors(sa, sb, da, p):
    check(lambda lib, x, y: lib.cdist(x, y, p=p), np.ones(sa, da), np.ones(sb, da))


@given(st.data(), st.sampled_from(["float32", "float64", "int64", "int32", "uint8", "int8", "bfloat16", "float16",
                                   "complex64"]))
def test_trace(data, dtype):
    a = data.draw(small(dtype, (data.draw(st.integers(0, 4)), data.draw(st.integers(0, 4)))))
    check(lambda lib, x: lib.trace(non_contiguous(lib, x)), a, dtype=tdtype(dtype))
    check(lambda lib, x: x.trace(), a, dtype=tdtype(dtype))


def test_trace_errors():
    check(lambda lib, x: lib.trace(x), np.ones((2, 2, 2), np.float32))
    check(lambda lib, x: lib.trace(x), np.ones((3,), np.float32))
    check(lambda lib, x: lib.trace(x), np.ones((2, 2), np.bool_))


# ---- matrix_power, multi_dot, chain_matmul -----------------------------------------------------------------
@given(st.data(), st.integers(-3, 6), st.sampled_from(["float64", "float32", "int64", "int32", "complex128"]))
def test_matrix_power(data, n, dtype):
    batch = data.draw(st.sampled_from([(), (2,), (2, 1), (0,)]))
    size = data.draw(st.integers(0, 3))
    if n < 0 and not dtype.startswith(("float", "complex")):
        a = np.ones(batch + (size, size), dtype)
    elif n < 0:
        rng = np.random.default_rng(data.draw(st.integers(0, 100)))
        a = (rng.standard_normal(batch + (size, size)) + 3 * np.eye(size)).astype(dtype)
    else:
        a = data.draw(small(dtype, batch + (size, size)))
        if dtype.startswith("float"):
            a = a / 4
    tol = dict(rtol=1e-4, atol=1e-4) if dtype == "float32" else {}
    check(lambda lib, x: lib.matrix_power(x, n), a, **tol)
    check(lambda lib, x: lib.linalg.matrix_power(x, n), a, **tol)
    check(lambda lib, x: x.matrix_power(n), a, **tol)


def test_matrix_power_errors_and_low_precision():
    check(lambda lib, x: lib.matrix_power(x, 2), np.ones((2, 3), np.float32))
    check(lambda lib, x: lib.matrix_power(x, 2), np.ones((3,), np.float32))
    check(lambda lib, x: lib.matrix_power(x, -1), np.ones((2, 2), np.int64))
    check(lambda lib, x: lib.matrix_power(x, -1), np.ones((2, 2), np.float16))
    check(lambda lib, x: lib.matrix_power(x, 3), np.eye(3, dtype=np.float32) * 1.5, dtype="bfloat16")
    for lib in (torch, mindtorch):  # a singular matrix has no negative powers
        with pytest.raises(lib.linalg.LinAlgError):
            lib.matrix_power(lib.ones(2, 2), -1)


@given(st.data(), st.integers(2, 5), st.sampled_from(["float64", "float32", "int64"]))
def test_multi_dot_and_chain_matmul(data, count, dtype):
    dims = [data.draw(st.integers(1, 5)) for _ in range(count + 1)]
    first_vec, last_vec = data.draw(st.booleans()), data.draw(st.booleans())
    shapes = [(dims[i], dims[i + 1]) for i in range(count)]
    if first_vec:
        shapes[0] = (dims[1],)
    if last_vec:
        shapes[-1] = (dims[-2],)
    arrs = [data.draw(small(dtype, s)) for s in shapes]
    tol = dict(rtol=1e-4, atol=1e-3) if dtype == "float32" else {}
    check(lambda lib, *xs: lib.linalg.multi_dot(list(xs)), *arrs, **tol)
    if not first_vec and not last_vec:
        check(lambda lib, *xs: lib.chain_matmul(*xs), *arrs, **tol)


def test_multi_dot_errors():
    check(lambda lib, x: lib.linalg.multi_dot([x]), np.ones((2, 2), np.float32))
    check(lambda lib, x, y: lib.linalg.multi_dot([x, y]), np.ones((2, 3), np.float32), np.ones((2, 3), np.float32))
    check(lambda lib, x, y: lib.linalg.multi_dot([x, y]), np.ones((2, 2), np.float32), np.ones((2, 2), np.float64))
    check(lambda lib, x, y: lib.linalg.multi_dot([x, y, x]), np.ones((2, 2), np.float32),
          np.ones((2, 2, 2), np.float32))
    check(lambda lib, x: lib.linalg.multi_dot([x, x], out=lib.empty(0)), np.ones((2, 2), np.float32))
