"""The tape engine against torch's: accumulation, retain_graph, create_graph, autograd.grad options,
hooks, grad modes, in-place/version rules, and the graph freed after backward."""
import gc
import threading
import weakref

import numpy as np
import pytest
import torch

import mindtorch
from oracle import LIBS, assert_same

X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], dtype=np.float32)
W = np.array([[1.0, -2.0], [0.5, 1.5], [-1.0, 0.25]], dtype=np.float32)


def both(scenario, rtol=1e-5, atol=1e-6):
    """Run scenario(lib) on torch and on mindtorch; the results (nested tensors/values) must agree."""
    expected, actual = scenario(torch), scenario(mindtorch)
    assert_same(expected, actual, rtol, atol)
    return actual


def raises_same(scenario, match=None):
    """scenario(lib) raises the same exception type on both libraries."""
    caught = []
    for lib in LIBS:
        with pytest.raises(Exception) as info:
            scenario(lib)
        caught.append(info.value)
    assert type(caught[1]) is type(caught[0]), f"torch raised {caught[0]!r}, mindtorch {caught[1]!r}"
    if match:
        assert match in str(caught[1]), str(caught[1])


def leaf(lib, array=X):
    return lib.tensor(array.tolist(), requires_grad=True)


def test_grads_accumulate_across_backward_calls():
    def scenario(lib):
        x = leaf(lib)
        (x * x).sum().backward()
        (x * 3).sum().backward()
        return x.grad
    both(scenario)


def test_backward_with_gradient_and_inputs():
    def scenario(lib):
        x, w = leaf(lib), leaf(lib, W)
        y = x @ w
        y.backward(lib.ones_like(y) * 2, inputs=[w])
        return w.grad, x.grad is None
    both(scenario)


def test_second_backward_needs_retain_graph():
    def scenario(lib):
        x = leaf(lib)
        y = (x * x).sum()
        y.backward()
        y.backward()
    raises_same(scenario, "second time")


def test_retain_graph_allows_second_backward():
    def scenario(lib):
        x = leaf(lib)
        y = (x.exp() * x).sum()
        y.backward(retain_graph=True)
        y.backward()
        return x.grad
    both(scenario)


def test_backward_of_non_scalar_needs_gradient():
    raises_same(lambda lib: (leaf(lib) * 2).backward(), "implicitly created only for scalar outputs")


def test_backward_without_grad_fn_raises():
    raises_same(lambda lib: lib.tensor([1.0]).sum().backward(), "does not require grad")


def test_autograd_grad_options():
    def scenario(lib):
        x, w, unused = leaf(lib), leaf(lib, W), lib.tensor([1.0], requires_grad=True)
        y = (x @ w).pow(2).sum()
        gx, gu = lib.autograd.grad(y, (x, unused), allow_unused=True, retain_graph=True)
        mx, mu = lib.autograd.grad(y, (x, unused), materialize_grads=True)
        return gx, gu is None, mx, mu
    both(scenario)


def test_autograd_grad_unused_raises_without_allow_unused():
    def scenario(lib):
        x, unused = leaf(lib), lib.tensor([1.0], requires_grad=True)
        lib.autograd.grad((x * 2).sum(), (x, unused))
    raises_same(scenario, "not have been used")


def test_autograd_grad_leaves_dot_grad_alone():
    def scenario(lib):
        x = leaf(lib)
        (g,) = lib.autograd.grad((x * x).sum(), x)
        return g, x.grad is None
    both(scenario)


def test_double_backward_through_create_graph():
    def scenario(lib):
        x = leaf(lib)
        y = (x.pow(3) * x.exp()).sum()
        (g,) = lib.autograd.grad(y, x, create_graph=True)
        (gg,) = lib.autograd.grad((g * g).sum(), x)
        return g.detach(), gg
    both(scenario, rtol=1e-5)


def test_grad_fn_graph_structure():
    def scenario(lib):
        x, w = leaf(lib), leaf(lib)
        y = (x * w).sum()
        names = [type(y.grad_fn).__name__]
        nxt = y.grad_fn.next_functions[0][0]
        names.append(type(nxt).__name__)
        leaves = sorted(type(f).__name__ for f, _ in nxt.next_functions if f is not None)
        return names, leaves, x.is_leaf, y.is_leaf, y.requires_grad
    expected, actual = scenario(torch), scenario(mindtorch)
    assert actual == expected


def test_retain_grad_and_tensor_hooks():
    def scenario(lib):
        x = leaf(lib)
        h = x * 2
        h.retain_grad()
        seen = []
        handle = h.register_hook(lambda g: seen.append(g.clone()) or g * 10)
        x.register_hook(lambda g: g + 1)
        (h * h).sum().backward()
        handle.remove()
        return h.grad, x.grad, seen[0]
    both(scenario)


def test_post_accumulate_grad_hook():
    def scenario(lib):
        x = leaf(lib)
        seen = []
        x.register_post_accumulate_grad_hook(lambda p: seen.append(p.grad.clone()))
        (x * 3).sum().backward()
        return seen[0]
    both(scenario)


def test_hook_on_tensor_without_grad_raises():
    raises_same(lambda lib: lib.tensor([1.0]).register_hook(lambda g: g), "doesn't require gradient")


def test_grad_modes_as_context_and_decorator():
    def scenario(lib):
        x = leaf(lib)
        with lib.no_grad():
            a = x * 2
            with lib.enable_grad():
                b = x * 2

        @lib.no_grad()
        def f(t):
            return t * 2
        with lib.set_grad_enabled(False):
            c = x * 2
        lib.set_grad_enabled(True)
        with lib.inference_mode():
            d = x * 2
            inside = lib.is_inference_mode_enabled()
        return [a.requires_grad, b.requires_grad, f(x).requires_grad, c.requires_grad, d.requires_grad,
                inside, lib.is_grad_enabled()]
    assert scenario(mindtorch) == scenario(torch)


def test_grad_mode_is_thread_local():
    def scenario(lib):
        result = {}

        def worker():
            result["thread"] = (leaf(lib) * 2).requires_grad
        with lib.no_grad():
            t = threading.Thread(target=worker)
            t.start()
            t.join()
        return result["thread"]
    assert scenario(mindtorch) == scenario(torch)


def test_detach_and_detach_():
    def scenario(lib):
        x = leaf(lib)
        y = x * 2
        d = y.detach()
        y.detach_()
        return d.requires_grad, y.requires_grad, y.grad_fn is None, d._version if lib is torch else d._version
    assert scenario(mindtorch) == scenario(torch)


def test_inplace_on_saved_tensor_raises():
    def scenario(lib):
        x = leaf(lib)
        y = x * 1
        z = y * y
        y.add_(1)
        z.sum().backward()
    raises_same(scenario, "modified by an inplace operation")


def test_inplace_on_leaf_raises():
    raises_same(lambda lib: leaf(lib).mul_(2), "leaf Variable that requires grad")


def test_inplace_on_non_leaf_and_through_view():
    def scenario(lib):
        x = leaf(lib)
        y = x * 1
        y.mul_(3)
        y[:, 1].mul_(2)
        y.add_(x)
        y.sum().backward()
        return y.detach(), x.grad
    both(scenario)


def test_version_counter():
    def scenario(lib):
        x = lib.zeros(3)
        v = x[1:]
        x.add_(1)
        v.mul_(2)
        return x._version, v._version
    assert scenario(mindtorch) == scenario(torch)


def test_requires_grad_rules():
    def scenario(lib):
        x = lib.tensor([1.0, 2.0])
        x.requires_grad_()
        y = x * 2
        return x.is_leaf, y.is_leaf, y.requires_grad
    assert scenario(mindtorch) == scenario(torch)
    raises_same(lambda lib: (leaf(lib) * 2).requires_grad_(False), "leaf variables")
    raises_same(lambda lib: lib.tensor([1, 2]).requires_grad_(), "floating point")


def test_graph_is_freed_after_backward():
    x = mindtorch.tensor(X.tolist(), requires_grad=True)
    y = (x * x).exp().sum()
    node = weakref.ref(y.grad_fn.next_functions[0][0])
    y.backward()
    assert node() is not None  # y holds its graph
    del y
    gc.collect()
    assert node() is None


def test_thousand_steps_hold_steady_memory():
    """No graph outlives its step: the number of live graph nodes is the same after 1000 steps."""
    from mindtorch.autograd.graph import Node
    w = mindtorch.tensor(W.tolist(), requires_grad=True)
    x = mindtorch.tensor(X.tolist())

    def live_nodes():
        gc.collect()
        return sum(issubclass(type(o), Node) for o in gc.get_objects())

    def step():
        loss = ((x @ w).exp() * 0.5).sum()
        loss.backward()
        w.grad = None
    for _ in range(20):
        step()
    baseline = live_nodes()
    for _ in range(1000):
        step()
    assert live_nodes() <= baseline


def test_where_does_not_save_its_values():
    """torch's where saves only the condition: writing the value operands in place afterwards is fine
    (Longformer masks a view with where, then writes the result back into that view's base)."""
    def scenario(lib):
        x = leaf(lib)
        base = x * 1
        window = base[:, :2]
        masked = lib.full_like(window, -1.0).where(window > 0, window)
        base[:, :2] = masked
        base.sum().backward()
        return base.detach(), x.grad
    both(scenario)
