"""Autocast against torch's CPU autocast: result dtypes of ops inside a region, the policy tables
(which ops cast to the lower dtype, which to float32, which promote), nesting, decorators, state
functions, and GradScaler's scale/unscale/step/update sequence."""
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as TF

import mindtorch
from mindtorch import _autocast

LIBS = (torch, mindtorch)
LOW = ["bfloat16", "float16"]


def tensors(lib, dtype, *shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [lib.from_numpy(rng.standard_normal(s).astype(np.float32)).to(getattr(lib, dtype)) for s in shapes]


def run_matmul(lib, low, da, db, use_operator):
    a, = tensors(lib, da, (2, 3))
    b, = tensors(lib, db, (3, 4), seed=1)
    with lib.autocast("cpu", dtype=getattr(lib, low)):
        return a @ b if use_operator else lib.matmul(a, b)


@pytest.mark.parametrize("low", LOW)
@pytest.mark.parametrize("da,db", [("float32", "float32"), ("float32", "float16"), ("bfloat16", "float32"),
                                   ("float64", "float64"), ("float16", "float16")])
@pytest.mark.parametrize("use_operator", [False, True])
def test_matmul_dtype_in_autocast(low, da, db, use_operator):
    expected = run_matmul(torch, low, da, db, use_operator)
    try:
        actual = run_matmul(mindtorch, low, da, db, use_operator)
    except NotImplementedError as e:
        if "BFloat16" in str(e) or "bfloat16" in str(e):
            pytest.skip("bfloat16 matmul kernel on CPU comes with the linalg family")
        raise
    assert str(actual.dtype) == str(expected.dtype)
    np.testing.assert_allclose(actual.float().numpy(), expected.float().numpy(), rtol=2e-2, atol=2e-2)


def test_matmul_mixed_dtypes_fail_outside_autocast_as_torch():
    for lib in LIBS:
        a, = tensors(lib, "float32", (2, 3))
        b, = tensors(lib, "float16", (3, 2))
        with pytest.raises(RuntimeError):
            lib.matmul(a, b)


@pytest.mark.parametrize("op", ["add", "sum", "mul", "sub"])
def test_ops_off_the_lists_keep_dtypes(op):
    out = []
    for lib in LIBS:
        a, b = tensors(lib, "float32", (2, 3), (2, 3))
        with lib.autocast("cpu", dtype=lib.float16):
            r = getattr(lib, op)(a) if op == "sum" else getattr(lib, op)(a, b)
        out.append(str(r.dtype))
    assert out[0] == out[1] == "torch.float32"


def test_nested_disabled_region_and_state_functions():
    seen = []
    for lib in LIBS:
        a, b = tensors(lib, "float32", (2, 2), (2, 2))
        states = [lib.is_autocast_enabled("cpu")]
        with lib.autocast("cpu", dtype=lib.float16):
            states.append((lib.is_autocast_enabled("cpu"), lib.is_autocast_enabled(), str(lib.get_autocast_dtype("cpu"))))
            with lib.autocast("cpu", enabled=False):
                states.append((lib.is_autocast_enabled("cpu"), str((a @ b).dtype)))
            states.append(str((a @ b).dtype))
            with lib.autocast("cpu", dtype=lib.bfloat16):
                states.append(str(lib.get_autocast_dtype("cpu")))
            states.append(str(lib.get_autocast_dtype("cpu")))
        states.append((lib.is_autocast_enabled("cpu"), str(lib.get_autocast_dtype("cpu"))))
        seen.append(states)
    assert seen[0] == seen[1]


def test_decorator_and_cpu_amp_forms():
    seen = []
    for lib in LIBS:
        @lib.autocast("cpu", dtype=lib.float16)
        def f(x, y):
            return (x @ y).dtype, lib.is_autocast_enabled("cpu")
        a, b = tensors(lib, "float32", (2, 2), (2, 2))
        r = f(a, b)
        with lib.amp.autocast("cpu", dtype=lib.float16):
            r2 = (a @ b).dtype
        seen.append((str(r[0]), r[1], str(r2), lib.is_autocast_enabled("cpu")))
    assert seen[0] == seen[1]


@pytest.mark.parametrize("args", [("cuda",), ("cpu", "float64"), ("cpu", "float32")])
def test_unavailable_or_unsupported_region_warns_and_disables_like_torch(args):
    out = []
    for lib in LIBS:
        kw = {} if len(args) == 1 else {"dtype": getattr(lib, args[1])}
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            with lib.autocast(args[0], **kw):
                enabled = lib.is_autocast_enabled(args[0])
        out.append((enabled, [x.category for x in w if "autocast" in str(x.message).lower()
                              or "not available" in str(x.message)]))
    assert out[0][0] == out[1][0]
    assert bool(out[0][1]) == bool(out[1][1])


def test_bad_device_type_raises_like_torch():
    for lib in LIBS:
        with pytest.raises(ValueError):
            lib.autocast(0)
        with pytest.raises(RuntimeError):
            lib.autocast("bogus")


# ---- the policy tables against torch ---------------------------------------------------------------------------
def _calls():
    """op name -> (builder of torch's call on float tensors of `dtype`)."""
    def t(dtype, *shape, seed=0):
        g = torch.Generator().manual_seed(seed)
        return torch.randn(*shape, generator=g).to(dtype)
    return {
        "mm": lambda d: torch.mm(t(d, 2, 3), t(d, 3, 2)),
        "bmm": lambda d: torch.bmm(t(d, 2, 2, 3), t(d, 2, 3, 2)),
        "baddbmm": lambda d: torch.baddbmm(t(d, 2, 2, 2), t(d, 2, 2, 3), t(d, 2, 3, 2)),
        "addmm": lambda d: torch.addmm(t(d, 2, 2), t(d, 2, 3), t(d, 3, 2)),
        "addbmm": lambda d: torch.addbmm(t(d, 2, 2), t(d, 2, 2, 3), t(d, 2, 3, 2)),
        "linear": lambda d: TF.linear(t(d, 2, 3), t(d, 4, 3)),
        "matmul": lambda d: torch.matmul(t(d, 2, 3), t(d, 3, 2)),
        "conv1d": lambda d: TF.conv1d(t(d, 1, 2, 5), t(d, 3, 2, 2)),
        "conv2d": lambda d: TF.conv2d(t(d, 1, 2, 5, 5), t(d, 3, 2, 2, 2)),
        "conv_transpose1d": lambda d: TF.conv_transpose1d(t(d, 1, 2, 5), t(d, 2, 3, 2)),
        "prelu": lambda d: TF.prelu(t(d, 2, 3), t(d, 1)),
        "scaled_dot_product_attention": lambda d: TF.scaled_dot_product_attention(t(d, 1, 2, 3, 4), t(d, 1, 2, 3, 4),
                                                                                   t(d, 1, 2, 3, 4)),
        "prod": lambda d: torch.prod(t(d, 3)),
        "cdist": lambda d: torch.cdist(t(d, 2, 3), t(d, 2, 3)),
        "trace": lambda d: torch.trace(t(d, 3, 3)),
        "mse_loss": lambda d: TF.mse_loss(t(d, 3), t(d, 3, seed=1)),
        "l1_loss": lambda d: TF.l1_loss(t(d, 3), t(d, 3, seed=1)),
        "smooth_l1_loss": lambda d: TF.smooth_l1_loss(t(d, 3), t(d, 3, seed=1)),
        "huber_loss": lambda d: TF.huber_loss(t(d, 3), t(d, 3, seed=1)),
        "kl_div": lambda d: TF.kl_div(t(d, 3), t(d, 3, seed=1)),
        "binary_cross_entropy_with_logits": lambda d: TF.binary_cross_entropy_with_logits(t(d, 3), t(d, 3).sigmoid()),
        "cross_entropy": lambda d: TF.cross_entropy(t(d, 2, 3), torch.tensor([0, 2])),
        "nll_loss": lambda d: TF.nll_loss(t(d, 2, 3), torch.tensor([0, 2])),
        "inverse": lambda d: torch.inverse(t(d, 3, 3) + 3 * torch.eye(3, dtype=d)),
        "cat": lambda d: torch.cat([t(d, 2), t(torch.float32, 2)]),
        "stack": lambda d: torch.stack([t(d, 2), t(torch.float32, 2)]),
        # off the CPU lists (they are on CUDA's): no cast on CPU
        "softmax": lambda d: torch.softmax(t(d, 3), 0),
        "log_softmax": lambda d: torch.log_softmax(t(d, 3), 0),
        "layer_norm": lambda d: TF.layer_norm(t(d, 2, 3), (3,)),
        "sum": lambda d: torch.sum(t(d, 3)),
        "exp": lambda d: torch.exp(t(d, 3)),
        "pow": lambda d: torch.pow(t(d, 3), 2),
    }


def _predicted(name, dtype_name, low):
    """The dtype mindtorch's policy hands op `name` for inputs of `dtype_name` (and float32 for the second
    input of cat/stack, as in _calls)."""
    x = mindtorch.ones(2).to(getattr(mindtorch, dtype_name))
    args = ([x, mindtorch.ones(2)],) if name in ("cat", "stack") else (x,)
    s = _autocast.state
    prev = dict(s.enabled), dict(s.dtypes)
    s.enabled["cpu"], s.dtypes["cpu"] = True, getattr(mindtorch, low)
    try:
        cast = _autocast.cast_arguments(name, "cpu", args, {})
    finally:
        s.enabled.clear(), s.enabled.update(prev[0]), s.dtypes.clear(), s.dtypes.update(prev[1])
    if cast is None:
        return str(x.dtype) if name not in ("cat", "stack") else "torch.float32"
    first = cast[0][0]
    return str(first[0].dtype if isinstance(first, list) else first.dtype)


@pytest.mark.parametrize("low", LOW)
@pytest.mark.parametrize("dtype_name", ["float32", "bfloat16", "float16", "float64"])
@pytest.mark.parametrize("name", sorted(_calls()))
def test_policy_matches_torch_cpu_autocast(name, dtype_name, low):
    with torch.autocast("cpu", dtype=getattr(torch, low)):
        try:
            expected = _calls()[name](getattr(torch, dtype_name))
        except RuntimeError:
            pytest.skip("torch has no CPU kernel for this dtype here")
    assert _predicted(name, dtype_name, low) == str(expected.dtype)


def test_only_listed_ops_are_wrapped():
    """Every registry op on a list is wrapped; an op off the lists is wrapped only as an alias of a listed
    op's entry (torch.concat is cat)."""
    from mindtorch._ops.registry import OPS
    wrapped = {n for n, op in OPS.items() if getattr(op.fn, "_autocast_wrapped", False)}
    assert {n for n in OPS if n in _autocast.POLICY} <= wrapped
    listed_fns = {id(OPS[n].fn.__wrapped__) for n in wrapped if n in _autocast.POLICY}
    for n in wrapped - set(_autocast.POLICY):
        assert id(OPS[n].fn.__wrapped__) in listed_fns or id(OPS[n].fn) in {id(OPS[m].fn) for m in wrapped}, n


def test_module_functions_on_the_lists_follow_autocast_like_torch():
    """nn.functional entries are plain functions, wrapped by name in their module (F.linear here)."""
    import types
    fake = types.ModuleType("fake_functional")
    fake.linear = lambda x, w: mindtorch.matmul(x, w.transpose(0, 1))
    fake.helper = lambda x: x
    original = fake.linear
    _autocast.wrap_module_functions(fake)
    _autocast.wrap_module_functions(fake)  # idempotent
    assert fake.linear.__wrapped__ is original
    assert not hasattr(fake.helper, "_autocast_wrapped")
    out = []
    for lib, lin in ((torch, TF.linear), (mindtorch, fake.linear)):
        x, w = tensors(lib, "float32", (2, 3), (4, 3))
        with lib.autocast("cpu", dtype=lib.float16):
            out.append(str(lin(x, w).dtype))
        out.append(str(lin(x, w).dtype))
    assert out[:2] == out[2:]


def test_custom_fwd_casts_inputs_and_disables_autocast():
    seen = []
    for lib in LIBS:
        class F(lib.autograd.Function):
            @staticmethod
            @lib.amp.custom_fwd(device_type="cpu", cast_inputs=lib.float32)
            def forward(ctx, x):
                return x, lib.is_autocast_enabled("cpu")

            @staticmethod
            @lib.amp.custom_bwd(device_type="cpu")
            def backward(ctx, g, _):
                return g
        x = lib.ones(2).to(lib.float16)
        with lib.autocast("cpu", dtype=lib.float16):
            y, inner = F.apply(x)
        seen.append((str(y.dtype), inner))
    assert seen[0] == seen[1]


# ---- GradScaler ------------------------------------------------------------------------------------------------
def _scaler_run(lib, grads_per_step, **kw):
    p = lib.nn.Parameter(lib.ones(2))
    opt = lib.optim.SGD([p], lr=0.5)
    scaler = lib.amp.GradScaler("cpu", **kw)
    history = []
    for g in grads_per_step:
        loss = lib.ones(1)
        scaled = scaler.scale(loss)
        history.append(float(scaled.item()))
        p.grad = lib.tensor(g, dtype=lib.float32) * scaler.get_scale()
        scaler.step(opt)
        scaler.update()
        history.append((scaler.get_scale(), p.detach().tolist()))
        opt.zero_grad()
    return history, scaler.state_dict()


@pytest.mark.parametrize("grads", [
    [[1.0, 2.0]] * 3,
    [[1.0, float("inf")], [1.0, 2.0], [float("nan"), 0.0], [0.5, 0.5]],
])
def test_grad_scaler_sequence_matches_torch(grads):
    kw = dict(init_scale=4.0, growth_factor=2.0, backoff_factor=0.5, growth_interval=2)
    assert _scaler_run(mindtorch, grads, **kw) == _scaler_run(torch, grads, **kw)


def test_grad_scaler_errors_and_disabled_forms_like_torch():
    for lib in LIBS:
        p = lib.nn.Parameter(lib.ones(2))
        opt = lib.optim.SGD([p], lr=0.1)
        s = lib.amp.GradScaler("cpu")
        s.scale(lib.ones(1))
        p.grad = lib.ones(2)
        s.unscale_(opt)
        with pytest.raises(RuntimeError):
            s.unscale_(opt)
        with pytest.raises(RuntimeError):
            s.step(opt, closure=lambda: None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            off = lib.amp.GradScaler("cuda")
        assert off.is_enabled() is False and off.get_scale() == 1.0 and off.state_dict() == {}
        x = lib.ones(1)
        assert off.scale(x) is x
