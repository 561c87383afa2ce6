"""autograd.Function, autograd.functional and gradcheck against torch's."""
import numpy as np
import pytest
import torch

import mindtorch
from oracle import assert_same
from test_engine import X, both, leaf, raises_same


def _functions(lib):
    class Cube(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x, scale):
            ctx.save_for_backward(x)
            ctx.scale = scale
            return x * x * x * scale

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * 3 * x * x * ctx.scale, None

    class SplitSetup(lib.autograd.Function):
        """forward without ctx, setup_context separately (torch >= 2.0 style)."""
        @staticmethod
        def forward(x, y):
            return x * y, x + y

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(*inputs)
            ctx.needs = ctx.needs_input_grad

        @staticmethod
        def backward(ctx, g_prod, g_sum):
            x, y = ctx.saved_tensors
            return (g_prod * y + g_sum if ctx.needs[0] else None), (g_prod * x + g_sum if ctx.needs[1] else None)

    class InplaceDouble(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.mark_dirty(x)
            return x.mul_(2)

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    class WithIndex(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            values, index = x.max(dim=1)
            ctx.mark_non_differentiable(index)
            ctx.save_for_backward(index)
            ctx.shape = x.shape
            return values, index

        @staticmethod
        def backward(ctx, grad, _):
            (index,) = ctx.saved_tensors
            return lib.zeros(ctx.shape).scatter(1, index.unsqueeze(1), grad.unsqueeze(1))

    return Cube, SplitSetup, InplaceDouble, WithIndex


def test_function_forward_backward_and_ctx():
    def scenario(lib):
        Cube, _, _, _ = _functions(lib)
        x = leaf(lib)
        y = Cube.apply(x, 2.0)
        y.sum().backward()
        return y.detach(), x.grad, type(y.grad_fn).__name__
    expected, actual = scenario(torch), scenario(mindtorch)
    assert_same(expected[:2], actual[:2])
    assert actual[2] == expected[2]


def test_function_setup_context_and_needs_input_grad():
    def scenario(lib):
        _, SplitSetup, _, _ = _functions(lib)
        x, y = leaf(lib), lib.tensor(X.tolist())
        p, s = SplitSetup.apply(x, y)
        (p * 2 + s).sum().backward()
        return p.detach(), s.detach(), x.grad
    both(scenario)


def test_function_mark_dirty():
    def scenario(lib):
        _, _, InplaceDouble, _ = _functions(lib)
        x = leaf(lib)
        y = x * 1
        z = InplaceDouble.apply(y)
        z.sum().backward()
        return z is y, x.grad
    both(scenario)


def test_function_mark_non_differentiable():
    def scenario(lib):
        _, _, _, WithIndex = _functions(lib)
        x = leaf(lib)
        values, index = WithIndex.apply(x)
        values.sum().backward()
        return index.requires_grad, x.grad
    both(scenario)


def test_function_double_backward_through_differentiable_backward():
    def scenario(lib):
        Cube, _, _, _ = _functions(lib)
        x = leaf(lib)
        (g,) = lib.autograd.grad(Cube.apply(x, 1.0).sum(), x, create_graph=True)
        (gg,) = lib.autograd.grad(g.sum(), x)
        return g.detach(), gg
    both(scenario)


def test_once_differentiable_refuses_double_backward():
    def scenario(lib):
        class Square(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x * x

            @staticmethod
            @lib.autograd.function.once_differentiable
            def backward(ctx, grad):
                (x,) = ctx.saved_tensors
                return grad * 2 * x
        x = leaf(lib)
        (g,) = lib.autograd.grad(Square.apply(x).sum(), x, create_graph=True)
        g.sum().backward()
    raises_same(scenario)


def test_function_wrong_number_of_grads_raises():
    def scenario(lib):
        class Bad(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x, y):
                return x * y

            @staticmethod
            def backward(ctx, grad):
                return grad
        Bad.apply(leaf(lib), leaf(lib)).sum().backward()
    raises_same(scenario, "returned an incorrect number of gradients")


def _f(lib):
    def f(x, y):
        return (x.exp() * y).sum(dim=0) + x.pow(2).sum(dim=0)
    return f


def _scalar(lib):
    def g(x):
        return (x.pow(3) * x.exp()).sum()
    return g


@pytest.mark.parametrize("name", ["jacobian", "vjp", "jvp", "hessian", "hvp", "vhp"])
def test_autograd_functional(name):
    y = X * 0.5 + 1

    def scenario(lib):
        F = lib.autograd.functional
        xs = lib.tensor(X.tolist())
        ys = lib.tensor(y.tolist())
        v2 = lib.ones(3)
        vx = lib.tensor((X * -0.25).tolist())
        if name == "jacobian":
            return F.jacobian(_f(lib), (xs, ys))
        if name == "vjp":
            return F.vjp(_f(lib), (xs, ys), v2)
        if name == "jvp":
            return F.jvp(_f(lib), (xs, ys), (vx, vx))
        if name == "hessian":
            return F.hessian(_scalar(lib), xs)
        return getattr(F, name)(_scalar(lib), xs, vx)
    both(scenario, rtol=1e-5, atol=1e-5)


def test_gradcheck_accepts_a_right_derivative_and_rejects_a_wrong_one():
    x = mindtorch.tensor(np.random.default_rng(0).standard_normal((3, 2)).tolist(), dtype=mindtorch.float64,
                         requires_grad=True)
    assert mindtorch.autograd.gradcheck(lambda t: (t * t).exp().sum(dim=1), (x,))
    assert mindtorch.autograd.gradgradcheck(lambda t: (t * t * t).sum(), (x,))

    class Wrong(mindtorch.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            return t * 3

        @staticmethod
        def backward(ctx, grad):
            return grad * 2
    with pytest.raises(mindtorch.autograd.GradcheckError):
        mindtorch.autograd.gradcheck(Wrong.apply, (x,))
    assert not mindtorch.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False)
