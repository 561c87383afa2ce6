"""torch.func (functional_call, vmap, grad) and torch.library / torch.ops against torch."""
import numpy as np
import pytest
import torch
import torch.func  # noqa: F401
import torch.library  # noqa: F401

import mindtorch
import mindtorch.func  # noqa: F401


class Affine:
    """A module with a parameter and a buffer, for both libraries."""

    @staticmethod
    def make(lib):
        class M(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.w = lib.nn.Parameter(lib.ones(3))
                self.register_buffer("b", lib.zeros(3))
                self.inner = lib.nn.Module()
                self.inner.v = lib.nn.Parameter(lib.full((3,), 2.0))

            def forward(self, x):
                return x * self.w + self.b + self.inner.v
        return M()


@pytest.mark.parametrize("strict", [False, True])
def test_functional_call_like_torch(strict):
    out = []
    for lib in (torch, mindtorch):
        m = Affine.make(lib)
        x = lib.from_numpy(np.arange(3, dtype=np.float32))
        params = {"w": lib.full((3,), 3.0), "inner.v": lib.full((3,), -1.0)}
        try:
            y = lib.func.functional_call(m, params, (x,), strict=strict)
            res = (y.tolist(), m.w.tolist(), m.inner.v.tolist(), isinstance(m.w, lib.nn.Parameter))
        except RuntimeError as e:
            res = type(e)
        both = lib.func.functional_call(m, ({"w": lib.full((3,), 3.0)}, {"b": lib.ones(3)}), x)
        out.append((res, both.tolist()))
    assert out[1] == out[0]


def test_functional_call_restores_on_error():
    m = Affine.make(mindtorch)
    with pytest.raises(TypeError):
        mindtorch.func.functional_call(m, {"w": mindtorch.zeros(3)}, ("not a tensor", "extra"))
    assert m.w.tolist() == [1.0, 1.0, 1.0]


def test_vmap_like_torch():
    if not hasattr(mindtorch, "stack"):
        pytest.skip("torch.stack comes with the shape family")
    out = []
    for lib in (torch, mindtorch):
        x = lib.from_numpy(np.arange(6, dtype=np.float32).reshape(2, 3))
        y = lib.from_numpy(np.arange(3, dtype=np.float32))
        r1 = lib.vmap(lambda a, b: a * b)(x, y.unsqueeze(0).expand(2, 3) if lib is torch else y.unsqueeze(0) * lib.ones(2, 3))
        r2 = lib.vmap(lambda a, b: a + b, in_dims=(1, None))(x, 1.0)
        r3 = lib.func.vmap(lambda a: (a * 2, a), out_dims=(0, 1))(x)
        out.append((r1.tolist(), r2.tolist(), r3[0].tolist(), r3[1].tolist()))
    assert out[1] == out[0]


@pytest.mark.parametrize("call", [
    lambda t: t.vmap(lambda a: a, in_dims=None)(t.ones(2)),
    lambda t: t.vmap(lambda a, b: a, in_dims=(0, 0))(t.ones(2), t.ones(3)),
    lambda t: t.vmap(lambda a: a, in_dims=3)(t.ones(2)),
    lambda t: t.vmap(lambda a: a, randomness="bogus")(t.ones(2)),
])
def test_vmap_errors_like_torch(call):
    out = []
    for lib in (torch, mindtorch):
        try:
            call(lib)
            out.append(None)
        except Exception as e:  # noqa: BLE001
            out.append(type(e))
    assert out[1] == out[0]


def _square(lib):
    class Square(lib.autograd.Function):
        @staticmethod
        def forward(x):
            return (x * x).sum()

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(inputs[0])

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * 2 * x
    return Square


def test_grad_and_value_like_torch():
    out = []
    for lib in (torch, mindtorch):
        sq = _square(lib)
        x = lib.from_numpy(np.array([1.0, -2.0, 3.0], dtype=np.float32))
        g, v = lib.func.grad_and_value(lambda a: sq.apply(a))(x)
        g2, aux = lib.func.grad(lambda a: (sq.apply(a), a * 1), has_aux=True)(x)
        out.append((g.tolist(), v.item(), g2.tolist(), aux.tolist(), x.requires_grad))
    assert out[1] == out[0]


def test_forward_mode_transforms_say_so():
    with pytest.raises(NotImplementedError, match="jvp"):
        mindtorch.func.jvp(lambda x: x, (mindtorch.ones(1),), (mindtorch.ones(1),))


# ---- torch.library / torch.ops ------------------------------------------------------------------------------
def test_custom_op_callable_as_torch_ops():
    results = []
    for lib, ns in ((torch, "ns_test_torch"), (mindtorch, "ns_test_mt")):
        @lib.library.custom_op(f"{ns}::scaled", mutates_args=())
        def scaled(x: lib.Tensor, k: float) -> lib.Tensor:
            return x * k

        @scaled.register_fake
        def _(x, k):
            return lib.empty_like(x)

        x = lib.ones(2)
        a = scaled(x, 3.0)
        b = getattr(lib.ops, ns).scaled(x, 3.0)
        c = getattr(lib.ops, ns).scaled.default(x, 3.0)
        results.append((a.tolist(), b.tolist(), c.tolist()))
    assert results[1] == results[0]


def test_custom_op_register_autograd_like_torch():
    results = []
    for lib, ns in ((torch, "ns_ag_torch"), (mindtorch, "ns_ag_mt")):
        @lib.library.custom_op(f"{ns}::mul3", mutates_args=())
        def mul3(x: lib.Tensor) -> lib.Tensor:
            return x * 3

        def setup_context(ctx, inputs, output):
            ctx.n = inputs[0].numel()

        def backward(ctx, g):
            return g * 3

        mul3.register_autograd(backward, setup_context=setup_context)
        x = lib.ones(2).requires_grad_(True)
        y = getattr(lib.ops, ns).mul3(x)
        y.backward(lib.ones(2))
        results.append((y.tolist(), x.grad.tolist()))
    assert results[1] == results[0]


def test_define_and_impl_like_torch():
    results = []
    for lib, ns in ((torch, "ns_def_torch"), (mindtorch, "ns_def_mt")):
        lib.library.define(f"{ns}::twice", "(Tensor x) -> Tensor")

        @lib.library.impl(f"{ns}::twice", "cpu")
        def twice(x):
            return x * 2
        results.append(getattr(lib.ops, ns).twice(lib.ones(2)).tolist())
        with pytest.raises(RuntimeError):
            lib.library.define(f"{ns}::twice", "(Tensor x) -> Tensor")
    assert results[1] == results[0]


def test_library_object_like_torch():
    results = []
    for lib, ns in ((torch, "ns_lib_torch"), (mindtorch, "ns_lib_mt")):
        L = lib.library.Library(ns, "DEF")
        L.define("plus1(Tensor x) -> Tensor")
        L.impl("plus1", lambda x: x + 1, "CPU")
        results.append(getattr(lib.ops, ns).plus1(lib.zeros(2)).tolist())
    assert results[1] == results[0]


@pytest.mark.parametrize("call", [
    lambda t: t.library.custom_op("noNamespace", mutates_args=())(lambda x: x),
    lambda t: t.ops.ns_never_defined_xyz.op,
])
def test_library_errors_like_torch(call):
    out = []
    for lib in (torch, mindtorch):
        try:
            call(lib)
            out.append(None)
        except Exception as e:  # noqa: BLE001
            out.append(type(e))
    assert out[1] == out[0]


def test_aten_namespace_resolves_to_mindtorch_functions():
    a = mindtorch.ones(2, 3)
    assert mindtorch.ops.aten.add.Tensor(a, a).tolist() == (a + a).tolist()
    assert mindtorch.ops.aten.sym_size.int(a, 1) == 3
    assert mindtorch.ops.aten.view.default(a, (3, 2)).shape == (3, 2)
    assert mindtorch.ops.aten.add.default == mindtorch.ops.aten.add.default
    assert repr(mindtorch.ops.aten.add.Tensor) == repr(torch.ops.aten.add.Tensor)
    with pytest.raises(NotImplementedError, match="no_such_aten_op"):
        mindtorch.ops.aten.no_such_aten_op(a)
