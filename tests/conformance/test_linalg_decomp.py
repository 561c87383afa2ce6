"""torch.linalg against torch: det/slogdet/logdet, inv/inv_ex, solve, cholesky, qr, svd/svdvals, eigh/
eigvalsh, pinv, lstsq, matrix_rank, and the norms (vector_norm, matrix_norm, linalg.norm, torch.norm).

Where torch's docs say a result is not unique (QR, SVD and eigenvectors are unique only up to signs or
phases), the factors' shapes and dtypes are compared with torch's, and values through invariants:
the reconstruction (Q@R, U@diag(S)@Vh, V@diag(w)@V^H), orthonormality, triangularity, and the
sign-free parts (singular values, eigenvalues, |R|). Tolerances: float32 factorizations from another
LAPACK-like library (Eigen in MindSpore) agree with torch to roughly n * eps * cond(A); the matrices
here are well conditioned (cond < ~50), so 1e-4 relative for float32 and 1e-9 for float64."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import torch
import mindtorch
from oracle import check, as_numpy

FLOAT = ["float32", "float64"]
FLOAT_COMPLEX = FLOAT + ["complex64", "complex128"]
TOL = {"float32": dict(rtol=1e-4, atol=1e-4), "complex64": dict(rtol=1e-4, atol=1e-4),
       "float64": dict(rtol=1e-9, atol=1e-9), "complex128": dict(rtol=1e-9, atol=1e-9)}


def rand(seed, shape, dtype, shift=0.0):
    """Random matrices (complex when asked) plus `shift` * I: well conditioned for shift ~ n."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape)
    if dtype.startswith("complex"):
        a = a + 1j * rng.standard_normal(shape)
    if shift and len(shape) >= 2:
        a = a + shift * np.eye(shape[-2], shape[-1])
    return a.astype(dtype)


def spd(seed, shape, dtype):
    a = rand(seed, shape, dtype)
    return (a @ np.conj(np.swapaxes(a, -1, -2)) + shape[-1] * np.eye(shape[-1])).astype(dtype)


def both(fn, *arrays):
    """fn(lib, *tensors) for torch and mindtorch; results as nested NumPy, after checking that every
    tensor has torch's dtype and shape."""
    res = []
    for lib in (torch, mindtorch):
        res.append(fn(lib, *[lib.from_numpy(a.copy()) for a in arrays]))
    t, m = res

    def conv(e, a, path="result"):
        if isinstance(e, torch.Tensor):
            assert isinstance(a, mindtorch.Tensor), path
            assert str(a.dtype) == str(e.dtype), f"{path}: dtype {a.dtype} != torch's {e.dtype}"
            assert tuple(a.shape) == tuple(e.shape), f"{path}: shape {tuple(a.shape)} != torch's {tuple(e.shape)}"
            return as_numpy(e), as_numpy(a)
        assert len(e) == len(a), path
        pairs = [conv(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(e, a))]
        return [p[0] for p in pairs], [p[1] for p in pairs]
    return conv(t, m)


def resolved(t):
    """torch may hand back a lazily conjugated view, which .numpy() refuses."""
    return t.resolve_conj() if isinstance(t, torch.Tensor) else t


def mH(x):
    return np.conj(np.swapaxes(x, -1, -2))


def close(a, b, dtype, scale=1.0):
    tol = TOL[dtype]
    np.testing.assert_allclose(a, b, rtol=tol["rtol"], atol=tol["atol"] * scale)


matrix_batch = st.sampled_from([(), (2,), (1, 2), (0,)])


# ---- det, slogdet, logdet --------------------------------------------------------------------------------------
@given(st.integers(0, 2 ** 16), matrix_batch, st.integers(0, 4), st.sampled_from(FLOAT_COMPLEX))
def test_det_slogdet_logdet(seed, batch, n, dtype):
    a = rand(seed, batch + (n, n), dtype)
    tol = TOL[dtype]
    check(lambda lib, x: lib.linalg.det(x), a, **tol)
    check(lambda lib, x: x.det(), a, **tol)
    check(lambda lib, x: lib.linalg.slogdet(x), a, **tol)
    check(lambda lib, x: lib.slogdet(x), a, **tol)
    check(lambda lib, x: lib.logdet(x), a, **tol)


def test_det_of_singular_negative_and_one_by_one():
    check(lambda lib, x: (lib.linalg.det(x), lib.linalg.slogdet(x), lib.logdet(x)), np.ones((3, 3), np.float32))
    check(lambda lib, x: (lib.linalg.det(x), lib.linalg.slogdet(x), lib.logdet(x)), -np.eye(3, dtype=np.float64))
    check(lambda lib, x: (lib.linalg.det(x), lib.linalg.slogdet(x), lib.logdet(x)),
          np.array([[[-2.0]], [[0.0]], [[3.0]]], np.float32))
    check(lambda lib, x: (lib.linalg.det(x), lib.linalg.slogdet(x), lib.logdet(x)),
          np.array([[[1j]], [[0]], [[3 - 4j]]], np.complex64))
    check(lambda lib, x: lib.det(x), -2 * np.eye(2, dtype=np.float32)[None].repeat(3, 0))


@pytest.mark.parametrize("dtype,shape", [("int64", (2, 2)), ("float16", (2, 2)), ("bool", (2, 2)),
                                         ("float32", (2, 3)), ("float32", (3,))])
def test_det_errors(dtype, shape):
    a = np.ones(shape, dtype)
    for f in (lambda lib, x: lib.linalg.det(x), lambda lib, x: lib.linalg.slogdet(x), lambda lib, x: lib.logdet(x),
              lambda lib, x: lib.linalg.inv(x)):
        check(f, a)


# ---- inv, inv_ex, solve --------------------------------------------------------------------------------------
@given(st.integers(0, 2 ** 16), matrix_batch, st.integers(0, 4), st.sampled_from(FLOAT_COMPLEX))
def test_inv(seed, batch, n, dtype):
    a = rand(seed, batch + (n, n), dtype, shift=n + 1)
    tol = TOL[dtype]
    check(lambda lib, x: lib.linalg.inv(x), a, **tol)
    check(lambda lib, x: x.inverse(), a, **tol)
    check(lambda lib, x: lib.linalg.inv_ex(x), a, **tol)
    check(lambda lib, x: lib.linalg.inv(x, out=lib.empty(0, dtype=x.dtype)), a, **tol)


def test_singular_matrices_raise_linalg_error():
    s = np.ones((3, 3), np.float32)
    batch = np.stack([np.eye(3, dtype=np.float32), s])
    for lib in (torch, mindtorch):
        assert issubclass(lib.linalg.LinAlgError, RuntimeError)
        for call in (lambda: lib.linalg.inv(lib.from_numpy(s)), lambda: lib.inverse(lib.from_numpy(batch)),
                     lambda: lib.linalg.solve(lib.from_numpy(s), lib.ones(3)),
                     lambda: lib.linalg.inv_ex(lib.from_numpy(s), check_errors=True),
                     lambda: lib.linalg.cholesky(lib.from_numpy(-np.eye(3, dtype=np.float32))),
                     lambda: lib.linalg.cholesky(lib.from_numpy(np.array([[1.0, 0.0], [5.0, 1.0]], np.float32)))):
            with pytest.raises(lib.linalg.LinAlgError):
                call()


def test_inv_ex_reports_singular_members():
    batch = np.stack([2 * np.eye(3), np.ones((3, 3)), 3 * np.eye(3)]).astype(np.float64)
    t, m = both(lambda lib, x: lib.linalg.inv_ex(x), batch)
    np.testing.assert_array_equal(m[1] != 0, t[1] != 0)
    close(m[0][[0, 2]], t[0][[0, 2]], "float64")


@given(st.integers(0, 2 ** 16), st.sampled_from(FLOAT_COMPLEX), st.data())
def test_solve_shapes_broadcasting_and_left(seed, dtype, data):
    n = data.draw(st.integers(1, 4))
    ba = data.draw(st.sampled_from([(), (2,), (1,), (2, 1)]))
    left = data.draw(st.booleans())
    k = data.draw(st.integers(0, 3))
    b_shape = data.draw(st.sampled_from(
        [(n,), ba + (n,), (n, k) if left else (k, n), (2,) + ((n, k) if left else (k, n)),
         (3, 1) + ((n, k) if left else (k, n))]))
    a = rand(seed, ba + (n, n), dtype, shift=n + 1)
    b = rand(seed + 1, b_shape, dtype)
    check(lambda lib, x, y: resolved(lib.linalg.solve(x, y, left=left)), a, b, **TOL[dtype])


@pytest.mark.parametrize("sa,sb,da,db", [((3, 3), (4,), "float32", "float32"), ((3, 3), (3, 2), "float32", "float64"),
                                         ((2, 3), (2,), "float32", "float32"), ((3, 3), (3,), "int64", "int64"),
                                         ((3, 3), (2, 3), "float32", "float32")])
def test_solve_errors(sa, sb, da, db):
    check(lambda lib, x, y: lib.linalg.solve(x, y), np.eye(*sa).astype(da), np.ones(sb, db))


# ---- cholesky --------------------------------------------------------------------------------------------------
@given(st.integers(0, 2 ** 16), matrix_batch, st.integers(0, 4), st.sampled_from(FLOAT), st.booleans())
def test_cholesky_reads_one_triangle(seed, batch, n, dtype, upper):
    a = spd(seed, batch + (n, n), dtype)
    # garbage in the triangle torch does not read
    junk = np.triu(rand(seed + 7, batch + (n, n), dtype), 1)
    a = a + (np.swapaxes(junk, -1, -2) if upper else junk)
    check(lambda lib, x: lib.linalg.cholesky(x, upper=upper), a, **TOL[dtype])
    check(lambda lib, x: x.cholesky(upper), a, **TOL[dtype])


def test_cholesky_errors_and_complex_hole():
    check(lambda lib, x: lib.linalg.cholesky(x), np.eye(2, 3, dtype=np.float32))
    check(lambda lib, x: lib.linalg.cholesky(x), np.eye(2, dtype=np.int64))
    check(lambda lib, x: lib.linalg.cholesky(x), np.eye(2, dtype=np.float16))
    # MindSpore's CPU Cholesky has no complex kernel: mindtorch says so instead of answering wrongly
    with pytest.raises(NotImplementedError, match="cholesky"):
        mindtorch.linalg.cholesky(mindtorch.from_numpy(np.eye(2, dtype=np.complex64)))


# ---- qr --------------------------------------------------------------------------------------------------------
@given(st.integers(0, 2 ** 16), matrix_batch, st.integers(0, 4), st.integers(0, 4), st.sampled_from(FLOAT_COMPLEX),
       st.sampled_from(["reduced", "complete", "r"]))
def test_qr(seed, batch, m, n, dtype, mode):
    a = rand(seed, batch + (m, n), dtype)
    t, mt = both(lambda lib, x: lib.linalg.qr(x, mode=mode), a)
    for q, r in (t, mt):
        k = min(m, n)
        assert np.allclose(np.tril(r, -1), 0)
        if mode != "r":
            close(q @ r, a, dtype, scale=max(m, n, 1))
            qq = mH(q) @ q
            close(qq, np.broadcast_to(np.eye(q.shape[-1]), qq.shape), dtype)
    # R is unique up to the signs (phases) of its rows for full-rank A
    close(np.abs(mt[1][..., :min(m, n), :]), np.abs(t[1][..., :min(m, n), :]), dtype, scale=max(m, n, 1))


def test_qr_legacy_and_errors():
    a = rand(0, (4, 3), "float64")
    t, m = both(lambda lib, x: lib.qr(x, some=False), a)
    close(m[0] @ m[1], a, "float64")
    check(lambda lib, x: lib.linalg.qr(x, mode="bad"), a)
    check(lambda lib, x: lib.linalg.qr(x), np.ones(3, np.float32))
    check(lambda lib, x: lib.linalg.qr(x), np.ones((2, 2), np.int32))


# ---- svd, svdvals ------------------------------------------------------------------------------------------------
@given(st.integers(0, 2 ** 16), matrix_batch, st.integers(0, 4), st.integers(0, 4), st.sampled_from(FLOAT_COMPLEX),
       st.booleans())
def test_svd(seed, batch, m, n, dtype, full):
    a = rand(seed, batch + (m, n), dtype)
    t, mt = both(lambda lib, x: lib.linalg.svd(x, full_matrices=full), a)
    k = min(m, n)
    close(mt[1], t[1], dtype, scale=max(m, n, 1))
    u, s, vh = mt
    close((u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :], a, dtype, scale=max(m, n, 1))
    close(mH(u) @ u, np.broadcast_to(np.eye(u.shape[-1]), batch + (u.shape[-1],) * 2), dtype)
    close(vh @ mH(vh), np.broadcast_to(np.eye(vh.shape[-2]), batch + (vh.shape[-2],) * 2), dtype)
    check(lambda lib, x: lib.linalg.svdvals(x), a, **TOL[dtype])


def test_svd_legacy_and_errors():
    a = rand(1, (2, 4, 3), "float32")
    t, m = both(lambda lib, x: lib.svd(x), a)
    close(m[1], t[1], "float32")
    close((m[0] * m[1][..., None, :]) @ mH(m[2]), a, "float32")
    check(lambda lib, x: lib.svd(x, compute_uv=False)[1], a, **TOL["float32"])
    check(lambda lib, x: lib.linalg.svd(x), np.ones(3, np.float32))
    check(lambda lib, x: lib.linalg.svdvals(x), np.ones((2, 2), np.float16))
    check(lambda lib, x: lib.linalg.svd(x), np.ones((2, 2), np.int64))


# ---- eigh, eigvalsh ----------------------------------------------------------------------------------------------
@given(st.integers(0, 2 ** 16), matrix_batch, st.integers(0, 4), st.sampled_from(FLOAT_COMPLEX),
       st.sampled_from(["L", "U"]))
def test_eigh(seed, batch, n, dtype, uplo):
    a = rand(seed, batch + (n, n), dtype)
    # torch reads only the UPLO triangle: the hermitian matrix it sees is built from that one
    tri = np.tril(a) if uplo == "L" else np.triu(a)
    h = tri + mH(np.tril(a, -1) if uplo == "L" else np.triu(a, 1))
    h = h - 1j * np.imag(h) * np.eye(n) if dtype.startswith("complex") else h
    t, m = both(lambda lib, x: lib.linalg.eigh(x, UPLO=uplo), a)
    close(m[0], t[0], dtype, scale=max(n, 1))
    w, v = m
    close((v * w[..., None, :]) @ mH(v), h, dtype, scale=max(n, 1))
    close(mH(v) @ v, np.broadcast_to(np.eye(n), batch + (n, n)), dtype)
    check(lambda lib, x: lib.linalg.eigvalsh(x, UPLO=uplo), a, **TOL[dtype])


def test_eigh_errors():
    check(lambda lib, x: lib.linalg.eigh(x), np.ones((2, 3), np.float32))
    check(lambda lib, x: lib.linalg.eigh(x, UPLO="X"), np.ones((2, 2), np.float32))
    check(lambda lib, x: lib.linalg.eigh(x), np.ones((2, 2), np.int64))
    check(lambda lib, x: lib.linalg.eigvalsh(x), np.ones((2, 2), np.float16))


# ---- pinv, matrix_rank, lstsq -------------------------------------------------------------------------------------
@given(st.integers(0, 2 ** 16), matrix_batch, st.integers(0, 4), st.integers(0, 4), st.sampled_from(FLOAT_COMPLEX),
       st.integers(0, 2))
def test_pinv_and_matrix_rank(seed, batch, m, n, dtype, rank_drop):
    a = rand(seed, batch + (m, n), dtype)
    rt = {}
    if rank_drop and min(m, n) > 1:
        # a rank-deficient matrix (a repeated column); its computed smallest singular value is ~eps * s_max,
        # so a cutoff well above eps keeps the answer from hanging on rounding
        a[..., :, -1] = a[..., :, 0]
        rt = dict(rtol=1e-3)
    tol = dict(rtol=1e-3, atol=1e-4) if dtype in ("float32", "complex64") else TOL[dtype]
    check(lambda lib, x: lib.linalg.pinv(x, **rt), a, **tol)
    check(lambda lib, x: x.pinverse(**({"rcond": 1e-3} if rt else {})), a, **tol)
    check(lambda lib, x: lib.linalg.matrix_rank(x, **rt), a)
    check(lambda lib, x: lib.linalg.matrix_rank(x, atol=1.0, rtol=0.0), a)
    check(lambda lib, x: lib.linalg.pinv(x, atol=0.5), a, **tol)
    check(lambda lib, x: lib.linalg.pinv(x, rtol=0.3), a, **tol)
    if m == n:
        h = a + mH(a)
        check(lambda lib, x: lib.linalg.pinv(x, hermitian=True, **rt), h, **tol)
        check(lambda lib, x: lib.linalg.matrix_rank(x, hermitian=True, **rt), h)


def test_pinv_and_rank_errors():
    check(lambda lib, x: lib.linalg.pinv(x), np.ones((2, 2), np.int64))
    check(lambda lib, x: lib.linalg.pinv(x), np.ones((2,), np.float32))
    check(lambda lib, x: lib.linalg.matrix_rank(x), np.ones((2, 2), np.int64))


@given(st.integers(0, 2 ** 16), st.sampled_from([(), (2,)]), st.integers(1, 5), st.integers(1, 5),
       st.integers(1, 3), st.sampled_from(FLOAT), st.sampled_from([None, "gels", "gelsy", "gelsd", "gelss"]),
       st.booleans())
def test_lstsq(seed, batch, m, n, k, dtype, driver, vector):
    if driver == "gels" and m < n:
        driver = "gelsy"  # gels assumes full column rank
    a = rand(seed, batch + (m, n), dtype, shift=2.0)
    b = rand(seed + 1, batch + ((m,) if vector else (m, k)), dtype)
    tol = dict(rtol=1e-3, atol=1e-4) if dtype == "float32" else TOL[dtype]
    check(lambda lib, x, y: lib.linalg.lstsq(x, y, driver=driver), a, b, **tol)


def test_lstsq_errors():
    check(lambda lib, x, y: lib.linalg.lstsq(x, y), np.ones((3, 2), np.float32), np.ones((4, 1), np.float32))
    check(lambda lib, x, y: lib.linalg.lstsq(x, y), np.ones((3, 2), np.float32), np.ones((3, 1), np.float64))
    check(lambda lib, x, y: lib.linalg.lstsq(x, y, driver="bad"), np.ones((3, 2), np.float32),
          np.ones((3, 1), np.float32))
    check(lambda lib, x, y: lib.linalg.lstsq(x, y), np.ones((3, 2), np.int64), np.ones((3, 1), np.int64))


# ---- norms ---------------------------------------------------------------------------------------------------------
VEC_ORDS = [2, 1, 0, 3, 0.5, -1, -2, float("inf"), float("-inf")]


@given(st.data(), st.sampled_from(VEC_ORDS), st.booleans(),
       st.sampled_from(["float32", "float64", "float16", "bfloat16", "complex64"]))
def test_vector_norm(data, ord, keepdim, dtype):
    from strategies import arrays, shapes
    shape = data.draw(shapes(max_dims=3, max_side=4))
    if dtype == "complex64":
        a = (data.draw(arrays("float32", shape)) + 1j * data.draw(arrays("float32", shape))).astype(np.complex64)
    else:
        a = data.draw(arrays(dtype, shape, elements=st.floats(-20, 20, width=16, allow_subnormal=False)))
    dim = data.draw(st.one_of(st.none(), st.integers(-max(len(shape), 1), max(len(shape), 1) - 1),
                              st.lists(st.integers(0, max(len(shape) - 1, 0)), min_size=1, max_size=2, unique=True)
                              .map(tuple) if shape else st.none()))
    dt = "bfloat16" if dtype == "bfloat16" else None
    tol = dict(rtol=1e-4, atol=1e-5)
    check(lambda lib, x: lib.linalg.vector_norm(x, ord, dim, keepdim), a, dtype=dt, **tol)
    if ord != 0 and dtype != "complex64":
        check(lambda lib, x: lib.norm(x, ord, dim, keepdim), a, dtype=dt, **tol)
        check(lambda lib, x: x.norm(p=ord, dim=dim, keepdim=keepdim), a, dtype=dt, **tol)
    if dtype == "float32":
        check(lambda lib, x: lib.linalg.vector_norm(x, ord, dim, keepdim, dtype=lib.float64), a, **tol)


@given(st.data(), st.sampled_from(["fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf")]), st.booleans(),
       st.sampled_from(["float32", "float64", "complex64"]))
def test_matrix_norm(data, ord, keepdim, dtype):
    batch = data.draw(st.sampled_from([(), (2,), (1, 2)]))
    m, n = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    a = rand(data.draw(st.integers(0, 1000)), batch + (m, n), dtype)
    nd = a.ndim
    dim = data.draw(st.sampled_from([(-2, -1), (-1, -2), (0, nd - 1)]))
    check(lambda lib, x: lib.linalg.matrix_norm(x, ord, dim, keepdim), a, rtol=1e-4, atol=1e-5)
    check(lambda lib, x: lib.linalg.norm(x, ord, dim, keepdim), a, rtol=1e-4, atol=1e-5)
    if isinstance(ord, str):
        check(lambda lib, x: lib.norm(x, ord, dim, keepdim), a, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("call", [
    lambda lib, x: lib.linalg.norm(x), lambda lib, x: lib.linalg.norm(x, 2), lambda lib, x: lib.linalg.norm(x, "fro"),
    lambda lib, x: lib.linalg.norm(x, dim=1), lambda lib, x: lib.linalg.norm(x, dim=(0, 1)),
    lambda lib, x: lib.linalg.norm(x, 1, dim=(1, 0), keepdim=True), lambda lib, x: lib.linalg.norm(x[0], 3),
    lambda lib, x: lib.norm(x), lambda lib, x: lib.norm(x, dim=1), lambda lib, x: x.norm(2, -1, True),
    lambda lib, x: lib.norm(x, "nuc"), lambda lib, x: lib.linalg.norm(x, float("inf")),
    lambda lib, x: lib.linalg.norm(x[None], 2), lambda lib, x: lib.linalg.norm(x, "nuc", dim=0),
    lambda lib, x: lib.linalg.matrix_norm(x, 3), lambda lib, x: lib.linalg.matrix_norm(x[0]),
    lambda lib, x: lib.linalg.matrix_norm(x, dim=(0, 0)), lambda lib, x: lib.linalg.vector_norm(x.long()),
    lambda lib, x: lib.linalg.vector_norm(x, dtype=lib.int64), lambda lib, x: lib.linalg.matrix_norm(x.half(), 2),
    lambda lib, x: lib.linalg.vector_norm(x[:0], float("inf")), lambda lib, x: lib.linalg.vector_norm(x[:0], -1),
    lambda lib, x: lib.linalg.vector_norm(x[:0], 2), lambda lib, x: lib.linalg.vector_norm(x[:0], 0, dim=1),
    lambda lib, x: lib.linalg.vector_norm(x, out=lib.empty(0)), lambda lib, x: lib.linalg.vector_norm(x[0, 0]),
    lambda lib, x: lib.linalg.vector_norm(x[0, 0], 2, keepdim=True), lambda lib, x: lib.norm(x.half()),
    lambda lib, x: lib.linalg.matrix_norm(x[:0], "nuc"), lambda lib, x: lib.linalg.matrix_norm(x[:0], 1),
])
def test_norm_forms_and_errors(call):
    check(call, rand(3, (3, 4), "float32"), rtol=1e-4, atol=1e-5)
