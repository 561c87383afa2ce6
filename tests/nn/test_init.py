"""nn.init against torch: fans and gains exactly, distributions by their statistics, errors by type."""
import math
import warnings

import numpy as np
import pytest
import torch
import mindtorch

SHAPES = [(30, 20), (16, 8, 3), (8, 4, 3, 3), (6, 2, 1, 2, 2), (5, 1)]


def _errors_alike(fn):
    try:
        fn(torch)
    except Exception as e:
        with pytest.raises(type(e)):
            fn(mindtorch)
        return True
    return False


@pytest.mark.parametrize("shape", SHAPES + [(3,), ()])
def test_fans(shape):
    t, m = torch.empty(shape), mindtorch.empty(shape)
    f = lambda lib, x: lib.nn.init._calculate_fan_in_and_fan_out(x)  # noqa: E731
    if not _errors_alike(lambda lib: f(lib, t if lib is torch else m)):
        assert f(mindtorch, m) == f(torch, t)
        for mode in ("fan_in", "fan_out", "FAN_IN"):
            assert mindtorch.nn.init._calculate_correct_fan(m, mode) == torch.nn.init._calculate_correct_fan(t, mode)
        assert _errors_alike(lambda lib: lib.nn.init._calculate_correct_fan(t if lib is torch else m, "bad"))


@pytest.mark.parametrize("nl,param", [("linear", None), ("conv1d", None), ("conv_transpose3d", None),
                                      ("sigmoid", None), ("tanh", None), ("relu", None), ("leaky_relu", None),
                                      ("leaky_relu", 0.2), ("leaky_relu", 3), ("selu", None)])
def test_gain(nl, param):
    assert mindtorch.nn.init.calculate_gain(nl, param) == torch.nn.init.calculate_gain(nl, param)


def test_gain_errors():
    assert _errors_alike(lambda lib: lib.nn.init.calculate_gain("foo"))
    assert _errors_alike(lambda lib: lib.nn.init.calculate_gain("leaky_relu", "x"))
    assert _errors_alike(lambda lib: lib.nn.init.calculate_gain("leaky_relu", True))


def _stats(a):
    return a.mean(), a.std(), a.min(), a.max()


def _draw(fn, shape=(200, 300), **kw):
    t = mindtorch.nn.Parameter(mindtorch.empty(shape))
    out = fn(t, **kw)
    assert out is t and t.grad_fn is None and t.requires_grad
    return t.detach().numpy().astype(np.float64)


def test_uniform_normal_constant():
    init = mindtorch.nn.init
    a = _draw(init.uniform_, a=-2.0, b=3.0)
    m, s, lo, hi = _stats(a)
    assert abs(m - 0.5) < 0.03 and abs(s - 5 / math.sqrt(12)) < 0.03 and lo >= -2 and hi <= 3
    a = _draw(init.normal_, mean=1.0, std=0.5)
    m, s, _, _ = _stats(a)
    assert abs(m - 1.0) < 0.01 and abs(s - 0.5) < 0.01
    a = _draw(init.trunc_normal_, mean=0.5, std=2.0, a=-1.0, b=1.5)
    ref = torch.nn.init.trunc_normal_(torch.empty(200, 300), mean=0.5, std=2.0, a=-1.0, b=1.5).double().numpy()
    assert a.min() >= -1 and a.max() <= 1.5
    assert abs(a.mean() - ref.mean()) < 0.02 and abs(a.std() - ref.std()) < 0.02
    assert (_draw(init.constant_, shape=(3, 2), val=0.7) == np.float32(0.7)).all()
    assert (_draw(init.ones_, shape=(3,)) == 1).all() and (_draw(init.zeros_, shape=(3,)) == 0).all()


@pytest.mark.parametrize("shape", [(200, 300), (64, 32, 3, 3)])
@pytest.mark.parametrize("name,kw", [("xavier_uniform_", {}), ("xavier_uniform_", {"gain": 2.0}),
                                     ("xavier_normal_", {"gain": 0.5}), ("kaiming_uniform_", {}),
                                     ("kaiming_uniform_", {"a": math.sqrt(5)}),
                                     ("kaiming_uniform_", {"mode": "fan_out", "nonlinearity": "relu"}),
                                     ("kaiming_normal_", {}), ("kaiming_normal_", {"a": 0.1, "mode": "fan_out"}),
                                     ("orthogonal_", {}), ("orthogonal_", {"gain": 2.0})])
def test_scaled_initializers(name, kw, shape):
    a = _draw(getattr(mindtorch.nn.init, name), shape=shape, **kw)
    ref = getattr(torch.nn.init, name)(torch.empty(shape), **kw).double().numpy()
    assert abs(a.mean() - ref.mean()) < 0.1 * ref.std() + 1e-4
    assert abs(a.std() - ref.std()) < 0.05 * ref.std()
    if "uniform" in name:
        bound = np.abs(ref).max()
        assert np.abs(a).max() <= bound * 1.01 and np.abs(a).max() > bound * 0.95
    if name == "orthogonal_":
        flat = a.reshape(shape[0], -1)
        g = kw.get("gain", 1.0)
        prod = flat @ flat.T if flat.shape[0] <= flat.shape[1] else flat.T @ flat
        np.testing.assert_allclose(prod, g * g * np.eye(prod.shape[0]), atol=1e-4)


def test_eye_dirac_sparse():
    init = mindtorch.nn.init
    for shape in [(3, 5), (5, 3)]:
        np.testing.assert_array_equal(_draw(init.eye_, shape=shape), torch.nn.init.eye_(torch.empty(shape)).numpy())
    for shape, groups in [((4, 2, 3), 1), ((6, 3, 3, 3), 2), ((4, 4, 1, 3, 3), 4)]:
        np.testing.assert_array_equal(_draw(init.dirac_, shape=shape, groups=groups),
                                      torch.nn.init.dirac_(torch.empty(shape), groups).numpy())
    a = _draw(init.sparse_, shape=(50, 40), sparsity=0.3, std=0.1)
    assert ((a == 0).sum(0) >= 15).all()
    assert abs(a[a != 0].std() - 0.1) < 0.01
    assert _errors_alike(lambda lib: lib.nn.init.eye_(lib.empty(2, 2, 2)))
    assert _errors_alike(lambda lib: lib.nn.init.dirac_(lib.empty(2, 2)))
    assert _errors_alike(lambda lib: lib.nn.init.dirac_(lib.empty(3, 2, 2), groups=2))
    assert _errors_alike(lambda lib: lib.nn.init.sparse_(lib.empty(2, 2, 2), 0.1))
    assert _errors_alike(lambda lib: lib.nn.init.orthogonal_(lib.empty(3)))
    assert _errors_alike(lambda lib: lib.nn.init.xavier_uniform_(lib.empty(3)))
    assert _errors_alike(lambda lib: lib.nn.init.kaiming_normal_(lib.empty(3, 3), mode="fan"))


def test_generator_views_dtypes_and_deprecated():
    init = mindtorch.nn.init
    g = mindtorch.Generator().manual_seed(3)
    a = init.normal_(mindtorch.empty(5), generator=g).numpy()
    g.manual_seed(3)
    np.testing.assert_array_equal(init.normal_(mindtorch.empty(5), generator=g).numpy(), a)
    mindtorch.manual_seed(1)
    b = init.uniform_(mindtorch.empty(4)).numpy()
    mindtorch.manual_seed(1)
    np.testing.assert_array_equal(init.uniform_(mindtorch.empty(4)).numpy(), b)
    base = mindtorch.zeros(3, 4)
    init.ones_(base[1])
    np.testing.assert_array_equal(base.numpy(), np.array([[0] * 4, [1] * 4, [0] * 4], np.float32))
    h = init.normal_(mindtorch.empty(3, dtype=mindtorch.float16))
    assert h.dtype == mindtorch.float16
    d = init.xavier_uniform_(mindtorch.empty(4, 4, dtype=mindtorch.float64))
    assert d.dtype == mindtorch.float64
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        mindtorch.nn.init.kaiming_uniform_(mindtorch.empty(0, 3))
        init.xavier_uniform(mindtorch.empty(2, 2))
    assert any("no-op" in str(x.message) for x in w) and any("deprecated" in str(x.message) for x in w)
    p = mindtorch.nn.Parameter(mindtorch.ones(3))
    init.zeros_(p)
    assert p.is_leaf and p.requires_grad and (p.detach().numpy() == 0).all()


def test_module_default_initialization():
    """Layers initialize as torch's (reset_parameters): same bounds and spreads."""
    cases = [("Linear", (400, 300)), ("Bilinear", (20, 30, 40)), ("Embedding", (300, 200)),
             ("EmbeddingBag", (300, 200)), ("PReLU", (7,)), ("LayerNorm", (5,)), ("GroupNorm", (2, 4)),
             ("BatchNorm1d", (6,))]
    for name, args in cases:
        tm = getattr(torch.nn, name)(*args)
        mm = getattr(mindtorch.nn, name)(*args)
        for (n, pt), (_, pm) in zip(tm.named_parameters(), mm.named_parameters()):
            a, r = pm.detach().numpy().astype(np.float64), pt.detach().numpy().astype(np.float64)
            if r.std() == 0:
                np.testing.assert_array_equal(a, r)
                continue
            tol = 4 / math.sqrt(a.size)  # both are samples: a few standard errors of the spread
            assert abs(a.std() - r.std()) < tol * r.std(), (name, n)
            assert abs(a.mean() - r.mean()) < 2 * tol * r.std(), (name, n)
            if name in ("Linear", "Bilinear") and a.size >= 1000:  # uniform: the same bound
                assert np.abs(a).max() <= np.abs(r).max() * 1.02 and np.abs(a).max() > np.abs(r).max() * 0.9
    e = mindtorch.nn.Embedding(10, 4, padding_idx=3)
    assert (e.weight.detach().numpy()[3] == 0).all()
