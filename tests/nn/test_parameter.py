"""nn.Parameter, nn.Buffer, UninitializedParameter/Buffer against torch; deepcopy and pickling of
parameters and modules."""
import copy
import io
import pickle

import pytest
import torch
import mindtorch

from nn_helpers import arr, build, t
from nn_helpers_errors import same_outcome, assert_state_same


def test_parameter_basics():
    def fn(lib):
        nn = lib.nn
        data = t(lib, arr(2, 3))
        p = nn.Parameter(data)
        q = nn.Parameter(data, requires_grad=False)
        with lib.no_grad():
            r = nn.Parameter(data)
        return (isinstance(p, lib.Tensor), isinstance(p, nn.Parameter), type(p).__name__, p.requires_grad,
                p.is_leaf, p.grad_fn is None, q.requires_grad, r.requires_grad, str(p.dtype), tuple(p.shape),
                isinstance(data, nn.Parameter))
    same_outcome(fn)


def test_parameter_shares_storage():
    for lib in (torch, mindtorch):
        data = lib.zeros(3)
        p = lib.nn.Parameter(data)
        with lib.no_grad():
            p.copy_(lib.ones(3))
        assert data.tolist() == [1.0, 1.0, 1.0]
        data.copy_(lib.full((3,), 2.0))
        assert p.tolist() == [2.0, 2.0, 2.0]


def test_parameter_from_tensor_that_requires_grad_is_a_leaf():
    def fn(lib):
        x = t(lib, arr(3), requires_grad=True)
        p = lib.nn.Parameter(x)
        return p.is_leaf, p.requires_grad, x.requires_grad
    same_outcome(fn)


def test_parameter_repr():
    for lib in (torch, mindtorch):
        p = lib.nn.Parameter(t(lib, arr(2, 2)))
        assert repr(p) == "Parameter containing:\n" + lib.Tensor.__repr__(p)
    same_outcome(lambda lib: repr(lib.nn.Parameter(lib.tensor([[1.0, -2.0], [3.0, 40.0]]))))
    same_outcome(lambda lib: repr(lib.nn.Parameter(lib.tensor([1.0, 2.0, 3.0]), requires_grad=False)))
    same_outcome(lambda lib: repr(lib.nn.Parameter()))
    same_outcome(lambda lib: str(lib.nn.Parameter(lib.ones(2, dtype=lib.float64))))


def test_parameter_errors():
    same_outcome(lambda lib: lib.nn.Parameter(lib.ones(2, dtype=lib.int64)))
    same_outcome(lambda lib: str(lib.nn.Parameter(lib.ones(2, dtype=lib.int64), requires_grad=False).dtype))


def test_parameter_deepcopy():
    def fn(lib):
        p = lib.nn.Parameter(t(lib, arr(2)))
        p.tag = "x"
        q = copy.deepcopy(p)
        memo = {}
        a, b = copy.deepcopy([p, p], memo)
        frozen = copy.deepcopy(lib.nn.Parameter(lib.ones(1), requires_grad=False))
        with lib.no_grad():
            q.copy_(lib.zeros(2))
        return (type(q).__name__, q is p, q.requires_grad, a is b, hasattr(q, "tag"), frozen.requires_grad,
                float(p.detach().sum()) != 0)
    same_outcome(fn)


def test_buffer():
    def fn(lib):
        nn = lib.nn
        x = t(lib, arr(3), requires_grad=True)
        b = nn.Buffer(x)
        c = nn.Buffer(lib.ones(2), persistent=False)
        m = nn.Module()
        m.b = b
        m.c = c
        m.d = nn.Buffer()
        return (type(b).__name__, isinstance(b, nn.Buffer), isinstance(lib.ones(1), nn.Buffer), b.persistent,
                c.persistent, b.requires_grad, b.is_leaf, list(m._buffers), sorted(m._non_persistent_buffers_set),
                list(m.state_dict()), tuple(m.d.shape), m.b is b)
    same_outcome(fn)


def test_uninitialized_parameter_and_buffer():
    def fn(lib):
        nn = lib.nn
        u = nn.UninitializedParameter()
        ub = nn.UninitializedBuffer()
        r = [repr(u), repr(ub), type(u).__name__, isinstance(u, nn.Parameter), u.requires_grad, ub.requires_grad,
             lib.nn.parameter.is_lazy(u), lib.nn.parameter.is_lazy(lib.ones(1)), ub.persistent]
        try:
            u.shape
        except RuntimeError as e:
            r.append(str(e))
        u2 = copy.deepcopy(u)
        r.append((type(u2).__name__, u2 is u))
        u.materialize((2, 3))
        ub.materialize((4,), dtype=lib.float64)
        r.append((type(u).__name__, tuple(u.shape), str(u.dtype), u.requires_grad, type(ub).__name__,
                  tuple(ub.shape), str(ub.dtype), lib.nn.parameter.is_lazy(u)))
        u3 = nn.UninitializedParameter(requires_grad=False, dtype=lib.float64)
        u3.materialize(2)
        r.append((str(u3.dtype), u3.requires_grad, tuple(u3.shape)))
        return r
    same_outcome(fn)


def test_load_state_dict_into_uninitialized_skips_shape_check():
    def fn(lib):
        m = lib.nn.Module()
        m.w = lib.nn.UninitializedParameter()
        try:
            m.load_state_dict({"w": lib.ones(2, 2)})
        except Exception as e:  # noqa: BLE001  torch's copy into an empty tensor fails
            return type(e).__name__
        return "ok"
    e = same_outcome(fn)
    assert e[0] == "ok"


# ---- pickling -------------------------------------------------------------------------------------------
def _rebuild_tensor(array, dtype, requires_grad):
    x = mindtorch.tensor(array.tolist(), dtype=getattr(mindtorch, dtype))
    return x.requires_grad_(requires_grad) if requires_grad else x


def _reduce_tensor(x):
    return _rebuild_tensor, (x.detach().numpy(), str(x.dtype).replace("torch.", ""), x.requires_grad)


def _dumps(obj):
    """Pickle with a reducer for plain tensors: the module and parameter pickling protocol (Module.__getstate__,
    Parameter.__reduce_ex__) is under test here, not tensor serialization (torch.save's business)."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf)
    p.dispatch_table = {mindtorch.Tensor: _reduce_tensor}
    p.dump(obj)
    return buf.getvalue()


class PickledLeaf(mindtorch.nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = mindtorch.nn.Parameter(t(mindtorch, arr(2, 3)))
        self.register_buffer("running", t(mindtorch, arr(3, seed=1)))
        self.register_buffer("scratch", mindtorch.zeros(3), persistent=False)

    def forward(self, x):
        return x @ self.weight


class PickledNet(mindtorch.nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = PickledLeaf()
        self.shared = self.inner.weight
        self.frozen = mindtorch.nn.Parameter(mindtorch.ones(2), requires_grad=False)

    def forward(self, x):
        return self.inner(x)


def test_parameter_pickle_protocol():
    p = mindtorch.nn.Parameter(t(mindtorch, arr(2, 2)))
    fn, args = p.__reduce_ex__(2)[:2]
    assert fn.__name__ == "_rebuild_parameter" and args[1] is True and type(args[0]) is mindtorch.Tensor
    p.note = "kept"
    q = pickle.loads(_dumps(p))
    assert type(q) is mindtorch.nn.Parameter and q.requires_grad and q.note == "kept"
    assert q.tolist() == p.tolist()
    frozen = pickle.loads(_dumps(mindtorch.nn.Parameter(mindtorch.ones(1), requires_grad=False)))
    assert not frozen.requires_grad
    u = pickle.loads(_dumps(mindtorch.nn.UninitializedParameter(requires_grad=False)))
    assert type(u) is mindtorch.nn.UninitializedParameter and not u.requires_grad


def test_module_pickle_roundtrip():
    m = PickledNet()
    m.inner.register_forward_hook(_count_hook)
    m2 = pickle.loads(_dumps(m))
    assert type(m2) is PickledNet and m2.training
    assert m2.shared is m2.inner.weight                 # sharing survives
    assert not m2.frozen.requires_grad and m2.inner.weight.requires_grad
    assert_state_same_mt(m.state_dict(), m2.state_dict())
    assert list(m2._non_persistent_buffers_set) == [] and list(m2.inner._non_persistent_buffers_set) == ["scratch"]
    assert len(m2.inner._forward_hooks) == 1
    x = t(mindtorch, arr(1, 2))
    assert m2(x).tolist() == m(x).tolist()


def _count_hook(mod, args, out):
    return None


def assert_state_same_mt(a, b):
    assert list(a) == list(b)
    for k in a:
        assert a[k].tolist() == b[k].tolist() and a[k].dtype == b[k].dtype


@pytest.mark.skipif(not hasattr(mindtorch, "serialization"), reason="tensor pickling (mindtorch.serialization) "
                    "is not in this worktree yet")
def test_module_plain_pickle():
    m = PickledNet()
    m2 = pickle.loads(pickle.dumps(m))
    assert m2.shared is m2.inner.weight
    assert_state_same_mt(m.state_dict(), m2.state_dict())


def test_module_deepcopy_matches_torch_state():
    e = copy.deepcopy(build(torch)).state_dict()
    a = copy.deepcopy(build(mindtorch)).state_dict()
    assert_state_same(e, a)
