"""Gradients of pointwise ops against torch: unary math (each on its domain), binary arithmetic with
broadcasting, Python scalars and 0-dim operands, the edge cases torch's formulas define (abs/sign at 0,
sqrt at 0, pow with 0 exponents and 0 bases, maximum/minimum ties, clamp at its bounds, where), float32
and float64. (In-place forms, Python operators, complex inputs, double backward and the derivatives
torch does not implement: test_pointwise_grad2.py.)"""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from oracle import check_grad

DTYPES = ["float32", "float64"]
NP_OF = {"float32": np.float32, "float64": np.float64}

# value ranges: where each op is differentiable (and torch's float32 answer is well conditioned)
DOMAINS = {"any": (-3.0, 3.0), "pos": (0.25, 3.0), "unit": (-0.875, 0.875), "gt1": (1.125, 3.0),
           "prob": (0.0625, 0.9375), "small": (-1.25, 1.25)}  # bounds exact in float32


def tol(dtype, loose=False):
    if loose:  # ops whose MindSpore kernels are themselves inexact (see the op's note)
        return {"rtol": 1e-4, "atol": 1e-5}
    return {"rtol": 2e-5, "atol": 1e-5} if dtype == "float32" else {"rtol": 1e-9, "atol": 1e-10}


@st.composite
def case(draw, domain="any", min_dims=0, max_dims=3, zeros=False):
    """(dtype, array) with values in `domain`; 0-dim and zero-size shapes included."""
    dtype = draw(st.sampled_from(DTYPES))
    lo, hi = DOMAINS[domain]
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=0, max_side=4))
    elements = st.floats(lo, hi, allow_nan=False, allow_subnormal=False, width=32)
    if zeros:
        elements = elements | st.just(0.0)
    return dtype, draw(hnp.arrays(NP_OF[dtype], shape, elements=elements))


@st.composite
def pair(draw, domains=("any", "any"), zeros=False, ints=False):
    """(dtype, a, b) with broadcastable shapes (0-dim among them); `ints` draws small integers (ties)."""
    dtype = draw(st.sampled_from(DTYPES))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3)).input_shapes
    out = []
    for shape, domain in zip(shapes, domains):
        lo, hi = DOMAINS[domain]
        elements = st.integers(int(np.ceil(lo)), int(hi)).map(float) if ints else st.floats(lo, hi, width=32, allow_subnormal=False)
        if zeros:
            elements = elements | st.just(0.0)
        out.append(draw(hnp.arrays(NP_OF[dtype], shape, elements=elements)))
    return (dtype, *out)


# ---- unary -----------------------------------------------------------------------------------------
# (name, fn, domain, loose tolerance)
UNARY = [
    ("neg", lambda lib, x: lib.neg(x), "any", False),
    ("negative", lambda lib, x: lib.negative(x), "any", False),
    ("abs", lambda lib, x: lib.abs(x), "any", False),
    ("absolute", lambda lib, x: lib.absolute(x), "any", False),
    ("sign", lambda lib, x: lib.sign(x) * x, "any", False),
    ("sgn", lambda lib, x: lib.sgn(x) + x, "any", False),
    ("sqrt", lambda lib, x: lib.sqrt(x), "pos", False),
    ("rsqrt", lambda lib, x: lib.rsqrt(x), "pos", False),
    ("square", lambda lib, x: lib.square(x), "any", False),
    ("exp", lambda lib, x: lib.exp(x), "any", False),
    ("exp2", lambda lib, x: lib.exp2(x), "any", False),
    ("expm1", lambda lib, x: lib.expm1(x), "any", False),
    ("log", lambda lib, x: lib.log(x), "pos", False),
    ("log2", lambda lib, x: lib.log2(x), "pos", False),
    ("log10", lambda lib, x: lib.log10(x), "pos", False),
    ("log1p", lambda lib, x: lib.log1p(x), "pos", False),
    ("reciprocal", lambda lib, x: lib.reciprocal(x), "pos", False),
    ("sin", lambda lib, x: lib.sin(x), "any", False),
    ("cos", lambda lib, x: lib.cos(x), "any", False),
    ("tan", lambda lib, x: lib.tan(x), "small", False),
    ("asin", lambda lib, x: lib.asin(x), "unit", False),
    ("arcsin", lambda lib, x: lib.arcsin(x), "unit", False),
    ("acos", lambda lib, x: lib.acos(x), "unit", False),
    ("atan", lambda lib, x: lib.atan(x), "any", False),
    ("sinh", lambda lib, x: lib.sinh(x), "any", False),
    ("cosh", lambda lib, x: lib.cosh(x), "any", False),
    ("tanh", lambda lib, x: lib.tanh(x), "any", False),
    ("asinh", lambda lib, x: lib.asinh(x), "any", False),
    ("acosh", lambda lib, x: lib.acosh(x), "gt1", False),
    ("atanh", lambda lib, x: lib.atanh(x), "unit", False),
    ("sigmoid", lambda lib, x: lib.sigmoid(x), "any", False),
    ("logit", lambda lib, x: lib.logit(x), "prob", False),
    ("logit_eps", lambda lib, x: lib.logit(x, eps=0.2), "prob", False),
    ("erf", lambda lib, x: lib.erf(x), "any", False),
    ("erfc", lambda lib, x: lib.erfc(x), "any", False),
    ("erfinv", lambda lib, x: lib.erfinv(x), "unit", False),
    # MindSpore's CPU Lgamma/Digamma/Polygamma differ from torch's by up to 3e-5 relative (float64 too)
    ("lgamma", lambda lib, x: lib.lgamma(x), "pos", True),
    ("digamma", lambda lib, x: lib.digamma(x), "pos", True),
    ("polygamma", lambda lib, x: lib.polygamma(2, x), "pos", True),
    ("polygamma_method", lambda lib, x: x.polygamma(1), "pos", True),
    ("mvlgamma", lambda lib, x: lib.mvlgamma(x + 1.5, 3), "pos", True),
    ("sinc", lambda lib, x: lib.sinc(x), "any", False),
    ("i0", lambda lib, x: lib.i0(x), "any", False),
    # MindSpore's Deg2Rad/Rad2Deg scale float64 by a float32 constant (3e-8 relative)
    ("deg2rad", lambda lib, x: lib.deg2rad(x), "any", True),
    ("rad2deg", lambda lib, x: lib.rad2deg(x), "any", True),
    ("frac", lambda lib, x: lib.frac(x), "any", False),
    ("trunc", lambda lib, x: lib.trunc(x) + x, "any", False),
    ("fix", lambda lib, x: lib.fix(x) + x, "any", False),
    ("floor", lambda lib, x: lib.floor(x) * x, "any", False),
    ("ceil", lambda lib, x: lib.ceil(x) * x, "any", False),
    ("round", lambda lib, x: lib.round(x) * x, "any", False),
    ("round_decimals", lambda lib, x: lib.round(x, decimals=1) * x, "any", False),
    ("angle", lambda lib, x: lib.angle(x) + x, "any", False),
    ("nan_to_num", lambda lib, x: lib.nan_to_num(x), "any", False),
    ("conj_physical", lambda lib, x: lib.conj_physical(x), "any", False),
    ("real", lambda lib, x: lib.real(x) * 2, "any", False),
    ("conj", lambda lib, x: lib.conj(x) * 2, "any", False),
    ("positive", lambda lib, x: lib.positive(x) * 2, "any", False),
]


@pytest.mark.parametrize("name, fn, domain, loose", UNARY, ids=[u[0] for u in UNARY])
@settings(max_examples=6)
@given(data=st.data())
def test_unary_grad(name, fn, domain, loose, data):
    dtype, a = data.draw(case(domain))
    check_grad(fn, a, **tol(dtype, loose))


@pytest.mark.parametrize("name, fn, values", [
    ("abs_at_0", lambda lib, x: lib.abs(x), [0.0, -0.0, 1.5, -2.0]),          # 0 at 0
    ("sqrt_at_0", lambda lib, x: lib.sqrt(x), [0.0, 4.0]),                      # inf at 0
    ("rsqrt_at_0", lambda lib, x: lib.rsqrt(x), [0.0, 4.0]),
    ("sinc_at_0", lambda lib, x: lib.sinc(x), [0.0, 0.5, -1.0]),                # 0 at 0
    ("log_at_0", lambda lib, x: lib.log(x), [0.0, 1.0]),
    ("logit_outside", lambda lib, x: lib.logit(x), [-0.5, 0.0, 0.3, 1.0, 1.5]),  # NaN outside [0, 1]
    ("logit_eps_bounds", lambda lib, x: lib.logit(x, 0.25), [0.1, 0.25, 0.5, 0.75, 0.9]),  # 0 past eps
    ("nan_to_num", lambda lib, x: lib.nan_to_num(x, nan=1.0, posinf=2.0), [np.nan, np.inf, -np.inf, 1.0]),
    ("sign_at_0", lambda lib, x: lib.sign(x) * x, [0.0, 1.0, -1.0]),
    ("copysign_at_0", lambda lib, x: lib.copysign(x, -1.0), [0.0, -0.0, 2.0]),
    ("angle", lambda lib, x: lib.angle(x) * x, [0.0, -1.0, 2.0, np.nan]),
    ("clamp_at_bounds", lambda lib, x: lib.clamp(x, -1.0, 1.0), [-1.0, 1.0, 0.0, 2.0, -2.0, np.nan]),
    ("clamp_min_at_bound", lambda lib, x: lib.clamp_min(x, 0.5), [0.5, 0.0, 1.0]),
    ("clamp_max_at_bound", lambda lib, x: lib.clamp_max(x, 0.5), [0.5, 0.0, 1.0]),
    ("clip_min_gt_max", lambda lib, x: lib.clip(x, 1.0, -1.0), [-2.0, 0.0, 2.0]),
    ("pow_0_exponent", lambda lib, x: lib.pow(x, 0), [0.0, 2.0]),
    ("pow_at_0", lambda lib, x: lib.pow(x, 0.5), [0.0, 2.0]),
    ("pow_2_at_0", lambda lib, x: x ** 2, [0.0, -3.0]),
    ("rpow_base_0", lambda lib, x: 0.0 ** x, [0.0, 1.0, 2.0]),          # 0 where the exponent >= 0
    ("rpow_negative_base", lambda lib, x: (-2.0) ** x, [2.0, 3.0]),     # NaN (log of a negative base)
    ("softmax_masked", lambda lib, x: lib.softmax(x, 0), [-np.inf, 0.0, 1.0]),
    ("log_softmax_0dim", lambda lib, x: lib.log_softmax(x, 0), 1.0),
    ("softmax_0dim", lambda lib, x: lib.softmax(x, -1), 2.0),
])
@pytest.mark.parametrize("dtype", DTYPES)
def test_unary_edges(name, fn, values, dtype):
    check_grad(fn, np.array(values, dtype=NP_OF[dtype]), **tol(dtype))


# ---- binary ----------------------------------------------------------------------------------------
BINARY = [
    ("add", lambda lib, x, y: lib.add(x, y), ("any", "any")),
    ("add_alpha", lambda lib, x, y: lib.add(x, y, alpha=2.5), ("any", "any")),
    ("sub_alpha", lambda lib, x, y: lib.sub(x, y, alpha=-1.5), ("any", "any")),
    ("subtract", lambda lib, x, y: lib.subtract(x, y), ("any", "any")),
    ("rsub", lambda lib, x, y: lib.rsub(x, y, alpha=2), ("any", "any")),
    ("mul", lambda lib, x, y: lib.mul(x, y), ("any", "any")),
    ("multiply", lambda lib, x, y: lib.multiply(x, y), ("any", "any")),
    ("div", lambda lib, x, y: lib.div(x, y), ("any", "pos")),
    ("divide", lambda lib, x, y: lib.divide(x, y), ("any", "pos")),
    ("true_divide", lambda lib, x, y: lib.true_divide(x, y), ("any", "pos")),
    ("div_floor", lambda lib, x, y: lib.div(x, y, rounding_mode="floor") * x, ("any", "pos")),
    ("div_trunc", lambda lib, x, y: lib.div(x, y, rounding_mode="trunc") * y, ("any", "pos")),
    ("pow", lambda lib, x, y: lib.pow(x, y), ("pos", "any")),
    ("float_power", lambda lib, x, y: lib.float_power(x, y), ("pos", "any")),
    ("fmod", lambda lib, x, y: lib.fmod(x, y), ("any", "pos")),
    ("remainder", lambda lib, x, y: lib.remainder(x, y), ("any", "pos")),
    ("copysign", lambda lib, x, y: lib.copysign(x, y), ("any", "any")),
    ("hypot", lambda lib, x, y: lib.hypot(x, y), ("pos", "any")),
    ("atan2", lambda lib, x, y: lib.atan2(x, y), ("pos", "any")),
    ("arctan2", lambda lib, x, y: lib.arctan2(x, y), ("any", "pos")),
    ("xlogy", lambda lib, x, y: lib.xlogy(x, y), ("any", "pos")),
    ("logaddexp", lambda lib, x, y: lib.logaddexp(x, y), ("any", "any")),
    ("logaddexp2", lambda lib, x, y: lib.logaddexp2(x, y), ("any", "any")),
    ("nextafter", lambda lib, x, y: lib.nextafter(x, y), ("any", "any")),
    ("where", lambda lib, x, y: lib.where(x > y, x, y), ("any", "any")),
    ("lerp", lambda lib, x, y: lib.lerp(x, y, 0.3), ("any", "any")),
    ("lerp_high", lambda lib, x, y: lib.lerp(x, y, 0.8), ("any", "any")),
    ("lerp_tensor", lambda lib, x, y: lib.lerp(x, y, y.sigmoid()), ("any", "any")),
    ("addcmul", lambda lib, x, y: lib.addcmul(x, y, x, value=0.5), ("any", "any")),
    ("addcdiv", lambda lib, x, y: lib.addcdiv(x, x, y, value=2), ("any", "pos")),
    ("addcdiv_1", lambda lib, x, y: lib.addcdiv(y, x, y), ("any", "pos")),
    ("clamp_tensors", lambda lib, x, y: lib.clamp(x, y - 1, y + 0.5), ("any", "any")),
    ("clamp_min_tensor", lambda lib, x, y: lib.clamp(x, min=y), ("any", "any")),
    ("clamp_max_tensor", lambda lib, x, y: lib.clamp_max(x, y), ("any", "any")),
    ("clamp_min_fn", lambda lib, x, y: lib.clamp_min(x, y), ("any", "any")),
]


@pytest.mark.parametrize("name, fn, domains", BINARY, ids=[b[0] for b in BINARY])
@settings(max_examples=6)
@given(data=st.data())
def test_binary_grad(name, fn, domains, data):
    dtype, a, b = data.draw(pair(domains))
    check_grad(fn, a, b, **tol(dtype))


@pytest.mark.parametrize("op", ["maximum", "minimum", "fmax", "fmin", "clamp"])
@settings(max_examples=8)
@given(data=st.data())
def test_ties_grad(op, data):
    """Integer values: ties are frequent (maximum/minimum split them 0.5/0.5; clamp's bounds pass)."""
    dtype, a, b = data.draw(pair(ints=True))
    if op == "clamp":
        check_grad(lambda lib, x, y: lib.clamp(x, y, y + 1), a, b, **tol(dtype))
    else:
        check_grad(lambda lib, x, y: getattr(lib, op)(x, y), a, b, **tol(dtype))


@pytest.mark.parametrize("op", ["maximum", "minimum", "fmax", "fmin"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_extremes_nan_grad(op, dtype):
    a = np.array([1.0, np.nan, np.nan, 2.0, 3.0], NP_OF[dtype])
    b = np.array([np.nan, 1.0, np.nan, 2.0, 1.0], NP_OF[dtype])
    check_grad(lambda lib, x, y: getattr(lib, op)(x, y), a, b, **tol(dtype))


@pytest.mark.parametrize("name, fn, a, b", [
    ("pow_zero_base", lambda lib, x, y: lib.pow(x, y), [0.0, 0.0, 0.0, 2.0], [0.0, 2.0, -1.0, 0.0]),
    ("xlogy_zero", lambda lib, x, y: lib.xlogy(x, y), [0.0, 0.0, 1.0, 2.0], [0.0, -1.0, 0.0, 3.0]),
    ("atan2_origin", lambda lib, x, y: lib.atan2(x, y), [0.0, 1.0], [0.0, 0.0]),
    ("hypot_origin", lambda lib, x, y: lib.hypot(x, y), [0.0, 3.0], [0.0, 4.0]),
    ("fmod_neg", lambda lib, x, y: lib.fmod(x, y), [-3.5, 3.5, -1.0], [2.0, -2.0, 0.3]),
    ("remainder_neg", lambda lib, x, y: lib.remainder(x, y), [-3.5, 3.5, -1.0], [2.0, -2.0, 0.3]),
    ("div_by_zero", lambda lib, x, y: x / y, [1.0, 0.0, -1.0], [0.0, 0.0, 2.0]),
    ("copysign_zero", lambda lib, x, y: lib.copysign(x, y), [0.0, 1.0, -2.0], [-1.0, -0.0, 3.0]),
    ("nextafter_equal", lambda lib, x, y: lib.nextafter(x, y), [1.0, 2.0], [1.0, 3.0]),
    ("logaddexp_inf", lambda lib, x, y: lib.logaddexp(x, y), [-np.inf, 1.0, 5.0], [-np.inf, np.inf, 5.0]),
    ("where_nan_branch", lambda lib, x, y: lib.where(x > 0, x, y.log()), [1.0, -1.0], [-1.0, 2.0]),
])
@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_edges(name, fn, a, b, dtype):
    check_grad(fn, np.array(a, NP_OF[dtype]), np.array(b, NP_OF[dtype]), **tol(dtype))


# ---- scalars and mixed dtypes --------------------------------------------------------------------------
SCALAR_OPS = [
    ("add_scalar", lambda lib, x: lib.add(x, 2.5, alpha=3)),
    ("sub_scalar", lambda lib, x: lib.sub(x, 2)),
    ("rsub_scalar", lambda lib, x: lib.rsub(x, 2.0)),
    ("mul_scalar", lambda lib, x: lib.mul(x, -1.5)),
    ("div_scalar", lambda lib, x: lib.div(x, 4)),
    ("pow_scalar", lambda lib, x: lib.pow(x, 3)),
    ("pow_half", lambda lib, x: lib.pow(x.abs() + 0.5, 0.5)),
    ("pow_one", lambda lib, x: lib.pow(x, 1)),
    ("pow_scalar_base", lambda lib, x: lib.pow(2.0, x)),
    ("float_power_scalar", lambda lib, x: lib.float_power(x, 2)),
    ("float_power_scalar_base", lambda lib, x: lib.float_power(1.5, x)),
    ("fmod_scalar", lambda lib, x: lib.fmod(x, 0.75)),
    ("remainder_scalar", lambda lib, x: lib.remainder(x, 0.75)),
    ("xlogy_scalar_self", lambda lib, x: lib.xlogy(2.0, x.abs() + 0.5)),
    ("xlogy_scalar_other", lambda lib, x: lib.xlogy(x, 3.0)),
    ("where_scalar", lambda lib, x: lib.where(x > 0, x, 0.0)),
    ("where_scalar_first", lambda lib, x: lib.where(x > 0, 1.0, x)),
    ("clamp_scalar", lambda lib, x: lib.clamp(x, min=-0.5)),
    ("mixed_dtypes", lambda lib, x: x * x.double()),
    ("int_other", lambda lib, x: x * lib.arange(x.shape[-1] if x.dim() else 1)),
    ("softmax", lambda lib, x: lib.softmax(x, -1)),
    ("softmax_dtype", lambda lib, x: lib.softmax(x, 0, dtype=lib.float64)),
    ("log_softmax", lambda lib, x: lib.log_softmax(x, 0)),
    ("log_softmax_method", lambda lib, x: x.log_softmax(-1)),
]


@pytest.mark.parametrize("name, fn", SCALAR_OPS, ids=[s[0] for s in SCALAR_OPS])
@settings(max_examples=6)
@given(data=st.data())
def test_scalar_operand_grad(name, fn, data):
    dtype, a = data.draw(case("any"))
    check_grad(fn, a, **tol(dtype))
