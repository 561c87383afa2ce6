"""Convolutions against torch: conv1d/2d/3d and conv_transpose1d/2d/3d (forward, gradients of input, weight
and bias, double backward, errors), and the Conv/ConvTranspose modules (reprs, state_dict, init, forward)."""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import mindtorch
from oracle import check, check_grad, assert_same

F_T = torch.nn.functional
LIBS = (torch, mindtorch)


def F(lib):
    return torch.nn.functional if lib is torch else mindtorch.nn.functional_conv


def rnd(seed, *shape, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


@st.composite
def conv_case(draw, transposed=False):
    nd = draw(st.sampled_from([1, 2, 3]))
    groups = draw(st.sampled_from([1, 1, 2]))
    cin = groups * draw(st.integers(1, 2))
    cout = groups * draw(st.integers(1, 2))
    k = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    if transposed:
        padding = tuple(draw(st.integers(0, 1)) for _ in range(nd))
        output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    else:
        padding = draw(st.one_of(st.just("valid"), st.just("same"), st.tuples(*[st.integers(0, 2)] * nd)))
        if padding == "same":
            stride = (1,) * nd
        output_padding = None
    size = tuple(draw(st.integers(max(1, (d * (kk - 1) + 1) - 2 * (p if isinstance(padding, tuple) else 0)), 6))
                 for kk, d, p in zip(k, dilation, padding if isinstance(padding, tuple) else (0,) * nd))
    if isinstance(padding, tuple) and draw(st.booleans()):
        padding = padding[0] if len(set(padding)) == 1 else padding  # an int for torch's int form
    batch = draw(st.sampled_from([None, 1, 2]))
    bias = draw(st.booleans())
    seed = draw(st.integers(0, 2 ** 16))
    xs = ((batch,) if batch is not None else ()) + (cin,) + size
    ws = (cin, cout // groups) + k if transposed else (cout, cin // groups) + k
    return dict(nd=nd, x=rnd(seed, *xs), w=rnd(seed + 1, *ws), b=rnd(seed + 2, cout) if bias else None,
                stride=stride, padding=padding, dilation=dilation, groups=groups, output_padding=output_padding)


def _conv_call(case):
    nd = case["nd"]

    def fn(lib, x, w, b=None):
        return getattr(F(lib), f"conv{nd}d")(x, w, b, case["stride"], case["padding"], case["dilation"],
                                             case["groups"])
    return fn


def _conv_t_call(case):
    nd = case["nd"]

    def fn(lib, x, w, b=None):
        return getattr(F(lib), f"conv_transpose{nd}d")(x, w, b, case["stride"], case["padding"],
                                                       case["output_padding"], case["groups"], case["dilation"])
    return fn


def _args(case, dtype):
    args = [case["x"].astype(dtype), case["w"].astype(dtype)]
    if case["b"] is not None:
        args.append(case["b"].astype(dtype))
    return args


@given(conv_case(), st.sampled_from(["float32", "float64"]))
def test_conv_forward_and_grads(case, dtype):
    tol = dict(rtol=1e-5, atol=1e-5) if dtype == "float32" else dict(rtol=1e-10, atol=1e-10)
    check_grad(_conv_call(case), *_args(case, dtype), **tol)


@given(conv_case(transposed=True), st.sampled_from(["float32", "float64"]))
def test_conv_transpose_forward_and_grads(case, dtype):
    tol = dict(rtol=1e-5, atol=1e-5) if dtype == "float32" else dict(rtol=1e-10, atol=1e-10)
    k = case["w"].shape[2:]
    size = case["x"].shape[-case["nd"]:]
    pad = case["padding"] if isinstance(case["padding"], tuple) else (case["padding"],) * case["nd"]
    out = [(size[i] - 1) * case["stride"][i] - 2 * pad[i] + case["dilation"][i] * (k[i] - 1)
           + case["output_padding"][i] + 1 for i in range(case["nd"])]
    if min(out) < 0:  # torch: "Output size is too small"
        check(_conv_t_call(case), *_args(case, dtype))
    elif min(out) > 0:  # (an empty output: torch raises or not depending on its backend path)
        check_grad(_conv_t_call(case), *_args(case, dtype), **tol)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_conv_half_precision(dtype):
    x, w, b = rnd(0, 2, 4, 7, 6), rnd(1, 6, 2, 3, 3), rnd(2, 6)
    check(lambda lib, x, w, b: F(lib).conv2d(x, w, b, 1, 1, 1, 2), x, w, b, dtype=dtype, rtol=2e-2, atol=2e-2)
    check(lambda lib, x, w: F(lib).conv_transpose2d(x, w, None, 2, 1, 1), x, rnd(3, 4, 3, 3, 3), dtype=dtype,
          rtol=2e-2, atol=2e-2)
    check(lambda lib, x, w: F(lib).conv1d(x, w), rnd(4, 2, 3, 8), rnd(5, 4, 3, 2), dtype=dtype, rtol=2e-2, atol=2e-2)


@pytest.mark.parametrize("dtype", ["int64", "int32", "complex64"])
def test_conv_other_dtypes(dtype):
    r = np.random.default_rng(0)
    x = (r.standard_normal((2, 4, 6, 5)) * 4).astype(np.int64)
    w = (r.standard_normal((6, 2, 3, 2)) * 4).astype(np.int64)
    check(lambda lib, x, w: F(lib).conv2d(x, w, None, (2, 1), 1, (1, 2), 2), x, w, dtype=dtype, rtol=1e-5, atol=1e-5)
    check(lambda lib, x, w: F(lib).conv2d(x, w, None, (2, 1), 1, 1, 2), x, w, dtype=dtype, rtol=1e-5, atol=1e-5)
    check(lambda lib, x, w: F(lib).conv1d(x, w, None, 1, 0, 1, 2), x[:, :, 0], w[:, :, 0], dtype=dtype, rtol=1e-5,
          atol=1e-5)
    check(lambda lib, x, w: F(lib).conv3d(x, w, None, 1, 0, 1, 2), x[..., None], w[..., None], dtype=dtype,
          rtol=1e-5, atol=1e-5)
    check(lambda lib, x, w: F(lib).conv_transpose2d(x, w, None, 2, 1, 1, 2), x, w.transpose(1, 0, 2, 3)[:4],
          dtype=dtype, rtol=1e-5, atol=1e-5)


def test_conv_tbc():
    check_grad(lambda lib, x, w, b: lib.conv_tbc(x, w, b, 1), rnd(0, 5, 2, 3), rnd(1, 3, 3, 4), rnd(2, 4), rtol=1e-5,
               atol=1e-5)
    check_grad(lambda lib, x, w, b: F(lib).conv_tbc(x, w, b), rnd(0, 5, 2, 3), rnd(1, 2, 3, 4), rnd(2, 4), rtol=1e-5,
               atol=1e-5)


def test_conv_zero_batch_and_torch_namespace():
    check_grad(lambda lib, x, w, b: F(lib).conv2d(x, w, b, padding=1), rnd(0, 0, 2, 5, 5), rnd(1, 3, 2, 3, 3),
               rnd(2, 3))
    check(lambda lib, x, w: lib.conv2d(x, w, None, 1, "same"), rnd(0, 1, 2, 5, 4), rnd(1, 3, 2, 2, 3))
    check(lambda lib, x, w: lib.conv_transpose1d(x, w, None, 3, 1, 2), rnd(0, 1, 2, 5), rnd(1, 2, 3, 3))
    check(lambda lib, x, w: lib.convolution(x, w, None, [2, 1], [1, 0], [1, 1], False, [0, 0], 1),
          rnd(0, 2, 2, 5, 4), rnd(1, 3, 2, 3, 3))
    check(lambda lib, x, w: lib.convolution(x, w, None, [2], [1], [1], True, [1], 1), rnd(0, 2, 2, 5),
          rnd(1, 2, 3, 3))


@pytest.mark.parametrize("call", [
    lambda lib, x, w: F(lib).conv2d(x, w, stride=0),
    lambda lib, x, w: F(lib).conv2d(x, w, padding=-1),
    lambda lib, x, w: F(lib).conv2d(x, w, dilation=0),
    lambda lib, x, w: F(lib).conv2d(x, w, groups=2),
    lambda lib, x, w: F(lib).conv2d(x, w, padding="full"),
    lambda lib, x, w: F(lib).conv2d(x, w, padding="same", stride=2),
    lambda lib, x, w: F(lib).conv2d(x[:, :1], w),
    lambda lib, x, w: F(lib).conv2d(x[..., :1, :1], w),
    lambda lib, x, w: F(lib).conv2d(x, w, torch.zeros(5) if lib is torch else mindtorch.zeros(5)),
    lambda lib, x, w: F(lib).conv2d(x.double(), w),
    lambda lib, x, w: F(lib).conv2d(x[0, 0], w),
    lambda lib, x, w: F(lib).conv2d(x, w, stride=(1, 1, 1)),
    lambda lib, x, w: F(lib).conv1d(x, w),
    lambda lib, x, w: F(lib).conv2d(x.long(), w.long()),
    lambda lib, x, w: F(lib).conv_transpose2d(x, w.transpose(0, 1), stride=2, output_padding=2),
    lambda lib, x, w: F(lib).conv_transpose2d(x[:, :, :1, :1], w.transpose(0, 1), padding=3),
    lambda lib, x, w: F(lib).conv_transpose2d(x, w),
])
def test_conv_errors(call):
    check(call, rnd(0, 2, 4, 5, 5), rnd(1, 3, 4, 3, 3))


def test_conv_double_backward():
    x, w, v = rnd(0, 2, 4, 6, 5), rnd(1, 6, 2, 3, 2), rnd(2, 2, 4, 6, 5)
    results = []
    for lib in LIBS:
        xt = lib.tensor(x, requires_grad=True)
        wt = lib.tensor(w, requires_grad=True)
        y = F(lib).conv2d(xt, wt, None, (2, 1), 1, (1, 2), 2)
        gy = lib.tensor(rnd(3, *y.shape))
        gx, gw = lib.autograd.grad(y, (xt, wt), gy, create_graph=True)
        ((gx * lib.tensor(v)).sum() + (gw * gw).sum()).backward()
        results.append((gx, gw, xt.grad, wt.grad))
    assert_same(results[0], results[1], rtol=1e-4, atol=1e-4)


def test_conv_transpose_double_backward():
    x, w = rnd(0, 1, 2, 4, 3), rnd(1, 2, 3, 3, 2)
    results = []
    for lib in LIBS:
        xt = lib.tensor(x, requires_grad=True)
        wt = lib.tensor(w, requires_grad=True)
        y = F(lib).conv_transpose2d(xt, wt, None, 2, 1, 1)
        gx, = lib.autograd.grad(y, (xt,), lib.tensor(rnd(3, *y.shape)), create_graph=True)
        (gx * gx).sum().backward()
        results.append((gx, xt.grad, wt.grad))
    assert_same(results[0], results[1], rtol=1e-4, atol=1e-4)


def test_conv_inplace_change_of_saved_input_raises():
    for lib in LIBS:
        x = lib.tensor(rnd(0, 1, 2, 4, 4), requires_grad=True)
        h = x * 1
        y = F(lib).conv2d(h, lib.tensor(rnd(1, 2, 2, 3, 3), requires_grad=True))
        h.add_(1)
        with pytest.raises(RuntimeError):
            y.sum().backward()


# ---- modules ----------------------------------------------------------------------------------------------
CONV_MODULES = [
    ("Conv1d", (4, 6, 3), {}),
    ("Conv1d", (4, 6, 3), dict(stride=2, padding=1, dilation=2, groups=2, bias=False, padding_mode="circular")),
    ("Conv1d", (2, 4, 4), dict(padding="same", padding_mode="reflect")),
    ("Conv2d", (4, 6, 3), {}),
    ("Conv2d", (4, 6, (3, 2)), dict(stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2)),
    ("Conv2d", (3, 3, 2), dict(padding="same", padding_mode="replicate", bias=False)),
    ("Conv2d", (3, 6, 3), dict(padding="valid", groups=3)),
    ("Conv2d", (2, 4, 3), dict(padding=1, padding_mode="zeros")),
    ("Conv3d", (2, 4, 2), dict(stride=(1, 2, 1), padding=1, padding_mode="circular")),
    ("Conv3d", (2, 2, (1, 2, 3)), dict(padding="same", padding_mode="reflect")),
    ("ConvTranspose1d", (4, 6, 3), dict(stride=2, padding=1, output_padding=1, groups=2)),
    ("ConvTranspose2d", (4, 6, 3), {}),
    ("ConvTranspose2d", (4, 2, (3, 2)), dict(stride=2, padding=(1, 0), output_padding=(1, 0), dilation=(1, 2),
                                             bias=False)),
    ("ConvTranspose3d", (2, 4, 2), dict(stride=2, groups=2)),
]


def _copy_params(src, dst):
    dst.load_state_dict({k: mindtorch.tensor(v.detach().numpy()) for k, v in src.state_dict().items()})


@pytest.mark.parametrize("name,args,kwargs", CONV_MODULES)
def test_conv_module(name, args, kwargs):
    tm = getattr(torch.nn, name)(*args, **kwargs)
    mm = getattr(mindtorch.nn, name)(*args, **kwargs)
    assert repr(mm) == repr(tm)
    assert [(k, tuple(v.shape)) for k, v in mm.state_dict().items()] == \
        [(k, tuple(v.shape)) for k, v in tm.state_dict().items()]
    assert [k for k, _ in mm.named_parameters()] == [k for k, _ in tm.named_parameters()]
    for attr in ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "transposed",
                 "output_padding", "groups", "padding_mode", "_reversed_padding_repeated_twice"):
        assert getattr(mm, attr) == getattr(tm, attr), attr
    _copy_params(tm, mm)
    nd = len(tm.kernel_size)
    x = rnd(7, 2, args[0], *([7] * nd))
    check_grad(lambda lib, x, *ps: (tm if lib is torch else mm)(x), x, rtol=1e-4, atol=1e-5)
    got = {k: v.grad for k, v in mm.named_parameters()}
    want = {k: v.grad for k, v in tm.named_parameters()}
    for k in want:
        assert_same(want[k], got[k], rtol=1e-4, atol=1e-4, path=k)


def test_conv_transpose_output_size():
    tm = torch.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1)
    mm = mindtorch.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1)
    _copy_params(tm, mm)
    x = rnd(0, 1, 2, 4, 5)
    check(lambda lib, x: (tm if lib is torch else mm)(x, output_size=[8, 10]), x, rtol=1e-5, atol=1e-5)
    check(lambda lib, x: (tm if lib is torch else mm)(x, output_size=[1, 3, 7, 9]), x, rtol=1e-5, atol=1e-5)
    check(lambda lib, x: (tm if lib is torch else mm)(x, output_size=[12, 10]), x)
    check(lambda lib, x: (tm if lib is torch else mm)(x[0], output_size=[2, 8, 10]), x, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("kwargs", [dict(groups=0), dict(groups=3), dict(padding="full"),
                                    dict(padding="same", stride=2), dict(padding_mode="mirror")])
def test_conv_module_errors(kwargs):
    for lib_ in LIBS:
        with pytest.raises(ValueError):
            lib_.nn.Conv2d(4, 6, 3, **kwargs)
    for lib_ in LIBS:
        with pytest.raises(ValueError):
            lib_.nn.ConvTranspose2d(4, 6, 3, padding_mode="reflect")


@pytest.mark.parametrize("name,shape", [("Conv2d", (16, 8, 3)), ("ConvTranspose1d", (8, 16, 5)),
                                        ("Conv3d", (4, 4, 2))])
def test_conv_default_init(name, shape):
    """kaiming_uniform_(a=sqrt(5)) on the weight and U(-1/sqrt(fan_in), 1/sqrt(fan_in)) on the bias, as torch."""
    m = getattr(mindtorch.nn, name)(*shape)
    t = getattr(torch.nn, name)(*shape)
    w = m.weight.detach().numpy()
    fan_in = t.weight.shape[1] * math.prod(t.weight.shape[2:])
    bound = 1 / math.sqrt(fan_in)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound
    assert abs(w.std() - bound / math.sqrt(3)) < 0.25 * bound
    b = m.bias.detach().numpy()
    assert np.abs(b).max() <= bound and b.std() > 0
    assert m.weight.dtype == mindtorch.float32 and m.weight.requires_grad
    m64 = getattr(mindtorch.nn, name)(*shape, dtype=mindtorch.float64)
    assert m64.weight.dtype == mindtorch.float64 and m64.bias.dtype == mindtorch.float64
