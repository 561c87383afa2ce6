"""Module hooks against torch: forward pre-hooks and hooks (order, arguments, return values, with_kwargs,
prepend, always_call), global module hooks, RemovableHandle, and full backward hooks and pre-hooks
(gradients reach them with torch's arguments, and what they return changes the gradients)."""
import pickle
import warnings

import numpy as np
import pytest
import torch
import mindtorch

from nn_helpers import arr, build, diff_ops, make_classes, t
from nn_helpers_errors import same_outcome as _same_outcome, close


def same_outcome(fn):
    return _same_outcome(fn, compare=close)


def _summ(x):
    """A comparable summary of hook arguments: tensors as (shape, values), containers recursively."""
    if isinstance(x, (torch.Tensor, mindtorch.Tensor)):
        return ("T", tuple(x.shape), np.asarray(x.detach().tolist(), dtype=np.float64).tolist())
    if isinstance(x, (tuple, list)):
        return (type(x).__name__, [_summ(v) for v in x])
    if isinstance(x, dict):
        return ("dict", sorted((k, _summ(v)) for k, v in x.items()))
    return x


def _x(lib, seed=1, requires_grad=False):
    return t(lib, arr(2, 3, seed=seed), requires_grad)


# ---- forward hooks ---------------------------------------------------------------------------------
def test_forward_hook_order_and_arguments():
    def fn(lib):
        m = build(lib)
        log = []
        hs = []
        for mod_name in ("", "body", "body.left", "head"):
            mod = m.get_submodule(mod_name)
            hs.append(mod.register_forward_pre_hook(
                lambda mod, args, n=mod_name: log.append(("pre", n, _summ(args)))))
            hs.append(mod.register_forward_hook(
                lambda mod, args, out, n=mod_name: log.append(("fwd", n, _summ(args), _summ(out)))))
        m.body.left.register_forward_hook(lambda mod, args, out: log.append(("first", type(mod).__name__)),
                                          prepend=True)
        m.body.left.register_forward_pre_hook(lambda mod, args: log.append(("pre-first",)), prepend=True)
        out = m(_x(lib))
        hs[2].remove()
        hs[2].remove()  # removing twice is harmless
        with hs[3]:
            pass        # a handle is a context manager that removes its hook on exit
        m(_x(lib, seed=2))
        return log, _summ(out)
    same_outcome(fn)


def test_forward_hooks_change_inputs_and_outputs():
    def fn(lib):
        Leaf = make_classes(lib).Leaf
        m = Leaf(3, 2)
        m.register_forward_pre_hook(lambda mod, args: args[0] * 2)            # a bare value becomes (value,)
        m.register_forward_pre_hook(lambda mod, args: (args[0] + 1,))
        m.register_forward_pre_hook(lambda mod, args: None)
        m.register_forward_hook(lambda mod, args, out: out * 3)
        m.register_forward_hook(lambda mod, args, out: None)
        m.register_forward_hook(lambda mod, args, out: (out, _summ(args)))
        return _summ(m(_x(lib)))
    same_outcome(fn)


def test_forward_hooks_with_kwargs():
    def fn(lib):
        nn = lib.nn

        class K(nn.Module):
            def forward(self, x, scale=1.0, *, shift=0.0):
                return x * scale + shift
        m = K()
        log = []

        def pre(mod, args, kwargs):
            log.append(("pre", _summ(args), _summ(kwargs)))
            return args, {**kwargs, "shift": 10.0}

        def post(mod, args, kwargs, out):
            log.append(("post", _summ(args), _summ(kwargs), _summ(out)))
            return out + 1
        m.register_forward_pre_hook(pre, with_kwargs=True)
        m.register_forward_hook(post, with_kwargs=True)
        m.register_forward_hook(lambda mod, args, out: log.append(("plain", _summ(args))))
        out = m(lib.ones(2), 2.0, shift=1.0)
        return log, _summ(out)
    same_outcome(fn)

    def bad_pre(lib):
        m = lib.nn.Identity() if hasattr(lib.nn, "Identity") else lib.nn.Sequential()
        m.register_forward_pre_hook(lambda mod, args, kwargs: 5, with_kwargs=True)
        m(lib.ones(1))
    same_outcome(bad_pre)


def test_forward_hook_always_call():
    def fn(lib):
        class Boom(lib.nn.Module):
            def forward(self, x):
                raise ValueError("boom")
        m = Boom()
        log = []
        m.register_forward_hook(lambda mod, args, out: log.append(("always", out)), always_call=True)
        m.register_forward_hook(lambda mod, args, out: log.append(("normal", out)))
        m.register_forward_hook(lambda mod, args, kw, out: log.append(("always-kw", sorted(kw), out)),
                                always_call=True, with_kwargs=True)
        try:
            m(lib.ones(1))
        except ValueError as e:
            log.append(str(e))
        return log
    same_outcome(fn)

    def failing_always_hook(lib):
        class Boom(lib.nn.Module):
            def forward(self, x):
                raise KeyError("k")

        def bad(mod, args, out):
            raise RuntimeError("hook failed")
        m = Boom()
        m.register_forward_hook(bad, always_call=True)
        with pytest.warns(UserWarning, match="always_call=True"):
            try:
                m(lib.ones(1))
            except KeyError:
                return "keyerror"
    same_outcome(failing_always_hook)


def test_removable_handle_cleans_extra_dicts():
    for lib in (torch, mindtorch):
        m = lib.nn.Module()
        h = m.register_forward_hook(lambda *a: None, with_kwargs=True, always_call=True)
        p = m.register_forward_pre_hook(lambda *a: None, with_kwargs=True)
        assert h.id in m._forward_hooks_with_kwargs and h.id in m._forward_hooks_always_called
        h.remove()
        p.remove()
        assert not (m._forward_hooks or m._forward_hooks_with_kwargs or m._forward_hooks_always_called
                    or m._forward_pre_hooks or m._forward_pre_hooks_with_kwargs)
    RH = mindtorch.utils.hooks.RemovableHandle
    d = {}
    from collections import OrderedDict
    d = OrderedDict()
    h = RH(d)
    d[h.id] = 1
    h2 = RH(d)
    assert h2.id == h.id + 1
    h3 = pickle.loads(pickle.dumps(h))  # a handle pickles with its dict
    assert h3.id == h.id


def test_global_forward_hooks_run_before_module_hooks():
    def fn(lib):
        mm = lib.nn.modules.module
        log = []
        hs = [mm.register_module_forward_pre_hook(lambda mod, args: log.append(("g-pre", type(mod).__name__))),
              mm.register_module_forward_hook(lambda mod, args, out: log.append(("g-fwd", type(mod).__name__))),
              mm.register_module_forward_hook(lambda mod, args, kw, out: log.append(("g-kw", sorted(kw))),
                                              with_kwargs=True)]
        try:
            Leaf = make_classes(lib).Leaf
            m = lib.nn.Sequential(Leaf(3, 2))
            m[0].register_forward_pre_hook(lambda mod, args: log.append(("pre", type(mod).__name__)))
            m[0].register_forward_hook(lambda mod, args, out: log.append(("fwd", type(mod).__name__)))
            m(_x(lib))
        finally:
            for h in hs:
                h.remove()
        m(_x(lib))
        return log
    same_outcome(fn)


# ---- full backward hooks ------------------------------------------------------------------------------
def _grads(lib, *tensors):
    return [None if x.grad is None else _summ(x.grad) for x in tensors]


def test_full_backward_hooks_receive_torch_arguments():
    def fn(lib):
        ops = diff_ops(lib)
        m = build(lib)
        log = []
        for name in ("", "body", "body.left", "head.1"):
            mod = m.get_submodule(name)
            mod.register_full_backward_pre_hook(lambda mod, go, n=name: log.append(("pre", n, _summ(go))))
            mod.register_full_backward_hook(lambda mod, gi, go, n=name: log.append(("full", n, _summ(gi), _summ(go))))
        x = _x(lib, requires_grad=True)
        out = m(x)
        ops.sum(ops.mul(out, out)).backward()
        return log, _grads(lib, x, *m.parameters())
    same_outcome(fn)


def test_full_backward_hooks_modify_gradients():
    def fn(lib):
        ops = diff_ops(lib)
        Leaf = make_classes(lib).Leaf
        m = Leaf(3, 2)
        m.register_full_backward_pre_hook(lambda mod, go: (ops.mul(go[0], 10.0),))
        m.register_full_backward_hook(lambda mod, gi, go: None)
        m.register_full_backward_hook(lambda mod, gi, go: (ops.mul(gi[0], -1.0),))
        log = []
        m.register_full_backward_hook(lambda mod, gi, go: log.append((_summ(gi), _summ(go))), prepend=True)
        x = _x(lib, requires_grad=True)
        ops.sum(m(x)).backward()
        return log, _grads(lib, x, m.weight, m.bias)
    same_outcome(fn)


def test_full_backward_hooks_multiple_inputs_outputs():
    def fn(lib):
        ops = diff_ops(lib)

        class Two(lib.nn.Module):
            def forward(self, a, flag, b, c):
                return ops.mul(a, 2.0), flag, ops.mul(b, 3.0), ops.mul(c, 4.0)
        m = Two()
        log = []
        m.register_full_backward_pre_hook(lambda mod, go: log.append(("pre", _summ(go))))
        m.register_full_backward_hook(lambda mod, gi, go: log.append(("full", _summ(gi), _summ(go))))
        a = _x(lib, 1, True)
        b = _x(lib, 2, True)
        c = _x(lib, 3, False)
        ra, flag, rb, rc = m(a, "flag", b, c)
        assert flag == "flag" and not rc.requires_grad
        ops.sum(ra).backward()   # rb gets no gradient: its grad_output is None, its grad_input zeros
        return log, _grads(lib, a, b, c)
    same_outcome(fn)


def test_full_backward_hook_when_no_input_requires_grad():
    def fn(lib):
        ops = diff_ops(lib)
        Leaf = make_classes(lib).Leaf
        m = Leaf(3, 2)
        log = []
        m.register_full_backward_hook(lambda mod, gi, go: log.append((_summ(gi), _summ(go))))
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            ops.sum(m(_x(lib))).backward()
        log.append(any("no inputs require gradients" in str(x.message) for x in w))
        return log, _grads(lib, m.weight)
    same_outcome(fn)

    def returns_grads(lib):
        ops = diff_ops(lib)
        m = make_classes(lib).Leaf(3, 2)
        m.register_full_backward_hook(lambda mod, gi, go: (lib.ones(1),))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ops.sum(m(_x(lib))).backward()
    same_outcome(returns_grads)


def test_full_backward_hook_wrong_count_errors():
    def bad_full(lib):
        ops = diff_ops(lib)
        m = make_classes(lib).Leaf(3, 2)
        m.register_full_backward_hook(lambda mod, gi, go: (gi[0], gi[0]))
        ops.sum(m(_x(lib, requires_grad=True))).backward()
    same_outcome(bad_full)

    def bad_pre(lib):
        ops = diff_ops(lib)
        m = make_classes(lib).Leaf(3, 2)
        m.register_full_backward_pre_hook(lambda mod, go: ())
        ops.sum(m(_x(lib, requires_grad=True))).backward()
    same_outcome(bad_pre)


def test_full_and_regular_backward_hooks_do_not_mix():
    def fn(lib):
        m = lib.nn.Module()
        m.register_full_backward_hook(lambda *a: None)
        m.register_backward_hook(lambda *a: None)
    same_outcome(fn)

    def other_way(lib):
        m = lib.nn.Module()
        m.register_backward_hook(lambda *a: None)
        m.register_full_backward_hook(lambda *a: None)
    same_outcome(other_way)


@pytest.mark.filterwarnings("ignore:Using a non-full backward hook")
def test_regular_backward_hook_sees_output_node_grads():
    def fn(lib):
        ops = diff_ops(lib)

        class Scale(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.w = lib.nn.Parameter(_x(lib, seed=5))

            def forward(self, x):
                return ops.mul(x, self.w)
        m = Scale()
        log = []
        m.register_backward_hook(lambda mod, gi, go: log.append((_summ(gi), _summ(go))))
        m.register_backward_hook(lambda mod, gi, go: (ops.mul(gi[0], 2.0), gi[1]))
        x = _x(lib, requires_grad=True)
        ops.sum(m(x)).backward()
        return log, _grads(lib, x, m.w)
    same_outcome(fn)


def test_global_full_backward_hooks():
    def fn(lib):
        ops = diff_ops(lib)
        mm = lib.nn.modules.module
        log = []
        hs = [mm.register_module_full_backward_pre_hook(lambda mod, go: log.append(("g-pre", type(mod).__name__))),
              mm.register_module_full_backward_hook(lambda mod, gi, go: log.append(("g-full", type(mod).__name__)))]
        try:
            m = make_classes(lib).Pair()
            m.left.register_full_backward_hook(lambda mod, gi, go: log.append(("full", type(mod).__name__)))
            ops.sum(m(_x(lib, requires_grad=True))).backward()
        finally:
            for h in hs:
                h.remove()
        ops.sum(m(_x(lib, requires_grad=True))).backward()
        return log
    same_outcome(fn)
    for lib in (torch, mindtorch):
        lib.nn.modules.module._global_is_full_backward_hook = None  # reset the registration mode for other tests


def test_backward_hook_identity_nodes():
    def fn(lib):
        m = make_classes(lib).Leaf(3, 2)
        seen = []
        m.register_forward_pre_hook(lambda mod, args: seen.append(args[0]))
        m.register_forward_hook(lambda mod, args, out: seen.append(args[0]))
        m.register_full_backward_hook(lambda *a: None)
        x = _x(lib, requires_grad=True)
        out = m(x)
        return (seen[0] is x, seen[1] is x, type(seen[1].grad_fn).__name__, type(out.grad_fn).__name__,
                [type(n).__name__ for n, _ in out.grad_fn.next_functions])
    same_outcome(fn)
    # the identity returns aliases: no copy of the data
    m = make_classes(mindtorch).Leaf(3, 2)
    seen = []
    m.register_forward_hook(lambda mod, args, out: seen.append(args[0]))
    m.register_full_backward_hook(lambda *a: None)
    x = _x(mindtorch, requires_grad=True)
    m(x)
    assert seen[0].untyped_storage() == x.untyped_storage()
