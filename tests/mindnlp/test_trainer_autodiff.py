"""mindtorch ops differentiated by MindSpore (`mindspore.grad`) inside `mindspore_autodiff()`, the road of
mindnlp.engine.Trainer's train step: gradients equal real torch's autograd. Small CPU tensors are the case
that matters: several CPU kernels compute them on the host with NumPy, which MindSpore's autodiff cannot see
(the gradient would be silently zero) unless the switch sends them through MindSpore ops.

This module imports mindtorch next to real torch (no `import mindnlp`: sys.modules['torch'] stays real)."""
import mindspore as ms
import numpy as np
import pytest
import torch

import mindtorch
from mindtorch._runtime import HOST_KERNELS, is_mindspore_autodiff, mindspore_autodiff

RNG = np.random.default_rng(0)


def _x(*shape, positive=False):
    a = RNG.standard_normal(shape).astype(np.float32)
    return np.abs(a) + 0.5 if positive else a


# name, function of (lib, *tensors), inputs; every input is differentiated
CASES = [
    ("mul", lambda t, a, b: a * b, (_x(3, 4), _x(3, 4))),
    ("mul_scalar", lambda t, a: a * 2.5, (_x(3, 4),)),
    ("div", lambda t, a, b: a / b, (_x(3, 4), _x(3, 4, positive=True))),
    ("rdiv", lambda t, a: 1.0 / a, (_x(4, positive=True),)),
    ("maximum", lambda t, a, b: t.maximum(a, b), (_x(2, 5), _x(2, 5))),
    ("minimum", lambda t, a, b: t.minimum(a, b), (_x(2, 5), _x(2, 5))),
    ("exp", lambda t, a: t.exp(a), (_x(3, 3),)),
    ("log", lambda t, a: t.log(a), (_x(3, 3, positive=True),)),
    ("tanh", lambda t, a: t.tanh(a), (_x(6),)),
    ("sigmoid", lambda t, a: t.sigmoid(a), (_x(6),)),
    ("softmax", lambda t, a: t.softmax(a, -1), (_x(2, 3, 5),)),
    ("log_softmax", lambda t, a: t.log_softmax(a, 1), (_x(4, 6),)),
    ("clamp", lambda t, a: t.clamp(a, -0.5, 0.5), (_x(4, 4),)),
    ("tril", lambda t, a: t.tril(a), (_x(4, 4),)),
    ("triu", lambda t, a: t.triu(a, 1), (_x(4, 4),)),
    ("cast_f64", lambda t, a: a.to(t.float64).exp().to(t.float32), (_x(3, 3),)),
    ("cast_f16", lambda t, a: a.half().float() * 3, (_x(3, 3),)),
    ("attention", lambda t, q, k, v: t.softmax(q @ k.transpose(-1, -2) / 2.0, -1) @ v,
     (_x(2, 3, 4), _x(2, 3, 4), _x(2, 3, 4))),
]


def _torch_grads(fn, arrays, w):
    xs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = fn(torch, *xs)
    (out * torch.tensor(w)).sum().backward()
    return [x.grad.numpy() for x in xs]


def _ms_grads(fn, arrays, w):
    wt = mindtorch.tensor(w)

    def f(*values):
        xs = [mindtorch.Tensor._make(v) for v in values]
        with mindtorch.no_grad():  # mindtorch's own recording off: MindSpore differentiates
            return (fn(mindtorch, *xs) * wt).sum()._ms

    with mindspore_autodiff():
        grads = ms.grad(f, grad_position=tuple(range(len(arrays))))(*[ms.Tensor(a) for a in arrays])
    if not isinstance(grads, tuple):
        grads = (grads,)
    return [g.asnumpy() for g in grads]


@pytest.mark.parametrize("name,fn,arrays", CASES, ids=[c[0] for c in CASES])
def test_value_and_grad_matches_torch(name, fn, arrays):
    with torch.no_grad():
        shape = fn(torch, *[torch.tensor(a) for a in arrays]).shape
    w = RNG.standard_normal(tuple(shape)).astype(np.float32)
    expected = _torch_grads(fn, arrays, w)
    got = _ms_grads(fn, arrays, w)
    for e, g in zip(expected, got):
        assert np.abs(e).sum() > 0
        np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-6)


def test_switch_state():
    assert HOST_KERNELS[0] and not is_mindspore_autodiff()
    with mindspore_autodiff():
        assert is_mindspore_autodiff()
        with mindspore_autodiff():
            assert is_mindspore_autodiff()
        assert is_mindspore_autodiff()
    assert not is_mindspore_autodiff()

    @mindspore_autodiff()
    def inner():
        return is_mindspore_autodiff()
    assert inner() and not is_mindspore_autodiff()


def test_host_shortcut_loses_gradient_without_switch():
    """Why the switch exists: without it the host softmax cuts MindSpore's tape (zero gradient)."""
    a = _x(2, 5)

    def f(v):
        with mindtorch.no_grad():
            return (mindtorch.softmax(mindtorch.Tensor._make(v), -1) * mindtorch.arange(5.0)).sum()._ms

    off = ms.grad(f)(ms.Tensor(a)).asnumpy()
    with mindspore_autodiff():
        on = ms.grad(f)(ms.Tensor(a)).asnumpy()
    assert np.abs(off).max() == 0 and np.abs(on).max() > 0


def test_switch_values_equal_host_values():
    """The MindSpore road gives the same values as the host road (forward)."""
    a, b = _x(3, 4), _x(3, 4, positive=True)
    ta, tb = mindtorch.tensor(a), mindtorch.tensor(b)
    ops = [lambda: ta * tb, lambda: ta / tb, lambda: ta.softmax(-1), lambda: ta.exp(), lambda: ta.clamp(-0.1, 0.2),
           lambda: ta.tril(), lambda: ta.double(), lambda: ta.sigmoid()]
    host = [o().numpy() for o in ops]
    with mindspore_autodiff():
        dev = [o().numpy() for o in ops]
    for h, d in zip(host, dev):
        np.testing.assert_allclose(d, h, rtol=1e-6, atol=1e-7)
