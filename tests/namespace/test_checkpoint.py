"""utils.checkpoint: the same outputs and gradients as the plain call (both variants), and torch's.
The differentiable pieces are autograd.Functions over ops that exist here (mul, add, sum)."""
import numpy as np
import pytest
import torch
import torch.utils.checkpoint  # noqa: F401

import mindtorch


def functions(lib):
    class Square(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * 2 * x

    class Scale(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x, w):
            ctx.save_for_backward(x, w)
            return x * w

        @staticmethod
        def backward(ctx, g):
            x, w = ctx.saved_tensors
            return g * w, g * x

    class Sum(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.shape = x.shape
            return x.sum()

        @staticmethod
        def backward(ctx, g):
            return g * lib.ones(ctx.shape)

    class Add(lib.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, g):
            return g, g

    return Square, Scale, Sum, Add


def run(lib, use_checkpoint, use_reentrant, x_requires_grad=True):
    Square, Scale, Sum, Add = functions(lib)
    rng = np.random.default_rng(0)
    w = lib.nn.Parameter(lib.from_numpy(rng.standard_normal(4).astype(np.float32)))
    x = lib.from_numpy(rng.standard_normal(4).astype(np.float32)).requires_grad_(x_requires_grad)

    def block(inp):
        return Add.apply(Scale.apply(Square.apply(inp), w), inp)

    if use_checkpoint:
        y = lib.utils.checkpoint.checkpoint(block, x, use_reentrant=use_reentrant)
    else:
        y = block(x)
    loss = Sum.apply(Square.apply(y))
    loss.backward()
    return (loss.item(), None if x.grad is None else x.grad.tolist(), None if w.grad is None else w.grad.tolist())


@pytest.mark.parametrize("use_reentrant", [True, False])
def test_checkpoint_gradients_equal_plain_call_and_torch(use_reentrant):
    plain = run(mindtorch, False, use_reentrant)
    ckpt = run(mindtorch, True, use_reentrant)
    assert ckpt == plain
    ref = run(torch, True, use_reentrant)
    np.testing.assert_allclose(ckpt[0], ref[0], rtol=1e-6)
    np.testing.assert_allclose(ckpt[1], ref[1], rtol=1e-6)
    np.testing.assert_allclose(ckpt[2], ref[2], rtol=1e-6)


@pytest.mark.parametrize("use_reentrant", [True, False])
def test_inputs_without_grad_like_torch(use_reentrant):
    """Reentrant: no input requires grad -> torch warns and the parameters get no gradient; non-reentrant:
    parameters get theirs."""
    out = []
    for lib in (torch, mindtorch):
        with pytest.warns(UserWarning) if use_reentrant else _null():
            try:
                out.append(run(lib, True, use_reentrant, x_requires_grad=False))
            except RuntimeError as e:  # noqa: F841
                out.append(RuntimeError)
    if isinstance(out[0], type):
        assert out[1] == out[0]
    else:
        assert out[1][1] == out[0][1]
        assert (out[1][2] is None) == (out[0][2] is None)


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_reentrant_recompute_restores_the_rng_state():
    Square, Scale, Sum, Add = functions(mindtorch)
    draws = []

    def block(inp):
        noise = mindtorch.rand(4)
        draws.append(noise.tolist())
        return Scale.apply(inp, noise)

    x = mindtorch.ones(4).requires_grad_(True)
    y = mindtorch.utils.checkpoint.checkpoint(block, x, use_reentrant=True)
    Sum.apply(y).backward()
    assert len(draws) == 2 and draws[0] == draws[1]
    assert x.grad.tolist() == draws[0]


def test_missing_use_reentrant_warns_as_torch():
    for lib in (torch, mindtorch):
        x = lib.ones(2, requires_grad=True)
        with pytest.warns(UserWarning, match="use_reentrant"):
            lib.utils.checkpoint.checkpoint(lambda a: a * 2, x)
