"""Random module trees (hypothesis) built the same way in torch and mindtorch: names, order, sharing,
state_dict keys and values, load_state_dict results and error messages, repr."""
import numpy as np
from hypothesis import given, strategies as st
import torch
import mindtorch

from nn_helpers import t
from nn_helpers_errors import same_outcome, assert_state_same

NAMES = st.sampled_from(["a", "b", "w", "bias", "x1", "layer", "0", "1", "norm"])

# a node: (params [(name, shape)], buffers [(name, shape, persistent)], children [(name, node or int ref)])
_shape = st.lists(st.integers(0, 3), max_size=2).map(tuple)
_leaf = st.tuples(st.lists(st.tuples(NAMES, _shape), max_size=2),
                  st.lists(st.tuples(NAMES, _shape, st.booleans()), max_size=2), st.just([]))
_tree = st.recursive(_leaf, lambda kids: st.tuples(
    st.lists(st.tuples(NAMES, _shape), max_size=2), st.lists(st.tuples(NAMES, _shape, st.booleans()), max_size=1),
    st.lists(st.tuples(NAMES, st.one_of(kids, st.integers(0, 5))), max_size=3)), max_leaves=6)


def _build(lib, spec, kind):
    """Build the tree; an int child re-registers an already built module (sharing). `kind` picks the
    container used for inner nodes."""
    built = []
    counter = [0]

    def make(node):
        params, buffers, children = node
        if kind == "seq" and children:
            m = lib.nn.Sequential()
        elif kind == "dict" and children:
            m = lib.nn.ModuleDict()
        else:
            m = lib.nn.Module()
        for name, shape in params:
            if name in m.__dict__ or name in m._modules or name in m._buffers or hasattr(type(m), name):
                continue
            counter[0] += 1
            vals = np.arange(np.prod(shape, dtype=int), dtype=np.float32).reshape(shape) + counter[0]
            setattr(m, name, lib.nn.Parameter(t(lib, vals)))
        for name, shape, persistent in buffers:
            if name in m._parameters or name in m._modules or name in m.__dict__ or hasattr(type(m), name):
                continue
            counter[0] += 1
            m.register_buffer(name, t(lib, np.full(shape, counter[0], np.float32)), persistent=persistent)
        for name, child in children:
            if name in m._parameters or name in m._buffers or hasattr(type(m), name):
                continue
            sub = built[child % len(built)] if isinstance(child, int) and built else (
                make(child) if not isinstance(child, int) else lib.nn.Module())
            m.add_module(name, sub)
        built.append(m)
        return m
    return make(spec)


@given(spec=_tree, kind=st.sampled_from(["module", "seq", "dict"]), prefix=st.sampled_from(["", "top"]))
def test_random_tree_iteration(spec, kind, prefix):
    def fn(lib):
        m = _build(lib, spec, kind)
        return ([n for n, _ in m.named_modules(prefix=prefix)],
                [n for n, _ in m.named_modules(remove_duplicate=False)],
                [n for n, _ in m.named_parameters(prefix=prefix)],
                [n for n, _ in m.named_parameters(remove_duplicate=False)],
                [n for n, _ in m.named_buffers()],
                [n for n, _ in m.named_children()],
                list(m.state_dict(prefix=prefix)), repr(m))
    same_outcome(fn)


@given(spec=_tree, kind=st.sampled_from(["module", "seq"]))
def test_random_tree_state_dict_values(spec, kind):
    assert_state_same(_build(torch, spec, kind).state_dict(), _build(mindtorch, spec, kind).state_dict())


@given(spec=_tree, drop=st.lists(st.integers(0, 20), max_size=3), extra=st.lists(NAMES, max_size=2),
       strict=st.booleans())
def test_random_tree_load_state_dict(spec, drop, extra, strict):
    def fn(lib):
        m = _build(lib, spec, "module")
        sd = m.state_dict()
        keys = list(sd)
        for i in drop:
            if keys:
                sd.pop(keys[i % len(keys)], None)
        for name in extra:
            sd[(keys[0].rsplit(".", 1)[0] + "." if keys and "." in keys[0] else "") + name + "_x"] = lib.ones(1)
        r = m.load_state_dict(sd, strict=strict)
        return tuple(r), repr(r)
    same_outcome(fn)
