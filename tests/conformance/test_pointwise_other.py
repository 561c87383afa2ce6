"""clamp/clip, where, lerp, addcmul/addcdiv and softmax/log_softmax against torch: dtypes (promotion and
errors), tensor and scalar bounds/weights, broadcasting, NaN, 0-dim/zero-size, out= and in-place forms."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from oracle import check
from pointwise_common import REAL, array, non_contiguous, to_dtype

BOUNDS = st.one_of(st.none(), st.integers(-5, 5), st.floats(-5, 5, width=16), st.just(float("nan")))


@st.composite
def three_shapes(draw):
    return draw(hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=3)).input_shapes


@given(data=st.data())
def test_clamp(data):
    dt = data.draw(st.sampled_from(REAL), label="dtype")
    s0, s1, s2 = data.draw(three_shapes())
    a = data.draw(array(dt, s0, -10, 10), label="a")
    kind = data.draw(st.sampled_from(["scalars", "tensors", "mixed"]), label="kind")
    form = data.draw(st.sampled_from(["function", "method", "inplace", "out", "clip", "min_only", "max_only"]))
    lo_s, hi_s = data.draw(BOUNDS), data.draw(BOUNDS)
    bdt = data.draw(st.sampled_from([dt] + REAL))
    lo_t = data.draw(array(bdt, s1, -10, 10))
    hi_t = data.draw(array(bdt, s2, -10, 10))

    def fn(lib, x, lt, ht):
        x = to_dtype(lib, x, dt)
        lt, ht = to_dtype(lib, lt, bdt), to_dtype(lib, ht, bdt)
        lo, hi = {"scalars": (lo_s, hi_s), "tensors": (lt, ht), "mixed": (lt, hi_s)}[kind]
        if form == "function":
            return lib.clamp(x, lo, hi)
        if form == "method":
            return x.clamp(min=lo, max=hi)
        if form == "clip":
            return lib.clip(x, lo, hi), x.clip(lo, hi)
        if form == "min_only":
            return lib.clamp_min(x, lt), x.clamp_min(lo_s if lo_s is not None else 1), lib.clamp(x, min=lt)
        if form == "max_only":
            return lib.clamp_max(x, ht), x.clamp_max(hi_s if hi_s is not None else 1), lib.clamp(x, max=ht)
        if form == "out":
            out = lib.empty(0, dtype=x.dtype if x.dtype != lib.bfloat16 else lib.float32)
            return lib.clamp(x, lo, hi, out=out), out
        y = non_contiguous(x.clone())
        return y.clamp_(lo, hi), y
    check(fn, a, lo_t, hi_t)


def test_clamp_needs_a_bound():
    check(lambda lib, x: lib.clamp(x), np.ones(3, np.float32))


@given(data=st.data())
def test_where(data):
    s0, s1, s2 = data.draw(three_shapes())
    cond = data.draw(hnp.arrays(np.bool_, s0), label="cond")
    dx = data.draw(st.sampled_from(REAL), label="dx")
    dy = data.draw(st.sampled_from([dx] + REAL), label="dy")
    x = data.draw(array(dx, s1), label="x")
    y = data.draw(array(dy, s2), label="y")
    sx, sy = data.draw(st.one_of(st.integers(-3, 3), st.floats(-3, 3, width=16), st.booleans())), data.draw(
        st.one_of(st.integers(-3, 3), st.floats(-3, 3, width=16)))
    form = data.draw(st.sampled_from(["tensors", "scalar_x", "scalar_y", "scalars", "method", "out", "cond_dtype"]))

    def fn(lib, c, x, y):
        x, y = to_dtype(lib, x, dx), to_dtype(lib, y, dy)
        if form == "tensors":
            return lib.where(c, x, y)
        if form == "scalar_x":
            return lib.where(c, sx, y)
        if form == "scalar_y":
            return lib.where(c, x, sy)
        if form == "scalars":
            return lib.where(c, sx, sy)
        if form == "method":
            return x.where(c, y)
        if form == "cond_dtype":
            return lib.where(c.float(), x, y)
        out = lib.empty(0, dtype=x.dtype if x.dtype != lib.bfloat16 else lib.float32)
        return lib.where(c, x, y, out=out), out
    check(fn, cond, x, y)


@given(data=st.data())
def test_lerp(data):
    dt = data.draw(st.sampled_from(REAL), label="dtype")
    de = data.draw(st.sampled_from([dt, dt, "float64"]), label="end dtype")
    s0, s1, s2 = data.draw(three_shapes())
    a, e = data.draw(array(dt, s0, -10, 10)), data.draw(array(de, s1, -10, 10))
    w = data.draw(array(dt, s2, -1, 2))
    ws = data.draw(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, -0.5, 1.5, 2]))
    form = data.draw(st.sampled_from(["scalar", "tensor", "method", "inplace", "out"]))

    def fn(lib, x, end, wt):
        x, end, wt = to_dtype(lib, x, dt), to_dtype(lib, end, de), to_dtype(lib, wt, dt)
        if form == "scalar":
            return lib.lerp(x, end, ws)
        if form == "tensor":
            return lib.lerp(x, end, wt)
        if form == "method":
            return x.lerp(end, ws)
        if form == "out":
            out = lib.empty(0, dtype=x.dtype if x.dtype != lib.bfloat16 else lib.float32)
            return lib.lerp(x, end, wt, out=out), out
        y = x.clone()
        return y.lerp_(end, ws), y
    check(fn, a, e, w, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name", ["addcmul", "addcdiv"])
@given(data=st.data())
def test_addcmul_addcdiv(name, data):
    d0, d1, d2 = (data.draw(st.sampled_from(REAL)) for _ in range(3))
    s0, s1, s2 = data.draw(three_shapes())
    a, t1, t2 = data.draw(array(d0, s0, -10, 10)), data.draw(array(d1, s1, -10, 10)), data.draw(array(d2, s2, -10, 10))
    value = data.draw(st.sampled_from([1, 2, -1, 0.5, True, 0]))
    form = data.draw(st.sampled_from(["function", "method", "inplace", "out"]))

    def fn(lib, x, y, z):
        x, y, z = to_dtype(lib, x, d0), to_dtype(lib, y, d1), to_dtype(lib, z, d2)
        if form == "function":
            return getattr(lib, name)(x, y, z, value=value)
        if form == "method":
            return getattr(x, name)(y, z, value=value)
        if form == "out":
            out = lib.empty(0, dtype=x.dtype if x.dtype != lib.bfloat16 else lib.float32)
            return getattr(lib, name)(x, y, z, value=value, out=out), out
        w = x.clone()
        return getattr(w, name + "_")(y, z, value=value), w
    check(fn, a, t1, t2, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@given(data=st.data())
def test_softmax(name, data):
    dt = data.draw(st.sampled_from(REAL), label="dtype")
    a = data.draw(array(dt, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4), -20, 20))
    ndim = max(a.ndim, 1)
    dim = data.draw(st.integers(-ndim - 1, ndim), label="dim")
    dtype = data.draw(st.sampled_from([None, "float32", "float64"]), label="dtype arg")
    form = data.draw(st.sampled_from(["function", "method", "noncontig"]))

    def fn(lib, x):
        x = to_dtype(lib, x, dt)
        d = None if dtype is None else getattr(lib, dtype)
        if form == "function":
            return getattr(lib, name)(x, dim, dtype=d)
        if form == "method":
            return getattr(x, name)(dim, dtype=d)
        return getattr(lib, name)(non_contiguous(x), dim)
    check(fn, a, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16"])
def test_softmax_masked_rows(dtype):
    # attention masks: -inf entries give 0, fully masked rows NaN (MindSpore's own CPU Softmax got these wrong)
    x = np.array([[1.0, -np.inf, 2.0], [-np.inf, -np.inf, -np.inf], [0.5, np.nan, 1.0], [np.inf, 1.0, 0.0]],
                 np.float32)
    check(lambda lib, t: (lib.softmax(to_dtype(lib, t, dtype), -1), lib.log_softmax(to_dtype(lib, t, dtype), 1)),
          x if dtype != "float64" else x.astype(np.float64), rtol=1e-4, atol=1e-5)
