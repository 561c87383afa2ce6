"""torch.nn.functional losses: forward and gradients against torch, reductions, errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from fn_helpers import check_fn, arr, ints

RED = ["mean", "sum", "none"]


@pytest.mark.parametrize("reduction", RED)
@pytest.mark.parametrize("fname", ["cross_entropy", "nll_loss"])
def test_class_index_losses(fname, reduction):
    x = arr(6, 5) if fname == "cross_entropy" else np.log(arr(6, 5, low=0.05, high=1.0))
    t = ints(6, high=5)
    t[2] = -100
    w = arr(5, low=0.2, high=2.0, seed=3)
    f = lambda lib, x, t, **kw: getattr(lib.nn.functional, fname)(x, t, reduction=reduction, **kw)  # noqa: E731
    check_fn(f, x, t)
    check_fn(lambda lib, x, t, w: f(lib, x, t, weight=w), x, t, w, frozen=(2,))
    check_fn(lambda lib, x, t, w: f(lib, x, t, weight=w), x, t, w)  # weight requiring grad: an error
    check_fn(lambda lib, x, t: f(lib, x, t, ignore_index=1), x, t)
    if fname == "cross_entropy":
        check_fn(lambda lib, x, t: f(lib, x, t, label_smoothing=0.2), x, t)
        check_fn(lambda lib, x, t, w: f(lib, x, t, weight=w, label_smoothing=0.3), x, t, w, frozen=(2,))


@pytest.mark.parametrize("reduction", RED)
@given(kdims=st.lists(st.integers(1, 3), max_size=2), batch=st.integers(0, 3), ls=st.sampled_from([0.0, 0.1]))
def test_cross_entropy_kdim(reduction, kdims, batch, ls):
    x = arr(batch, 4, *kdims, seed=batch)
    t = ints(batch, *kdims, high=4, seed=batch)
    check_fn(lambda lib, x, t: lib.nn.functional.cross_entropy(x, t, reduction=reduction, label_smoothing=ls), x, t,
             rtol=1e-5, atol=1e-5)


def test_cross_entropy_unbatched_and_probs():
    check_fn(lambda lib, x, t: lib.nn.functional.cross_entropy(x, t), arr(5), np.array(2))
    p = arr(4, 5, low=0, high=1, seed=3)
    p = p / p.sum(1, keepdims=True)
    for red in RED:
        for ls in (0.0, 0.25):
            check_fn(lambda lib, x, p: lib.nn.functional.cross_entropy(x, p, reduction=red, label_smoothing=ls),
                     arr(4, 5), p)
            check_fn(lambda lib, x, p, w: lib.nn.functional.cross_entropy(x, p, w, reduction=red,
                                                                           label_smoothing=ls),
                     arr(4, 5), p, arr(5, low=0.5, high=1.5))
    check_fn(lambda lib, x, p: lib.nn.functional.cross_entropy(x, p), arr(2, 3, 4), arr(2, 3, 4, low=0, high=1))


def test_class_loss_errors():
    F = "cross_entropy"
    check_fn(lambda lib, x, t: getattr(lib.nn.functional, F)(x, t), arr(3, 4), np.array([0, 5, 1]))
    check_fn(lambda lib, x, t: getattr(lib.nn.functional, F)(x, t), arr(3, 4), np.array([0, 1]))
    check_fn(lambda lib, x, t: getattr(lib.nn.functional, F)(x, t), arr(3, 4), np.array([0., 1, 2], np.float32))
    check_fn(lambda lib, x, t: getattr(lib.nn.functional, F)(x, t, reduction="bad"), arr(3, 4), np.array([0, 1, 2]))
    check_fn(lambda lib, x, t: lib.nn.functional.nll_loss(x, t), arr(3, 4), np.array([-100, -100, -100]))
    check_fn(lambda lib, x, t: lib.nn.functional.nll_loss(x, t, size_average=False), arr(3, 4), np.array([1, 2, 3]))
    check_fn(lambda lib, x, t: lib.nn.functional.nll_loss(x, t, reduce=False), arr(3, 4), np.array([1, 2, 3]))


@pytest.mark.parametrize("reduction", RED)
def test_binary_cross_entropy(reduction):
    x = arr(4, 3, low=0.01, high=0.99)
    t = arr(4, 3, low=0, high=1, seed=2)
    w = arr(4, 3, low=0.5, high=2, seed=3)
    check_fn(lambda lib, x, t: lib.nn.functional.binary_cross_entropy(x, t, reduction=reduction), x, t)
    check_fn(lambda lib, x, t, w: lib.nn.functional.binary_cross_entropy(x, t, w, reduction=reduction), x, t, w)
    check_fn(lambda lib, x, t, w: lib.nn.functional.binary_cross_entropy(x, t, w, reduction=reduction), x, t, w,
             frozen=(2,))
    check_fn(lambda lib, x, t, w: lib.nn.functional.binary_cross_entropy(x, t, w, reduction=reduction), x, t,
             arr(3, low=0.5, high=2, seed=3), frozen=(2,))
    ext = np.array([0.0, 1.0, 0.5, 1e-30], np.float32)
    check_fn(lambda lib, x, t: lib.nn.functional.binary_cross_entropy(x, t, reduction=reduction), ext,
             np.array([0.0, 1.0, 1.0, 0.5], np.float32), grad=False)
    pw = arr(3, low=0.5, high=3, seed=4)
    check_fn(lambda lib, x, t: lib.nn.functional.binary_cross_entropy_with_logits(x, t, reduction=reduction),
             arr(4, 3) * 5, t)
    check_fn(lambda lib, x, t, w, pw: lib.nn.functional.binary_cross_entropy_with_logits(
        x, t, w, reduction=reduction, pos_weight=pw), arr(4, 3) * 5, t, w, pw, frozen=(2,))


def test_bce_errors():
    check_fn(lambda lib, x, t: lib.nn.functional.binary_cross_entropy(x, t), np.array([1.5], np.float32),
             np.array([1.0], np.float32))
    check_fn(lambda lib, x, t: lib.nn.functional.binary_cross_entropy(x, t), arr(2, low=0, high=1), arr(3))
    check_fn(lambda lib, x, t: lib.nn.functional.binary_cross_entropy_with_logits(x, t), arr(2), arr(3))


POINTWISE = [("mse_loss", {}), ("l1_loss", {}), ("smooth_l1_loss", {}), ("smooth_l1_loss", {"beta": 0.5}),
             ("smooth_l1_loss", {"beta": 0.0}), ("huber_loss", {}), ("huber_loss", {"delta": 0.3}),
             ("soft_margin_loss", {})]


@pytest.mark.parametrize("reduction", RED)
@pytest.mark.parametrize("fname,kw", POINTWISE, ids=[f"{n}-{k}" for n, k in POINTWISE])
def test_pointwise_losses(fname, kw, reduction):
    x, y = arr(3, 4), arr(3, 4, seed=5)
    fz = (1,) if fname == "soft_margin_loss" else ()
    check_fn(lambda lib, x, y: getattr(lib.nn.functional, fname)(x, y, reduction=reduction, **kw), x, y, frozen=fz)
    check_fn(lambda lib, x, y: getattr(lib.nn.functional, fname)(x, y, reduction=reduction, **kw), x, arr(4, seed=5),
             frozen=fz)
    check_fn(lambda lib, x, y: getattr(lib.nn.functional, fname)(x, y, reduction=reduction, **kw), arr(0, 3),
             arr(0, 3), frozen=fz)


@pytest.mark.parametrize("reduction", RED)
@pytest.mark.parametrize("fname", ["mse_loss", "l1_loss", "huber_loss"])
def test_weighted_pointwise_losses(fname, reduction):
    x, y, w = arr(3, 4), arr(3, 4, seed=5), arr(3, 4, low=0.1, high=2, seed=6)
    check_fn(lambda lib, x, y, w: getattr(lib.nn.functional, fname)(x, y, reduction=reduction, weight=w), x, y, w)
    check_fn(lambda lib, x, y, w: getattr(lib.nn.functional, fname)(x, y, weight=w), x, y, arr(4))


@pytest.mark.parametrize("reduction", RED + ["batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div(reduction, log_target):
    x = np.log(arr(3, 4, low=0.05, high=1))
    t = arr(3, 4, low=0.0, high=1, seed=2)
    t[0, 0] = 0
    if log_target:
        t = np.log(t + 0.1)
    check_fn(lambda lib, x, t: lib.nn.functional.kl_div(x, t, reduction=reduction, log_target=log_target), x, t)


@pytest.mark.parametrize("reduction", RED)
def test_other_losses(reduction):
    F = lambda lib: lib.nn.functional  # noqa: E731
    x = arr(4, 3)
    pos = arr(4, 3, low=0.1, high=3, seed=2)
    cnt = np.floor(arr(4, 3, low=0, high=5, seed=3))
    for log_input in (True, False):
        for full in (False, True):
            check_fn(lambda lib, a, t: F(lib).poisson_nll_loss(a, t, log_input, full, reduction=reduction),
                     x if log_input else pos, cnt)
    var = arr(4, 3, low=0.1, high=2, seed=5)
    var[0, 0] = 1e-8
    for full in (False, True):
        check_fn(lambda lib, a, t, v: F(lib).gaussian_nll_loss(a, t, v, full, reduction=reduction), x, arr(4, 3), var)
    check_fn(lambda lib, a, t, v: F(lib).gaussian_nll_loss(a, t, v, reduction=reduction), x, arr(4, 3),
             arr(4, low=0.1, high=2))
    check_fn(lambda lib, a, t, v: F(lib).gaussian_nll_loss(a, t, v, reduction=reduction), x, arr(4, 3),
             arr(4, 1, low=0.1, high=2))
    ysign = np.array([1, -1, 1, -1])
    for m in (0.0, 0.3):
        check_fn(lambda lib, a, b, y: F(lib).cosine_embedding_loss(a, b, y, m, reduction=reduction), x,
                 arr(4, 3, seed=7), ysign)
        check_fn(lambda lib, a, b, y: F(lib).margin_ranking_loss(a, b, y, m, reduction=reduction), arr(4),
                 arr(4, seed=7), ysign.astype(np.float32))
    check_fn(lambda lib, a, y: F(lib).hinge_embedding_loss(a, y, reduction=reduction), x,
             np.sign(arr(4, 3, seed=9)).astype(np.float32))
    check_fn(lambda lib, a, y: F(lib).soft_margin_loss(a, y, reduction=reduction), x,
             np.sign(arr(4, 3, seed=9)).astype(np.float32), frozen=(1,))
    check_fn(lambda lib, a, y: F(lib).multilabel_soft_margin_loss(a, y, reduction=reduction), x,
             (arr(4, 3, seed=9) > 0).astype(np.float32))
    check_fn(lambda lib, a, y, w: F(lib).multilabel_soft_margin_loss(a, y, w, reduction=reduction), x,
             (arr(4, 3, seed=9) > 0).astype(np.float32), arr(3, low=0.5, high=2))
    mt = np.array([[2, 0, -1], [1, -1, 0], [0, 1, 2], [-1, 0, 0]])
    check_fn(lambda lib, a, y: F(lib).multilabel_margin_loss(a, y, reduction=reduction), x, mt)
    check_fn(lambda lib, a, y: F(lib).multilabel_margin_loss(a, y, reduction=reduction), arr(3), np.array([1, -1, 0]))
    t = np.array([0, 2, 1, 2])
    for p in (1, 2):
        check_fn(lambda lib, a, y: F(lib).multi_margin_loss(a, y, p, 0.7, reduction=reduction), x, t)
        check_fn(lambda lib, a, y, w: F(lib).multi_margin_loss(a, y, p, weight=w, reduction=reduction), x, t,
                 arr(3, low=0.5, high=2), frozen=(2,))
    check_fn(lambda lib, a, y: F(lib).multi_margin_loss(a, y, reduction=reduction), arr(3), np.array(1))
    for swap in (False, True):
        check_fn(lambda lib, a, p, n: F(lib).triplet_margin_loss(a, p, n, swap=swap, reduction=reduction), x,
                 arr(4, 3, seed=7), arr(4, 3, seed=8))
        check_fn(lambda lib, a, p, n: F(lib).triplet_margin_loss(a, p, n, 0.5, 1, swap=swap, reduction=reduction),
                 x, arr(4, 3, seed=7), arr(4, 3, seed=8))
        check_fn(lambda lib, a, p, n: F(lib).triplet_margin_with_distance_loss(a, p, n, swap=swap,
                                                                                reduction=reduction),
                 x, arr(4, 3, seed=7), arr(4, 3, seed=8))
        check_fn(lambda lib, a, p, n: F(lib).triplet_margin_with_distance_loss(
            a, p, n, distance_function=lambda u, v: F(lib).pairwise_distance(u, v, 1.5), margin=0.4, swap=swap,
            reduction=reduction), x, arr(4, 3, seed=7), arr(4, 3, seed=8))


def test_loss_errors():
    F = lambda lib: lib.nn.functional  # noqa: E731
    check_fn(lambda lib, a, t, v: F(lib).gaussian_nll_loss(a, t, v), arr(4, 3), arr(4, 3), arr(2))
    check_fn(lambda lib, a, t, v: F(lib).gaussian_nll_loss(a, t, v), arr(4, 3), arr(4, 3), -arr(4, 3, low=1, high=2))
    check_fn(lambda lib, a, t: F(lib).multi_margin_loss(a, t, p=3), arr(4, 3), np.array([0, 1, 2, 0]))
    check_fn(lambda lib, a, p, n: F(lib).triplet_margin_loss(a, p, n), arr(4, 3), arr(4, 3), arr(3))
    check_fn(lambda lib, a, p, n: F(lib).triplet_margin_with_distance_loss(a, p, n, margin=0), arr(4, 3), arr(4, 3),
             arr(4, 3))
    check_fn(lambda lib, a, t: F(lib).mse_loss(a, t, reduction="bad"), arr(3), arr(3))
    check_fn(lambda lib, a, t: F(lib).smooth_l1_loss(a, t, beta=-1.0), arr(3), arr(3))
    check_fn(lambda lib, a, t: F(lib).huber_loss(a, t, delta=0.0), arr(3), arr(3))
    check_fn(lambda lib, a, t: F(lib).kl_div(a, t, reduction="bad"), arr(3), arr(3))


@pytest.mark.parametrize("reduction", RED)
def test_ctc_loss(reduction):
    T, N, C, S = 8, 3, 5, 3
    lp = arr(T, N, C)
    lp = lp - np.log(np.exp(lp).sum(-1, keepdims=True))
    tg = ints(N, S, high=C, low=1, seed=2)
    il = np.array([8, 7, 6])
    tl = np.array([3, 2, 1])
    check_fn(lambda lib, lp, t, il, tl: lib.nn.functional.ctc_loss(lp, t, il, tl, reduction=reduction), lp, tg, il,
             tl, rtol=1e-4, atol=1e-5)
    flat = np.concatenate([tg[0, :3], tg[1, :2], tg[2, :1]])
    check_fn(lambda lib, lp, t, il, tl: lib.nn.functional.ctc_loss(lp, t, il, tl, reduction=reduction), lp, flat, il,
             tl, rtol=1e-4, atol=1e-5)


def test_cross_entropy_plain_path_non_contiguous():
    import torch
    import mindtorch
    from oracle import assert_same
    base = arr(5, 4)
    t = ints(4, high=5)
    for red in RED:
        res = []
        for lib in (torch, mindtorch):
            x = lib.from_numpy(base.copy()).transpose(0, 1).detach().requires_grad_(True)
            loss = lib.nn.functional.cross_entropy(x, lib.from_numpy(t.copy()), reduction=red)
            loss.backward(lib.ones(*loss.shape) if loss.dim() else None)
            res.append((loss, x.grad))
        assert_same(res[0][0], res[1][0], 1e-5, 1e-6)
        assert_same(res[0][1], res[1][1], 1e-5, 1e-6)


@pytest.mark.parametrize("dtype", ["float64", "bfloat16", "float16"])
def test_loss_dtypes(dtype):
    F = lambda lib: lib.nn.functional  # noqa: E731
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == "float64" else {}
    x, y = arr(3, 4), arr(3, 4, seed=1)
    t = ints(3, high=4)
    check_fn(lambda lib, x, t: F(lib).cross_entropy(x, t), x, t, dtype=dtype, **tol)
    check_fn(lambda lib, x, t: F(lib).cross_entropy(x, t, label_smoothing=0.1), x, t, dtype=dtype, **tol)
    check_fn(lambda lib, x, y: F(lib).mse_loss(x, y), x, y, dtype=dtype, **tol)
    check_fn(lambda lib, x, y: F(lib).smooth_l1_loss(x, y), x, y, dtype=dtype, **tol)
    check_fn(lambda lib, x, y: F(lib).binary_cross_entropy_with_logits(x, y), x, arr(3, 4, low=0, high=1),
             dtype=dtype, **tol)
    check_fn(lambda lib, x, y: F(lib).kl_div(x, y, reduction="batchmean"), x, arr(3, 4, low=0, high=1),
             dtype=dtype, **tol)
