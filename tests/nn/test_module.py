"""nn.Module against torch.nn.Module: registration, iteration, state_dict/load_state_dict, attribute
errors, conversions, modes, repr, deepcopy. Each scenario is written once over `lib` and run on both."""
import copy
from collections import OrderedDict

import pytest
import torch
import mindtorch

from nn_helpers import arr, build, make_classes, t, assert_same
from nn_helpers_errors import same_outcome, assert_state_same


# ---- iteration -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs", [{}, {"prefix": "model"}, {"recurse": False}, {"remove_duplicate": False}])
def test_named_parameters_and_buffers(kwargs):
    same_outcome(lambda lib: [n for n, _ in build(lib).named_parameters(**kwargs)])
    same_outcome(lambda lib: [n for n, _ in build(lib).body.named_parameters(**kwargs)])
    same_outcome(lambda lib: [n for n, _ in build(lib).named_buffers(**kwargs)])
    same_outcome(lambda lib: [tuple(b.shape) for _, b in build(lib).named_buffers(**kwargs)])


def test_parameters_values_and_identity():
    def fn(lib):
        m = build(lib)
        ps = list(m.parameters())
        assert all(isinstance(p, lib.nn.Parameter) and p.requires_grad and p.is_leaf for p in ps)
        assert len(list(m.parameters(recurse=False))) == 0
        assert m.head[0].weight is m.tied.weight
        return [p.detach() for p in ps]
    e, a = fn(torch), fn(mindtorch)
    assert len(e) == len(a)
    for x, y in zip(e, a):
        assert_same(x, y)


@pytest.mark.parametrize("remove_duplicate", [True, False])
def test_modules_and_children(remove_duplicate):
    same_outcome(lambda lib: [(n, type(m).__name__) for n, m in build(lib).named_modules(
        remove_duplicate=remove_duplicate)])
    same_outcome(lambda lib: [(n, type(m).__name__) for n, m in build(lib).named_modules(prefix="root")])
    same_outcome(lambda lib: [type(m).__name__ for m in build(lib).modules()])
    same_outcome(lambda lib: [n for n, _ in build(lib).named_children()])
    same_outcome(lambda lib: [type(m).__name__ for m in build(lib).children()])


def test_shared_parameter_listed_once():
    def fn(lib):
        m = lib.nn.Module()
        m.a = lib.nn.Module()
        m.b = lib.nn.Module()
        p = lib.nn.Parameter(lib.ones(2))
        m.a.w = p
        m.b.w = p
        m.b.v = p
        return ([n for n, _ in m.named_parameters()], [n for n, _ in m.named_parameters(remove_duplicate=False)],
                len(list(m.parameters())), sorted(m.state_dict().keys()))
    same_outcome(fn)


def test_named_members():
    same_outcome(lambda lib: [n for n, _ in build(lib)._named_members(lambda m: m._buffers.items(), prefix="p")])


# ---- state_dict --------------------------------------------------------------------------------------
def test_state_dict_contents():
    assert_state_same(build(torch).state_dict(), build(mindtorch).state_dict())


@pytest.mark.parametrize("keep_vars", [False, True])
def test_state_dict_keep_vars_and_prefix(keep_vars):
    e = build(torch).state_dict(prefix="top.", keep_vars=keep_vars)
    a = build(mindtorch).state_dict(prefix="top.", keep_vars=keep_vars)
    assert_state_same(e, a)


def test_state_dict_values_detached_and_sharing_storage():
    m = build(mindtorch)
    sd = m.state_dict()
    w = sd["body.left.weight"]
    assert type(w) is mindtorch.Tensor and not w.requires_grad
    with mindtorch.no_grad():
        m.body.left.weight.copy_(mindtorch.zeros(3, 4))
    assert float(w.sum()) == 0.0  # a detached alias, as torch's


def test_state_dict_destination_and_hooks():
    def fn(lib):
        m = build(lib)
        calls = []
        m.body.register_state_dict_pre_hook(lambda mod, prefix, keep_vars: calls.append(("pre", prefix, keep_vars)))

        def post(mod, sd, prefix, meta):
            calls.append(("post", prefix, sorted(k for k in sd if k.startswith(prefix)), dict(meta)))
            sd[prefix + "extra"] = 1
        m.body.register_state_dict_post_hook(post)

        def private(mod, sd, prefix, meta):
            calls.append(("private", prefix))
            new = OrderedDict((k, v) for k, v in sd.items() if not k.endswith("running"))
            new._metadata = sd._metadata
            return new
        m._register_state_dict_hook(private)
        dest = OrderedDict()
        out = m.state_dict(destination=dest, prefix="x.")
        return calls, list(out.keys()), out is dest, hasattr(dest, "_metadata")
    same_outcome(fn)


def test_state_dict_post_hook_must_return_none():
    def fn(lib):
        m = lib.nn.Module()
        m.register_state_dict_post_hook(lambda *a: {})
        m.state_dict()
    same_outcome(fn)

    def twice(lib):
        m = lib.nn.Module()

        def h(*a):
            return None
        m.register_state_dict_post_hook(h)
        m._register_state_dict_hook(h)
    same_outcome(twice)


def test_state_dict_positional_args_warn():
    for lib in (torch, mindtorch):
        with pytest.warns(FutureWarning):
            d = build(lib).state_dict(OrderedDict(), "p.")
        assert next(iter(d)).startswith("p.")


def test_extra_state():
    def fn(lib):
        class WithExtra(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.w = lib.nn.Parameter(lib.ones(2))
                self.state = {"k": 1}

            def get_extra_state(self):
                return dict(self.state)

            def set_extra_state(self, state):
                self.state = state
        m = lib.nn.Sequential(WithExtra())
        sd = m.state_dict()
        keys = list(sd)
        sd["0._extra_state"] = {"k": 2}
        r1 = m.load_state_dict(sd)
        del sd["0._extra_state"]
        r2 = m.load_state_dict(sd, strict=False)
        plain = lib.nn.Sequential(lib.nn.Module())
        r3 = plain.load_state_dict({"0._extra_state": 1}, strict=False)
        return keys, m[0].state, repr(r1), tuple(r2), tuple(r3)
    same_outcome(fn)
    same_outcome(lambda lib: lib.nn.Sequential(lib.nn.Module()).load_state_dict({"0._extra_state": 1}))


# ---- load_state_dict -------------------------------------------------------------------------------------
def _new_state(lib, m, seed=99, drop=(), add=None):
    sd = OrderedDict()
    for i, (k, v) in enumerate(m.state_dict().items()):
        if k in drop:
            continue
        dtype = str(v.dtype).replace("torch.", "")
        sd[k] = t(lib, (arr(*v.shape, seed=seed + i) * 10).astype(dtype))
    for k, v in (add or {}).items():
        sd[k] = v(lib)
    return sd


def test_load_state_dict_roundtrip_values():
    def fn(lib):
        m = build(lib)
        w = m.body.left.weight
        result = m.load_state_dict(_new_state(lib, m))
        assert m.body.left.weight is w  # copied in place
        return repr(result), tuple(result), list(m.state_dict().values()), [p.requires_grad for p in m.parameters()]

    e, a = fn(torch), fn(mindtorch)
    assert e[0] == a[0] == "<All keys matched successfully>"
    assert e[1] == a[1] and e[3] == a[3]
    for x, y in zip(e[2], a[2]):
        assert_same(x, y)


def test_load_state_dict_from_other_library_values():
    sd_t = build(torch).state_dict()
    m = build(mindtorch)
    m.load_state_dict({k: t(mindtorch, v.numpy()) for k, v in sd_t.items()})
    assert_state_same(sd_t, m.state_dict())


@pytest.mark.parametrize("strict", [True, False])
def test_load_state_dict_missing_and_unexpected(strict):
    def fn(lib):
        m = build(lib)
        sd = _new_state(lib, m, drop=("body.scale", "head.1.running"),
                        add={"body.bogus": lambda l: l.ones(1), "nope.weight": lambda l: l.ones(1),
                             "body.left.scratch": lambda l: l.ones(4), "head.0.weight.x": lambda l: l.ones(1)})
        r = m.load_state_dict(sd, strict=strict)
        return type(r).__name__, r._fields, r.missing_keys, r.unexpected_keys, repr(r)
    same_outcome(fn)


def test_load_state_dict_size_mismatch_and_bad_values():
    def mismatch(lib):
        m = build(lib)
        sd = m.state_dict()
        sd["body.left.weight"] = lib.ones(4, 3)
        sd["body.scale"] = lib.ones(3)
        m.load_state_dict(sd)
    same_outcome(mismatch)

    def mismatch_not_strict(lib):
        m = build(lib)
        sd = m.state_dict()
        sd["body.left.weight"] = lib.ones(2)
        m.load_state_dict(sd, strict=False)
    same_outcome(mismatch_not_strict)

    def not_a_tensor(lib):
        m = build(lib)
        sd = m.state_dict()
        sd["body.scale"] = [1.0, 2.0]
        m.load_state_dict(sd)
    same_outcome(not_a_tensor)

    def mixed(lib):
        m = build(lib)
        sd = m.state_dict()
        del sd["head.0.bias"]
        sd["extra"] = lib.ones(1)
        sd["body.right.bias"] = lib.ones(5)
        m.load_state_dict(sd)
    same_outcome(mixed)

    same_outcome(lambda lib: build(lib).load_state_dict([("a", 1)]))


def test_load_state_dict_scalar_from_one_element_vector_and_dtype_cast():
    def fn(lib):
        m = lib.nn.Module()
        m.register_buffer("count", lib.full((), 3, dtype=lib.int64))
        m.w = lib.nn.Parameter(lib.zeros(2))
        m.load_state_dict({"count": lib.tensor([5]), "w": lib.tensor([1.5, 2.5], dtype=lib.float64)})
        return m.count, m.w.detach(), str(m.w.dtype)
    e, a = fn(torch), fn(mindtorch)
    assert_same(e[0], a[0])
    assert_same(e[1], a[1])
    assert e[2] == a[2]


def test_load_state_dict_assign():
    def fn(lib):
        m = build(lib)
        m.body.scale.requires_grad_(False)
        sd = _new_state(lib, m)
        src_w = sd["body.left.weight"]
        old = m.body.left.weight
        m.load_state_dict(sd, assign=True)
        new = m.body.left.weight
        return (type(new).__name__, new is old, new.requires_grad, m.body.scale.requires_grad,
                type(m.body.left.running).__name__, m.body.left.running is sd["body.left.running"],
                float(new.detach().sum()) == float(src_w.sum()))
    same_outcome(fn)


def test_load_state_dict_pre_and_post_hooks():
    def fn(lib):
        m = build(lib)
        calls = []

        def pre(mod, sd, prefix, meta, strict, missing, unexpected, errors):
            calls.append(("pre", type(mod).__name__, prefix, dict(meta), strict, sorted(sd)[:2]))
            sd[prefix + "left.renamed"] = sd.pop(prefix + "left.weight")  # a checkpoint conversion

        m.body.register_load_state_dict_pre_hook(pre)

        def private(sd, prefix, meta, strict, missing, unexpected, errors):
            calls.append(("private", prefix))
            key = prefix + "left.renamed"
            if key in sd:
                sd[prefix + "left.weight"] = sd.pop(key)
        m.body._register_load_state_dict_pre_hook(private)

        def post(mod, keys):
            calls.append(("post", type(mod).__name__, list(keys.missing_keys), list(keys.unexpected_keys)))
            if type(mod).__name__ == "Root":
                keys.unexpected_keys.clear()
        m.register_load_state_dict_post_hook(post)
        m.body.register_load_state_dict_post_hook(post)
        sd = m.state_dict()
        sd["junk"] = lib.ones(1)
        r = m.load_state_dict(sd)
        return calls, tuple(r)
    same_outcome(fn)

    def bad_post(lib):
        m = lib.nn.Module()
        m.register_load_state_dict_post_hook(lambda mod, keys: 1)
        m.load_state_dict({})
    same_outcome(bad_post)


def test_load_from_state_dict_override_called_per_module():
    def fn(lib):
        calls = []

        class Legacy(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.w = lib.nn.Parameter(lib.zeros(2))

            def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
                calls.append((prefix, local_metadata.get("version"), sorted(state_dict)))
                old = prefix + "old_w"
                if old in state_dict:
                    state_dict[prefix + "w"] = state_dict.pop(old)
                super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing, unexpected, errors)

        m = lib.nn.Sequential(Legacy(), lib.nn.Sequential(Legacy()))
        sd = m.state_dict()
        sd["1.0.old_w"] = sd.pop("1.0.w") + 1
        r = m.load_state_dict(sd)
        return calls, tuple(r), m[1][0].w.tolist()
    same_outcome(fn)


# ---- registration and attribute errors ------------------------------------------------------------------
def _registration_cases():
    def assign_tensor_to_param(lib):
        m = build(lib)
        m.body.scale = lib.ones(2)

    def assign_int_to_module(lib):
        m = build(lib)
        m.body = 3

    def assign_int_to_buffer(lib):
        m = build(lib)
        m.body.steps = 3

    def param_before_init(lib):
        class Bad(lib.nn.Module):
            def __init__(self):
                self.w = lib.nn.Parameter(lib.ones(1))
        Bad()

    def module_before_init(lib):
        class Bad(lib.nn.Module):
            def __init__(self):
                self.sub = lib.nn.Module()
        Bad()

    def buffer_before_init(lib):
        class Bad(lib.nn.Module):
            def __init__(self):
                self.register_buffer("b", lib.ones(1))
        Bad()

    def nn_buffer_before_init(lib):
        class Bad(lib.nn.Module):
            def __init__(self):
                self.b = lib.nn.Buffer(lib.ones(1))
        Bad()

    def register_parameter_before_init(lib):
        class Bad(lib.nn.Module):
            def __init__(self):
                self.register_parameter("w", None)
        Bad()

    def buffer_dot(lib):
        lib.nn.Module().register_buffer("a.b", lib.ones(1))

    def buffer_empty(lib):
        lib.nn.Module().register_buffer("", lib.ones(1))

    def buffer_name_not_str(lib):
        lib.nn.Module().register_buffer(3, lib.ones(1))

    def buffer_existing(lib):
        m = lib.nn.Module()
        m.x = 1
        m.register_buffer("x", lib.ones(1))

    def buffer_over_method(lib):
        lib.nn.Module().register_buffer("forward", lib.ones(1))

    def buffer_not_tensor(lib):
        lib.nn.Module().register_buffer("b", [1])

    def param_dot(lib):
        lib.nn.Module().register_parameter("a.b", lib.nn.Parameter(lib.ones(1)))

    def param_empty(lib):
        lib.nn.Module().register_parameter("", None)

    def param_name_not_str(lib):
        lib.nn.Module().register_parameter(None, None)

    def param_existing(lib):
        m = lib.nn.Module()
        m.register_buffer("x", lib.ones(1))
        m.register_parameter("x", lib.nn.Parameter(lib.ones(1)))

    def param_plain_tensor(lib):
        lib.nn.Module().register_parameter("w", lib.ones(1))

    def module_not_module(lib):
        lib.nn.Module().add_module("m", 3)

    def module_name_not_str(lib):
        lib.nn.Module().add_module(1.5, None)

    def module_dot(lib):
        lib.nn.Module().add_module("a.b", None)

    def module_empty(lib):
        lib.nn.Module().add_module("", lib.nn.Module())

    def module_existing(lib):
        m = lib.nn.Module()
        m.w = lib.nn.Parameter(lib.ones(1))
        m.register_module("w", lib.nn.Module())

    def missing_attribute(lib):
        return build(lib).body.nothing_here

    def init_kwargs(lib):
        lib.nn.Module(foo=1)

    def init_args(lib):
        lib.nn.Module(1, 2)

    def forward_missing(lib):
        lib.nn.Module()(lib.ones(1))

    def delete_missing(lib):
        del lib.nn.Module().zzz

    return [v for k, v in sorted(locals().items())]


@pytest.mark.parametrize("case", _registration_cases(), ids=lambda f: f.__name__)
def test_registration_errors(case):
    e = same_outcome(case)
    assert e[0] != "ok" or case.__name__ == "missing_attribute"


def test_reassignment_moves_between_kinds():
    def fn(lib):
        nn = lib.nn
        m = nn.Module()
        m.x = nn.Parameter(lib.ones(1))
        m.x = None                       # still a parameter slot, now None
        r = [list(m._parameters.items())]
        m.y = lib.ones(1)                # plain attribute
        m.register_buffer("b", lib.ones(2), persistent=False)
        m.b = lib.zeros(3)               # stays a non-persistent buffer
        r.append((list(m._buffers), sorted(m._non_persistent_buffers_set), list(m.state_dict())))
        m.b = nn.Parameter(lib.ones(1))  # buffer becomes a parameter
        r.append((list(m._parameters), list(m._buffers), sorted(m._non_persistent_buffers_set)))
        try:
            m.b = nn.Module()            # a parameter's name takes only a Parameter or None
        except TypeError as e:
            r.append(str(e))
        del m.b
        m.b = nn.Module()
        r.append((list(m._parameters), list(m._modules)))
        m.b = None
        r.append(list(m._modules.items()))
        m.c = nn.Buffer(lib.ones(2), persistent=False)
        m.d = nn.Buffer(lib.ones(2))
        r.append((list(m._buffers), sorted(m._non_persistent_buffers_set), list(m.state_dict())))
        m.d = None
        r.append(list(m.state_dict()))
        del m.c
        del m.x
        del m.b
        del m.y
        r.append((list(m._parameters), list(m._buffers), list(m._modules), "y" in m.__dict__))
        return r
    same_outcome(fn)


def test_register_buffer_override_without_persistent():
    def fn(lib):
        class Custom(lib.nn.Module):
            def register_buffer(self, name, tensor):
                super().register_buffer(name, tensor, persistent=True)
        m = Custom()
        m.a = lib.nn.Buffer(lib.ones(1))
        m.b = lib.nn.Buffer(lib.ones(1), persistent=False)
    same_outcome(fn)


def test_global_registration_hooks():
    def fn(lib):
        mm = lib.nn.modules.module
        seen = []
        hs = [mm.register_module_buffer_registration_hook(lambda m, n, v: seen.append(("buffer", n))),
              mm.register_module_parameter_registration_hook(lambda m, n, v: seen.append(("param", n))),
              mm.register_module_module_registration_hook(lambda m, n, v: seen.append(("module", n)))]
        try:
            build(lib)
        finally:
            for h in hs:
                h.remove()
        build(lib)
        return seen
    same_outcome(fn)


# ---- lookups by path -----------------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["", "body", "body.left", "head.1", "tied", "body.nope", "body.scale",
                                    "body.left.weight.x", "empty"])
def test_get_submodule(target):
    same_outcome(lambda lib: type(build(lib).get_submodule(target)).__name__)


@pytest.mark.parametrize("target", ["body.scale", "body.left.bias", "body.steps", "body.nope", "nope.x", "missing",
                                    "body.left"])
def test_get_parameter_and_buffer(target):
    same_outcome(lambda lib: tuple(build(lib).get_parameter(target).shape))
    same_outcome(lambda lib: tuple(build(lib).get_buffer(target).shape))


@pytest.mark.parametrize("target,strict", [("body.left", False), ("body.new", False), ("body.new", True),
                                           ("", False), ("body.scale", False), ("x.y", False)])
def test_set_submodule(target, strict):
    def fn(lib):
        m = build(lib)
        m.set_submodule(target, lib.nn.Sequential(), strict=strict)
        return [n for n, _ in m.named_modules()]
    same_outcome(fn)
    same_outcome(lambda lib: build(lib).set_submodule("body.left", 3))


# ---- modes, gradients ----------------------------------------------------------------------------------
def test_train_eval_and_requires_grad():
    def fn(lib):
        m = build(lib)
        r = [[x.training for x in m.modules()]]
        assert m.eval() is m
        r.append([x.training for x in m.modules()])
        m.body.train()
        r.append([x.training for x in m.modules()])
        assert m.requires_grad_(False) is m
        r.append([p.requires_grad for p in m.parameters()])
        m.head.requires_grad_()
        r.append([p.requires_grad for p in m.parameters()])
        return r
    same_outcome(fn)
    same_outcome(lambda lib: build(lib).train(1))


def test_zero_grad_set_to_none():
    def fn(lib):
        m = build(lib)
        for p in m.parameters():
            p.grad = lib.ones(p.shape)
        m.body.zero_grad()
        return [p.grad is None for p in m.parameters()]
    same_outcome(fn)


@pytest.mark.skipif(not hasattr(mindtorch.Tensor, "zero_"), reason="Tensor.zero_ not in this worktree yet")
def test_zero_grad_in_place():
    def fn(lib):
        m = build(lib)
        grads = []
        for p in m.parameters():
            p.grad = lib.ones(p.shape)
            grads.append(p.grad)
        m.zero_grad(set_to_none=False)
        return [p.grad is g and float(g.sum()) == 0 for p, g in zip(m.parameters(), grads)]
    same_outcome(fn)


def test_apply_order():
    def fn(lib):
        seen = []
        assert build(lib).apply(lambda mod: seen.append(type(mod).__name__)) is not None
        return seen
    same_outcome(fn)


# ---- conversions ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["double", "half", "float", "bfloat16", "to_f64", "to_dev_dtype", "to_tensor",
                                 "to_kw", "type_f64", "cpu", "to_int_fails"])
def test_conversions_keep_parameter_objects(how):
    def fn(lib):
        m = build(lib)
        params = list(m.parameters())
        for p in params:
            p.grad = lib.ones(p.shape)
        conv = {
            "double": lambda: m.double(), "half": lambda: m.half(), "float": lambda: m.double().float(),
            "bfloat16": lambda: m.bfloat16(), "to_f64": lambda: m.to(lib.float64),
            "to_dev_dtype": lambda: m.to("cpu", lib.float16), "to_tensor": lambda: m.to(lib.zeros(1, dtype=lib.float64)),
            "to_kw": lambda: m.to(device="cpu", dtype=lib.float64, non_blocking=True),
            "type_f64": lambda: m.type(lib.float64), "cpu": lambda: m.cpu(),
            "to_int_fails": lambda: m.to(lib.int32),
        }[how]
        assert conv() is m
        return ([p is q for p, q in zip(params, m.parameters())],
                [(n, str(p.dtype), p.requires_grad, type(p).__name__, str(p.grad.dtype)) for n, p in
                 m.named_parameters()],
                [(n, str(b.dtype)) for n, b in m.named_buffers()])
    same_outcome(fn)


def test_conversion_values():
    e = build(torch).double().state_dict()
    a = build(mindtorch).double().state_dict()
    assert_state_same(e, a)


def test_to_meta_and_to_empty():
    def fn(lib):
        m = build(lib)
        w = m.body.left.weight
        m.to("meta")
        r = [(n, p.device.type, p is w if n == "body.left.weight" else None) for n, p in m.named_parameters()]
        m.to_empty(device="cpu")
        r.append([(n, p.device.type, tuple(p.shape), p.requires_grad) for n, p in m.named_parameters()])
        r.append([(n, b.device.type, str(b.dtype)) for n, b in m.named_buffers()])
        r.append(m.body.left.weight is w)
        return r
    same_outcome(fn)

    def meta_to_cpu(lib):
        build(lib).to("meta").to("cpu")
    same_outcome(meta_to_cpu)


def test_to_complex_warns():
    for lib in (torch, mindtorch):
        m = lib.nn.Module()
        m.w = lib.nn.Parameter(lib.ones(2))
        with pytest.warns(UserWarning, match="Complex modules"):
            m.to(lib.complex64)
        assert str(m.w.dtype) == "torch.complex64"


def test_share_memory_and_compile():
    m = build(mindtorch)
    assert m.share_memory() is m
    with pytest.raises(NotImplementedError, match="torch.compile"):
        m.compile()


# ---- repr and dir ---------------------------------------------------------------------------------------
def test_repr():
    same_outcome(lambda lib: repr(build(lib)))
    same_outcome(lambda lib: repr(lib.nn.Module()))

    def multiline(lib):
        class Multi(lib.nn.Module):
            def extra_repr(self):
                return "a=1,\nb=2"
        m = Multi()
        n = Multi()
        n.inner = Multi()
        return repr(m) + "|" + repr(n) + "|" + str(lib.nn.Sequential(n, lib.nn.Sequential()))
    same_outcome(multiline)


def test_dir():
    def fn(lib):
        m = build(lib)
        d = dir(m)
        names = [k for k in d if k in ("body", "head", "tied", "empty", "missing", "nothing", "training", "_parameters",
                                        "state_dict", "forward", "0")]
        return names, d == sorted(d), "0" in dir(m.head)
    same_outcome(fn)


# ---- copying and pickling -------------------------------------------------------------------------------
def test_deepcopy_keeps_sharing():
    def fn(lib):
        m = build(lib)
        m.body.left.register_forward_hook(lambda *a: None)
        m.extra = m.body.scale
        c = copy.deepcopy(m)
        return (c.tied is c.head[0], c.head[0] is not m.head[0], c.extra is c.body.scale,
                c.body.scale is not m.body.scale, type(c.body.scale).__name__, c.body.scale.requires_grad,
                len(c.body.left._forward_hooks), [n for n, _ in c.named_parameters()],
                c.body.left.weight.tolist() == m.body.left.weight.tolist())
    same_outcome(fn)


def test_deepcopy_values_independent():
    m = build(mindtorch)
    c = copy.deepcopy(m)
    with mindtorch.no_grad():
        c.body.left.weight.copy_(mindtorch.zeros(3, 4))
    assert float(m.body.left.weight.detach().sum()) != 0.0
    assert_state_same(build(torch).state_dict(), m.state_dict())


def test_getstate_setstate():
    def fn(lib):
        m = build(lib)
        state = m.__getstate__()
        keys = sorted(k for k in state if not k.startswith("n") and k != "m")
        m2 = make_classes(lib).Leaf.__new__(make_classes(lib).Leaf)
        legacy = {k: v for k, v in build(lib).body.left.__dict__.items()
                  if k not in ("_forward_pre_hooks_with_kwargs", "_state_dict_pre_hooks", "_non_persistent_buffers_set",
                               "_is_full_backward_hook", "_backward_pre_hooks")}
        m2.__setstate__(legacy)
        return keys, sorted(m2.__dict__), m2._is_full_backward_hook, list(m2.state_dict())
    same_outcome(fn)


def test_call_super_init():
    def fn(lib):
        class Base:
            def __init__(self, x=0, **kw):
                self.seen = (x, kw)

        class M(lib.nn.Module, Base):
            call_super_init = True
        return M(x=1, y=2).seen
    same_outcome(fn)
