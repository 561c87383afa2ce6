"""torch.nn.functional linear, embedding, normalization, dropout and distance functions against torch."""
import math
import numpy as np
import pytest
from hypothesis import given, strategies as st

from fn_helpers import check_fn, arr


@given(lead=st.lists(st.integers(0, 3), max_size=3), bias=st.booleans(),
       dtype=st.sampled_from(["float32", "float64", "bfloat16"]))
def test_linear(lead, bias, dtype):
    x, w, b = arr(*lead, 4), arr(3, 4, seed=1), arr(3, seed=2)
    if bias:
        check_fn(lambda lib, x, w, b: lib.nn.functional.linear(x, w, b), x, w, b, dtype=dtype)
    else:
        check_fn(lambda lib, x, w: lib.nn.functional.linear(x, w), x, w, dtype=dtype)


def test_linear_1d_and_errors():
    check_fn(lambda lib, x, w, b: lib.nn.functional.linear(x, w, b), arr(4), arr(3, 4), arr(3))
    check_fn(lambda lib, x, w, b: lib.nn.functional.linear(x, w, b), arr(2, 4), arr(4), arr())
    check_fn(lambda lib, x, w: lib.nn.functional.linear(x, w), arr(2, 4), arr(3, 5))
    check_fn(lambda lib, x, w: lib.nn.functional.linear(x, w.double()), arr(2, 4), arr(3, 4))


def test_bilinear():
    check_fn(lambda lib, a, b, w, c: lib.nn.functional.bilinear(a, b, w, c), arr(5, 3), arr(5, 4, seed=1),
             arr(2, 3, 4, seed=2), arr(2, seed=3))
    check_fn(lambda lib, a, b, w: lib.nn.functional.bilinear(a, b, w), arr(2, 5, 3), arr(2, 5, 4, seed=1),
             arr(2, 3, 4, seed=2))
    check_fn(lambda lib, a, b, w: lib.nn.functional.bilinear(a, b, w), arr(5, 3), arr(5, 5), arr(2, 3, 4))


@pytest.mark.parametrize("padding_idx", [None, 0, 2, -1])
def test_embedding(padding_idx):
    idx = np.array([[0, 2, 4], [2, 2, 1]])
    check_fn(lambda lib, i, w: lib.nn.functional.embedding(i, w, padding_idx), idx, arr(5, 3))
    check_fn(lambda lib, i, w: lib.nn.functional.embedding(i, w, padding_idx), np.array(3), arr(5, 3))


def test_embedding_max_norm_and_errors():
    w = arr(6, 3) * 2

    def fn(lib, i, w):
        w2 = w.detach().clone()
        out = lib.nn.functional.embedding(i, w2, max_norm=1.5)
        return out, w2  # the used rows of the weight are renormalized in place
    check_fn(fn, np.array([1, 3, 3]), w, grad=False)
    check_fn(lambda lib, i, w: lib.nn.functional.embedding(i, w, max_norm=1.0, norm_type=1.0), np.array([0, 5]),
             w.copy(), grad=False)
    check_fn(lambda lib, i, w: lib.nn.functional.embedding(i, w), np.array([6]), w)
    check_fn(lambda lib, i, w: lib.nn.functional.embedding(i, w), np.array([1.0], np.float32), w)
    check_fn(lambda lib, i, w: lib.nn.functional.embedding(i, w, padding_idx=7), np.array([1]), w)


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag(mode):
    w = arr(10, 3)
    idx = np.array([1, 2, 4, 5, 4, 3, 2, 9])
    off = np.array([0, 4, 4, 6])
    F = lambda lib: lib.nn.functional  # noqa: E731
    check_fn(lambda lib, i, w, o: F(lib).embedding_bag(i, w, o, mode=mode), idx, w, off)
    check_fn(lambda lib, i, w, o: F(lib).embedding_bag(i, w, o, mode=mode, include_last_offset=True), idx, w,
             np.append(off, 8))
    check_fn(lambda lib, i, w: F(lib).embedding_bag(i, w, mode=mode), idx.reshape(2, 4), w)
    check_fn(lambda lib, i, w, o: F(lib).embedding_bag(i, w, o, mode=mode, padding_idx=2), idx, w, off)
    if mode == "sum":
        check_fn(lambda lib, i, w, o, p: F(lib).embedding_bag(i, w, o, mode=mode, per_sample_weights=p), idx, w,
                 off, arr(8, seed=4))
        check_fn(lambda lib, i, w, p: F(lib).embedding_bag(i, w, mode=mode, per_sample_weights=p),
                 idx.reshape(2, 4), w, arr(2, 4, seed=4))
    else:
        check_fn(lambda lib, i, w, o, p: F(lib).embedding_bag(i, w, o, mode=mode, per_sample_weights=p), idx, w,
                 off, arr(8, seed=4))


def test_one_hot():
    check_fn(lambda lib, t: lib.nn.functional.one_hot(t), np.array([[0, 3], [1, 1]]))
    check_fn(lambda lib, t: lib.nn.functional.one_hot(t, 5), np.array([0, 3]))
    check_fn(lambda lib, t: lib.nn.functional.one_hot(t, 3), np.array([0, 3]))
    check_fn(lambda lib, t: lib.nn.functional.one_hot(t), np.array([-1]))
    check_fn(lambda lib, t: lib.nn.functional.one_hot(t, 4), np.zeros((0,), np.int64))
    check_fn(lambda lib, t: lib.nn.functional.one_hot(t, 3), np.array([1], np.int32))


@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), nd=st.integers(1, 3),
       affine=st.sampled_from(["both", "weight", "none"]), dtype=st.sampled_from(["float32", "float64",
                                                                                  "bfloat16"]))
def test_layer_norm(shape, nd, affine, dtype):
    nd = min(nd, len(shape))
    ns = shape[len(shape) - nd:]
    x = arr(*shape) * 2 + 1
    tol = dict(rtol=1e-4, atol=1e-5, grad=dtype != "bfloat16")  # bfloat16 gradients are mostly rounding
    if math.prod(ns) == 1:  # x - mean is 0: the weight's gradient is torch's round-off (~2e-5) against an exact 0
        tol["atol"] = 1e-4
    if affine == "both":
        check_fn(lambda lib, x, w, b: lib.nn.functional.layer_norm(x, ns, w, b), x, arr(*ns, seed=1),
                 arr(*ns, seed=2), dtype=dtype, **tol)
    elif affine == "weight":
        check_fn(lambda lib, x, w: lib.nn.functional.layer_norm(x, ns, w, eps=1e-3), x, arr(*ns, seed=1),
                 dtype=dtype, **tol)
    else:
        check_fn(lambda lib, x: lib.nn.functional.layer_norm(x, ns), x, dtype=dtype, **tol)


def test_layer_norm_errors():
    check_fn(lambda lib, x: lib.nn.functional.layer_norm(x, (3,)), arr(3, 4))
    check_fn(lambda lib, x, w: lib.nn.functional.layer_norm(x, (4,), w), arr(3, 4), arr(3))
    check_fn(lambda lib, x: lib.nn.functional.layer_norm(x, (4,)), arr(0, 4))


@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), weight=st.booleans(),
       eps=st.sampled_from([None, 1e-6]))
def test_rms_norm(shape, weight, eps):
    ns = shape[-1:]
    x = arr(*shape)
    if weight:
        check_fn(lambda lib, x, w: lib.nn.functional.rms_norm(x, ns, w, eps), x, arr(*ns, seed=3), rtol=1e-4,
                 atol=1e-5)
    else:
        check_fn(lambda lib, x: lib.nn.functional.rms_norm(x, ns, eps=eps), x, rtol=1e-4, atol=1e-5)


def test_group_norm():
    x = arr(2, 6, 5) * 3
    check_fn(lambda lib, x, w, b: lib.nn.functional.group_norm(x, 3, w, b), x, arr(6, seed=1), arr(6, seed=2),
             rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x: lib.nn.functional.group_norm(x, 2), arr(3, 4, 2, 2), rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x: lib.nn.functional.group_norm(x, 6), x, rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x: lib.nn.functional.group_norm(x, 4), x)


@pytest.mark.parametrize("shape", [(4, 3), (4, 3, 5), (2, 3, 2, 2)])
@pytest.mark.parametrize("momentum", [0.1, None])
def test_batch_norm(shape, momentum):
    x = arr(*shape) * 2 + 1
    rm, rv = arr(3, seed=1), arr(3, low=0.5, high=2, seed=2)

    def train(lib, x, w, b, rm, rv):
        out = lib.nn.functional.batch_norm(x, rm, rv, w, b, training=True, momentum=momentum or 0.3)
        return out, rm, rv
    check_fn(train, x, arr(3, seed=3), arr(3, seed=4), rm, rv, frozen=(3, 4), rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x: lib.nn.functional.batch_norm(x, None, None, training=True), x, rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x, w, b, rm, rv: lib.nn.functional.batch_norm(x, rm, rv, w, b), x, arr(3, seed=3),
             arr(3, seed=4), rm, rv, frozen=(3, 4), rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x, rm, rv: lib.nn.functional.batch_norm(x, rm, rv), x, rm, rv, frozen=(1, 2), rtol=1e-4,
             atol=1e-5)


def test_batch_norm_errors():
    check_fn(lambda lib, x: lib.nn.functional.batch_norm(x, None, None, training=True), arr(1, 3))
    check_fn(lambda lib, x, rm, rv: lib.nn.functional.batch_norm(x, rm, rv), arr(2, 3), arr(4), arr(4), grad=False)


def test_instance_norm():
    x = arr(2, 3, 5) * 2
    rm, rv = arr(3, seed=1), arr(3, low=0.5, high=2, seed=2)

    def fn(lib, x, w, b, rm, rv):
        return lib.nn.functional.instance_norm(x, rm, rv, w, b, momentum=0.2), rm, rv
    check_fn(fn, x, arr(3, seed=3), arr(3, seed=4), rm, rv, frozen=(3, 4), rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x: lib.nn.functional.instance_norm(x), arr(2, 3, 2, 2), rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x, rm, rv: lib.nn.functional.instance_norm(x, rm, rv, use_input_stats=False), x, rm, rv,
             frozen=(1, 2), rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x: lib.nn.functional.instance_norm(x), arr(2, 3, 1))


def test_local_response_norm():
    for size in (1, 2, 3, 4):
        check_fn(lambda lib, x: lib.nn.functional.local_response_norm(x, size, alpha=0.1), arr(2, 5, 3) * 3,
                 rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x: lib.nn.functional.local_response_norm(x, 3), arr(2, 4, 2, 2), rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x: lib.nn.functional.local_response_norm(x, 3), arr(2, 4))


@pytest.mark.parametrize("p", [2.0, 1.0, 3.0, float("inf")])
def test_distances(p):
    F = lambda lib: lib.nn.functional  # noqa: E731
    check_fn(lambda lib, x: F(lib).normalize(x, p), arr(3, 4))
    check_fn(lambda lib, x: F(lib).normalize(x, p, dim=0), arr(3, 4))
    check_fn(lambda lib, x: F(lib).normalize(x, p), np.zeros((2, 3), np.float32))
    check_fn(lambda lib, a, b: F(lib).pairwise_distance(a, b, p), arr(3, 4), arr(3, 4, seed=1))
    check_fn(lambda lib, a, b: F(lib).pairwise_distance(a, b, p, keepdim=True), arr(3, 4), arr(4, seed=1))
    check_fn(lambda lib, a: F(lib).pdist(a, p), arr(5, 3), rtol=1e-4, atol=1e-5)


def test_cosine_similarity():
    F = lambda lib: lib.nn.functional  # noqa: E731
    check_fn(lambda lib, a, b: F(lib).cosine_similarity(a, b), arr(3, 4), arr(3, 4, seed=1))
    check_fn(lambda lib, a, b: F(lib).cosine_similarity(a, b, dim=0), arr(3, 4), arr(1, 4, seed=1))
    check_fn(lambda lib, a, b: F(lib).cosine_similarity(a, b, -1), arr(2, 3, 4), arr(4, seed=1))
    check_fn(lambda lib, a, b: F(lib).cosine_similarity(a, b), arr(3, 4), arr(2, 4))


def _keep_ratio(t):
    v = t.detach().numpy()
    return (v != 0).mean()


def test_dropout_family():
    import mindtorch
    import mindtorch.nn.functional as F
    mindtorch.manual_seed(1)
    x = mindtorch.ones(200, 50, requires_grad=True)
    y = F.dropout(x, 0.3)
    v = y.detach().numpy()
    assert set(np.unique(v)) <= {0.0, np.float32(1 / 0.7)}
    assert abs(_keep_ratio(y) - 0.7) < 0.02
    y.backward(mindtorch.ones(200, 50))
    np.testing.assert_allclose(x.grad.numpy(), v)
    np.testing.assert_array_equal(F.dropout(x, 0.3, training=False).detach().numpy(), 1)
    assert (F.dropout(x, 1.0).detach().numpy() == 0).all()
    # feature dropout: whole channels
    z = F.dropout2d(mindtorch.ones(8, 16, 3, 3), 0.5).numpy()
    per = z.reshape(8, 16, 9)
    assert ((per == 0).all(-1) | (per == 2).all(-1)).all() and 0 < (per == 0).mean() < 1
    z = F.dropout1d(mindtorch.ones(16, 5), 0.5).numpy()
    assert ((z == 0).all(-1) | (z == 2).all(-1)).all()
    z = F.dropout3d(mindtorch.ones(2, 8, 2, 2, 2), 0.5).numpy().reshape(2, 8, 8)
    assert ((z == 0).all(-1) | (z == 2).all(-1)).all()
    # alpha dropout keeps mean 0 / std 1 of a standard normal input
    a = F.alpha_dropout(mindtorch.randn(200000), 0.2, training=True).numpy()
    assert abs(a.mean()) < 0.02 and abs(a.std() - 1) < 0.02
    fa = F.feature_alpha_dropout(mindtorch.randn(4, 64, 10), 0.5, training=True).numpy()
    assert (np.ptp(fa - fa[..., :1], axis=-1).max() > 0)
    # in place
    t = mindtorch.ones(100)
    out = F.dropout(t, 0.5, inplace=True)
    assert out is t and (t.numpy() == 0).any()
    # the same seed draws the same mask
    mindtorch.manual_seed(5)
    m1 = F.dropout(mindtorch.ones(50), 0.5).numpy()
    mindtorch.manual_seed(5)
    np.testing.assert_array_equal(F.dropout(mindtorch.ones(50), 0.5).numpy(), m1)


def test_dropout_deterministic_cases_and_errors():
    F = lambda lib: lib.nn.functional  # noqa: E731
    x = arr(3, 4)
    check_fn(lambda lib, x: F(lib).dropout(x, 0.5, training=False), x)
    check_fn(lambda lib, x: F(lib).dropout(x, 0.0), x)
    check_fn(lambda lib, x: F(lib).alpha_dropout(x, 0.5), x)
    check_fn(lambda lib, x: F(lib).dropout(x, 1.5), x)
    check_fn(lambda lib, x: F(lib).dropout(x, -0.1), x)
    check_fn(lambda lib, x: F(lib).dropout1d(x, 0.5), arr(2, 3, 4, 5))
    check_fn(lambda lib, x: F(lib).dropout(x, 1.0), x)
