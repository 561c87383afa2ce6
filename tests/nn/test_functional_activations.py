"""torch.nn.functional activations and softmax family: forward and gradients against torch."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from fn_helpers import check_fn, arr

ACTS = [
    ("relu", {}), ("relu6", {}), ("leaky_relu", {}), ("leaky_relu", {"negative_slope": 0.2}),
    ("elu", {}), ("elu", {"alpha": 0.5}), ("selu", {}), ("celu", {"alpha": 1.5}),
    ("gelu", {}), ("gelu", {"approximate": "tanh"}), ("silu", {}), ("mish", {}),
    ("softplus", {}), ("softplus", {"beta": 2.0, "threshold": 1.0}), ("softsign", {}),
    ("softshrink", {}), ("softshrink", {"lambd": 1.0}), ("hardshrink", {}), ("tanhshrink", {}),
    ("hardtanh", {}), ("hardtanh", {"min_val": -0.5, "max_val": 2.0}), ("hardsigmoid", {}), ("hardswish", {}),
    ("sigmoid", {}), ("tanh", {}), ("logsigmoid", {}), ("threshold", {"threshold": 0.1, "value": 20.0}),
]


@pytest.mark.parametrize("name,kw", ACTS, ids=[f"{n}-{k}" for n, k in ACTS])
def test_activation(name, kw):
    x = arr(3, 5, seed=2) * 3
    check_fn(lambda lib, x: getattr(lib.nn.functional, name)(x, **kw), x)


@pytest.mark.parametrize("name", ["relu", "relu6", "leaky_relu", "elu", "selu", "celu", "silu", "mish", "hardtanh",
                                  "hardsigmoid", "hardswish", "threshold"])
def test_activation_inplace(name):
    x = arr(4, 3, seed=3) * 3
    kw = {"threshold": 0.1, "value": 2.0} if name == "threshold" else {}

    def fn(lib, x):
        y = lib.nn.functional.softsign(x)  # a non-leaf whose op keeps no reference to its output
        out = getattr(lib.nn.functional, name)(y, inplace=True, **kw)
        assert out is y
        return y
    check_fn(fn, x)
    # without grad: the tensor itself changes
    check_fn(lambda lib, x: (getattr(lib.nn.functional, name)(x, inplace=True, **kw), x)[1], x, grad=False)


def test_inplace_leaf_error():
    check_fn(lambda lib, x: lib.nn.functional.relu(x, inplace=True), arr(3))
    check_fn(lambda lib, x: lib.nn.functional.relu_(x), arr(3), grad=False)


@pytest.mark.parametrize("name", ["relu", "gelu", "silu", "tanh", "sigmoid", "softplus", "elu", "hardswish",
                                  "mish", "logsigmoid", "leaky_relu"])
@given(shape=st.lists(st.integers(0, 4), max_size=3), dtype=st.sampled_from(["float32", "float64", "float16",
                                                                            "bfloat16"]))
def test_activation_shapes_dtypes(name, shape, dtype):
    x = arr(*shape, seed=len(shape)) * 2
    check_fn(lambda lib, x: getattr(lib.nn.functional, name)(x), x, dtype=dtype)


def test_activation_non_contiguous():
    import torch
    import mindtorch
    from oracle import assert_same
    base = arr(4, 6)
    w = arr(6, 4, seed=3)
    for name in ("gelu", "silu", "softmax", "layer_norm"):
        res = []
        for lib in (torch, mindtorch):
            x = lib.from_numpy(base.copy()).transpose(0, 1).detach().requires_grad_(True)  # a non-contiguous leaf
            assert not x.is_contiguous()
            f = getattr(lib.nn.functional, name)
            y = f(x, -1) if name == "softmax" else f(x, (4,)) if name == "layer_norm" else f(x)
            y.backward(lib.from_numpy(w.copy()))
            res.append((y, x.grad))
        assert_same(res[0][0], res[1][0], 1e-5, 1e-5)
        assert_same(res[0][1], res[1][1], 1e-5, 1e-5)


@pytest.mark.parametrize("name", ["relu", "relu6", "hardtanh", "threshold", "gelu", "leaky_relu", "elu",
                                  "hardshrink", "sigmoid", "tanh", "softsign"])
def test_integer_inputs(name):
    x = np.array([[-3, 0, 2, 7]], np.int64)
    kw = {"threshold": 1, "value": 5} if name == "threshold" else {}
    check_fn(lambda lib, x: getattr(lib.nn.functional, name)(x, **kw), x, grad=False)
    check_fn(lambda lib, x: lib.nn.functional.relu(x), np.array([True, False]), grad=False)


def test_softplus_threshold_and_large():
    x = np.array([-100.0, -5.0, 0.0, 5.0, 19.9, 20.1, 100.0], np.float32)
    check_fn(lambda lib, x: lib.nn.functional.softplus(x), x)
    check_fn(lambda lib, x: lib.nn.functional.logsigmoid(x), x)
    check_fn(lambda lib, x: lib.nn.functional.mish(x), x)


def test_hardswish_boundaries():
    x = np.array([-4.0, -3.0, -1.0, 0.0, 3.0, 4.0], np.float32)
    check_fn(lambda lib, x: lib.nn.functional.hardswish(x), x)
    check_fn(lambda lib, x: lib.nn.functional.hardsigmoid(x), x)
    check_fn(lambda lib, x: lib.nn.functional.hardtanh(x, -1.0, 3.0), x)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_glu(dim):
    check_fn(lambda lib, x: lib.nn.functional.glu(x, dim), arr(4, 6, 2))
    check_fn(lambda lib, x: lib.nn.functional.glu(x), arr(3, 5))  # odd: error
    check_fn(lambda lib, x: lib.nn.functional.glu(x), arr())


@pytest.mark.parametrize("xshape,wshape", [((2, 3, 4), (3,)), ((2, 3), (1,)), ((5,), (1,)), ((), (1,)),
                                           ((2, 3, 2, 2), (3,)), ((2, 3), (4,)), ((5,), (5,))])
def test_prelu(xshape, wshape):
    check_fn(lambda lib, x, w: lib.nn.functional.prelu(x, w), arr(*xshape), arr(*wshape, seed=4) * 0.3)


def test_rrelu():
    x = arr(3, 4)
    check_fn(lambda lib, x: lib.nn.functional.rrelu(x, training=False), x)
    check_fn(lambda lib, x: lib.nn.functional.rrelu(x, 0.1, 0.3), x)
    import mindtorch
    import mindtorch.nn.functional as F
    t = mindtorch.tensor(-np.abs(arr(1000)) - 0.1, requires_grad=True)
    y = F.rrelu(t, 0.1, 0.3, training=True)
    ratio = (y.detach().numpy() / t.detach().numpy())
    assert ratio.min() >= 0.1 - 1e-6 and ratio.max() <= 0.3 + 1e-6 and ratio.std() > 0.03
    y.backward(mindtorch.ones(1000))
    np.testing.assert_allclose(t.grad.numpy(), ratio, rtol=1e-5)


@pytest.mark.parametrize("fname", ["softmax", "log_softmax", "softmin"])
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=4), data=st.data())
def test_softmax_family(fname, shape, data):
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    x = arr(*shape, seed=len(shape)) * 3
    # MindSpore's CPU exp is good to ~5e-6 relative (torch's to ~1e-7): gradients to 1e-5 absolute
    check_fn(lambda lib, x: getattr(lib.nn.functional, fname)(x, dim), x, atol=1e-5)


@pytest.mark.parametrize("fname", ["softmax", "log_softmax", "softmin"])
def test_softmax_implicit_dim_and_dtype(fname):
    import warnings
    import mindtorch
    for shape in [(), (4,), (2, 3), (2, 3, 4), (2, 2, 2, 2)]:
        x = arr(*shape)
        check_fn(lambda lib, x: getattr(lib.nn.functional, fname)(x), x)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        getattr(mindtorch.nn.functional, fname)(mindtorch.ones(2, 3))
    assert any("Implicit dimension choice" in str(m.message) for m in w)
    x = arr(2, 5)
    check_fn(lambda lib, x: getattr(lib.nn.functional, fname)(x, 1, dtype=lib.float64), x)
    # half outputs of a float32 input: torch runs the backward in the half type, mindtorch in float32
    check_fn(lambda lib, x: getattr(lib.nn.functional, fname)(x, 1, dtype=lib.bfloat16), x, rtol=1e-2, atol=1e-2)
    check_fn(lambda lib, x: getattr(lib.nn.functional, fname)(x, 1, dtype=lib.float16), x, rtol=1e-3, atol=1e-3)
    check_fn(lambda lib, x: getattr(lib.nn.functional, fname)(x, 1), np.array([[1, 2]], np.int64), grad=False)
    check_fn(lambda lib, x: getattr(lib.nn.functional, fname)(x, 1, dtype=lib.float32),
             np.array([[1, 2]], np.int64), grad=False)
    check_fn(lambda lib, x: getattr(lib.nn.functional, fname)(x, 2), x)  # dim out of range
    check_fn(lambda lib, x: getattr(lib.nn.functional, fname)(x, 0), arr(0, 3))
    check_fn(lambda lib, x: getattr(lib.nn.functional, fname)(x, 1), x, dtype="bfloat16")


def test_gumbel_softmax():
    import mindtorch
    import mindtorch.nn.functional as F
    mindtorch.manual_seed(0)
    x = mindtorch.tensor(arr(64, 5), requires_grad=True)
    y = F.gumbel_softmax(x, tau=0.5)
    np.testing.assert_allclose(y.detach().numpy().sum(1), 1, rtol=1e-5)
    h = F.gumbel_softmax(x, hard=True)
    hv = h.detach().numpy()
    assert set(np.unique(hv)) <= {0.0, 1.0} and (hv.sum(1) == 1).all()
    h.backward(mindtorch.tensor(arr(64, 5, seed=3)))
    assert x.grad is not None and np.abs(x.grad.numpy()).sum() > 0
    np.testing.assert_allclose(x.grad.numpy().sum(1), 0, atol=1e-5)  # a softmax gradient


def test_errors():
    check_fn(lambda lib, x: lib.nn.functional.gelu(x, approximate="bad"), arr(3))
    check_fn(lambda lib, x: lib.nn.functional.hardtanh(x, 2.0, 1.0), arr(3))
    check_fn(lambda lib, x: lib.nn.functional.softshrink(x, -1.0), arr(3))
    check_fn(lambda lib, x: lib.nn.functional.leaky_relu(x), np.array([1, 2]))
    check_fn(lambda lib, x: lib.nn.functional.relu(x), np.array([True]))


def test_double_backward():
    import torch
    import mindtorch
    for name in ["gelu", "silu", "tanh", "softplus", "elu"]:
        res = []
        for lib in (torch, mindtorch):
            x = lib.tensor(arr(5, seed=7).tolist(), requires_grad=True)
            y = getattr(lib.nn.functional, name)(x)
            (g,) = lib.autograd.grad(y, x, lib.ones(5), create_graph=True)
            (gg,) = lib.autograd.grad(g, x, lib.ones(5))
            res.append((g.detach().numpy(), gg.detach().numpy()))
        np.testing.assert_allclose(res[1][0], res[0][0], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(res[1][1], res[0][1], rtol=1e-4, atol=1e-5)
