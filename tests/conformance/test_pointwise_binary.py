"""Binary pointwise ops against torch: every pair of dtypes (type promotion and errors), broadcasting,
Python scalars on either side, 0-dim and zero-size tensors, NaN/inf, non-contiguous inputs, and the
function / method / out= / in-place / operator forms."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import check
from pointwise_common import REAL, array, non_contiguous, shape_pair, to_dtype

BINARY = ["add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide", "remainder",
          "fmod", "pow", "float_power", "atan2", "arctan2", "hypot", "xlogy", "copysign", "nextafter", "ldexp",
          "logaddexp", "logaddexp2", "maximum", "minimum", "fmax", "fmin", "bitwise_and", "bitwise_or",
          "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift", "logical_and", "logical_or", "logical_xor",
          "eq", "ne", "lt", "le", "gt", "ge", "heaviside", "gcd", "lcm", "isclose", "not_equal", "less", "greater",
          "less_equal", "greater_equal"]
FORMS = ["function", "method", "out", "inplace", "scalar_right", "scalar_left", "noncontig", "inplace_scalar"]
LOOSE = {"pow": 1e-4, "float_power": 1e-4, "logaddexp": 1e-4, "logaddexp2": 1e-4, "xlogy": 1e-4, "atan2": 1e-4,
         "arctan2": 1e-4, "hypot": 1e-4, "ldexp": 1e-4}
HALF_ULP = {"float16": 1e-3, "bfloat16": 8e-3}
SCALARS = st.one_of(st.integers(-5, 5), st.floats(-5, 5, allow_nan=False, width=16), st.booleans(),
                    st.sampled_from([math.nan, math.inf, 0.0, -0.0, 0, 2, 2.5, -3]))


def _call(lib, x, y, name, form, da, db, scalar, out_dtype):
    x, y = to_dtype(lib, x, da), to_dtype(lib, y, db)
    fn = getattr(lib, name)
    if form == "function":
        return fn(x, y)
    if form == "method":
        return getattr(x, name)(y)
    if form == "out":
        out = lib.empty(0, dtype=getattr(lib, out_dtype))
        return fn(x, y, out=out), out
    if form == "inplace":
        z = x.clone()
        return getattr(z, name + "_")(y), z
    if form == "inplace_scalar":
        z = x.clone()
        return getattr(z, name + "_")(scalar), z
    if form == "scalar_right":
        return fn(x, scalar)
    if form == "scalar_left":
        return fn(scalar, y)
    return fn(non_contiguous(x), non_contiguous(y))


@pytest.mark.parametrize("name", BINARY)
@settings(max_examples=max(5, settings.default.max_examples * 3 // 5))  # many ops: fewer draws each
@given(data=st.data())
def test_binary(name, data):
    da = data.draw(st.sampled_from(REAL), label="dtype_a")
    db = data.draw(st.sampled_from([da, da] + REAL), label="dtype_b")
    sa, sb = data.draw(shape_pair(), label="shapes")
    lo, hi = (-3, 3) if name in ("pow", "float_power", "ldexp") else (-100, 100)
    a = data.draw(array(da, sa, lo, hi), label="a")
    b = data.draw(array(db, sb, lo, hi), label="b")
    form = data.draw(st.sampled_from(FORMS), label="form")
    scalar = data.draw(SCALARS, label="scalar")
    out_dtype = data.draw(st.sampled_from(["float32", "int64", "bool", da if da != "bfloat16" else "float64"]))
    tol = LOOSE.get(name, 1e-5)
    if name in LOOSE:  # transcendental ops in half precision: torch's intermediate rounding may differ by one ulp
        tol = max([tol] + [HALF_ULP.get(d, 0) for d in (da, db)])
    check(lambda lib, x, y: _call(lib, x, y, name, form, da, db, scalar, out_dtype), a, b, rtol=tol, atol=tol)


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "pow", "eq", "ne", "logical_and", "isclose", "maximum",
                                  "xlogy", "ldexp", "atan2"])
@given(data=st.data())
def test_binary_complex(name, data):
    sa, sb = data.draw(shape_pair(max_dims=2), label="shapes")
    db = data.draw(st.sampled_from(["complex64", "float32", "int64"]))
    a = data.draw(array("complex64", sa, -5, 5), label="a")
    b = data.draw(array(db, sb, -5, 5, special=False), label="b")  # torch: (0+0j) + inf = inf+nanj (alpha multiply)
    check(lambda lib, x, y: getattr(lib, name)(x, y), a, b, rtol=1e-4, atol=1e-4)


@given(data=st.data())
def test_add_sub_alpha(data):
    da = data.draw(st.sampled_from(REAL))
    db = data.draw(st.sampled_from([da] + REAL))
    sa, sb = data.draw(shape_pair())
    a, b = data.draw(array(da, sa)), data.draw(array(db, sb))
    alpha = data.draw(st.one_of(st.integers(-3, 3), st.floats(-2, 2, width=16), st.booleans()))
    name = data.draw(st.sampled_from(["add", "sub", "rsub"]))
    form = data.draw(st.sampled_from(["function", "inplace", "scalar"]))

    def fn(lib, x, y):
        x, y = to_dtype(lib, x, da), to_dtype(lib, y, db)
        if form == "inplace" and name != "rsub":
            z = x.clone()
            return getattr(z, name + "_")(y, alpha=alpha), z
        if form == "scalar":
            return getattr(lib, name)(x, 3, alpha=alpha)
        return getattr(lib, name)(x, y, alpha=alpha)
    check(fn, a, b)


@given(data=st.data())
def test_div_rounding_modes(data):
    da = data.draw(st.sampled_from(REAL))
    db = data.draw(st.sampled_from([da] + REAL))
    sa, sb = data.draw(shape_pair())
    a, b = data.draw(array(da, sa)), data.draw(array(db, sb))
    mode = data.draw(st.sampled_from([None, "floor", "trunc", "round"]))
    form = data.draw(st.sampled_from(["function", "method", "inplace", "scalar"]))

    def fn(lib, x, y):
        x, y = to_dtype(lib, x, da), to_dtype(lib, y, db)
        if form == "inplace":
            z = x.clone()
            return z.div_(y, rounding_mode=mode), z
        if form == "method":
            return x.div(y, rounding_mode=mode)
        if form == "scalar":
            return lib.div(x, -3, rounding_mode=mode), lib.divide(x, 2.5, rounding_mode=mode)
        return lib.div(x, y, rounding_mode=mode)
    check(fn, a, b)


@given(data=st.data())
def test_pow_scalar_exponents_and_bases(data):
    da = data.draw(st.sampled_from(REAL))
    a = data.draw(array(da, data.draw(shape_pair())[0], -3, 3))
    e = data.draw(st.one_of(st.integers(-3, 5), st.sampled_from([0.5, 2.0, -1.5, 0, 1, True, 3.0])))

    def fn(lib, x):
        x = to_dtype(lib, x, da)
        return lib.pow(x, e), x ** e, e ** x, lib.pow(e, x), lib.float_power(x, e)
    check(fn, a, rtol=1e-4, atol=1e-4)


@given(data=st.data())
def test_int_pow_overflow_wraps(data):
    dt = data.draw(st.sampled_from(["int8", "int16", "int32", "int64", "uint8"]))
    a = data.draw(array(dt, (6,), -20, 20))
    b = data.draw(array(dt, (6,), 0, 60))
    check(lambda lib, x, y: (lib.pow(x, y), x ** 7), a, b)


def test_float_power_inplace_needs_double():
    check(lambda lib, x: x.float_power_(2), np.ones(3, np.float32))
    check(lambda lib, x: x.float_power_(2), np.ones(3, np.float64))


@given(a=array("float32", (3, 4)), b=array("float32", (4,)), scalar=SCALARS)
def test_python_operators(a, b, scalar):
    def fn(lib, x, y):
        xi, yi = (x * 4).long(), y.long()
        return (x + y, x - y, x * y, x / y, x // y, x % y, x ** 2, scalar + x, scalar - x, scalar * x, scalar / x,
                scalar // x, scalar % x, 2 ** x, x < y, x <= scalar, x > y, x >= y, x == y, x != scalar,
                xi & yi, xi | 3, xi ^ yi, 5 & yi, 5 | yi, 5 ^ yi, xi << 2, xi >> 1, 1 << yi.abs().clamp(max=8),
                -x, +x, abs(x), ~xi, ~(x > 0))
    check(fn, a, b)


@given(a=array("float32", (3, 4)), b=array("float32", (4,)))
def test_python_inplace_operators(a, b):
    def fn(lib, x, y):
        z = x.clone()
        z += y
        z -= 1
        z *= y
        z /= 3
        w = (x * 4).long()
        w //= 3
        w %= 5
        w **= 2
        w &= 7
        w |= 8
        w ^= 3
        w <<= 1
        w >>= 2
        return z, w
    check(fn, a, b)


def test_inplace_refuses_results_the_target_cannot_hold():
    check(lambda lib, x: x.add_(1.5), np.ones(3, np.int64))
    check(lambda lib, x: x.div_(2), np.ones(3, np.int64))
    check(lambda lib, x: x.mul_(lib.ones(2, 3)), np.ones(3, np.float32))
    check(lambda lib, x: x.eq_(1) if hasattr(x, "eq_") else x, np.ones(3, np.float32))
    check(lambda lib, x: x.logical_and_(x), np.ones(3, np.float32))


def test_binary_argument_errors():
    check(lambda lib: lib.mul("a", 2))
    check(lambda lib, x: lib.maximum(x, 2), np.ones(3, np.float32))
    check(lambda lib, x: lib.isclose(x, x.double()), np.ones(3, np.float32))
    check(lambda lib, x: lib.heaviside(x, x.double()), np.ones(3, np.float32))
    check(lambda lib, x: lib.pow(x, -1), np.ones(3, np.int64))
    check(lambda lib, x: lib.add(x, x, alpha=1.5), np.ones(3, np.int64))
    check(lambda lib, x: lib.div(x, x, rounding_mode="bad"), np.ones(3, np.float32))
    check(lambda lib, x: lib.add(x, lib.ones(4)), np.ones(3, np.float32))


@given(data=st.data())
def test_isclose_arguments(data):
    dt = data.draw(st.sampled_from(REAL))
    sa, sb = data.draw(shape_pair())
    a, b = data.draw(array(dt, sa)), data.draw(array(dt, sb))
    rtol = data.draw(st.sampled_from([0.0, 1e-5, 0.1, -1.0]))
    atol = data.draw(st.sampled_from([0.0, 1e-8, 1.0]))
    equal_nan = data.draw(st.booleans())

    def fn(lib, x, y):
        x, y = to_dtype(lib, x, dt), to_dtype(lib, y, dt)
        return lib.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan), x.isclose(y, rtol, atol, equal_nan)
    check(fn, a, b)
