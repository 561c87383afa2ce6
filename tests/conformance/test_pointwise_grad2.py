"""Gradients of pointwise ops against torch, continued: in-place forms (on non-leaf tensors), Python
operators (reflected and augmented too), complex64 inputs (torch's conjugate convention), double backward
per family, grad_fn names, the derivatives torch records but does not implement (their backward raises),
and saved inputs changed in place."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import mindtorch
from oracle import check_grad, to_lib
from _gradutil import check_vjp

DTYPES = ["float32", "float64"]
NP_OF = {"float32": np.float32, "float64": np.float64}


def tol(dtype):
    return {"rtol": 2e-5, "atol": 1e-5} if dtype in ("float32", "complex64") else {"rtol": 1e-9, "atol": 1e-10}


@st.composite
def pair(draw, lo=0.25, hi=3.0, same_shape=False):
    """(dtype, a, b): b broadcasts to a's shape (in-place ops need that); positive values."""
    dtype = draw(st.sampled_from(DTYPES))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3))
    other = shape
    if not same_shape:  # a shape that broadcasts TO shape: a suffix of it, some sides 1
        suffix = shape[draw(st.integers(0, len(shape))):]
        other = tuple(1 if draw(st.booleans()) else n for n in suffix)
    elements = st.floats(lo, hi, width=32, allow_subnormal=False)
    return (dtype, draw(hnp.arrays(NP_OF[dtype], shape, elements=elements)),
            draw(hnp.arrays(NP_OF[dtype], other, elements=elements)))


# ---- in-place forms -------------------------------------------------------------------------------
# each runs on x * 1 (a non-leaf), so the engine snapshots the old value for the formula
INPLACE = [
    ("add_", lambda x, y: x.add_(y, alpha=2)), ("sub_", lambda x, y: x.sub_(y)), ("mul_", lambda x, y: x.mul_(y)),
    ("div_", lambda x, y: x.div_(y)), ("true_divide_", lambda x, y: x.true_divide_(y)),
    ("div_floor_", lambda x, y: x.div_(y, rounding_mode="floor")), ("pow_", lambda x, y: x.pow_(y)),
    ("pow_scalar_", lambda x, y: x.pow_(2.5)), ("float_power_", lambda x, y: x.double().float_power_(y)),
    ("fmod_", lambda x, y: x.fmod_(y)), ("remainder_", lambda x, y: x.remainder_(y)),
    ("copysign_", lambda x, y: x.copysign_(-y)), ("hypot_", lambda x, y: x.hypot_(y)), ("atan2_", lambda x, y: x.atan2_(y)),
    ("xlogy_", lambda x, y: x.xlogy_(y)), ("ldexp_", lambda x, y: x.ldexp_(y)),
    ("nextafter_", lambda x, y: x.nextafter_(y)),
    ("lerp_", lambda x, y: x.lerp_(y, 0.25)), ("addcmul_", lambda x, y: x.addcmul_(y, y, value=3)),
    ("addcdiv_", lambda x, y: x.addcdiv_(y, y + 1)), ("clamp_", lambda x, y: x.clamp_(0.5, 2.0)),
    ("clamp_tensor_", lambda x, y: x.clamp_(min=y)), ("clip_", lambda x, y: x.clip_(max=y)),
    ("clamp_min_", lambda x, y: x.clamp_min_(1.0)), ("clamp_max_", lambda x, y: x.clamp_max_(y)),
    ("exp_", lambda x, y: x.exp_() * y), ("sqrt_", lambda x, y: x.sqrt_() * y), ("log_", lambda x, y: x.log_() * y),
    ("sigmoid_", lambda x, y: x.sigmoid_() * y), ("tanh_", lambda x, y: x.tanh_() * y), ("abs_", lambda x, y: x.abs_() * y),
    ("neg_", lambda x, y: x.neg_() * y), ("reciprocal_", lambda x, y: x.reciprocal_() * y),
    ("rsqrt_", lambda x, y: x.rsqrt_() * y), ("sin_", lambda x, y: x.sin_() * y), ("square_", lambda x, y: x.square_() * y),
    ("logit_", lambda x, y: (x / 4).logit_(0.1) * y), ("round_", lambda x, y: x.round_() * y),
    ("floor_", lambda x, y: x.floor_() + y), ("frac_", lambda x, y: x.frac_() * y), ("sinc_", lambda x, y: x.sinc_() * y),
    ("nan_to_num_", lambda x, y: x.nan_to_num_() * y), ("polygamma_", lambda x, y: x.polygamma_(1) * y),
    ("mvlgamma_", lambda x, y: (x + 1).mvlgamma_(2) * y), ("erfinv_", lambda x, y: (x / 4).erfinv_() * y),
    ("absolute_", lambda x, y: x.absolute_() * y), ("arctan_", lambda x, y: x.arctan_() * y),
]


@pytest.mark.parametrize("name, op", INPLACE, ids=[i[0] for i in INPLACE])
@settings(max_examples=3)
@given(data=st.data())
def test_inplace_grad(name, op, data):
    dtype, a, b = data.draw(pair())
    loose = name in ("polygamma_", "mvlgamma_")  # MindSpore's Polygamma/Digamma: ~3e-5 relative
    check_grad(lambda lib, x, y: op(x * 1, y), a, b,
               **({"rtol": 1e-4, "atol": 1e-5} if loose else tol(dtype)))


def test_inplace_records_node_names():
    for lib in (torch, mindtorch):
        x = lib.ones(3, requires_grad=True)
        y = x * 1
        y.mul_(2)
        assert type(y.grad_fn).__name__ == "MulBackward0"
        y.exp_()
        assert type(y.grad_fn).__name__ == "ExpBackward0"


# ---- Python operators -------------------------------------------------------------------------------
OPERATORS = [
    ("add", lambda x, y: x + y), ("radd", lambda x, y: 2.5 + x * y), ("sub", lambda x, y: x - y),
    ("rsub", lambda x, y: 1.5 - x * y), ("mul", lambda x, y: x * y), ("rmul", lambda x, y: 3 * x + y),
    ("truediv", lambda x, y: x / y), ("rtruediv", lambda x, y: 2.0 / x + y), ("pow", lambda x, y: x ** y),
    ("pow_scalar", lambda x, y: x ** 2 * y), ("rpow", lambda x, y: 2.0 ** x * y), ("neg", lambda x, y: -x * y),
    ("abs", lambda x, y: abs(x - y)), ("mod", lambda x, y: x % y), ("pos", lambda x, y: +x * y),
    ("iadd", lambda x, y: _aug(x, y, "add")), ("isub", lambda x, y: _aug(x, y, "sub")),
    ("imul", lambda x, y: _aug(x, y, "mul")), ("itruediv", lambda x, y: _aug(x, y, "truediv")),
    ("ipow", lambda x, y: _aug(x, y, "pow")), ("imod", lambda x, y: _aug(x, y, "mod")),
]


def _aug(x, y, kind):
    z = x * 1
    if kind == "add":
        z += y
    elif kind == "sub":
        z -= y
    elif kind == "mul":
        z *= y
    elif kind == "truediv":
        z /= y
    elif kind == "pow":
        z **= y
    else:
        z %= y
    return z


@pytest.mark.parametrize("name, op", OPERATORS, ids=[o[0] for o in OPERATORS])
@settings(max_examples=4)
@given(data=st.data())
def test_operator_grad(name, op, data):
    dtype, a, b = data.draw(pair())
    check_grad(lambda lib, x, y: op(x, y), a, b, **tol(dtype))


# ---- complex ----------------------------------------------------------------------------------------
COMPLEX = [
    ("mul", lambda lib, x, y: x * y), ("div", lambda lib, x, y: x / y), ("add_alpha", lambda lib, x, y: lib.add(x, y, alpha=2j)),
    ("sub", lambda lib, x, y: x - y), ("abs", lambda lib, x, y: lib.abs(x) * y), ("exp", lambda lib, x, y: lib.exp(x) * y),
    ("sgn", lambda lib, x, y: lib.sgn(x) * y), ("angle", lambda lib, x, y: lib.angle(x) * y),
    ("real_imag", lambda lib, x, y: lib.real(x) * 2 + lib.imag(y) * 3), ("conj", lambda lib, x, y: lib.conj(x) * y + x * 0.5),
    ("conj_physical", lambda lib, x, y: lib.conj_physical(x) * y), ("sqrt", lambda lib, x, y: lib.sqrt(x)),
    ("log", lambda lib, x, y: lib.log(x)), ("sin", lambda lib, x, y: lib.sin(x)), ("tanh", lambda lib, x, y: lib.tanh(x)),
    ("sigmoid", lambda lib, x, y: lib.sigmoid(x)), ("pow_scalar", lambda lib, x, y: x ** 3),
    ("pow_tensor", lambda lib, x, y: x ** y), ("reciprocal", lambda lib, x, y: lib.reciprocal(x)),
    ("square", lambda lib, x, y: lib.square(x)), ("neg", lambda lib, x, y: -x),
    ("addcmul", lambda lib, x, y: lib.addcmul(x, x, y, value=0.5)), ("where", lambda lib, x, y: lib.where(lib.abs(x) > 1, x, y)),
    ("mul_real_scalar", lambda lib, x, y: x * 2.5), ("mul_complex_scalar", lambda lib, x, y: x * (1 - 2j)),
]


@pytest.mark.parametrize("name, fn", COMPLEX, ids=[c[0] for c in COMPLEX])
@settings(max_examples=3)
@given(data=st.data())
def test_complex64_grad(name, fn, data):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=3))
    parts = st.floats(-2, 2, width=32, allow_subnormal=False).filter(lambda v: abs(v) > 0.1)
    re, im, re2, im2 = (data.draw(hnp.arrays(np.float32, shape, elements=parts)) for _ in range(4))
    a, b = np.asarray(re + 1j * im, np.complex64), np.asarray(re2 + 1j * im2, np.complex64)

    def real_loss(lib, x, y):  # a real output (torch's loss must be real): both parts of a complex result
        r = fn(lib, x, y)
        return lib.real(r) + lib.imag(r) * 0.5 if r.dtype.is_complex else r
    check_grad(real_loss, a, b, grad_args=(0, 1), rtol=1e-4, atol=1e-5)


# ---- double backward ----------------------------------------------------------------------------------
# one op of each family through autograd.grad(create_graph=True) and a second backward; same shapes
# (the engine's broadcast reduction runs through reshape, whose formula is the shape family's)
DOUBLE = [
    ("arith", lambda lib, x, y: lib.add(x * y, x / y, alpha=2) - y ** 3 + lib.rsub(x, y) * x),
    ("pow", lambda lib, x, y: x ** y + x ** 2.5 + 1.5 ** y),
    ("float_power", lambda lib, x, y: lib.float_power(x, y)),
    ("exp_log", lambda lib, x, y: lib.exp(x) * lib.log(y) + lib.expm1(x) * lib.log1p(y) + lib.exp2(x) * lib.log2(y)),
    ("result_based", lambda lib, x, y: lib.sqrt(x) * lib.rsqrt(y) + lib.tanh(x) * lib.sigmoid(y) + lib.reciprocal(x * y)),
    ("trig", lambda lib, x, y: lib.sin(x) * lib.cos(y) + lib.tan(x / 4) + lib.atan(y) * lib.asin(x / 4)),
    ("hyperbolic", lambda lib, x, y: lib.sinh(x) * lib.cosh(y) + lib.asinh(x) * lib.acosh(y + 1) + lib.atanh(x / 4)),
    ("special", lambda lib, x, y: lib.erf(x) * lib.erfc(y) + lib.erfinv(x / 4) * y + lib.sinc(x) * y),
    ("abs_sign", lambda lib, x, y: lib.abs(x - y) * x + lib.sign(x - y) * y * y + lib.square(x)),
    ("binary", lambda lib, x, y: lib.atan2(x, y) * x + lib.hypot(x, y) * y + lib.xlogy(x, y) + lib.logaddexp(x, y) * x),
    ("extremes", lambda lib, x, y: lib.maximum(x, y) * x + lib.minimum(x, y) * y + lib.fmax(x, y) * lib.fmin(x, y)),
    ("clamp_where", lambda lib, x, y: lib.clamp(x, 0.5, 2.5) * x + lib.where(x > y, x * y, y * y)),
    ("lerp_addc", lambda lib, x, y: lib.lerp(x, y, y / 4) * x + lib.addcmul(x, x, y) * y + lib.addcdiv(x, x, y) * x),
    ("fmod_copysign", lambda lib, x, y: lib.fmod(x, y) * x + lib.copysign(x, -y) * x + lib.logit(x / 4) * y),
]


@pytest.mark.parametrize("name, fn", DOUBLE, ids=[d[0] for d in DOUBLE])
@settings(max_examples=2)
@given(data=st.data())
def test_double_backward(name, fn, data):
    dtype, a, b = data.draw(pair(same_shape=True))
    check_vjp(fn, a, b, double=True, **tol(dtype))


def test_softmax_double_backward():
    a = np.random.default_rng(0).standard_normal((3, 4))
    check_vjp(lambda lib, x: lib.softmax(x, 1) * x + lib.log_softmax(x, 0) * x, a, double=True,
              rtol=1e-9, atol=1e-10)


# ---- what torch cannot differentiate ---------------------------------------------------------------
@pytest.mark.parametrize("name, fn, error", [
    ("floor_divide", lambda lib, x: lib.floor_divide(x, 2.0), RuntimeError),
    ("floordiv_operator", lambda lib, x: x // 2, RuntimeError),
    ("remainder_scalar_self", lambda lib, x: lib.remainder(3.0, x), RuntimeError),
    ("heaviside", lambda lib, x: lib.heaviside(x, x), RuntimeError),
    ("asinh_", lambda lib, x: (x * 1).asinh_(), NotImplementedError),
    ("acosh_", lambda lib, x: (x + 1).acosh_(), NotImplementedError),
    ("atanh_", lambda lib, x: (x / 4).atanh_(), NotImplementedError),
])
def test_not_implemented_derivatives(name, fn, error):
    for lib in (torch, mindtorch):
        x = to_lib(lib, np.array([1.5, 2.5]), requires_grad=True)
        y = fn(lib, x)
        assert y.requires_grad
        with pytest.raises(error, match="derivative for"):
            y.sum().backward()


@pytest.mark.parametrize("fn", [lambda lib, x: lib.signbit(x), lambda lib, x: x > 1, lambda lib, x: lib.isnan(x),
                                lambda lib, x: lib.isclose(x, x), lambda lib, x: lib.positive(x)])
def test_outputs_without_grad_fn(fn):
    for lib in (torch, mindtorch):
        x = to_lib(lib, np.array([1.5, 2.5]), requires_grad=True)
        assert fn(lib, x).grad_fn is None


def test_grad_fn_names():
    names = {}
    for lib in (torch, mindtorch):
        x = to_lib(lib, np.array([1.5, 2.5]), requires_grad=True)
        outs = [x + 1, x * x, x / 2, x ** 2, lib.exp(x), lib.divide(x, x), lib.clip(x, 0, 1), lib.absolute(x),
                lib.maximum(x, x), lib.where(x > 2, x, x), lib.softmax(x, 0), lib.arcsin(x / 4), lib.sub(x, 1)]
        names[lib] = [type(o.grad_fn).__name__ for o in outs]
    # torch numbers the Scalar overloads (AddBackward1, DivBackward1, PowBackward0 vs 1): mindtorch keeps 0
    strip = [n.rstrip("0123456789") for n in names[torch]]
    assert [n.rstrip("0123456789") for n in names[mindtorch]] == strip


def test_saved_input_modified_in_place_raises():
    for lib in (torch, mindtorch):
        x = to_lib(lib, np.array([1.5, 2.5]), requires_grad=True)
        a = x * 1
        y = a.sin()
        a.add_(1)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()
    for lib in (torch, mindtorch):  # exp saves its output only: changing the input after is fine
        x = to_lib(lib, np.array([1.5, 2.5]), requires_grad=True)
        a = x * 1
        y = a.exp()
        a.add_(1)
        y.sum().backward()
        assert np.allclose(x.grad.numpy(), np.exp([1.5, 2.5]))


@pytest.mark.parametrize("dtype", DTYPES)
def test_special_xlog1py_grad(dtype):
    from mindtorch._ops.pointwise import special_xlog1py
    a = np.array([0.0, 0.0, 1.5, -2.0, 3.0], NP_OF[dtype])
    b = np.array([-1.0, 0.5, -0.5, 2.0, -1.5], NP_OF[dtype])

    def fn(lib, x, y):
        return lib.special.xlog1py(x, y) if lib is torch else special_xlog1py(x, y)
    check_grad(fn, a, b, **tol(dtype))
