"""Pointwise ops: unary and binary math, comparisons, logical and bitwise ops, clamp/where/lerp/addcmul,
softmax, and the Python operators that map onto them.

Every op has one entry: torch's argument checks and result type (`_unary`, `_binary`), the kernel of the
operands' device from the registry, then `out=` or the in-place write. Kernels take MindSpore values
already cast to the dtype the op computes in; Python numbers reach them as Python scalars where the
MindSpore op takes those (`scalars=True`), else as 0-dim values.

MindSpore's CPU kernels have dtype holes (probed on 2.10, CPU): most unary math has no bfloat16 kernel,
several ops lack int8/int16/uint8/bool/float16 ones. `_cpu_widen` registers a CPU kernel that computes such
dtypes in a wider one (bfloat16/float16 -> float32, as torch's CPU kernels accumulate in float32; small
ints -> int32) and rounds back. Where MindSpore's semantics differ from torch (NaN in maximum/minimum/clamp,
-0.0 in signbit, shifts past the bit width, int64 pow overflow), the kernel is a composite that gives
torch's answer. Small CPU tensors of a few slow ops (mul, true division, comparisons) go through NumPy on
the host, which measured 3-4x faster than MindSpore's CPU kernels there (mul 4x4: 16 us vs 55 us).
"""
import builtins
import inspect
import math

import mindspore as ms
import numpy as np
from mindspore import ops

from .. import _dtype as D
from .._tensor import Tensor
from .common import broadcast_shapes, cast, check_inplace_dtype, device_of, finish, result_type, write_inplace
from .cpu import _bf16_bits_to_f32, _f32_to_bf16_bits
from .registry import OPS, TABLES, defop, kernel
from .._runtime import HOST_KERNELS  # False while MindSpore differentiates: no NumPy shortcuts

PROMOTE, TO_FLOAT, TO_BOOL = "promote", "float", "bool"
_NUMBER = (builtins.int, builtins.float, builtins.complex, builtins.bool)

BF16, F16, F32, F64 = ms.bfloat16, ms.float16, ms.float32, ms.float64
I8, I16, I32, I64, U8, BOOL = ms.int8, ms.int16, ms.int32, ms.int64, ms.uint8, ms.bool_
C64, C128 = ms.complex64, ms.complex128
_FLOATS = frozenset((F16, F32, F64))
_FLOAT_COMPLEX = frozenset((F16, F32, F64, C64, C128))
_INTS = frozenset((I8, I16, I32, I64, U8))
_ALL_BUT_BF16 = frozenset((F16, F32, F64, I8, I16, I32, I64, U8, BOOL, C64, C128))
_WIDER = {BF16: F32, F16: F32, I8: I32, I16: I32, U8: I32, BOOL: I32}
_NP_DTYPES = frozenset((BOOL, U8, I8, I16, I32, I64, F16, F32, F64, C64, C128))
_HOST_LIMIT = 1 << 16


# ---- kernel helpers --------------------------------------------------------------------------------
def _cpu_cast(value, ms_dtype):
    return value if value.dtype == ms_dtype else TABLES["cpu"]["cast"](value, ms_dtype)


def _dtype_of(args):
    for a in args:
        if isinstance(a, ms.Tensor):
            return a.dtype
    return None


def _cpu_widen_fn(fn, native, wider=_WIDER, back=True):
    """`fn` on the dtypes MindSpore's CPU has a kernel for (`native`, measured); others computed in a
    wider dtype and (`back`) cast back to their own."""
    def run(*args):
        dt = _dtype_of(args)
        if dt in native:
            return fn(*args)
        w = wider.get(dt)
        if w is None:
            return fn(*args)  # MindSpore's error becomes NotImplementedError naming the op and dtype
        r = fn(*[_cpu_cast(a, w) if isinstance(a, ms.Tensor) and a.dtype == dt else a for a in args])
        return _cpu_cast(r, dt) if back and r.dtype == w else r
    return run


def _cpu_widen(name, fn, native, wider=_WIDER, back=True):
    """Register `_cpu_widen_fn(fn, ...)` as `name`'s CPU kernel."""
    run = _cpu_widen_fn(fn, native, wider, back)
    kernel(name, "cpu")(run)
    return run


def _to_ms(arr):
    """A host result as a MindSpore value (a fresh array: safe to share; 0-d stays 0-d)."""
    arr = np.asarray(arr)
    if not arr.flags.c_contiguous:
        arr = np.ascontiguousarray(arr).reshape(arr.shape)
    return ms.from_numpy(arr)


def _np_value(x):
    """A value on the host as NumPy (bfloat16 as float32: its bits are float32's upper half)."""
    if isinstance(x, ms.Tensor):
        if x.dtype == BF16:
            return _bf16_bits_to_f32(x.view(I16).asnumpy())
        return x.asnumpy()
    return x


def _hostable(a, b):
    """Both operands small CPU values of NumPy dtypes or bfloat16 (or scalars): worth the host round trip."""
    if not HOST_KERNELS[0]:
        return False
    for x in (a, b):
        if isinstance(x, ms.Tensor) and ((x.dtype not in _NP_DTYPES and x.dtype != BF16) or x.size > _HOST_LIMIT):
            return False
    return True


def _np_scalar(x, dtype):
    """A Python number as a NumPy value of `dtype` (out-of-range ints wrap, as torch's casts do)."""
    return x if isinstance(x, np.ndarray) else np.asarray(x).astype(dtype)


def _host_binary(np_fn, ms_fn):
    """CPU kernel: NumPy on the host for small tensors, else the MindSpore kernel."""
    def run(a, b):
        if _hostable(a, b):
            an, bn = _np_value(a), _np_value(b)
            dt = an.dtype if isinstance(an, np.ndarray) else bn.dtype
            with np.errstate(all="ignore"):
                r = np.asarray(np_fn(_np_scalar(an, dt), _np_scalar(bn, dt)))
            if _dtype_of((a, b)) == BF16 and r.dtype == np.float32:
                return ms.from_numpy(_f32_to_bf16_bits(r)).view(BF16)
            return _to_ms(r)
        return ms_fn(a, b)
    return run


def _full_bool(v, fill):
    # by shape: OnesLike/ZerosLike select their kernel by the input's dtype, and have none for bfloat16
    return ops.ones(v.shape, BOOL) if fill else ops.zeros(v.shape, BOOL)


# ---- derivatives: shared pieces -------------------------------------------------------------------
# Formulas (torch's derivatives.yaml is the spec) are written in mindtorch ops: Tensor methods, operators
# and OPS entries looked up at call time, so they run on every device and differentiate again. A formula
# reads `input` (and the op's other parameters by name); in-place entries take `self`, and `_inplace`
# renames. Complex gradients follow torch's convention (grad times the conjugate derivative).
def _op(name):
    return OPS[name].fn


def _cj(x):
    """The conjugate of a complex tensor or number; anything else as it is."""
    if isinstance(x, Tensor):
        return _op("conj")(x) if x._dtype.is_complex else x
    return x.conjugate() if isinstance(x, builtins.complex) else x


def _needs(x):
    return isinstance(x, Tensor) and x._requires_grad


def _zeros(g):
    return _op("zeros_like")(g)


def _inplace(formula):
    """`formula` for the in-place entry `name_(self, ...)`: its `input` (or `input_shape`) arrives as `self`
    (and `needs_grad` names it `self`)."""
    sig = inspect.signature(formula)
    renamed = {n: "self" + n[5:] for n in sig.parameters if n == "input" or n == "input_shape"}
    reads_needs = "needs_grad" in sig.parameters
    if not renamed and not reads_needs:
        return formula

    def run(grad, **kwargs):
        for old, new in renamed.items():
            kwargs[old] = kwargs.pop(new)
        if reads_needs:
            kwargs["needs_grad"] = frozenset("input" if n == "self" else n for n in kwargs["needs_grad"])
        return formula(grad, **kwargs)
    run.__signature__ = sig.replace(parameters=[p.replace(name=renamed.get(p.name, p.name))
                                                for p in sig.parameters.values()])
    run.__name__ = formula.__name__ + "_inplace"
    return run


def _alias(name, target, namespace=True, method=True):
    """Register `name` as another name of the recorded op `target` (one node class, torch's grad_fn name)."""
    op = OPS[target]
    defop(name, namespace=namespace, method=method)(op.fn)
    OPS[name].backward = op.backward


def _not_implemented(message, error=RuntimeError):
    """A formula for an op torch records but cannot differentiate: backward raises torch's error."""
    def run(grad):
        raise error(message)
    return run


# ---- entries ---------------------------------------------------------------------------------------
_TYPE_NAME = D.scalar_type_name


def _unsupported(name, dtype):
    return NotImplementedError(f'"{name}_cpu" not implemented for \'{_TYPE_NAME(dtype)}\'')


def _check_tensor(name, x, arg="input"):
    if not isinstance(x, Tensor):
        position = 1 if arg in ("input", "self") else 2
        raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, not {type(x).__name__}")


def _unary(name, input, rule=PROMOTE, out=None, inplace=False, kinds=None, args=(), exact_out=True):
    """Run unary op `name`: `kinds` are the dtype kinds torch accepts (0 bool, 1 int, 2 float, 3 complex);
    TO_FLOAT computes integer and bool inputs in the default float dtype; TO_BOOL gives bool. torch's
    dtype-keeping ops want `out=` of exactly the result dtype (`exact_out`); float ops cast into any."""
    if not isinstance(input, Tensor):
        _check_tensor(name, input)
    dt = input._dtype
    if kinds is not None and dt._kind not in kinds:
        raise _unsupported(name, dt)
    dev = input._device
    value = input._ms
    if rule is TO_BOOL:
        res = D.bool
    elif rule is TO_FLOAT and dt._kind < 2:
        res = D.get_default_dtype()
        value = cast(value, res, dev)
    else:
        res = dt
    if out is not None and exact_out and rule is not TO_FLOAT and isinstance(out, Tensor) and out._dtype is not res:
        raise RuntimeError(f"Found dtype {_TYPE_NAME(out._dtype)} but expected {_TYPE_NAME(res)}")
    if 0 in input._shape:  # several MindSpore kernels reject empty inputs
        return _empty_result(input, input._shape, res, out, inplace)
    if inplace:
        check_inplace_dtype(res, input)
        return write_inplace(input, TABLES[dev.type][name](value, *args), res)
    return finish(TABLES[dev.type][name](value, *args), dev, out)


def _empty_value(shape, dtype):
    if dtype._np is not None:
        return ms.Tensor(np.zeros(shape, dtype._np))
    return ops.zeros(shape, dtype._ms)


def _empty_result(input, shape, res, out, inplace):
    if inplace:
        check_inplace_dtype(res, input)
        return input
    return finish(_empty_value(shape, res), input._device, out)


def _declare_unary(name, fn, rule=PROMOTE, aliases=(), inplace=True, kinds=None, cpu_native=None, cpu_back=True,
                   exact_out=True, has_out=True, backward=None, inplace_backward=None):
    """Declare unary op `name` (torch.name, Tensor.name, Tensor.name_ and `out=`) with kernel `fn`;
    `cpu_native` lists the dtypes MindSpore's CPU kernel has (others computed wider); `backward` its
    formula over (grad, input/result), `inplace_backward` the in-place form's where it differs."""
    kernel(name)(fn)
    if cpu_native is not None:
        _cpu_widen(name, fn, cpu_native, back=cpu_back)

    if has_out:
        def entry(input, *, out=None):
            return _unary(name, input, rule, out, False, kinds, exact_out=exact_out)
    else:
        def entry(input):
            return _unary(name, input, rule, None, False, kinds)
    entry.__name__ = name
    recorded = defop(name, backward=backward)(entry)
    for n in aliases:
        _alias(n, name)
    if inplace:
        def entry_(self):
            return _unary(name, self, rule, None, True, kinds)
        entry_.__name__ = name + "_"
        formula_ = inplace_backward or (_inplace(backward) if backward is not None else None)
        recorded_ = defop(name + "_", namespace=False, backward=formula_)(entry_)
        for n in aliases:
            _alias(n + "_", name + "_", namespace=False)
    return recorded


def _operand(x, dtype, dev, scalars):
    """An operand as the kernels take it: a value of `dtype` for tensors; for numbers a Python scalar of
    the dtype's kind (`scalars`) or a 0-dim value of `dtype`."""
    if isinstance(x, Tensor):
        v = x._ms
        return v if v.dtype == dtype._ms else cast(v, dtype, dev)
    if scalars and dtype._kind < 3:
        if dtype._kind == 2:
            if dtype is D.float64:  # MindSpore rounds a Python float to float32 (x + 0.1 was 1.1000000015)
                return ms.Tensor(np.float64(x))
            return builtins.float(x)
        if dtype is D.bool:
            return builtins.bool(x)
        return builtins.int(x)
    if dtype._np is None:
        return cast(ms.Tensor(np.asarray(x, dtype=np.float32)), dtype, dev)
    return ms.Tensor(np.asarray(x).astype(dtype._np))


def _promoted(a, b):
    if type(a) is Tensor and type(b) is Tensor and a._dtype is b._dtype and a._shape and b._shape:
        return a._dtype
    return result_type(a, b)


def _has_zero(x):
    return isinstance(x, Tensor) and 0 in x._shape


# the ops whose Python number `input` torch turns into a 0-dim tensor (torch.add(1, 2) -> tensor(3)); others refuse
_NUMBERS_AS_TENSORS = frozenset(["add", "sub", "mul", "div", "trunc_divide", "floor_divide"])


def _binary(name, a, b, rule=PROMOTE, out=None, inplace=False, kinds=None, scalars=True, args=(), dtype=None):
    """Run binary op `name` on tensor/scalar operands by torch's rules: result type over both (or
    `dtype`), `kinds` of it torch accepts, the broadcast check, the kernel, then `out=` or in-place."""
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        if name not in _NUMBERS_AS_TENSORS or inplace or not isinstance(a, (builtins.int, builtins.float, builtins.bool, builtins.complex)):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(a).__name__}")
        from .creation import tensor as _tensor  # torch.add(1, 2): torch wraps a number input as a 0-dim tensor
        a = _tensor(a)
    promoted = dtype or _promoted(a, b)
    if kinds is not None and promoted._kind not in kinds:
        raise _unsupported(name, promoted)
    compute = D.get_default_dtype() if rule is TO_FLOAT and promoted._kind < 2 else promoted
    dev = device_of(a, b)
    if isinstance(a, Tensor) and isinstance(b, Tensor) and a._shape != b._shape:
        shape = broadcast_shapes(a._shape, b._shape)
        if inplace and shape != a._shape:
            raise RuntimeError(f"output with shape {list(a._shape)} doesn't match the broadcast shape {list(shape)}")
    else:
        shape = None
    res = D.bool if rule is TO_BOOL else compute
    if inplace:
        check_inplace_dtype(res, a)
    if _has_zero(a) or _has_zero(b):
        if shape is None:
            shape = (a if isinstance(a, Tensor) and (not isinstance(b, Tensor) or a._shape) else b)._shape
        return _empty_result(a if isinstance(a, Tensor) else b, shape, res, out, inplace)  # b: number - tensor
    value = TABLES[dev.type][name](_operand(a, compute, dev, scalars), _operand(b, compute, dev, scalars), *args)
    if inplace:
        return write_inplace(a, value, res)
    return finish(value, dev, out)


def _declare_binary(name, fn, rule=PROMOTE, aliases=(), inplace=True, kinds=None, scalars=True, cpu=None,
                    cpu_native=None, tensor_other=False, scalar_self=False, backward=None):
    """Declare binary op `name` with kernel `fn`; `cpu` is a CPU kernel of its own, `cpu_native` the
    dtypes MindSpore's CPU kernel has (others computed wider); `tensor_other`: torch takes no number;
    `backward` its formula over (grad, input, other, result)."""
    kernel(name)(fn)
    if cpu is not None:
        kernel(name, "cpu")(cpu)
    elif cpu_native is not None:
        _cpu_widen(name, fn, cpu_native)

    def entry(input, other, *, out=None):
        if not scalar_self:
            _check_tensor(name, input)
        if tensor_other:
            _check_tensor(name, other, "other")
        return _binary(name, input, other, rule, out, False, kinds, scalars)
    entry.__name__ = name
    recorded = defop(name, backward=backward)(entry)
    for n in aliases:
        _alias(n, name)
    if inplace:
        def entry_(self, other):
            if tensor_other:
                _check_tensor(name, other, "other")
            return _binary(name, self, other, rule, None, True, kinds, scalars)
        entry_.__name__ = name + "_"
        recorded_ = defop(name + "_", namespace=False,
                          backward=_inplace(backward) if backward is not None else None)(entry_)
        for n in aliases:
            _alias(n + "_", name + "_", namespace=False)
    return recorded


def _nan_where(*values_and_result):
    """The last value, with NaN wherever one of the first values (floats) is NaN, as torch propagates."""
    *inputs, r = values_and_result
    for v in inputs:
        if isinstance(v, ms.Tensor) and v.dtype in (F16, F32, F64, BF16):
            r = ops.where(ops.isnan(v), v, r) if r.shape == v.shape else ops.where(
                ops.isnan(v), ops.broadcast_to(v, r.shape), r)
    return r


# =====================================================================================================
# Unary math
# =====================================================================================================
_NUM = (1, 2, 3)         # torch rejects bool
_REAL = (0, 1, 2)        # torch rejects complex
_REAL_NUM = (1, 2)       # neither bool nor complex
_FLOAT_ONLY = (2,)


@kernel("abs")
def _abs(v):
    if v.dtype in (C64, C128):
        return ops.ComplexAbs()(v)
    return ops.abs(v)


_cpu_widen("abs", _abs, _ALL_BUT_BF16)


def _abs_backward(grad, input):
    return grad * input.sgn()


@defop(backward=_abs_backward)
def abs(input, *, out=None):
    _check_tensor("abs", input)
    return _unary("abs", input, out=out, kinds=_NUM) if not input._dtype.is_complex else _complex_to_real(
        "abs", input, out)


def _complex_to_real(name, input, out):
    if 0 in input._shape:
        real_dtype = input._dtype.to_real() if name != "conj" else input._dtype
        return finish(_empty_value(input._shape, real_dtype), input._device, out)
    return finish(TABLES[input._device.type][name](input._ms), input._device, out)


@defop(namespace=False, backward=_inplace(_abs_backward))
def abs_(self):
    if self._dtype.is_complex:
        raise RuntimeError("In-place abs is not supported for complex tensors.")
    return _unary("abs", self, inplace=True, kinds=_NUM)


_alias("absolute", "abs")
_alias("absolute_", "abs_", namespace=False)

def _neg_backward(grad):
    return -grad


neg = _declare_unary("neg", ops.neg, aliases=("negative",), kinds=_NUM, backward=_neg_backward)


@defop()
def positive(input):
    _check_tensor("positive", input)
    if input._dtype is D.bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def _sign(v):
    return v if v.dtype == BOOL else ops.sign(v)


def _zero_backward(grad):
    return _zeros(grad)


sign = _declare_unary("sign", _sign, kinds=_REAL, cpu_native=frozenset((F16, F32, F64, I32, I64, BOOL)),
                      backward=_zero_backward)


def _sgn(v):
    if v.dtype in (C64, C128):
        return ops.sgn(v)
    return _sign(v)


def _sgn_backward(grad, input, result):
    if not input._dtype.is_complex:
        return _zeros(grad)
    # z / |z| is not holomorphic: (grad - sgn * Re(grad * conj(sgn))) / |z|, and 0 at z = 0
    mag = input.abs()
    g = (grad - result * (grad * result.conj()).real) / mag
    return _op("where")(mag == 0, 0, g)


sgn = _declare_unary("sgn", _sgn, cpu_native=frozenset((F16, F32, F64, I32, I64, BOOL, C64, C128)),
                     backward=_sgn_backward)

_BITS_AS_INT = {F16: I16, BF16: I16, F32: I32, F64: I64}


@kernel("signbit")
def _signbit(v):
    # MindSpore's SignBit answers False for -0.0; the sign bit itself is read here, as torch does.
    as_int = _BITS_AS_INT.get(v.dtype)
    if as_int is not None:
        return ops.less(v.view(as_int), 0)
    if v.dtype == BOOL:
        return _full_bool(v, False)
    return ops.less(v, 0)


@defop()
def signbit(input, *, out=None):
    return _unary("signbit", input, TO_BOOL, out, kinds=_REAL)


def _rsqrt_of(x):
    return _op("rsqrt")(x)


def _sinc_backward(grad, input):
    px = input * math.pi
    denominator = px * input
    d = (px * px.cos() - px.sin()) / denominator
    return _op("where")(denominator == 0, 0, grad * _cj(d))  # 0 where pi x^2 underflows, as torch


def _i1(x):
    # d/dx i0 = i1; MindSpore's BesselI1 (not recorded: i0 differentiates once)
    return Tensor._make(ops.bessel_i1(x._ms), x._device)


def _acosh_backward(grad, input):
    if input._dtype.is_complex:
        return grad * _cj(_rsqrt_of(input + 1) * _rsqrt_of(input - 1))
    return grad * _rsqrt_of(input * input - 1)


_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_FLOAT_MATH_BACKWARD = {
    "sqrt": lambda grad, result: grad / (2 * _cj(result)),
    "rsqrt": lambda grad, result: -0.5 * grad * _cj(result * result * result),
    "exp2": lambda grad, result: grad * _cj(result) * _LN2,
    "sin": lambda grad, input: grad * _cj(input.cos()),
    "cos": lambda grad, input: grad * -_cj(input.sin()),
    "tan": lambda grad, result: grad * _cj(1 + result * result),
    "asin": lambda grad, input: grad * _cj(_rsqrt_of(1 - input * input)),
    "acos": lambda grad, input: grad * -_cj(_rsqrt_of(1 - input * input)),
    "atan": lambda grad, input: grad / _cj(input * input + 1),
    "sinh": lambda grad, input: grad * _cj(input.cosh()),
    "cosh": lambda grad, input: grad * _cj(input.sinh()),
    "asinh": lambda grad, input: grad * _cj(_rsqrt_of(input * input + 1)),
    "acosh": _acosh_backward,
    "atanh": lambda grad, input: grad / _cj(1 - input * input),
    "reciprocal": lambda grad, result: -grad * _cj(result * result),
    "sinc": _sinc_backward,
    "erf": lambda grad, input: grad * (_TWO_OVER_SQRT_PI * (-(input * input)).exp()),
    "erfc": lambda grad, input: grad * (-_TWO_OVER_SQRT_PI * (-(input * input)).exp()),
    "lgamma": lambda grad, input: grad * input.digamma(),
    "digamma": lambda grad, input: grad * _op("polygamma")(1, input),
    "i0": lambda grad, input: grad * _i1(input),
    "deg2rad": lambda grad: grad * (math.pi / 180.0),
    "rad2deg": lambda grad: grad * (180.0 / math.pi),
}
# torch records these in-place forms but has no derivative for them
_FLOAT_MATH_INPLACE_BACKWARD = {
    n: _not_implemented(f"the derivative for 'inplace version of {n}' is not implemented.", NotImplementedError)
    for n in ("asinh", "acosh", "atanh")}


# Float math: int and bool inputs compute in the default float dtype. MindSpore's CPU kernels cover
# float16/32/64 and complex64 for these; bfloat16 is computed in float32.
for _name, _fn, _aliases, _kinds in (
        ("sqrt", ops.sqrt, (), None), ("rsqrt", ops.rsqrt, (), None), ("exp2", ops.exp2, (), None),
        ("sin", ops.sin, (), None), ("cos", ops.cos, (), None), ("tan", ops.tan, (), None),
        ("asin", ops.asin, ("arcsin",), None), ("acos", ops.acos, ("arccos",), None),
        ("atan", ops.atan, ("arctan",), None), ("sinh", ops.sinh, (), None), ("cosh", ops.cosh, (), None),
        ("asinh", ops.asinh, ("arcsinh",), None), ("acosh", ops.acosh, ("arccosh",), None),
        ("atanh", ops.atanh, ("arctanh",), None), ("reciprocal", ops.reciprocal, (), None),
        ("sinc", ops.sinc, (), None), ("erf", ops.erf, (), _REAL), ("erfc", ops.erfc, (), _REAL),
        ("lgamma", ops.lgamma, (), _REAL), ("digamma", ops.digamma, (), _REAL), ("i0", ops.i0, (), _REAL),
        ("deg2rad", ops.deg2rad, (), _REAL), ("rad2deg", ops.rad2deg, (), _REAL)):
    # float16 computes in float32, as torch's CPU kernels do (MindSpore's half kernels round in half:
    # deg2rad(17) came out 0.296875 for 0.29663)
    globals()[_name] = _declare_unary(_name, _fn, TO_FLOAT, _aliases, kinds=_kinds,
                                      cpu_native=frozenset((F32, F64, C64, C128)) if _kinds is None else
                                      frozenset((F32, F64)), backward=_FLOAT_MATH_BACKWARD[_name],
                                      inplace_backward=_FLOAT_MATH_INPLACE_BACKWARD.get(_name))


def _erfinv(y):
    """erfinv: M. Giles' single-precision approximation, then Newton steps on erf. (MindSpore's Erfinv is off
    by up to 30% in the tails on CPU, e.g. erfinv(-0.999999) = -2.436 for -3.459.)"""
    w = ops.neg(ops.log(ops.mul(ops.sub(1.0, y), ops.add(1.0, y))))
    wc = ops.sub(w, 2.5)
    p = ops.full_like(y, 2.81022636e-08)
    for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503, -0.00417768164,
              0.246640727, 1.50140941):
        p = ops.add(ops.mul(p, wc), c)
    wt = ops.sub(ops.sqrt(w), 3.0)
    q = ops.full_like(y, -0.000200214257)
    for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047,
              1.00167406, 2.83297682):
        q = ops.add(ops.mul(q, wt), c)
    x = ops.mul(ops.where(ops.less(w, 5.0), p, q), y)
    finite = ops.less(ops.abs(y), 1.0)
    for _ in range(2):
        step = ops.div(ops.sub(ops.erf(x), y), ops.mul(ops.exp(ops.neg(ops.square(x))), 2.0 / math.sqrt(math.pi)))
        x = ops.where(finite, ops.sub(x, step), x)
    edge = ops.where(ops.equal(ops.abs(y), 1.0), ops.mul(y, math.inf), ops.full_like(y, math.nan))
    return ops.where(finite, x, ops.where(ops.isnan(y), y, edge))


# MindSpore's CPU float32 kernels of these are far less accurate than torch's (measured worst relative error
# over [-100, 100]: exp 2e-5, expm1 1.3e-4, log/log2/log10 3.6e-4, log1p 1.5e-4, tanh 1e-4, sigmoid 1.8e-5;
# float16 expm1/log1p 0.33) while their float64 kernels match torch's to 1e-16: every float dtype computes
# in float64 on CPU and rounds back.
# Small tensors compute with NumPy on the host instead (accurate, and 4-10x faster than the casts).
_WIDER64 = {F32: F64, F16: F64, BF16: F64, I8: I32, I16: I32, U8: I32, BOOL: I32}


def _np_sigmoid(x):
    return (1.0 / (1.0 + np.exp(-x.astype(np.float64)))).astype(x.dtype)


def _host_unary(np_fn, ms_fn):
    """CPU kernel: NumPy on the host for small float tensors (bfloat16 through float32), else `ms_fn`."""
    def run(v):
        dt = v.dtype
        if HOST_KERNELS[0] and v.size <= _HOST_LIMIT and (dt in _FLOATS or dt == BF16):
            with np.errstate(all="ignore"):
                r = np.asarray(np_fn(_np_value(v)))
            if dt == BF16:
                return ms.from_numpy(_f32_to_bf16_bits(r)).view(BF16)
            return _to_ms(r)
        return ms_fn(v)
    return run


_LN2, _LN10 = math.log(2.0), math.log(10.0)
_UNARY_BACKWARD = {
    "exp": lambda grad, result: grad * _cj(result),
    "expm1": lambda grad, result: grad * (_cj(result) + 1),
    "log": lambda grad, input: grad / _cj(input),
    "log2": lambda grad, input: grad / (_cj(input) * _LN2),
    "log10": lambda grad, input: grad / (_cj(input) * _LN10),
    "log1p": lambda grad, input: grad / (_cj(input) + 1),
    "tanh": lambda grad, result: grad * _cj(1 - result * result),
    "sigmoid": lambda grad, result: grad * _cj((1 - result) * result),
    "erfinv": lambda grad, result: grad * ((0.5 * math.sqrt(math.pi)) * (result * result).exp()),
}

for _name, _fn, _np_fn, _kinds in (
        ("exp", ops.exp, np.exp, None), ("expm1", ops.expm1, np.expm1, None), ("log", ops.log, np.log, None),
        ("log2", ops.log2, np.log2, None), ("log10", ops.log10, np.log10, None),
        ("log1p", ops.log1p, np.log1p, None), ("tanh", ops.tanh, np.tanh, None),
        ("sigmoid", ops.sigmoid, _np_sigmoid, None), ("erfinv", _erfinv, None, _REAL)):
    globals()[_name] = _declare_unary(_name, _fn, TO_FLOAT, kinds=_kinds, backward=_UNARY_BACKWARD[_name])
    _widened = _cpu_widen(_name, _fn, frozenset((F64, C64, C128)), wider=_WIDER64)
    if _np_fn is not None:
        kernel(_name, "cpu")(_host_unary(_np_fn, _widened))


def _square(v):
    return ops.square(v) if v.dtype != BOOL else ops.cast(v, I64)


kernel("square")(_square)
_cpu_widen("square", _square, _ALL_BUT_BF16)


def _square_backward(grad, input):
    return grad * _cj(input * 2)


@defop(backward=_square_backward)
def square(input, *, out=None):
    if input._dtype is D.bool:  # torch squares as pow(input, 2): bool promotes with the int 2
        return finish(cast(input._ms, D.int64, input._device), input._device, out)
    return _unary("square", input, out=out, exact_out=False)


@defop(namespace=False, backward=_inplace(_square_backward))
def square_(self):
    if self._dtype is D.bool:
        check_inplace_dtype(D.int64, self)
    return _unary("square", self, inplace=True)


@kernel("logit")
def _logit(v, bounds):
    if bounds is not None:  # torch: below eps -> eps, else above 1 - eps -> 1 - eps; NaN stays NaN
        lo, hi = bounds
        v = ops.where(ops.less(v, lo), ops.full_like(v, lo), ops.where(ops.greater(v, hi), ops.full_like(v, hi), v))
    return ops.log(ops.div(v, ops.sub(1.0, v)))


_cpu_widen("logit", _logit, _FLOATS)


def _round_to(dtype, x):
    """A Python float rounded to `dtype`'s precision (torch keeps scalar bounds in the tensor's dtype)."""
    if dtype is D.bfloat16:
        return builtins.float(_bf16_bits_to_f32(_f32_to_bf16_bits(np.array([x], np.float32)))[0])
    return builtins.float(np.asarray(x, dtype=dtype._np)) if dtype._kind == 2 else x


def _logit_bounds(input, eps):
    if eps is None:
        return None
    dtype = input._dtype if input._dtype._kind == 2 else D.get_default_dtype()
    return _round_to(dtype, eps), _round_to(dtype, 1.0 - _round_to(dtype, eps))


def _logit_backward(grad, input, eps):
    where = _op("where")
    d = grad / (input * (1 - input))
    if eps is None:  # outside [0, 1] the derivative is NaN
        return where((input < 0) | (input > 1), math.nan, d)
    lo, hi = _logit_bounds(input, eps)
    return where((input < lo) | (input > hi), 0, d)


@defop(backward=_logit_backward)
def logit(input, eps=None, *, out=None):
    _check_tensor("logit", input)
    return _unary("logit", input, TO_FLOAT, out, kinds=_REAL, args=(_logit_bounds(input, eps),))


@defop(namespace=False, backward=_inplace(_logit_backward))
def logit_(self, eps=None):
    return _unary("logit", self, TO_FLOAT, None, True, kinds=_REAL, args=(_logit_bounds(self, eps),))


@kernel("polygamma")
def _polygamma(v, n):
    if n == 0:
        return ops.digamma(v)
    r = ops.polygamma(ms.Tensor(n, I64), v)
    return ops.where(ops.equal(v, math.inf), ops.zeros_like(r), r)  # MindSpore: NaN at +inf; torch: 0


_cpu_widen("polygamma", _polygamma, _FLOATS)


def _check_polygamma(n):
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")


def _polygamma_backward(grad, n, input):
    return None, grad * _op("polygamma")(n + 1, input)


def _polygamma_method_backward(grad, self, n):
    return grad * _op("polygamma")(n + 1, self)


@defop(method=False, backward=_polygamma_backward)
def polygamma(n, input, *, out=None):
    _check_polygamma(n)
    return _unary("polygamma", input, TO_FLOAT, out, kinds=_REAL, args=(n,))


@defop("_polygamma_method", namespace=False, method="polygamma", backward=_polygamma_method_backward)
def _polygamma_method(self, n):
    _check_polygamma(n)
    return _unary("polygamma", self, TO_FLOAT, kinds=_REAL, args=(n,))


@defop(namespace=False, backward=_polygamma_method_backward)
def polygamma_(self, n):
    _check_polygamma(n)
    return _unary("polygamma", self, TO_FLOAT, None, True, kinds=_REAL, args=(n,))


@kernel("mvlgamma")
def _mvlgamma(v, p):
    acc = None
    for j in range(p):
        term = TABLES["cpu"]["lgamma"](ops.sub(v, j / 2.0)) if v.dtype == BF16 else ops.lgamma(ops.sub(v, j / 2.0))
        acc = term if acc is None else ops.add(acc, term)
    return ops.add(acc, p * (p - 1) / 4.0 * math.log(math.pi))


def _mvlgamma_entry(input, p, out=None, inplace=False):
    _check_tensor("mvlgamma", input)
    if input._dtype is D.bool or input._dtype.is_complex:
        raise _unsupported("mvlgamma", input._dtype)
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    return _unary("mvlgamma", input, TO_FLOAT, out, inplace, args=(p,))


def _mvlgamma_backward(grad, input, p):
    acc = input.digamma()
    for j in range(1, p):
        acc = acc + (input - j / 2.0).digamma()
    return grad * acc


@defop(backward=_mvlgamma_backward)
def mvlgamma(input, p, *, out=None):
    return _mvlgamma_entry(input, p, out)


@defop(namespace=False, backward=_inplace(_mvlgamma_backward))
def mvlgamma_(self, p):
    return _mvlgamma_entry(self, p, inplace=True)


# Rounding: integers are already whole (a copy comes back); floats round, bfloat16 in float32.
def _rounding(fn):
    def run(v):
        return v if v.dtype in _INTS else fn(v)
    return run


for _name, _fn, _aliases, _native in (("ceil", ops.ceil, (), _FLOATS), ("floor", ops.floor, (), _FLOATS),
                                       ("trunc", ops.trunc, ("fix",), _FLOATS | {BF16})):
    globals()[_name] = _declare_unary(_name, _rounding(_fn), aliases=_aliases, kinds=_REAL_NUM,
                                      cpu_native=_native | _INTS, backward=_zero_backward)


@kernel("round")
def _round(v, decimals):
    if v.dtype in _INTS:
        return v
    if decimals == 0:
        return ops.round(v)
    if decimals > 0:  # torch scales by 10**decimals in the input's precision, rounds half to even
        scale = 10.0 ** decimals
        return ops.div(ops.round(ops.mul(v, scale)), scale)
    scale = 10.0 ** -decimals
    return ops.mul(ops.round(ops.div(v, scale)), scale)


_cpu_widen("round", _round, _FLOATS | _INTS)


def _round_entry(input, decimals, out=None, inplace=False):
    _check_tensor("round", input)
    if decimals and input._dtype._kind != 2:
        raise _unsupported("round", input._dtype)
    return _unary("round", input, PROMOTE, out, inplace, kinds=_REAL_NUM, args=(decimals,))


@defop(backward=_zero_backward)
def round(input, *, decimals=0, out=None):
    return _round_entry(input, decimals, out)


@defop(namespace=False, backward=_zero_backward)
def round_(self, *, decimals=0):
    return _round_entry(self, decimals, inplace=True)


def _identity_backward(grad):
    return grad


frac = _declare_unary("frac", lambda v: ops.sub(v, ops.trunc(v)), kinds=_FLOAT_ONLY, cpu_native=_FLOATS,
                      backward=_identity_backward)


@kernel("angle")
def _angle(v):
    if v.dtype in (C64, C128):
        return ops.angle(v)
    # real inputs: pi for negatives, 0 otherwise, NaN stays NaN
    r = ops.where(ops.less(v, 0), ops.full_like(v, math.pi), ops.zeros_like(v))
    return ops.where(ops.isnan(v), v, r)


_cpu_widen("angle", _angle, _FLOATS | {C64, C128})


def _angle_backward(grad, input):
    if not input._dtype.is_complex:
        return _zeros(grad)
    # d angle(z) = Im(dz / z): the grad is grad * i z / |z|^2, 0 at z = 0
    return _op("where")(input == 0, 0, grad * input * 1j / (input * input.conj()).real)


@defop(backward=_angle_backward)
def angle(input, *, out=None):
    if input._dtype.is_complex:
        return _complex_to_real("angle", input, out)
    return _unary("angle", input, TO_FLOAT, out)


# real/imag/conj: real tensors come back as themselves, as in torch. Complex parts are copies here (torch
# returns views into the complex storage; mindtorch storages hold one dtype).
kernel("real")(ops.real)
kernel("imag")(ops.imag)
kernel("conj")(ops.conj)


def _real_backward(grad):
    return grad + 0j if not grad._dtype.is_complex else grad


def _imag_backward(grad):
    return grad * 1j


def _conj_backward(grad):
    return _cj(grad)


def _complex_part(name, node_name, formula):
    """The recorded op of `name` on complex tensors (real tensors come back as themselves, unrecorded)."""
    def run(input):
        return _complex_to_real(name, input, None)
    run.__name__ = "_" + name + "_of_complex"
    entry = defop(run.__name__, method=False, namespace=False, backward=formula)(run)
    entry._node_class.__name__ = entry._node_class.__qualname__ = node_name
    return entry


_real_of_complex = _complex_part("real", "RealBackward0", _real_backward)
_imag_of_complex = _complex_part("imag", "ImagBackward0", _imag_backward)
_conj_of_complex = _complex_part("conj", "ConjBackward0", _conj_backward)


@defop(method=False)
def real(input):
    _check_tensor("real", input)
    return input if not input._dtype.is_complex else _real_of_complex(input)


@defop(method=False)
def imag(input):
    _check_tensor("imag", input)
    if not input._dtype.is_complex:
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return _imag_of_complex(input)


# Tensor.real / Tensor.imag are properties in torch
defop("_real_property", namespace=False, method="real")(property(real))
defop("_imag_property", namespace=False, method="imag")(property(lambda self: imag(self)))


@defop()
def conj(input):
    _check_tensor("conj", input)
    return input if not input._dtype.is_complex else _conj_of_complex(input)


conj_physical = _declare_unary("conj_physical", lambda v: ops.conj(v) if v.dtype in (C64, C128) else v,
                               backward=_conj_backward)


@defop()
def resolve_conj(input):
    return input


@defop()
def resolve_neg(input):
    return input


@defop()
def is_conj(input):
    return False


@defop()
def is_neg(input):
    return False


@kernel("nan_to_num")
def _nan_to_num(v, nan, posinf, neginf):
    if v.dtype in _INTS or v.dtype == BOOL:
        return v
    if v.dtype in (C64, C128):
        return ops.Complex()(_nan_to_num(ops.real(v), nan, posinf, neginf),
                             _nan_to_num(ops.imag(v), nan, posinf, neginf))
    r = ops.where(ops.isnan(v), ops.full_like(v, nan), v)
    r = ops.where(ops.equal(v, math.inf), ops.full_like(v, posinf), r)
    return ops.where(ops.equal(v, -math.inf), ops.full_like(v, neginf), r)


_cpu_widen("nan_to_num", _nan_to_num, _ALL_BUT_BF16)


def _nan_to_num_args(input, nan, posinf, neginf):
    _check_tensor("nan_to_num", input)
    if input._dtype._kind >= 2:  # the defaults are the input dtype's extremes
        info = D.finfo(input._dtype)
        posinf = info.max if posinf is None else posinf
        neginf = info.min if neginf is None else neginf
    return nan, posinf, neginf


def _nan_to_num_backward(grad, input):
    return grad * input.isfinite()


@defop(backward=_nan_to_num_backward)
def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    return _unary("nan_to_num", input, out=out, args=_nan_to_num_args(input, nan, posinf, neginf))


@defop(namespace=False, backward=_inplace(_nan_to_num_backward))
def nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
    return _unary("nan_to_num", self, inplace=True, args=_nan_to_num_args(self, nan, posinf, neginf))


# Classification: integer and bool inputs are always finite, never NaN.
def _classify(float_fn, complex_fn, int_answer):
    def run(v):
        if v.dtype in _INTS or v.dtype == BOOL:
            return _full_bool(v, int_answer)
        if v.dtype in (C64, C128):
            return complex_fn(ops.real(v), ops.imag(v))
        return float_fn(v)
    return run


for _name, _float_fn, _complex_fn, _int_answer in (
        ("isnan", ops.isnan, lambda r, i: ops.logical_or(ops.isnan(r), ops.isnan(i)), False),
        ("isinf", ops.isinf, lambda r, i: ops.logical_or(ops.isinf(r), ops.isinf(i)), False),
        ("isfinite", ops.isfinite, lambda r, i: ops.logical_and(ops.isfinite(r), ops.isfinite(i)), True),
        ("isposinf", lambda v: ops.equal(v, math.inf), None, False),
        ("isneginf", lambda v: ops.equal(v, -math.inf), None, False)):
    globals()[_name] = _declare_unary(_name, _classify(_float_fn, _complex_fn, _int_answer), TO_BOOL,
                                      inplace=False, kinds=_REAL if _complex_fn is None else None,
                                      cpu_native=_ALL_BUT_BF16, cpu_back=False, has_out=_complex_fn is None)


@kernel("isreal")
def _isreal(v):
    if v.dtype in (C64, C128):
        return ops.equal(ops.imag(v), 0)
    return _full_bool(v, True)


@defop()
def isreal(input):
    return _unary("isreal", input, TO_BOOL)


logical_not = _declare_unary("logical_not", ops.logical_not, TO_BOOL, cpu_native=_ALL_BUT_BF16, cpu_back=False,
                             exact_out=False)


def _bitwise_not(v):
    return ops.logical_not(v) if v.dtype == BOOL else ops.invert(v)


bitwise_not = _declare_unary("bitwise_not", _bitwise_not, kinds=(0, 1))


# =====================================================================================================
# Binary arithmetic
# =====================================================================================================
def _check_alpha(dtype, alpha, what="alpha"):
    if isinstance(alpha, builtins.bool):
        if dtype is not D.bool:
            raise RuntimeError(f"Boolean {what} only supported for Boolean results.")
    elif isinstance(alpha, builtins.float) and dtype._kind < 2:
        raise RuntimeError(f"For integral input tensors, argument {what} must not be a floating point number.")
    elif isinstance(alpha, builtins.complex) and dtype._kind < 3:
        raise RuntimeError(f"For non-complex input tensors, argument {what} must not be a complex number.")


def _scale(b, alpha):
    if alpha == 1:
        return b
    if isinstance(b, ms.Tensor):
        if b.dtype == BOOL:
            return b if alpha else ops.logical_and(b, False)
        return ops.mul(b, ms.Tensor(alpha, b.dtype))  # a Python number would promote a 0-dim int32 to int64
    return b * alpha


@kernel("add")
def _add(a, b, alpha=1):
    b = _scale(b, alpha)
    if _dtype_of((a, b)) == BOOL:
        return ops.logical_or(a, b)
    return ops.add(a, b)


@kernel("sub")
def _sub(a, b, alpha=1):
    return ops.sub(a, _scale(b, alpha))


# MindSpore's CPU Sub has no bfloat16 kernel (Add has).
_cpu_widen("sub", _sub, _ALL_BUT_BF16)


def _add_sub(name, input, other, alpha, out=None, inplace=False):
    if alpha.__class__ is builtins.int and alpha == 1:  # a float 1.0 still gets torch's integral-alpha check
        return _binary(name, input, other, PROMOTE, out, inplace)
    dtype = _promoted(input, other) if isinstance(input, Tensor) or isinstance(other, Tensor) else None
    if dtype is not None:
        _check_alpha(dtype, alpha)
    return _binary(name, input, other, PROMOTE, out, inplace, args=(alpha,), dtype=dtype)


def _check_sub(input, other):
    for x in (input, other):
        if (x._dtype if isinstance(x, Tensor) else D.scalar_dtype(x)) is D.bool:
            if all((y._dtype if isinstance(y, Tensor) else D.scalar_dtype(y)) is D.bool for y in (input, other)):
                raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the "
                                   "`^` or `logical_xor()` operator instead.")
            raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
                               "trying to invert a mask, use the `~` or `logical_not()` operator instead.")


def _add_backward(grad, alpha):
    return grad, (grad if alpha == 1 else grad * _cj(alpha))


def _sub_backward(grad, alpha):
    return grad, (-grad if alpha == 1 else grad * -_cj(alpha))


def _rsub_backward(grad, alpha):
    return (-grad if alpha == 1 else grad * -_cj(alpha)), grad


@defop(backward=_add_backward)
def add(input, other, *, alpha=1, out=None):
    return _add_sub("add", input, other, alpha, out)


@defop(namespace=False, backward=_add_backward)
def add_(self, other, *, alpha=1):
    return _add_sub("add", self, other, alpha, inplace=True)


@defop(backward=_sub_backward)
def sub(input, other, *, alpha=1, out=None):
    _check_sub(input, other)
    return _add_sub("sub", input, other, alpha, out)


@defop(namespace=False, backward=_sub_backward)
def sub_(self, other, *, alpha=1):
    _check_sub(self, other)
    return _add_sub("sub", self, other, alpha, inplace=True)


_alias("subtract", "sub")
_alias("subtract_", "sub_", namespace=False)


@defop(backward=_rsub_backward)
def rsub(input, other, *, alpha=1):
    _check_sub(input, other)
    return _add_sub("sub", other, input, alpha)


# bfloat16 computes in float32 on CPU for these (MindSpore's CPU Div has no bfloat16-with-scalar kernel and
# gave nan/0 = -inf in bfloat16).
def _mul_backward(grad, input, other):
    return (grad * _cj(other) if _needs(input) else None,
            grad * _cj(input) if _needs(other) else None)


mul = _declare_binary("mul", ops.mul, aliases=("multiply",), scalar_self=True, cpu=_host_binary(np.multiply, _cpu_widen_fn(
    ops.mul, _ALL_BUT_BF16)), backward=_mul_backward)


# ---- division ----------------------------------------------------------------------------------------
def _check_int_divisor(b):
    """torch raises for integer division by zero (true division of ints is float and does not)."""
    if isinstance(b, ms.Tensor):
        if b.size and builtins.bool(ops.equal(b, 0).any()):
            raise RuntimeError("ZeroDivisionError")
    elif b == 0:
        raise RuntimeError("ZeroDivisionError")


def _int_checked(fn):
    def run(a, b):
        if _dtype_of((a, b)) in _INTS:
            _check_int_divisor(b)
        return fn(a, b)
    return run


def _np_floor_divide(a, b):
    return np.floor_divide(a, b)


def _trunc_div(a, b):
    dt = _dtype_of((a, b))
    if dt in _INTS:
        return ops.truncate_div(a, b)
    r = ops.trunc(_true_div(a, b))
    return r if r.dtype == dt else ops.cast(r, dt)  # MindSpore's Div of float16 by a Python int gave float32


def _true_div(a, b):
    # MindSpore's CPU Div gets division by zero wrong (NaN / 0 = -inf, 1 / -0.0 = +inf); there a * (1 / b)
    # gives IEEE's answer (Reciprocal keeps the zero's sign).
    r = ops.div(a, b)
    if isinstance(b, ms.Tensor) and r.dtype in (F16, F32, F64, BF16):
        zero = ops.equal(b, 0)
        r = ops.where(zero, ops.broadcast_to(ops.mul(a, ops.reciprocal(b)), r.shape), r)
    elif not isinstance(b, ms.Tensor) and b == 0:
        r = ops.mul(a, math.copysign(math.inf, b)) if not math.isnan(b) else r
    return r


def _floor_div(a, b):
    return _nan_where(a, ops.floor_div(a, b))


kernel("div")(_true_div)
kernel("div", "cpu")(_host_binary(np.true_divide, _cpu_widen_fn(_true_div, _ALL_BUT_BF16)))
kernel("floor_divide")(_int_checked(_floor_div))
kernel("floor_divide", "cpu")(_int_checked(_host_binary(_np_floor_divide, _cpu_widen_fn(_floor_div,
                                                                                        _ALL_BUT_BF16))))
kernel("trunc_divide")(_int_checked(_trunc_div))
_cpu_widen("trunc_divide", _int_checked(_trunc_div), _FLOATS | frozenset((I8, I32, I64, U8, I16)))


def _div(input, other, rounding_mode, out=None, inplace=False):
    if rounding_mode is None:
        return _binary("div", input, other, TO_FLOAT, out, inplace)
    if rounding_mode == "floor":
        return _binary("floor_divide", input, other, PROMOTE, out, inplace, kinds=_REAL_NUM)
    if rounding_mode == "trunc":
        return _binary("trunc_divide", input, other, PROMOTE, out, inplace, kinds=_REAL_NUM)
    raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'")


def _true_divide_backward(grad, input, other):
    return (grad / _cj(other) if _needs(input) else None,
            -grad * _cj(input / other / other) if _needs(other) else None)


def _div_backward(grad, input, other, rounding_mode):
    if rounding_mode is None:
        return _true_divide_backward(grad, input, other)
    return (_zeros(grad) if _needs(input) else None, _zeros(grad) if _needs(other) else None)  # piecewise constant


_floor_divide_backward = _not_implemented("derivative for aten::floor_divide is not implemented")


@defop(backward=_div_backward)
def div(input, other, *, rounding_mode=None, out=None):
    return _div(input, other, rounding_mode, out)


@defop(namespace=False, backward=_inplace(_div_backward))
def div_(self, other, *, rounding_mode=None):
    return _div(self, other, rounding_mode, inplace=True)


_alias("divide", "div")
_alias("divide_", "div_", namespace=False)


@defop(backward=_true_divide_backward)
def true_divide(input, other, *, out=None):
    return _binary("div", input, other, TO_FLOAT, out)


@defop(namespace=False, backward=_inplace(_true_divide_backward))
def true_divide_(self, other):
    return _binary("div", self, other, TO_FLOAT, inplace=True)


@defop(backward=_floor_divide_backward)
def floor_divide(input, other, *, out=None):
    return _div(input, other, "floor", out)


@defop(namespace=False, backward=_floor_divide_backward)
def floor_divide_(self, other):
    return _div(self, other, "floor", inplace=True)


def _remainder(a, b):
    if _dtype_of((a, b)) in _INTS:
        return ops.floor_mod(a, b)
    # torch: fmod, then shifted by the divisor where the signs differ
    m = ops.fmod(a, b)
    fix = ops.logical_and(ops.not_equal(m, 0), ops.not_equal(ops.less(b, 0), ops.less(m, 0)))
    return ops.where(fix, ops.add(m, b), m)


def _rounded_div_backward(mode):
    """fmod (trunc) / remainder (floor): x - y * round(x / y); the rounded quotient is piecewise constant."""
    def backward(grad, input, other):
        if not isinstance(input, Tensor):  # remainder(Scalar, Tensor): torch has no derivative for it
            raise RuntimeError("derivative for aten::remainder is not implemented")
        return (grad if _needs(input) else None,
                -grad * _op("div")(input, other, rounding_mode=mode) if _needs(other) else None)
    return backward


remainder = _declare_binary("remainder", _int_checked(_remainder), kinds=_REAL_NUM, scalars=False, scalar_self=True,
                            cpu=_int_checked(_host_binary(np.remainder, _cpu_widen_fn(_remainder, _ALL_BUT_BF16))),
                            backward=_rounded_div_backward("floor"))
fmod = _declare_binary("fmod", _int_checked(ops.fmod), kinds=_REAL_NUM,
                       cpu=_int_checked(_host_binary(np.fmod, _cpu_widen_fn(ops.fmod, _ALL_BUT_BF16))),
                       backward=_rounded_div_backward("trunc"))


# ---- powers ------------------------------------------------------------------------------------------
def _int_pow_host(a, b):
    """Integer powers with torch's rules: wrap on overflow; negative exponents give 0 except for bases
    1 and -1."""
    an, bn = _np_value(a), _np_value(b)
    dt = an.dtype if isinstance(an, np.ndarray) else bn.dtype
    an, bn = _np_scalar(an, dt), _np_scalar(bn, dt)
    neg = bn < 0
    with np.errstate(all="ignore"):
        r = np.power(an, np.where(neg, 0, bn).astype(dt))
    if neg.any():
        odd = (bn % 2) != 0
        r = np.where(neg, np.where(an == 1, 1, np.where(an == -1, np.where(odd, -1, 1), 0)), r).astype(dt)
    return _to_ms(r)


def _pow(a, b):
    return ops.pow(a, b)


def _pow_cpu(a, b):
    dt = _dtype_of((a, b))
    if dt in _INTS:  # MindSpore's CPU Pow saturates int64 overflow; torch wraps
        return _int_pow_host(a, b)
    if dt in (BF16, F16):  # no bfloat16 kernel; torch computes half powers in float32
        return _cpu_cast(_pow_cpu(*(_cpu_cast(x, F32) if isinstance(x, ms.Tensor) else x for x in (a, b))), dt)
    return ops.pow(a, b)


kernel("pow")(_pow)
kernel("pow", "cpu")(_pow_cpu)


def _pow_entry(input, exponent, out=None, inplace=False):
    if not isinstance(input, Tensor) and not isinstance(exponent, Tensor):
        raise TypeError(f"pow() received an invalid combination of arguments - got ({type(input).__name__}, "
                        f"{type(exponent).__name__})")
    dtype = _promoted(input, exponent)
    if isinstance(input, Tensor) and isinstance(exponent, (builtins.int, builtins.float)) and exponent in (0, 1):
        # torch: x ** 0 is ones and x ** 1 a copy, in the result dtype, for every dtype (bool included)
        dev = input._device
        if exponent == 0:
            value = ops.ones(input._shape, dtype._ms) if dtype is not D.bfloat16 else cast(
                ops.ones(input._shape, F32), dtype, dev)
        else:
            value = cast(input._ms, dtype, dev)
        if inplace:
            return write_inplace(input, value, dtype)
        return finish(value, dev, out)
    if dtype is D.bool:
        raise _unsupported("pow", dtype)
    if not isinstance(exponent, Tensor) and dtype._kind == 1 and isinstance(exponent, builtins.int) \
            and exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    return _binary("pow", input, exponent, PROMOTE, out, inplace, dtype=dtype)


def _log_of_number(x):
    if isinstance(x, builtins.complex):
        return complex(np.log(np.complex128(x))) if x != 0 else -math.inf
    return math.log(x) if x > 0 else (-math.inf if x == 0 else math.nan)


def _pow_grads(grad, input, exponent, result, need_input, need_exponent):
    """torch's pow derivatives: 0 for the base where the exponent is 0; for the exponent, result * log(base)
    except 0 where the base is 0 and the exponent >= 0 (real part, with no imaginary part, for complex)."""
    gi = ge = None
    if need_input:
        if isinstance(exponent, Tensor):
            gi = _op("where")(exponent == 0, 0, grad * _cj(exponent * input.pow(exponent - 1)))
        elif exponent == 0:
            gi = _zeros(grad)
        else:
            gi = grad * _cj(exponent * input.pow(exponent - 1))
    if need_exponent:
        if isinstance(input, Tensor):
            nonneg = exponent >= 0 if not exponent._dtype.is_complex else (exponent.imag == 0) & (exponent.real >= 0)
            ge = grad * _op("where")(nonneg & (input == 0), 0, _cj(result * input.log()))
        elif input == 0:
            ge = grad * _op("where")(exponent >= 0, 0, _cj(result * -math.inf))
        else:
            ge = grad * _cj(result * _log_of_number(input))
    return gi, ge


def _pow_backward(grad, input, exponent, result):
    return _pow_grads(grad, input, exponent, result, _needs(input), _needs(exponent))


@defop(backward=_pow_backward)
def pow(input, exponent, *, out=None):
    return _pow_entry(input, exponent, out)


@defop(namespace=False, backward=_inplace(_pow_backward))
def pow_(self, exponent):
    return _pow_entry(self, exponent, inplace=True)


def _float_power_dtype(input, exponent):
    complex_ = any((x._dtype if isinstance(x, Tensor) else D.scalar_dtype(x)).is_complex for x in (input, exponent))
    return D.complex128 if complex_ else D.float64


def _float_power_backward(grad, input, exponent, result):
    # computed in the result's dtype (float64 or complex128), as torch's float_power converts first
    dt = grad._dtype
    x = input.to(dt) if isinstance(input, Tensor) else input
    e = exponent.to(dt) if isinstance(exponent, Tensor) else exponent
    return _pow_grads(grad, x, e, result, _needs(input), _needs(exponent))


@defop(backward=_float_power_backward)
def float_power(input, exponent, *, out=None):
    dtype = _float_power_dtype(input, exponent)
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"the output given to float_power has dtype {out._dtype} but the operation's result "
                           f"requires dtype {dtype}")
    return _binary("pow", input, exponent, PROMOTE, out, dtype=dtype)


@defop(namespace=False, backward=_inplace(_float_power_backward))
def float_power_(self, exponent):
    dtype = _float_power_dtype(self, exponent)
    if self._dtype is not dtype:
        raise RuntimeError(f"the base given to float_power_ has dtype {_TYPE_NAME(self._dtype)} but the operation's "
                           f"result requires dtype {_TYPE_NAME(dtype)}")
    return _binary("pow", self, exponent, PROMOTE, inplace=True, dtype=dtype)


# ---- other binary math -------------------------------------------------------------------------------
def _atan2_backward(grad, input, other):
    denominator = input * input + other * other
    scaled = _op("where")(denominator == 0, 0, grad / denominator)  # 0 at the origin, as torch
    return (scaled * other if _needs(input) else None, scaled * -input if _needs(other) else None)


def _hypot_backward(grad, input, other, result):
    scaled = grad / result
    return (scaled * input if _needs(input) else None, scaled * other if _needs(other) else None)


atan2 = _declare_binary("atan2", ops.atan2, TO_FLOAT, aliases=("arctan2",), kinds=_REAL, scalars=False,
                        cpu_native=_FLOATS, tensor_other=True, backward=_atan2_backward)
hypot = _declare_binary("hypot", ops.hypot, kinds=_FLOAT_ONLY, scalars=False,
                        cpu_native=frozenset((F32, F64)), tensor_other=True, backward=_hypot_backward)


def _xlogy(a, b):
    # torch: 0 where x == 0 (even for y == 0), NaN where y is NaN; MindSpore's Xlogy gives NaN for xlogy(0, 0)
    r = ops.mul(a, ops.log(b))
    r = ops.where(ops.equal(a, 0), ops.zeros_like(r), r)
    return ops.where(ops.isnan(b), ops.broadcast_to(b, r.shape), r)


def _xlog_backward(name, shift):
    """xlogy (shift 0) / xlog1py (shift 1): d/dx = log(y + shift) (0 where x == 0 and y + shift <= 0),
    d/dy = x / (y + shift)."""
    def backward(grad, input, other):
        gi = go = None
        if _needs(input):
            gi = _op(name)(grad, other)
            edge = (input == 0) & (other <= -shift)
            gi = _op("where")(edge, 0, gi)
        if _needs(other):
            go = grad * input / (other + shift if shift else other)
        return gi, go
    return backward


_xlogy_backward = _xlog_backward("xlogy", 0)


def _xlogy_entry(input, other, out=None, inplace=False):
    return _binary("xlogy", input, other, TO_FLOAT, out, inplace, kinds=_REAL, scalars=False)


kernel("xlogy")(_xlogy)
_cpu_widen("xlogy", _xlogy, frozenset((F64,)), wider=_WIDER64)  # float64: MindSpore's float32 Log is inexact


@defop(backward=_xlogy_backward)
def xlogy(input, other, *, out=None):
    return _xlogy_entry(input, other, out)


@defop(namespace=False, backward=_inplace(_xlogy_backward))
def xlogy_(self, other):
    return _xlogy_entry(self, other, inplace=True)


@kernel("xlog1py")
def _xlog1py(a, b):
    r = ops.mul(a, ops.log1p(b))
    r = ops.where(ops.equal(a, 0), ops.zeros_like(r), r)
    return ops.where(ops.isnan(b), ops.broadcast_to(b, r.shape), r)


_cpu_widen("xlog1py", _xlog1py, frozenset((F64,)), wider=_WIDER64)


def special_xlog1py(input, other, *, out=None):
    """torch.special.xlog1py (the special namespace installs it)."""
    return _binary("xlog1py", input, other, TO_FLOAT, out, kinds=_REAL, scalars=False)


special_xlog1py = defop("_special_xlog1py", method=False, namespace=False,
                        backward=_xlog_backward("_special_xlog1py", 1))(special_xlog1py)
special_xlog1py._node_class.__name__ = special_xlog1py._node_class.__qualname__ = "SpecialXlog1PyBackward0"


def _copysign(a, b):
    # |a| with b's sign bit, read from the bits (MindSpore's CopySign takes -0.0 as positive and fails to
    # broadcast some shape pairs, (2, 1) with (1, 2, 1))
    mag = ops.abs(a)
    r = ops.where(_signbit(b), ops.neg(mag), mag) if a.shape == b.shape else None
    if r is None:
        shape = broadcast_shapes(tuple(a.shape), tuple(b.shape))
        mag = _broadcast(mag, shape)
        r = ops.where(_broadcast(_signbit(b), shape), ops.neg(mag), mag)
    return r


def _copysign_backward(grad, input, other, result):
    gi = _op("where")(input == 0, 0, grad * (result / input)) if _needs(input) else None
    return gi, (_zeros(other) if _needs(other) else None)


copysign = _declare_binary("copysign", _copysign, TO_FLOAT, kinds=_REAL, scalars=False, cpu_native=_FLOATS,
                           backward=_copysign_backward)


def _nextafter_bits(a, b, bits, sign_mask):
    """nextafter on the raw bits of a 16-bit float (NumPy has float16 but not bfloat16)."""
    same = a == b
    nan = np.isnan(a) | np.isnan(b)
    up = (b > a) == (a >= 0)
    r = np.where(up, bits + 1, bits - 1).astype(np.uint16)
    zero = a == 0
    r = np.where(zero, np.where(b > 0, 1, sign_mask | 1), r).astype(np.uint16)
    return r, same, nan


def _nextafter_cpu(a, b):
    # NumPy on the host: MindSpore's CPU NextAfter has no float16 kernel and answers inf for nextafter(inf, 0)
    dt = _dtype_of((a, b))
    if dt in (F16, F32, F64):
        return _to_ms(np.nextafter(a.asnumpy(), b.asnumpy()))
    # bfloat16: step the bits of a toward b
    af, bf = (_cpu_cast(x, F32).asnumpy() for x in (a, b))
    af, bf = np.broadcast_arrays(af, bf)
    bits = np.broadcast_to(a.view(I16).asnumpy().view(np.uint16), af.shape)
    r, same, nan = _nextafter_bits(af, bf, bits, 0x8000)
    out = _to_ms(r.view(np.int16)).view(BF16)
    bb = np.broadcast_to(b.view(I16).asnumpy(), af.shape)
    fix = _to_ms(np.where(nan, np.int16(0x7FC0), np.where(same, bb, r.view(np.int16))))
    return fix.view(BF16) if (same.any() or nan.any()) else out


def _nextafter_backward(grad, input, other):
    return (_op("where")(input != other, grad, 0) if _needs(input) else None,
            _zeros(other) if _needs(other) else None)


nextafter = _declare_binary("nextafter", ops.nextafter, kinds=_FLOAT_ONLY, scalars=False, cpu=_nextafter_cpu,
                            tensor_other=True, backward=_nextafter_backward)


def _ldexp(a, b):
    return ops.mul(a, ops.exp2(b)) if b.dtype != BF16 else ops.mul(a, TABLES["cpu"]["exp2"](b))


def _ldexp_backward(grad, other, result, needs_grad):
    # torch's pow(2, other): an integer exponent gives an integer power (2 ** -1 is 0 there)
    return (grad * _cj(_op("pow")(2, other)) if "input" in needs_grad else None,
            grad * _cj(result) * _LN2 if "other" in needs_grad else None)


@defop(backward=_ldexp_backward)
def ldexp(input, other, *, out=None):
    _check_tensor("ldexp", input)
    _check_tensor("ldexp", other, "other")
    if other._dtype is D.bool and input._dtype._kind >= 2:  # torch's float ldexp kernel takes no bool exponent
        raise _unsupported("ldexp_cpu_exp", other._dtype)
    return _binary("ldexp", input, other, TO_FLOAT, out, scalars=False)


@defop(namespace=False, backward=_inplace(_ldexp_backward))
def ldexp_(self, other):
    _check_tensor("ldexp", other, "other")
    if other._dtype is D.bool and self._dtype._kind >= 2:
        raise _unsupported("ldexp_cpu_exp", other._dtype)
    return _binary("ldexp", self, other, TO_FLOAT, inplace=True, scalars=False)


kernel("ldexp")(_ldexp)
_cpu_widen("ldexp", _ldexp, _FLOAT_COMPLEX)


def _logaddexp(a, b):
    # torch: equal infinities give themselves; else max + log1p(exp(-|a - b|))
    m = ops.maximum(a, b)
    r = ops.add(m, ops.log1p(ops.exp(ops.neg(ops.abs(ops.sub(a, b))))))
    r = ops.where(ops.logical_and(ops.isinf(a), ops.equal(a, b)), ops.broadcast_to(a, r.shape), r)
    return _nan_where(a, b, r)


def _logaddexp2(a, b):
    m = ops.maximum(a, b)
    r = ops.add(m, ops.div(ops.log1p(ops.exp2(ops.neg(ops.abs(ops.sub(a, b))))), ms.Tensor(math.log(2.0), m.dtype)))
    r = ops.where(ops.logical_and(ops.isinf(a), ops.equal(a, b)), ops.broadcast_to(a, r.shape), r)
    return _nan_where(a, b, r)


def _logaddexp_backward(grad, input, other):
    return (grad / ((other - input).exp() + 1) if _needs(input) else None,
            grad / ((input - other).exp() + 1) if _needs(other) else None)


def _logaddexp2_backward(grad, input, other):
    return (grad / ((other - input).exp2() + 1) if _needs(input) else None,
            grad / ((input - other).exp2() + 1) if _needs(other) else None)


logaddexp = _declare_binary("logaddexp", _logaddexp, kinds=_FLOAT_ONLY, scalars=False, cpu_native=_FLOATS,
                            tensor_other=True, inplace=False, backward=_logaddexp_backward)
logaddexp2 = _declare_binary("logaddexp2", _logaddexp2, kinds=_FLOAT_ONLY, scalars=False, cpu_native=_FLOATS,
                             tensor_other=True, inplace=False, backward=_logaddexp2_backward)
_cpu_widen("logaddexp", _logaddexp, frozenset((F64,)), wider=_WIDER64)  # MindSpore's float32 Exp/Log1p are inexact
_cpu_widen("logaddexp2", _logaddexp2, frozenset((F64,)), wider=_WIDER64)


# ---- maximum / minimum ------------------------------------------------------------------------------
def _maximum(a, b):
    # MindSpore's Maximum drops a NaN in its first operand; torch propagates NaN from either.
    if a.dtype == BOOL:
        return ops.logical_or(a, b)
    return _nan_where(a, b, ops.maximum(a, b))


def _minimum(a, b):
    if a.dtype == BOOL:
        return ops.logical_and(a, b)
    return _nan_where(a, b, ops.minimum(a, b))


def _fmax(a, b):
    if a.dtype in _FLOATS or a.dtype == BF16:
        return ops.where(ops.isnan(b), ops.broadcast_to(a, _bshape(a, b)), ops.where(
            ops.isnan(a), ops.broadcast_to(b, _bshape(a, b)), ops.maximum(a, b)))
    return _maximum(a, b)


def _fmin(a, b):
    if a.dtype in _FLOATS or a.dtype == BF16:
        return ops.where(ops.isnan(b), ops.broadcast_to(a, _bshape(a, b)), ops.where(
            ops.isnan(a), ops.broadcast_to(b, _bshape(a, b)), ops.minimum(a, b)))
    return _minimum(a, b)


def _bshape(a, b):
    return broadcast_shapes(tuple(a.shape), tuple(b.shape))


def _np_or(np_fn, ms_fn, native):
    """CPU kernel: NumPy for small tensors; else MindSpore's, widened off `native`."""
    return _host_binary(np_fn, _cpu_widen_fn(ms_fn, native))


def _extreme_backward(loses):
    """maximum/minimum: the grad goes to the operand that wins, split evenly on ties (NaN: to both)."""
    def backward(grad, input, other):
        where = _op("where")
        tie = input == other
        shared = where(tie, grad * 0.5, grad) if tie.any() else grad
        return (where(loses(input, other), 0, shared) if _needs(input) else None,
                where(loses(other, input), 0, shared) if _needs(other) else None)
    return backward


def _f_extreme_backward(keeps):
    """fmax/fmin: the grad goes to input where it wins or ties or other is NaN, else to other."""
    def backward(grad, input, other):
        first = keeps(input, other) | other.isnan()
        where = _op("where")
        return (where(first, grad, 0) if _needs(input) else None, where(first, 0, grad) if _needs(other) else None)
    return backward


_MINMAX_NATIVE = _ALL_BUT_BF16 - {C64, C128}
for _name, _fn, _np_fn, _backward in (
        ("maximum", _maximum, np.maximum, _extreme_backward(lambda a, b: a < b)),
        ("minimum", _minimum, np.minimum, _extreme_backward(lambda a, b: a > b)),
        ("fmax", _fmax, np.fmax, _f_extreme_backward(lambda a, b: a >= b)),
        ("fmin", _fmin, np.fmin, _f_extreme_backward(lambda a, b: a <= b))):
    globals()[_name] = _declare_binary(_name, _fn, kinds=_REAL, scalars=False, tensor_other=True, inplace=False,
                                       cpu=_np_or(_np_fn, _fn, _MINMAX_NATIVE), backward=_backward)


# ---- bitwise and logical ------------------------------------------------------------------------------
_BITWISE = (0, 1)
for _name, _fn, _np_fn in (("bitwise_and", ops.bitwise_and, np.bitwise_and),
                           ("bitwise_or", ops.bitwise_or, np.bitwise_or),
                           ("bitwise_xor", ops.bitwise_xor, np.bitwise_xor)):
    globals()[_name] = _declare_binary(_name, _fn, kinds=_BITWISE, scalars=False, scalar_self=True)


def _shift_limit(dt):
    return {I8: 8, U8: 8, I16: 16, I32: 32, I64: 64}[dt]


def _left_shift(a, b):
    # torch: shifting by a negative amount or by the bit width or more gives 0 (MindSpore wraps the count)
    bits = _shift_limit(a.dtype)
    out_of_range = ops.logical_or(ops.less(b, 0), ops.greater_equal(b, bits))
    r = ops.bitwise_left_shift(a, ops.clamp(b, 0, bits - 1))
    return ops.where(out_of_range, ops.zeros_like(r), r)


def _right_shift(a, b):
    # torch: out-of-range counts shift by width - 1 (all sign bits; 0 for unsigned)
    bits = _shift_limit(a.dtype)
    out_of_range = ops.logical_or(ops.less(b, 0), ops.greater_equal(b, bits))
    count = ops.where(out_of_range, ops.full_like(b, bits - 1), b) if isinstance(b, ms.Tensor) else b
    r = ops.bitwise_right_shift(a, count)
    if a.dtype == U8:
        r = ops.where(out_of_range, ops.zeros_like(r), r)
    return r


def _shift_entry(name, input, other, out=None, inplace=False):
    return _binary(name, input, other, PROMOTE, out, inplace, kinds=(1,), scalars=False)


kernel("bitwise_left_shift")(_left_shift)
kernel("bitwise_right_shift")(_right_shift)


@defop()
def bitwise_left_shift(input, other, *, out=None):
    return _shift_entry("bitwise_left_shift", input, other, out)


@defop(namespace=False)
def bitwise_left_shift_(self, other):
    return _shift_entry("bitwise_left_shift", self, other, inplace=True)


@defop()
def bitwise_right_shift(input, other, *, out=None):
    return _shift_entry("bitwise_right_shift", input, other, out)


@defop(namespace=False)
def bitwise_right_shift_(self, other):
    return _shift_entry("bitwise_right_shift", self, other, inplace=True)


for _name, _fn in (("logical_and", ops.logical_and), ("logical_or", ops.logical_or),
                   ("logical_xor", ops.logical_xor)):
    globals()[_name] = _declare_binary(_name, _fn, TO_BOOL, scalars=False, cpu_native=_ALL_BUT_BF16,
                                       tensor_other=True)


# ---- comparisons -------------------------------------------------------------------------------------
def _comparison_backward(grad):
    zeros = _zeros(grad)
    return zeros, zeros


for _name, _fn, _np_fn, _aliases, _kinds in (
        ("eq", ops.equal, np.equal, (), None), ("ne", ops.not_equal, np.not_equal, ("not_equal",), None),
        ("lt", ops.less, np.less, ("less",), _REAL), ("le", ops.less_equal, np.less_equal, ("less_equal",), _REAL),
        ("gt", ops.greater, np.greater, ("greater",), _REAL),
        ("ge", ops.greater_equal, np.greater_equal, ("greater_equal",), _REAL)):
    # zero derivative: only the in-place forms (a floating self refilled with 0/1) keep a graph, as in torch
    globals()[_name] = _declare_binary(_name, _fn, TO_BOOL, aliases=_aliases, kinds=_kinds,
                                       cpu=_np_or(_np_fn, _fn, _ALL_BUT_BF16), backward=_comparison_backward)


@kernel("isclose")
def _isclose(a, b, rtol, atol, equal_nan):
    if a.dtype in _INTS or a.dtype == BOOL:
        a, b = ops.cast(a, F64), ops.cast(b, F64)
    close = ops.equal(a, b)
    if equal_nan:
        close = ops.logical_or(close, ops.logical_and(ops.isnan(a), ops.isnan(b)))
    if rtol == 0 and atol == 0:
        return close
    err = _abs(ops.sub(a, b))
    allowed = ops.add(ops.mul(_abs(b), rtol), atol)
    return ops.logical_or(close, ops.logical_and(ops.isfinite(err), ops.less_equal(err, allowed)))


_cpu_widen("isclose", _isclose, _ALL_BUT_BF16, back=False)


@defop()
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    _check_tensor("isclose", input)
    _check_tensor("isclose", other, "other")
    if input._dtype is not other._dtype:
        raise RuntimeError(f"{_TYPE_NAME(input._dtype)} did not match {_TYPE_NAME(other._dtype)}")
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol}")
    return _binary("isclose", input, other, TO_BOOL, scalars=False, args=(rtol, atol, equal_nan))


@defop(differentiable_output=False)
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return builtins.bool(isclose(input, other, rtol, atol, equal_nan).all())


@defop(differentiable_output=False)
def equal(input, other):
    """True when both have the same shape and equal elements (compared after promotion; NaN is unequal)."""
    _check_tensor("equal", input)
    _check_tensor("equal", other, "other")
    if input._shape != other._shape:
        return False
    return builtins.bool(eq(input, other).all())


def _heaviside(a, b):
    if a.dtype == BOOL:
        return ops.logical_or(a, ops.logical_and(ops.logical_not(a), b))
    return ops.heaviside(a, b)


_heaviside_backward = _not_implemented("derivative for aten::heaviside is not implemented")


@defop(backward=_heaviside_backward)
def heaviside(input, values, *, out=None):
    _check_tensor("heaviside", input)
    _check_tensor("heaviside", values, "values")
    if input._dtype is not values._dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes")
    if out is not None and isinstance(out, Tensor) and out._dtype is not input._dtype:
        raise RuntimeError(f"Expected out type to be {_TYPE_NAME(input._dtype)} but got {_TYPE_NAME(out._dtype)}")
    return _binary("heaviside", input, values, PROMOTE, out, kinds=_REAL)


@defop(namespace=False, backward=_heaviside_backward)
def heaviside_(self, values):
    _check_tensor("heaviside", values, "values")
    if self._dtype is not values._dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes")
    return _binary("heaviside", self, values, PROMOTE, inplace=True, kinds=_REAL)


kernel("heaviside")(_heaviside)
_cpu_widen("heaviside", _heaviside, _ALL_BUT_BF16)

gcd = _declare_binary("gcd", ops.gcd, kinds=(1,), scalars=False, cpu_native=frozenset((I16, I32, I64)),
                      tensor_other=True)
lcm = _declare_binary("lcm", ops.lcm, kinds=(1,), scalars=False, cpu_native=frozenset((I32, I64)),
                      tensor_other=True)


# =====================================================================================================
# clamp, where, lerp, addcmul/addcdiv
# =====================================================================================================
def _value_of(x, dtype, dev):
    """A tensor or Python number as a MindSpore value of `dtype` (numbers as 0-dim values)."""
    return _operand(x, dtype, dev, False)


def _check_shapes(name, input, others, inplace):
    shapes = [x._shape for x in others if isinstance(x, Tensor)]
    if input is not None and isinstance(input, Tensor):
        shapes.insert(0, input._shape)
    shape = broadcast_shapes(*shapes) if len(set(shapes)) > 1 else (shapes[0] if shapes else ())
    if inplace and shape != input._shape:
        raise RuntimeError(f"output with shape {list(input._shape)} doesn't match the broadcast shape {list(shape)}")
    return shape


def _broadcast(v, shape):
    return v if tuple(v.shape) == tuple(shape) else ops.broadcast_to(v, shape)


@kernel("clamp")
def _clamp(v, lo, hi):
    # min(max(v, lo), hi) with NaN from any operand propagating, as torch does (MindSpore's clamp drops them)
    r = v
    if lo is not None:
        r = _maximum(r, lo) if r.dtype != BOOL else ops.logical_or(r, lo)
    if hi is not None:
        r = _minimum(r, hi) if r.dtype != BOOL else ops.logical_and(r, hi)
    return r


def _clamp_cpu_ms(v, lo, hi):
    return _cpu_widen_fn(_clamp, _ALL_BUT_BF16 - {C64, C128})(v, lo, hi)


@kernel("clamp", "cpu")
def _clamp_cpu(v, lo, hi):
    # small tensors: NumPy's maximum/minimum propagate NaN as torch does, in one host round trip
    if HOST_KERNELS[0] and all(x is None or (x.size <= _HOST_LIMIT and (x.dtype in _NP_DTYPES or x.dtype == BF16)) for x in (v, lo, hi)) \
            and v.dtype != BOOL:
        r = _np_value(v)
        with np.errstate(all="ignore"):
            if lo is not None:
                r = np.maximum(r, _np_value(lo))
            if hi is not None:
                r = np.minimum(r, _np_value(hi))
        if v.dtype == BF16:
            return ms.from_numpy(_f32_to_bf16_bits(np.asarray(r))).view(BF16)
        return _to_ms(r)
    return _clamp_cpu_ms(v, lo, hi)


def _clamp_entry(input, min, max, out=None, inplace=False, name="clamp"):
    _check_tensor(name, input)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) != isinstance(max, Tensor) and min is not None and max is not None:
        # torch's overloads are (Tensor?, Tensor?) and (Scalar?, Scalar?): a 0-dim tensor passes as a Scalar
        t = min if isinstance(min, Tensor) else max
        if t._shape:
            raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, "
                            f"{type(min).__name__}, {type(max).__name__})")
        if isinstance(min, Tensor):
            min = min.item()
        else:
            max = max.item()
    bounds = [x for x in (min, max) if x is not None]
    dtype = D.result_type_of([input] + bounds)
    if dtype is D.bool and not any(isinstance(x, Tensor) for x in bounds):  # tensor bounds take bool
        raise _unsupported("clamp_scalar", dtype)
    if dtype is D.bool and len(bounds) == 2:  # ... but only one at a time (clamp_min / clamp_max)
        raise _unsupported("clamp", dtype)
    if dtype.is_complex:
        raise RuntimeError("clamp is not supported for complex types")
    if out is not None and isinstance(out, Tensor) and out._dtype is not dtype and not any(
            isinstance(x, Tensor) for x in bounds):  # the Scalar overload wants out= of the result dtype
        raise RuntimeError(f"Expected out type to be {_TYPE_NAME(dtype)} but got {_TYPE_NAME(out._dtype)}")
    shape = _check_shapes(name, input, bounds, inplace)
    dev = device_of(input, *bounds)
    if inplace:
        check_inplace_dtype(dtype, input)
    v = _value_of(input, dtype, dev)
    lo = None if min is None else _value_of(min, dtype, dev)
    hi = None if max is None else _value_of(max, dtype, dev)
    value = _broadcast(TABLES[dev.type]["clamp"](v, lo, hi), shape)
    if inplace:
        return write_inplace(input, value, dtype)
    return finish(value, dev, out)


def _clamp_backward(grad, input, min, max):
    """The grad passes where the input is within the bounds (the bounds included); a tensor bound gets it
    where it decided the output (min only where min < max: past that, max decides)."""
    where = _op("where")
    gi = g_min = g_max = None
    if _needs(input):
        if min is not None and max is not None:
            keep = (input >= min) & (input <= max)
        else:
            keep = input >= min if min is not None else input <= max
        gi = where(keep, grad, 0)
    if _needs(min):
        below = input < min
        g_min = where(below & (min < max) if max is not None else below, grad, 0)
    if _needs(max):
        above = input > max
        g_max = where(above | (max < min) if min is not None else above, grad, 0)
    return gi, g_min, g_max


def _clamp_min_backward(grad, input, min):
    return _clamp_backward(grad, input, min, None)[:2]


def _clamp_max_backward(grad, input, max):
    gi, _, g_max = _clamp_backward(grad, input, None, max)
    return gi, g_max


@defop(backward=_clamp_backward)
def clamp(input, min=None, max=None, *, out=None):
    return _clamp_entry(input, min, max, out)


@defop(namespace=False, backward=_inplace(_clamp_backward))
def clamp_(self, min=None, max=None):
    return _clamp_entry(self, min, max, inplace=True)


_alias("clip", "clamp")
_alias("clip_", "clamp_", namespace=False)


@defop(backward=_clamp_min_backward)
def clamp_min(input, min, *, out=None):
    return _clamp_entry(input, min, None, out, name="clamp_min")


@defop(namespace=False, backward=_inplace(_clamp_min_backward))
def clamp_min_(self, min):
    return _clamp_entry(self, min, None, inplace=True, name="clamp_min")


@defop(backward=_clamp_max_backward)
def clamp_max(input, max, *, out=None):
    return _clamp_entry(input, None, max, out, name="clamp_max")


@defop(namespace=False, backward=_inplace(_clamp_max_backward))
def clamp_max_(self, max):
    return _clamp_entry(self, None, max, inplace=True, name="clamp_max")


@kernel("where")
def _where(cond, x, y):
    return ops.where(cond, x, y)


@kernel("where", "cpu")
def _where_cpu(cond, x, y):
    # MindSpore's CPU Select has no bfloat16 kernel; selecting is dtype-blind, so bfloat16 moves as int16.
    if x.dtype == BF16:
        return ops.where(cond, x.view(I16), y.view(I16)).view(BF16)
    return ops.where(cond, x, y)


def _where_backward(grad, condition, needs_grad):
    where = _op("where")  # input and other are not saved: torch's where may see them changed in place after
    return (None, where(condition, grad, 0) if "input" in needs_grad else None,
            where(condition, 0, grad) if "other" in needs_grad else None)


@defop(method=False, backward=_where_backward)
def where(condition, input=None, other=None, *, out=None):
    if input is None and other is None:
        if "nonzero" not in OPS:  # where(condition) is the indexing family's nonzero(as_tuple=True)
            raise NotImplementedError("mindtorch: where(condition) needs nonzero, which is not available")
        return OPS["nonzero"].fn(condition, as_tuple=True)
    _check_tensor("where", condition, "condition")
    if condition._dtype is not D.bool and condition._dtype is not D.uint8:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{_TYPE_NAME(condition._dtype)}")
    dtype = D.result_type_of([input, other])
    if out is not None and isinstance(out, Tensor) and out._dtype is not dtype:
        raise RuntimeError(f"Expected out type to be {_TYPE_NAME(dtype)} but got {_TYPE_NAME(out._dtype)}")
    shape = _check_shapes("where", condition, [input, other], False)
    dev = device_of(condition, input, other)
    cond = condition._ms if condition._dtype is D.bool else cast(condition._ms, D.bool, dev)
    x, y = _value_of(input, dtype, dev), _value_of(other, dtype, dev)
    return finish(_broadcast(TABLES[dev.type]["where"](cond, x, y), shape), dev, out)


@defop("_where_method", namespace=False, method="where")
def _where_method(self, condition, other):
    return where(condition, self, other)


@kernel("lerp")
def _lerp(start, end, weight):
    # torch's two-sided formula: exact at both ends, weight below 0.5 measured from start, else from end
    diff = ops.sub(end, start)
    if not isinstance(weight, ms.Tensor):  # weight as a value of the dtype: MindSpore rounds a Python float to float32
        if builtins.abs(weight) < 0.5:
            return ops.add(start, ops.mul(diff, ms.Tensor(weight, diff.dtype)))
        return ops.sub(end, ops.mul(diff, ms.Tensor(1.0 - weight, diff.dtype)))
    low = ops.less(ops.abs(weight), 0.5)
    return ops.where(low, ops.add(start, ops.mul(weight, diff)), ops.sub(end, ops.mul(diff, ops.sub(1.0, weight))))


_cpu_widen("lerp", _lerp, frozenset((F32, F64, C64, C128)))


def _lerp_entry(input, end, weight, out=None, inplace=False):
    _check_tensor("lerp", input)
    _check_tensor("lerp", end, "end")
    if end._dtype is not input._dtype:
        raise RuntimeError(f"expected dtype {input._dtype.name.replace('32', '').replace('float64', 'double')} for "
                           f"`end` but got dtype {end._dtype.name.replace('float64', 'double')}")
    dtype = input._dtype
    if dtype._kind < 2:
        raise _unsupported("lerp", dtype)
    tensor_weight = isinstance(weight, Tensor) and weight._shape
    if out is not None and isinstance(out, Tensor) and out._dtype is not dtype and tensor_weight:
        # (torch casts into `out` when the weight is a number or a 0-dim tensor)
        raise RuntimeError(f"Expected out type to be {_TYPE_NAME(dtype)} but got {_TYPE_NAME(out._dtype)}")
    shape = _check_shapes("lerp", input, [end, weight], inplace)
    dev = device_of(input, end, weight)
    w = _value_of(weight, dtype, dev) if isinstance(weight, Tensor) else builtins.float(weight) \
        if not dtype.is_complex else weight
    value = _broadcast(TABLES[dev.type]["lerp"](input._ms, end._ms, w), shape)
    if inplace:
        return write_inplace(input, value, dtype)
    return finish(value, dev, out)


def _lerp_backward(grad, input, end, weight):
    return (grad * _cj(1 - weight) if _needs(input) else None, grad * _cj(weight) if _needs(end) else None,
            grad * _cj(end - input) if _needs(weight) else None)


@defop(backward=_lerp_backward)
def lerp(input, end, weight, *, out=None):
    return _lerp_entry(input, end, weight, out)


@defop(namespace=False, backward=_inplace(_lerp_backward))
def lerp_(self, end, weight):
    return _lerp_entry(self, end, weight, inplace=True)


@kernel("addcmul")
def _addcmul(v, t1, t2, value):
    return ops.add(v, ops.mul(_times(t1, value), t2))


@kernel("addcdiv")
def _addcdiv(v, t1, t2, value):
    return ops.add(v, _true_div(_times(t1, value), t2))


def _times(t, value):
    # value as a value of t's dtype: a Python number would promote a 0-dim int32 to int64
    return t if value == 1 else ops.mul(t, ms.Tensor(value, t.dtype))


_cpu_widen("addcmul", _addcmul, frozenset((F16, F32, F64, I8, I16, I32, I64, U8, C64, C128)))
_cpu_widen("addcdiv", _addcdiv, frozenset((F16, F32, F64, C64, C128)))


def _addc_entry(name, input, tensor1, tensor2, value, out=None, inplace=False):
    _check_tensor(name, input)
    _check_tensor(name, tensor1, "tensor1")
    _check_tensor(name, tensor2, "tensor2")
    if name == "addcdiv" and tensor1._dtype._kind < 2 and tensor2._dtype._kind < 2:
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future release addcdiv "
                           "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be "
                           "implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
                           "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
                           "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), "
                           "for all dtypes.")
    dtype = D.result_type_of([input, tensor1, tensor2])
    if dtype is D.bool:
        raise _unsupported(name, dtype)
    shape = _check_shapes(name, input, [tensor1, tensor2], inplace)
    dev = device_of(input, tensor1, tensor2)
    if inplace:
        check_inplace_dtype(dtype, input)
    value = builtins.int(value) if dtype._kind == 1 else value
    if dtype._kind == 2 and isinstance(value, builtins.complex):
        raise RuntimeError("value cannot be converted to type float without overflow")
    result = TABLES[dev.type][name](*(_value_of(x, dtype, dev) for x in (input, tensor1, tensor2)), value)
    result = _broadcast(result, shape)
    if inplace:
        return write_inplace(input, result, dtype)
    return finish(result, dev, out)


def _addcmul_backward(grad, tensor1, tensor2, value):
    g = grad if value == 1 else grad * _cj(value)
    return grad, g * _cj(tensor2) if _needs(tensor1) else None, g * _cj(tensor1) if _needs(tensor2) else None


def _addcdiv_backward(grad, tensor1, tensor2, value):
    g = (grad if value == 1 else grad * _cj(value)) / _cj(tensor2)
    return grad, g if _needs(tensor1) else None, -g * _cj(tensor1 / tensor2) if _needs(tensor2) else None


@defop(backward=_addcmul_backward)
def addcmul(input, tensor1, tensor2, *, value=1, out=None):
    return _addc_entry("addcmul", input, tensor1, tensor2, value, out)


@defop(namespace=False, backward=_addcmul_backward)
def addcmul_(self, tensor1, tensor2, *, value=1):
    return _addc_entry("addcmul", self, tensor1, tensor2, value, inplace=True)


@defop(backward=_addcdiv_backward)
def addcdiv(input, tensor1, tensor2, *, value=1, out=None):
    return _addc_entry("addcdiv", input, tensor1, tensor2, value, out)


@defop(namespace=False, backward=_addcdiv_backward)
def addcdiv_(self, tensor1, tensor2, *, value=1):
    return _addc_entry("addcdiv", self, tensor1, tensor2, value, inplace=True)


# =====================================================================================================
# softmax / log_softmax
# =====================================================================================================
def _softmax_parts(v, dim, exp):
    z = ops.sub(v, ops.amax(v, dim, keepdims=True))
    e = exp(z)
    return z, e, ops.sum(e, dim, keepdim=True)


# Composites: MindSpore's CPU Softmax gives wrong answers for masked rows (softmax([1, -inf]) came back as
# [4.4e-4, 1.2e-5]) and its LogSoftmax is off by 2e-2 relative; max-shifted exp / sum is exact where torch is
# (all -inf or NaN rows give NaN, -inf entries 0).
@kernel("softmax")
def _softmax(v, dim):
    _, e, total = _softmax_parts(v, dim, ops.exp)
    return ops.div(e, total)


@kernel("log_softmax")
def _log_softmax(v, dim):
    z, _, total = _softmax_parts(v, dim, ops.exp)
    return ops.sub(z, ops.log(total))


def _softmax_cpu(v, dim):
    _, e, total = _softmax_parts(v, dim, TABLES["cpu"]["exp"])  # CPU exp/log: the accurate (float64) kernels
    return ops.div(e, total)


def _log_softmax_cpu(v, dim):
    z, _, total = _softmax_parts(v, dim, TABLES["cpu"]["exp"])
    return ops.sub(z, TABLES["cpu"]["log"](total))


def _np_softmax(x, dim, log):
    x = x.astype(np.float32) if x.dtype == np.float16 else x  # half types accumulate in float32, as in torch
    with np.errstate(all="ignore"):
        z = x - np.max(x, axis=dim, keepdims=True)
        e = np.exp(z)
        total = np.sum(e, axis=dim, keepdims=True)
        return z - np.log(total) if log else e / total


def _host_softmax(log, ms_fn):
    def run(v, dim):
        dt = v.dtype
        if HOST_KERNELS[0] and v.size <= _HOST_LIMIT and (dt in _FLOATS or dt == BF16):
            r = np.asarray(_np_softmax(_np_value(v), dim, log))
            if dt == BF16:
                return ms.from_numpy(_f32_to_bf16_bits(r)).view(BF16)
            return _to_ms(r.astype(ms.dtype_to_nptype(dt), copy=False))
        return ms_fn(v, dim)
    return run


# bfloat16/float16 compute in float32, as torch's CPU kernels accumulate half types in float32.
kernel("softmax", "cpu")(_host_softmax(False, _cpu_widen_fn(_softmax_cpu, frozenset((F32, F64)))))
kernel("log_softmax", "cpu")(_host_softmax(True, _cpu_widen_fn(_log_softmax_cpu, frozenset((F32, F64)))))


def _softmax_entry(name, input, dim, dtype, out=None):
    _check_tensor(name, input)
    if dim is None:
        raise TypeError(f"{name}() missing required argument 'dim'")
    dev = input._device
    value = input._ms
    if dtype is not None and dtype is not input._dtype:
        value = cast(value, dtype, dev)
    dt = dtype or input._dtype
    ndim = len(input._shape)
    n = builtins.max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    if input.numel() == 0:
        return finish(value, dev, out)
    if dt._kind != 2:
        raise _unsupported(name + "_lastdim_kernel_impl", dt)
    if ndim == 0:
        r = TABLES[dev.type][name](value.reshape((1,)), 0).reshape(())
    else:
        r = TABLES[dev.type][name](value, dim % ndim)
    return finish(r, dev, out)


def _softmax_backward(grad, dim, result):
    gy = grad * result
    return gy - result * gy.sum(dim, keepdim=True)


def _log_softmax_backward(grad, dim, result):
    return grad - result.exp() * grad.sum(dim, keepdim=True)


@defop(backward=_softmax_backward)
def softmax(input, dim=None, dtype=None, *, out=None):
    return _softmax_entry("softmax", input, dim, dtype, out)


@defop(backward=_log_softmax_backward)
def log_softmax(input, dim=None, dtype=None, *, out=None):
    return _softmax_entry("log_softmax", input, dim, dtype, out)


# =====================================================================================================
# Python operators
# =====================================================================================================
def _operator(dunder, fn, reflected=True, inplace_fn=None):
    def forward(self, other):
        if not isinstance(other, (Tensor, builtins.int, builtins.float, builtins.complex, builtins.bool)):
            return NotImplemented
        return fn(self, other)
    forward.__name__ = dunder
    defop(dunder, namespace=False)(forward)
    if reflected:
        def backward(self, other):
            if not isinstance(other, (builtins.int, builtins.float, builtins.complex, builtins.bool)):
                return NotImplemented
            return fn(other, self)
        backward.__name__ = dunder.replace("__", "__r", 1)
        defop(backward.__name__, namespace=False)(backward)
    if inplace_fn is not None:
        def inplace(self, other):
            if not isinstance(other, (Tensor, builtins.int, builtins.float, builtins.complex, builtins.bool)):
                return NotImplemented
            return inplace_fn(self, other)
        inplace.__name__ = dunder.replace("__", "__i", 1)
        defop(inplace.__name__, namespace=False)(inplace)


for _dunder, _name in (("__add__", "add"), ("__sub__", "sub"), ("__mul__", "mul"), ("__truediv__", "div"),
                      ("__floordiv__", "floor_divide"), ("__mod__", "remainder"), ("__pow__", "pow"),
                      ("__and__", "bitwise_and"), ("__or__", "bitwise_or"), ("__xor__", "bitwise_xor"),
                      ("__lshift__", "bitwise_left_shift"), ("__rshift__", "bitwise_right_shift")):
    _operator(_dunder, OPS[_name].fn, inplace_fn=OPS[_name + "_"].fn)
for _dunder, _name in (("__eq__", "eq"), ("__ne__", "ne"), ("__lt__", "lt"), ("__le__", "le"), ("__gt__", "gt"),
                       ("__ge__", "ge")):
    _operator(_dunder, OPS[_name].fn, reflected=False)

defop("__neg__", namespace=False)(neg)
defop("__pos__", namespace=False)(positive)
defop("__abs__", namespace=False)(abs)
defop("__invert__", namespace=False)(bitwise_not)
