"""Containers against torch: Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict —
indexing, slicing, mutation, names, state_dict keys, reprs, errors."""
from collections import OrderedDict

import pytest
import torch
import mindtorch

from nn_helpers import arr, make_classes, t
from nn_helpers_errors import same_outcome, close


def _leaves(lib, n=4):
    Leaf = make_classes(lib).Leaf
    return [Leaf(2, 2, seed=10 * i) for i in range(n)]


def _names(m):
    return [n for n, _ in m.named_modules()], list(m.state_dict().keys())


# ---- Sequential -----------------------------------------------------------------------------------
def test_sequential_construction_and_forward():
    def fn(lib):
        a, b, c, _ = _leaves(lib)
        s1 = lib.nn.Sequential(a, b, c)
        s2 = lib.nn.Sequential(OrderedDict([("first", a), ("second", b)]))
        out = s1(t(lib, arr(3, 2)))
        return _names(s1), _names(s2), len(s1), out.detach().tolist(), repr(s2), repr(lib.nn.Sequential())
    same_outcome(fn, compare=close)


@pytest.mark.parametrize("idx", [0, 2, -1, -4, 4, -5, slice(1, 3), slice(None, None, -1), slice(None, None, 2)])
def test_sequential_indexing(idx):
    def fn(lib):
        leaves = _leaves(lib)
        s = lib.nn.Sequential(*leaves)
        r = s[idx]
        if isinstance(idx, slice):
            return type(r).__name__, _names(r), [leaves.index(m) for m in r]
        return leaves.index(r)
    same_outcome(fn)


def test_sequential_mutation():
    def fn(lib):
        leaves = _leaves(lib)
        ids = lambda s: [leaves.index(m) if m in leaves else -1 for m in s]  # noqa: E731
        s = lib.nn.Sequential(*leaves[:2])
        r = []
        s.append(leaves[2])
        r.append(ids(s))
        s.extend([leaves[3]])
        r.append(ids(s))
        s.insert(1, leaves[3])
        s.insert(-1, leaves[0])
        r.append((ids(s), list(s._modules)))
        s[0] = leaves[2]
        r.append(ids(s))
        popped = s.pop(1)
        r.append((leaves.index(popped), ids(s), list(s._modules)))
        del s[1:3]
        r.append((ids(s), list(s._modules)))
        del s[-1]
        r.append((ids(s), list(s._modules)))
        added = s + lib.nn.Sequential(leaves[1])
        r.append((type(added).__name__, ids(added), ids(s)))
        s += lib.nn.Sequential(leaves[3], leaves[0])
        r.append(ids(s))
        r.append((ids(s * 2), ids(2 * s)))
        s *= 2
        r.append((ids(s), list(s._modules)))
        r.append([leaves.index(m) for m in iter(s)])
        r.append("0" in dir(s))
        return r
    same_outcome(fn)


@pytest.mark.parametrize("case", ["add_list", "iadd_list", "mul_float", "mul_zero", "imul_neg", "insert_far",
                                  "insert_nonmodule", "set_out_of_range", "index_str"])
def test_sequential_errors(case):
    def fn(lib):
        s = lib.nn.Sequential(*_leaves(lib, 2))
        {"add_list": lambda: s + [1], "iadd_list": lambda: s.__iadd__([1]), "mul_float": lambda: s * 1.5,
         "mul_zero": lambda: s * 0, "imul_neg": lambda: s.__imul__(-1),
         "insert_far": lambda: s.insert(5, lib.nn.Module()), "insert_nonmodule": lambda: s.insert(0, 3),
         "set_out_of_range": lambda: s.__setitem__(7, lib.nn.Module()), "index_str": lambda: s["0"]}[case]()
    same_outcome(fn)


# ---- ModuleList ---------------------------------------------------------------------------------------
def test_module_list():
    def fn(lib):
        leaves = _leaves(lib)
        ids = lambda s: [leaves.index(m) for m in s]  # noqa: E731
        ml = lib.nn.ModuleList(leaves[:2])
        r = [(_names(ml), len(ml))]
        ml.append(leaves[2]).extend([leaves[3]])
        r.append(ids(ml))
        ml += [leaves[0]]
        r.append((ids(ml), ids(ml[1:4]), type(ml[1:4]).__name__, leaves.index(ml[-1])))
        ml.insert(1, leaves[3])
        r.append((ids(ml), list(ml._modules)))
        ml[0] = leaves[1]
        r.append(ids(ml))
        r.append(leaves.index(ml.pop(2)))
        del ml[::2]
        r.append((ids(ml), list(ml._modules)))
        combined = ml + lib.nn.ModuleList([leaves[2]])
        r.append((type(combined).__name__, ids(combined)))
        r.append(_names(ml))
        return r
    same_outcome(fn)


@pytest.mark.parametrize("case", ["index", "extend_int", "negative_out", "assign_int"])
def test_module_list_errors(case):
    def fn(lib):
        ml = lib.nn.ModuleList(_leaves(lib, 2))
        {"index": lambda: ml[2], "extend_int": lambda: ml.extend(3), "negative_out": lambda: ml[-3],
         "assign_int": lambda: ml.__setitem__(0, 3)}[case]()
    same_outcome(fn)


def test_module_list_repr_collapses_repeats():
    def fn(lib):
        Leaf = make_classes(lib).Leaf
        ml = lib.nn.ModuleList([Leaf(2, 2), Leaf(2, 2), Leaf(2, 3), Leaf(2, 2), Leaf(2, 2), Leaf(2, 2)])
        nested = lib.nn.ModuleList([lib.nn.Sequential(Leaf(1, 1), Leaf(1, 1)) for _ in range(3)])
        return repr(ml), repr(nested), repr(lib.nn.ModuleList()), repr(lib.nn.Sequential(nested))
    same_outcome(fn)


# ---- ModuleDict -------------------------------------------------------------------------------------
def test_module_dict():
    def fn(lib):
        leaves = _leaves(lib)
        md = lib.nn.ModuleDict({"b": leaves[0], "a": leaves[1]})
        r = [(list(md), list(md.keys()), _names(md), len(md), "a" in md)]
        md["c"] = leaves[2]
        md.update([("d", leaves[3]), ("a", leaves[2])])
        md.update(lib.nn.ModuleDict({"e": leaves[0]}))
        r.append([(k, leaves.index(v)) for k, v in md.items()])
        r.append(leaves.index(md.pop("b")))
        del md["c"]
        r.append((list(md), [leaves.index(v) for v in md.values()]))
        r.append(repr(md))
        md.clear()
        r.append((len(md), repr(md)))
        return r
    same_outcome(fn)


@pytest.mark.parametrize("case", ["update_int", "update_bad_item", "update_short", "missing", "bad_key"])
def test_module_dict_errors(case):
    def fn(lib):
        md = lib.nn.ModuleDict()
        {"update_int": lambda: md.update(3), "update_bad_item": lambda: md.update([3]),
         "update_short": lambda: md.update([("a",)]), "missing": lambda: md["x"],
         "bad_key": lambda: md.__setitem__("a.b", lib.nn.Module())}[case]()
    same_outcome(fn)


# ---- ParameterList / ParameterDict --------------------------------------------------------------------
def test_parameter_list():
    def fn(lib):
        nn = lib.nn
        p0 = nn.Parameter(t(lib, arr(2, 3)))
        pl = nn.ParameterList([p0, t(lib, arr(4)), "not a tensor"])
        r = [(len(pl), pl[0] is p0, type(pl[1]).__name__, pl[1].requires_grad, pl[2])]
        pl.append(lib.zeros(2, dtype=lib.float64))
        pl.extend([nn.Parameter(lib.ones(1), requires_grad=False)])
        pl += [lib.ones(3, 3)]
        r.append(([n for n, _ in pl.named_parameters()], list(pl.state_dict()), len(pl)))
        sub = pl[1:5:2]
        r.append((type(sub).__name__, len(sub), sub[0] is pl[1]))
        pl[0] = lib.ones(1)
        r.append((type(pl[0]).__name__, [tuple(p.shape) for p in pl.parameters()]))
        r.append(repr(pl))
        r.append(repr(nn.ParameterList()))
        r.append("0" in dir(pl))
        return r
    same_outcome(fn)

    same_outcome(lambda lib: lib.nn.ParameterList()(1))
    same_outcome(lambda lib: lib.nn.ParameterList().extend(lib.ones(2)))
    same_outcome(lambda lib: lib.nn.ParameterList([lib.ones(1)])[1])


def test_parameter_dict():
    def fn(lib):
        nn = lib.nn
        pd = nn.ParameterDict({"b": t(lib, arr(2)), "a": nn.Parameter(lib.ones(3), requires_grad=False), "z": 4})
        r = [(list(pd), list(pd.keys()), [type(v).__name__ for v in pd.values()], len(pd), "a" in pd)]
        pd["c"] = lib.zeros(2, 2)
        pd.update(OrderedDict([("y", lib.ones(1)), ("x", lib.ones(1))]))
        pd.update([("w", lib.ones(1))])
        r.append((list(pd), [n for n, _ in pd.named_parameters()], list(pd.state_dict())))
        r.append((pd.get("nope", 5), pd.setdefault("c") is pd["c"], type(pd.setdefault("new", lib.ones(1))).__name__))
        k, v = pd.popitem()
        r.append((k, type(v).__name__, list(pd)))
        r.append((type(pd.pop("b")).__name__, list(reversed(pd))))
        del pd["z"]
        cp = pd.copy()
        r.append((type(cp).__name__, list(cp), cp["a"] is pd["a"]))
        merged = pd | nn.ParameterDict({"m": lib.ones(1)})
        r.append(list(merged))
        pd |= nn.ParameterDict({"n": lib.ones(1)})
        r.append(list(pd))
        r.append(list(pd.fromkeys(["p", "q"], lib.ones(2))))
        r.append(repr(pd))
        pd.clear()
        r.append((len(pd), repr(pd)))
        return r
    same_outcome(fn)

    same_outcome(lambda lib: lib.nn.ParameterDict()(1))
    same_outcome(lambda lib: lib.nn.ParameterDict().__setitem__(1, lib.ones(1)))
    same_outcome(lambda lib: lib.nn.ParameterDict().update(5))
    same_outcome(lambda lib: lib.nn.ParameterDict().update([(1, 2, 3)]))
    same_outcome(lambda lib: lib.nn.ParameterDict()["missing"])


def test_containers_in_a_model_state_dict_roundtrip():
    def fn(lib):
        nn = lib.nn
        Leaf = make_classes(lib).Leaf
        m = nn.Module()
        m.blocks = nn.ModuleList([nn.Sequential(Leaf(2, 2, seed=i), Leaf(2, 2, seed=i + 5)) for i in range(2)])
        m.heads = nn.ModuleDict({"cls": Leaf(2, 3)})
        m.extra = nn.ParameterList([lib.ones(2)])
        m.table = nn.ParameterDict({"k": lib.zeros(2)})
        sd = m.state_dict()
        r = m.load_state_dict(sd)
        x = t(lib, arr(1, 2))
        y = m.heads["cls"](m.blocks[1](m.blocks[0](x)))
        return list(sd), tuple(r), y.detach().tolist(), repr(m)
    same_outcome(fn, compare=close)


def test_container_deprecated():
    for lib in (torch, mindtorch):
        with pytest.warns(FutureWarning):
            c = lib.nn.Container(a=lib.nn.Module())
        assert list(c._modules) == ["a"]
