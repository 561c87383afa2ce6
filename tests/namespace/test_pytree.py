"""utils._pytree against torch's: leaves, specs (equality, repr, counts), round trips, tree_map, key
paths, JSON serialization and errors, on nested containers drawn by hypothesis."""
import collections

import pytest
from hypothesis import given, strategies as st

import torch.utils._pytree as tp
import mindtorch.utils._pytree as mp

Point = collections.namedtuple("Point", "x y")

leaves = st.one_of(st.integers(-5, 5), st.none(), st.text("ab", max_size=2), st.floats(-2, 2, allow_nan=False))


def trees():
    return st.recursive(leaves, lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(st.sampled_from("abcd"), children, max_size=3),
        st.dictionaries(st.sampled_from("xyz"), children, max_size=3).map(collections.OrderedDict),
        st.tuples(children, children).map(lambda t: Point(*t)),
        st.lists(children, max_size=3).map(collections.deque),
        st.dictionaries(st.sampled_from("pq"), children, max_size=2).map(
            lambda d: collections.defaultdict(list, d)),
    ), max_leaves=8)


@given(trees())
def test_flatten_unflatten_and_spec_like_torch(tree):
    tl, ts = tp.tree_flatten(tree)
    ml, ms = mp.tree_flatten(tree)
    assert ml == tl
    assert repr(ms) == repr(ts)
    assert (ms.num_leaves, ms.num_nodes, ms.is_leaf()) == (ts.num_leaves, ts.num_nodes, ts.is_leaf())
    rebuilt = mp.tree_unflatten(ml, ms)
    assert rebuilt == tp.tree_unflatten(tl, ts) and type(rebuilt) is type(tree)
    assert mp.tree_leaves(tree) == tp.tree_leaves(tree)
    assert mp.tree_structure(tree) == ms
    assert [mp.keystr(k) for k, _ in mp.tree_flatten_with_path(tree)[0]] == \
        [tp.keystr(k) for k, _ in tp.tree_flatten_with_path(tree)[0]]


@given(trees())
def test_tree_map_like_torch(tree):
    def f(x):
        return (x * 2) if isinstance(x, (int, float)) else x
    assert mp.tree_map(f, tree) == tp.tree_map(f, tree)
    assert mp.tree_map_only(int, lambda x: -x, tree) == tp.tree_map_only(int, lambda x: -x, tree)
    assert mp.tree_all(lambda x: x is not None, tree) == tp.tree_all(lambda x: x is not None, tree)
    assert mp.tree_any(lambda x: x == 1, tree) == tp.tree_any(lambda x: x == 1, tree)


@given(st.recursive(st.integers(0, 3), lambda c: st.one_of(st.lists(c, max_size=3), st.lists(c, max_size=3).map(tuple),
                                                            st.dictionaries(st.sampled_from("ab"), c, max_size=2)),
                    max_leaves=6))
def test_treespec_dumps_loads_like_torch(tree):
    ts, ms = tp.tree_structure(tree), mp.tree_structure(tree)
    assert mp.treespec_dumps(ms) == tp.treespec_dumps(ts)
    assert mp.treespec_loads(mp.treespec_dumps(ms)) == ms
    assert repr(mp.treespec_loads(tp.treespec_dumps(ts))) == repr(ts)


@pytest.mark.parametrize("call", [
    lambda p: p.tree_unflatten([1, 2, 3], p.tree_structure((1, 2))),
    lambda p: p.tree_unflatten([1], (1,)),
    lambda p: p.tree_map(lambda x, y: x + y, (1, 2), (3, 4, 5)),
    lambda p: p.tree_map(lambda x, y: x + y, (1, 2), [3, 4]),
    lambda p: p.tree_map(lambda x, y: x + y, {"a": 1}, {"b": 1}),
    lambda p: p.tree_map(lambda x, y: x + y, {"a": 1, "b": 2}, {"b": 10, "a": 20}),
    lambda p: p.register_pytree_node(tuple, lambda x: (list(x), None), lambda v, c: tuple(v)),
])
def test_errors_like_torch(call):
    out = []
    for p in (tp, mp):
        try:
            out.append(("ok", call(p)))
        except Exception as e:  # noqa: BLE001
            out.append((type(e), str(e).replace("torch.utils._pytree", "").replace("mindtorch.utils._pytree", "")))
    assert out[1][0] == out[0][0]
    if out[0][0] == "ok":
        assert out[1] == out[0]


class Box:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __eq__(self, other):
        return isinstance(other, Box) and (self.a, self.b) == (other.a, other.b)


def test_registered_node_like_torch():
    for p in (tp, mp):
        p.register_pytree_node(Box, lambda b: ([b.a, b.b], "box"), lambda v, c: Box(*v),
                               flatten_with_keys_fn=lambda b: ([(p.GetAttrKey("a"), b.a), (p.GetAttrKey("b"), b.b)],
                                                               "box"))
    try:
        tree = {"k": Box(1, [2, 3])}
        tl, ts = tp.tree_flatten(tree)
        ml, ms = mp.tree_flatten(tree)
        assert ml == tl and repr(ms) == repr(ts)
        assert mp.tree_unflatten([5, 6, 7], ms) == tp.tree_unflatten([5, 6, 7], ts)
        assert [mp.keystr(k) for k, _ in mp.tree_leaves_with_path(tree)] == \
            [tp.keystr(k) for k, _ in tp.tree_leaves_with_path(tree)]
        assert Box in mp.SUPPORTED_NODES
    finally:
        tp._deregister_pytree_node(Box)
        mp._deregister_pytree_node(Box)


def test_private_helpers_like_torch():
    d = {"a": 1, "b": 2}
    assert mp._dict_flatten(d) == tp._dict_flatten(d)
    assert mp._dict_unflatten([3, 4], ["a", "b"]) == tp._dict_unflatten([3, 4], ["a", "b"])
    assert [(str(k), v) for k, v in mp._dict_flatten_with_keys(d)[0]] == \
        [(str(k), v) for k, v in tp._dict_flatten_with_keys(d)[0]]
    assert str(mp.SequenceKey(2)) == str(tp.SequenceKey(2)) and str(mp.MappingKey("x")) == str(tp.MappingKey("x"))
    assert repr(mp.LeafSpec()) == repr(tp.LeafSpec()) == "*"
    assert mp.tree_structure(5).is_leaf()
