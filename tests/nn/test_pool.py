"""Pooling against torch: max/avg/lp/adaptive pools 1d/2d/3d (forward, indices, gradients, double backward,
errors), max_unpool, and the pooling modules (reprs, forward)."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import mindtorch
from oracle import check, check_grad, assert_same

LIBS = (torch, mindtorch)


def F(lib):
    return torch.nn.functional if lib is torch else mindtorch.nn.functional_conv


def rnd(seed, *shape, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


@st.composite
def pool_case(draw, dilation=True, padding=True):
    nd = draw(st.sampled_from([1, 2, 3]))
    k = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = draw(st.one_of(st.none(), st.tuples(*[st.integers(1, 3)] * nd)))
    d = tuple(draw(st.integers(1, 2)) if dilation else 1 for _ in range(nd))
    pad = tuple(draw(st.integers(0, kk // 2)) if padding else 0 for kk in k)
    size = tuple(draw(st.integers(max(1, dd * (kk - 1) + 1 - 2 * p), 7)) for kk, dd, p in zip(k, d, pad))
    lead = draw(st.sampled_from([(), (1,), (2,)])) + (draw(st.integers(1, 2)),)
    seed = draw(st.integers(0, 2 ** 16))
    return dict(nd=nd, k=k, stride=stride, d=d, pad=pad, x=rnd(seed, *lead, *size),
                ceil=draw(st.booleans()))


@given(pool_case(), st.sampled_from(["float32", "float64"]), st.booleans())
def test_max_pool(case, dtype, indices):
    nd = case["nd"]

    def fn(lib, x):
        return getattr(F(lib), f"max_pool{nd}d")(x, case["k"], case["stride"], case["pad"], case["d"], case["ceil"],
                                                 indices)
    if torch.isinf(fn(torch, torch.tensor(case["x"])) if not indices else fn(torch, torch.tensor(case["x"]))[0]).any():
        return  # a window of padding only: torch's index for it points past the plane
    check_grad(fn, case["x"].astype(dtype))


@given(pool_case(dilation=False), st.sampled_from(["float32", "float64"]), st.booleans(),
       st.sampled_from([None, None, 1, 3]))
def test_avg_pool(case, dtype, count_include_pad, divisor):
    nd = case["nd"]
    if nd == 3 and any(s < k for s, k in zip(case["x"].shape[-3:], case["k"])):
        return  # torch's avg_pool3d wants the input at least as large as the kernel (test_pool_errors)
    extra = () if nd == 1 else (divisor,)

    def fn(lib, x):
        return getattr(F(lib), f"avg_pool{nd}d")(x, case["k"], case["stride"], case["pad"], case["ceil"],
                                                 count_include_pad, *extra)
    check_grad(fn, case["x"].astype(dtype), rtol=1e-5, atol=1e-6)


@given(pool_case(dilation=False, padding=False), st.sampled_from([1, 2, 3.5]))
def test_lp_pool(case, norm):
    nd = case["nd"]
    if nd == 3 and any(s < k for s, k in zip(case["x"].shape[-3:], case["k"])):
        return
    x = np.abs(case["x"]) + 0.5  # positive sums: the p-th root has a finite derivative

    def fn(lib, x):
        k = case["k"][0] if nd == 1 else case["k"]  # (torch's lp_pool1d multiplies by kernel_size: an int)
        return getattr(F(lib), f"lp_pool{nd}d")(x, norm, k, case["stride"], case["ceil"])
    check_grad(fn, x, rtol=1e-4, atol=1e-5)


@given(st.sampled_from([1, 2, 3]), st.data(), st.sampled_from(["float32", "float64"]))
def test_adaptive_pools(nd, data, dtype):
    size = tuple(data.draw(st.integers(1, 7)) for _ in range(nd))
    out = tuple(data.draw(st.one_of(st.integers(1, 8), st.none())) for _ in range(nd))
    lead = data.draw(st.sampled_from([(2,), (1, 3), (2, 1)]))
    x = rnd(data.draw(st.integers(0, 999)), *lead, *size).astype(dtype)
    arg = out if nd > 1 or out[0] is None or data.draw(st.booleans()) else out[0]
    if nd == 1 and arg == (None,):
        arg = size
    check_grad(lambda lib, x: getattr(F(lib), f"adaptive_avg_pool{nd}d")(x, arg), x)
    check_grad(lambda lib, x: getattr(F(lib), f"adaptive_max_pool{nd}d")(x, arg, True), x)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_pools_half_precision(dtype):
    x = rnd(0, 2, 3, 7, 6)
    kw = dict(dtype=dtype, rtol=1e-2, atol=1e-2)
    check(lambda lib, x: F(lib).max_pool2d(x, 3, 2, 1, return_indices=True), x, **kw)
    check(lambda lib, x: F(lib).avg_pool2d(x, 3, 2, 1, ceil_mode=True), x, **kw)
    check(lambda lib, x: F(lib).adaptive_avg_pool2d(x, (3, 4)), x, **kw)
    check(lambda lib, x: F(lib).adaptive_max_pool2d(x, (3, 4), True), x, **kw)


def test_max_pool_integers():
    x = (rnd(0, 2, 3, 7, 6) * 100).astype(np.int64)
    check(lambda lib, x: F(lib).max_pool2d(x, 3, 2, 1, return_indices=True), x)
    check(lambda lib, x: F(lib).max_pool1d(x, 2), x[0].astype(np.int32))
    check(lambda lib, x: F(lib).max_pool1d(x, 2, return_indices=True), x[0])
    check(lambda lib, x: F(lib).max_pool2d(x, 2), x.astype(np.uint8))
    check(lambda lib, x: F(lib).max_pool3d(x, 2), x[None].astype(np.int16))
    check(lambda lib, x: F(lib).avg_pool2d(x, 3, 2, 1, ceil_mode=True), x)
    check(lambda lib, x: F(lib).avg_pool1d(x, 2, count_include_pad=False), x[0])
    check(lambda lib, x: F(lib).avg_pool2d(x, 2), x.astype(np.int32))


def test_pools_torch_namespace():
    x = rnd(0, 2, 3, 9)
    check_grad(lambda lib, x: lib.max_pool1d(x, 3, 2, 1, 1, True), x)
    check_grad(lambda lib, x: lib.max_pool1d_with_indices(x, 3, 2, 1, 1, True), x)
    check_grad(lambda lib, x: lib.avg_pool1d(x, 3, 2, 1, True, False), x)
    check_grad(lambda lib, x: lib.adaptive_avg_pool1d(x, 4), x)
    check_grad(lambda lib, x: lib.adaptive_max_pool1d(x, 4), x)
    check_grad(lambda lib, x: lib.max_pool2d(x, (2, 3), (1, 2)), rnd(1, 2, 3, 5, 6))
    check_grad(lambda lib, x: lib.max_pool3d(x, 2, 1, 1), rnd(2, 1, 2, 3, 4, 3))


@pytest.mark.parametrize("call", [
    lambda lib, x: F(lib).max_pool2d(x, 3, padding=2),
    lambda lib, x: F(lib).max_pool2d(x, 0),
    lambda lib, x: F(lib).max_pool2d(x, 2, stride=0),
    lambda lib, x: F(lib).max_pool2d(x, 2, dilation=0),
    lambda lib, x: F(lib).max_pool2d(x, 9),
    lambda lib, x: F(lib).max_pool2d(x[0, 0, 0], 2),
    lambda lib, x: F(lib).max_pool2d(x, (2, 2, 2)),
    lambda lib, x: F(lib).avg_pool2d(x, 3, padding=2),
    lambda lib, x: F(lib).avg_pool2d(x, 2, divisor_override=0),
    lambda lib, x: F(lib).avg_pool2d(x, 9),
    lambda lib, x: F(lib).avg_pool1d(x, 2),
    lambda lib, x: F(lib).adaptive_avg_pool2d(x, (2, 2, 2)),
    lambda lib, x: F(lib).adaptive_avg_pool2d(x, -1),
    lambda lib, x: F(lib).adaptive_max_pool2d(x[0, 0, 0], 2),
    lambda lib, x: F(lib).max_pool2d(x.bool(), 2),
    lambda lib, x: F(lib).adaptive_avg_pool2d(x.long(), 2),
    lambda lib, x: F(lib).avg_pool3d(x[None], (1, 6, 1)),
])
def test_pool_errors(call):
    check(call, rnd(0, 2, 3, 5, 6))


def test_max_pool_double_backward():
    x = rnd(0, 2, 2, 5, 6)
    results = []
    for lib in LIBS:
        xt = lib.tensor(x, requires_grad=True)
        y = F(lib).max_pool2d(xt * xt, 2, 1, 1)
        g, = lib.autograd.grad(y, (xt,), lib.tensor(rnd(1, *y.shape)), create_graph=True)
        (g * g).sum().backward()
        results.append((g, xt.grad))
    assert_same(results[0], results[1], rtol=1e-5, atol=1e-5)


def test_avg_pool_double_backward():
    x = rnd(0, 2, 2, 5, 6)
    results = []
    for lib in LIBS:
        xt = lib.tensor(x, requires_grad=True)
        y = F(lib).avg_pool2d(xt * xt, 3, 2, 1, ceil_mode=True)
        g, = lib.autograd.grad(y, (xt,), lib.tensor(rnd(1, *y.shape)), create_graph=True)
        (g * g).sum().backward()
        results.append((g, xt.grad))
    assert_same(results[0], results[1], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_max_unpool(nd):
    size = (6, 5, 4)[:nd]
    x = rnd(nd, 2, 2, *size)
    out_t, idx_t = getattr(torch.nn.functional, f"max_pool{nd}d")(torch.tensor(x), 2, 2, return_indices=True)
    vals = out_t.numpy()
    idx = idx_t.numpy()
    check_grad(lambda lib, v, i: getattr(F(lib), f"max_unpool{nd}d")(v, i, 2, 2, 0, size), vals, idx, grad_args=[0])
    check(lambda lib, v, i: getattr(F(lib), f"max_unpool{nd}d")(v, i, 2, 2), vals, idx)  # indices past the end
    check(lambda lib, v, i: getattr(F(lib), f"max_unpool{nd}d")(v, i, 2, 2, 0, (1, 1) + tuple(s + 1 for s in size)),
          vals, idx)
    check(lambda lib, v, i: getattr(F(lib), f"max_unpool{nd}d")(v, i, 2, 2, 0, tuple(s + 5 for s in size)), vals,
          idx)


# ---- modules ----------------------------------------------------------------------------------------------
POOL_MODULES = [
    ("MaxPool1d", (3,), dict(stride=2, padding=1, dilation=2, ceil_mode=True), (2, 3, 9)),
    ("MaxPool2d", ((3, 2),), dict(return_indices=True), (2, 3, 7, 6)),
    ("MaxPool2d", (2,), dict(stride=1, padding=1), (3, 7, 6)),
    ("MaxPool3d", (2,), dict(stride=(1, 2, 1)), (1, 2, 4, 5, 4)),
    ("AvgPool1d", (3,), dict(stride=2, padding=1, ceil_mode=True, count_include_pad=False), (2, 3, 9)),
    ("AvgPool2d", (3,), dict(stride=2, padding=1, divisor_override=2), (2, 3, 7, 6)),
    ("AvgPool2d", ((2, 3),), {}, (3, 7, 6)),
    ("AvgPool3d", (2,), dict(stride=1, padding=1, ceil_mode=True), (1, 2, 4, 5, 4)),
    ("LPPool1d", (2, 3), dict(stride=2), (2, 3, 9)),
    ("LPPool2d", (3, (2, 2)), dict(ceil_mode=True), (2, 3, 7, 6)),
    ("LPPool3d", (1, 2), {}, (1, 2, 4, 5, 4)),
    ("AdaptiveAvgPool1d", (4,), {}, (2, 3, 9)),
    ("AdaptiveAvgPool2d", ((3, None),), {}, (2, 3, 7, 6)),
    ("AdaptiveAvgPool3d", (2,), {}, (1, 2, 4, 5, 4)),
    ("AdaptiveMaxPool1d", (4,), dict(return_indices=True), (2, 3, 9)),
    ("AdaptiveMaxPool2d", (3,), {}, (2, 3, 7, 6)),
    ("AdaptiveMaxPool3d", ((2, 3, 2),), {}, (1, 2, 4, 5, 4)),
]


@pytest.mark.parametrize("name,args,kwargs,shape", POOL_MODULES)
def test_pool_module(name, args, kwargs, shape):
    tm = getattr(torch.nn, name)(*args, **kwargs)
    mm = getattr(mindtorch.nn, name)(*args, **kwargs)
    assert repr(mm) == repr(tm)
    x = np.abs(rnd(3, *shape)) + 0.1 if name.startswith("LP") else rnd(3, *shape)
    check_grad(lambda lib, x: (tm if lib is torch else mm)(x), x, rtol=1e-5, atol=1e-6)


def test_unpool_and_fractional_modules():
    for nd in (1, 2, 3):
        tm = getattr(torch.nn, f"MaxUnpool{nd}d")(2, stride=(1, 2, 1)[:nd] if nd > 1 else 2, padding=0)
        mm = getattr(mindtorch.nn, f"MaxUnpool{nd}d")(2, stride=(1, 2, 1)[:nd] if nd > 1 else 2, padding=0)
        assert repr(mm) == repr(tm)
    with pytest.raises(NotImplementedError):
        mindtorch.nn.functional_conv.fractional_max_pool2d(mindtorch.tensor(rnd(0, 1, 1, 6, 6)), 2, output_size=2)
    tm = torch.nn.FractionalMaxPool2d(3, output_ratio=(0.5, 0.5))
    mm = mindtorch.nn.FractionalMaxPool2d(3, output_ratio=(0.5, 0.5))
    assert repr(mm) == repr(tm)
    with pytest.raises(NotImplementedError):
        mm(mindtorch.tensor(rnd(0, 1, 1, 6, 6)))
