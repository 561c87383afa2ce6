"""Kernels for torch.nn.functional: activations, normalization, dropout, embedding, linear layers and
losses.

Each op is an `NNOp`: a forward kernel over MindSpore values (`fwd(*values, **static)`, registered in
the device tables as `name`) and a backward kernel (`bwd(grads, inputs, outputs, need, **static)`,
registered as `name + "_backward"`) returning one gradient per input (None where `need` is False).
Where no backward is written, MindSpore differentiates the forward kernel (`mindspore.vjp`). The
backward is itself an op recorded on mindtorch's graph, whose own derivative MindSpore computes, so
second derivatives work (third ones raise).

On CPU, float16 and bfloat16 values run in float32 and round back (MindSpore's CPU has no bfloat16
kernels for exp, softmax, matmul, ... and slow float16 ones; torch's CPU accumulates in float32 too).

`mindtorch.nn.functional` holds the torch-facing entries (argument checks, defaults, errors);
this file holds only what runs on values, plus the torch.* / Tensor names of the nn ops
(torch.softmax, Tensor.relu, ...) where no other op family declares them."""
import math

import mindspore as ms
from mindspore import ops

from ..autograd import grad_mode
from ..autograd.record import differentiable, _snapshot
from .registry import OPS, defop, kernel, TABLES
from .common import wrap, device_of

_HALF = (ms.float16, ms.bfloat16)


# ---- the op machinery -------------------------------------------------------------------------------
def _upcast_half(fn):
    """`fn` computing float16/bfloat16 values in float32 and rounding the float32 results back."""
    def run(*vals, **static):
        half = None
        for v in vals:
            if isinstance(v, ms.Tensor) and v.dtype in _HALF:
                half = v.dtype
                break
        if half is None:
            return fn(*vals, **static)
        cast = TABLES["cpu"]["cast"]
        vals = [cast(v, ms.float32) if isinstance(v, ms.Tensor) and v.dtype in _HALF else v for v in vals]
        out = fn(*vals, **static)
        if isinstance(out, tuple):
            return tuple(cast(o, half) if o is not None and o.dtype == ms.float32 else o for o in out)
        return cast(out, half) if out.dtype == ms.float32 else out
    run.__wrapped__ = fn
    return run


def _distinct(values):
    """`values` with repeated objects copied: mindspore.vjp gives each occurrence of one tensor object
    the gradient of all its occurrences (f(x, x) = x * x differentiates to 2x for both arguments)."""
    seen, out = set(), []
    for v in values:
        out.append(v.copy() if id(v) in seen else v)
        seen.add(id(v))
    return out


def _autodiff(fwd):
    """A backward kernel that lets MindSpore differentiate `fwd`."""
    def bwd(grads, inputs, outs, need, **static):
        idx = [i for i, n in enumerate(need) if n]

        def f(*xs):
            full = list(inputs)
            for i, x in zip(idx, xs):
                full[i] = x
            return fwd(*full, **static)
        _, pull = ms.vjp(f, *_distinct([inputs[i] for i in idx]))
        cot = tuple(grads)
        res = pull(cot if len(cot) > 1 else cot[0])
        if not isinstance(res, tuple):
            res = (res,)
        full = [None] * len(inputs)
        for i, r in zip(idx, res):
            full[i] = r
        return tuple(full)
    return bwd


class NNOp:
    """One nn op: `apply(tensors, static)` runs the forward kernel on the tensors' values (None entries
    allowed) and records the backward on the graph."""

    def __init__(self, name, fwd, bwd=None, upcast=True, saves_result=False, nondiff=None):
        self.name, self.fwd = name, fwd
        self.nondiff = nondiff  # {input position: argument name} torch refuses to differentiate
        self.bwd = bwd or _autodiff(fwd)
        # kernels live under "nn::<name>" so that they never replace another family's kernel of the same name
        self.kname, self.bname = "nn::" + name, "nn::" + name + "_backward"
        kernel(self.kname)(fwd)
        kernel(self.bname)(self._bwd_flat)
        if upcast:
            kernel(self.kname, "cpu")(_upcast_half(fwd))
            kernel(self.bname, "cpu")(_upcast_half(self._bwd_flat))
        formula = self._formula_result if saves_result else self._formula
        self._recorded = differentiable(name, self._forward, formula)
        self._apply_backward = differentiable(name + "_backward", self._backward, self._formula2)

    def apply(self, tensors, static):
        """Run the op on `tensors` (a tuple; None where an optional tensor is absent) with the non-tensor
        arguments `static`, recording it on the graph when an input requires grad."""
        if grad_mode.is_grad_enabled():
            for t in tensors:
                if t is not None and t._requires_grad:
                    break
            else:
                return self._forward(tensors, static)
            if self.nondiff:
                for i, arg in self.nondiff.items():
                    if tensors[i] is not None and tensors[i]._requires_grad:
                        raise RuntimeError(f"The function '{self.name}' is not differentiable with respect to argument "
                                           f"'{arg}'. This input cannot have requires_grad True.")
            static = dict(static, _versions=tuple(None if t is None else t._storage.version for t in tensors))
            return self._recorded(tensors, static)
        return self._forward(tensors, static)

    def __call__(self, *tensors, **static):
        return self.apply(tensors, static)

    def _forward(self, tensors, static):
        if "_versions" in static:
            static = {k: v for k, v in static.items() if k != "_versions"}
        dev = device_of(*tensors)
        out = TABLES[dev.type][self.kname](*[None if t is None else t._ms for t in tensors], **static)
        if isinstance(out, tuple):
            return tuple(wrap(o, dev) for o in out)
        return wrap(out, dev)

    def _formula(self, grad, tensors, static):
        return self._formula_result(grad, tensors, static, ())

    def _formula_result(self, grad, tensors, static, result):
        versions = static.get("_versions")
        if versions is not None:
            static = {k: v for k, v in static.items() if k != "_versions"}
            for t, v in zip(tensors, versions):
                if t is not None and t._storage.version != v:
                    raise RuntimeError(
                        "one of the variables needed for gradient computation has been modified by an inplace "
                        f"operation: [{t.type()} {list(t._shape)}] is at version {t._storage.version}; expected "
                        f"version {v} instead. Hint: the backtrace further above can point at the operation that "
                        f"failed to compute its gradient ({self.name}).")
        grads = tuple(grad) if isinstance(grad, (tuple, list)) else (grad,)
        results = tuple(result) if isinstance(result, tuple) else (result,)
        need = tuple(t is not None and t._requires_grad for t in tensors)
        out = self._apply_backward((*grads, *tensors, *results),
                                   {"n": (len(grads), len(tensors)), "need": need, "static": static})
        it = iter(out)
        return (tuple(next(it) if n else None for n in need), None)

    def _bwd_flat(self, *vals, n, need, static):
        ng, ni = n
        res = self.bwd(vals[:ng], vals[ng:ng + ni], vals[ng + ni:], need, **static)
        return tuple(r for r, nd in zip(res, need) if nd)

    def _backward(self, tensors, cfg):
        dev = device_of(*tensors)
        out = TABLES[dev.type][self.bname](*[None if t is None else t._ms for t in tensors], **cfg)
        return tuple(wrap(o, dev) for o in out)

    def _formula2(self, grad, tensors, cfg):
        """Second derivative: MindSpore differentiates the backward kernel (outputs recomputed)."""
        if grad_mode.is_grad_enabled():
            raise NotImplementedError(f"mindtorch: a third derivative through '{self.name}' is not supported")
        ng, ni = cfg["n"]
        need, static = cfg["need"], cfg["static"]
        grads = tuple(grad) if isinstance(grad, (tuple, list)) else (grad,)
        vals = [None if t is None else t._ms for t in tensors[:ng + ni]]
        idx = [i for i, t in enumerate(tensors[:ng + ni])
               if t is not None and t._requires_grad and t._dtype.is_floating_point]
        result = [None] * len(tensors)
        if not idx:
            return (tuple(result), None)
        fwd, bwd = self.fwd, self.bwd

        def f(*xs):
            full = list(vals)
            for i, x in zip(idx, xs):
                full[i] = x
            inputs = full[ng:]
            outs = fwd(*inputs, **static)
            outs = outs if isinstance(outs, tuple) else (outs,)
            res = bwd(full[:ng], inputs, outs, need, **static)
            return tuple(r for r, nd in zip(res, need) if nd)
        outs, pull = ms.vjp(f, *_distinct([vals[i] for i in idx]))
        cot = tuple(g._ms if g is not None else ops.zeros_like(o) for g, o in zip(grads, outs))
        res = pull(cot)
        if not isinstance(res, tuple):
            res = (res,)
        dev = device_of(*tensors)
        for i, r in zip(idx, res):
            result[i] = wrap(r, dev)
        return (tuple(result), None)


def inplace(op, input, rest=(), static=None):
    """Run `op` on `input` (and `rest`) and write the result into `input`, as torch's in-place
    activations: on the graph, the input's history continues through the op."""
    static = static or {}
    if grad_mode.is_grad_enabled() and (input._requires_grad or any(
            t is not None and t._requires_grad for t in rest)):
        if input._requires_grad and input.grad_fn is None and input._base is None:
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
        if input._base is not None:
            raise NotImplementedError(f"mindtorch: in-place '{op.name}' on a view of a tensor that requires grad is "
                                      "not supported yet; clone() the view first")
        out = op.apply((_snapshot(input), *rest), static)
        input._write(out._ms)
        input.grad_fn = out.grad_fn
        input._requires_grad = True
        return input
    with grad_mode.no_grad():
        out = op.apply((input, *rest), static)
    value = out._ms
    if value.dtype != input._dtype._ms:
        value = TABLES[input._device.type]["cast"](value, input._dtype._ms)
    input._write(value)
    return input


# ---- value helpers ------------------------------------------------------------------------------------
def _zeros(v):
    return ops.zeros_like(v)


def _where(cond, a, b):
    return ops.where(cond, a, b)


def _reduce(loss, reduction):
    if reduction == "none":
        return loss
    if loss.size == 0:  # MindSpore's ReduceSum/ReduceMean of an empty tensor return garbage
        return ops.fill(loss.dtype, (), 0.0 if reduction == "sum" else float("nan"))
    if reduction == "sum":
        return _msum(loss)
    return ops.mean(loss)


def _sum_to(g, shape):
    """Reduce a broadcast gradient `g` to `shape`."""
    shape = tuple(shape)
    if tuple(g.shape) == shape:
        return g
    lead = g.ndim - len(shape)
    dims = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1)
    if dims:
        g = _msum(g, dims, keepdim=True)
    return g.reshape(shape)


def _msum(v, dim=None, keepdim=False):
    """ops.sum, with zeros for empty inputs (MindSpore's ReduceSum of an empty tensor can return garbage)."""
    if v.size:
        return ops.sum(v, dim, keepdim)
    if dim is None:
        shape = (1,) * v.ndim if keepdim else ()
    else:
        dims = {d % v.ndim for d in ((dim,) if isinstance(dim, int) else dim)}
        shape = tuple(1 if i in dims else n for i, n in enumerate(v.shape) if keepdim or i not in dims)
    return ops.zeros(shape, v.dtype)


def _rsum(v):
    """Sum of all elements (0 for an empty tensor, where MindSpore's ReduceSum returns garbage)."""
    return _msum(v)


def _sum_dims(v, dims, keepdim=False):
    if not dims:
        return v
    return _msum(v, dims, keepdim=keepdim)


# MindSpore's CPU tanh is off by up to 1e-4 for |x| > 0.6 (even above 1 in float32), and its expm1 and
# log1p are exp(x) - 1 and log(1 + x) (relative error 0.3 at 1e-6). These are accurate in float32:
def _tanh(x):
    a = ops.abs(x)
    e = ops.exp(a * -2.0)
    big = ops.sign(x) * ((1 - e) / (1 + e))
    return _where(ops.gt(a, 0.55), big, ops.tanh(x))


def _log1p(u):
    """log(1 + u) (Goldberg: log(w) * u / (w - 1) with w = 1 + u rounded)."""
    w = 1 + u
    d = w - 1
    return _where(d == 0, u, ops.log(w) * (u / _where(d == 0, ops.ones_like(d), d)))


def _expm1(x):
    """exp(x) - 1 (Kahan: (u - 1) * x / log(u) with u = exp(x))."""
    u = ops.exp(x)
    d = u - 1
    lg = ops.log(u)
    ok = ops.logical_and(d != 0, d != -1)
    return _where(ok, d * (x / _where(ok, lg, ops.ones_like(lg))), _where(d == 0, x, d))


# ---- activations --------------------------------------------------------------------------------------
def _relu_fwd(x):
    return ops.relu(x) if x.dtype != ms.bool_ else x


relu = NNOp("relu", _relu_fwd, lambda g, x, y, need: (_where(y[0] > 0, g[0], 0.0),), saves_result=True)


def _hardtanh_fwd(x, min_val, max_val):
    return ops.clamp(x, min_val, max_val)


hardtanh = NNOp("hardtanh", _hardtanh_fwd, lambda g, x, y, need, min_val, max_val: (
    _where(ops.logical_and(x[0] > min_val, x[0] < max_val), g[0], 0.0),))


def _leaky_fwd(x, negative_slope):
    return _where(x > 0, x, x * negative_slope)


leaky_relu = NNOp("leaky_relu", _leaky_fwd, lambda g, x, y, need, negative_slope: (
    _where(x[0] > 0, g[0], g[0] * negative_slope),))


def _elu_fwd(x, alpha, scale, input_scale):
    neg = _expm1(ops.minimum(x, 0.0) * input_scale) * (alpha * scale)
    return _where(x > 0, x * scale, neg)


def _elu_bwd(g, x, y, need, alpha, scale, input_scale):
    x, g = x[0], g[0]
    return (_where(x > 0, g * scale, g * (ops.exp(ops.minimum(x, 0.0) * input_scale) * (alpha * scale * input_scale))),)


elu = NNOp("elu", _elu_fwd, _elu_bwd)

_SQRT1_2 = 0.7071067811865476
_SQRT2_PI = 0.7978845608028654


def _gelu_fwd(x, approximate):
    if approximate == "tanh":
        return 0.5 * x * (1 + _tanh(_SQRT2_PI * (x + 0.044715 * x * x * x)))
    return x * 0.5 * (1 + ops.erf(x * _SQRT1_2))


def _gelu_bwd(g, x, y, need, approximate):
    x, g = x[0], g[0]
    if approximate == "tanh":
        inner = _SQRT2_PI * (x + 0.044715 * x * x * x)
        t = _tanh(inner)
        left = 0.5 * x * (1 - t * t) * (_SQRT2_PI * (1 + 3 * 0.044715 * x * x))
        return (g * (0.5 * (1 + t) + left),)
    cdf = 0.5 * (1 + ops.erf(x * _SQRT1_2))
    pdf = ops.exp(x * x * -0.5) * 0.3989422804014327
    return (g * (cdf + x * pdf),)


gelu = NNOp("gelu", _gelu_fwd, _gelu_bwd)


def _silu_fwd(x):
    return x * ops.sigmoid(x)


def _silu_bwd(g, x, y, need):
    x, g = x[0], g[0]
    s = ops.sigmoid(x)
    return (g * s * (1 + x * (1 - s)),)


silu = NNOp("silu", _silu_fwd, _silu_bwd)


def _softplus_raw(x):
    """log(1 + exp(x)) without overflow."""
    return ops.maximum(x, 0.0) + _log1p(ops.exp(-ops.abs(x)))


def _mish_fwd(x):
    return x * _tanh(_softplus_raw(x))


def _mish_bwd(g, x, y, need):
    x, g = x[0], g[0]
    t = _tanh(_softplus_raw(x))
    return (g * (t + x * ops.sigmoid(x) * (1 - t * t)),)


mish = NNOp("mish", _mish_fwd, _mish_bwd)


def _softplus_fwd(x, beta, threshold):
    xb = x * beta
    return _where(xb > threshold, x, _softplus_raw(xb) / beta)


softplus = NNOp("softplus", _softplus_fwd, lambda g, x, y, need, beta, threshold: (
    _where(x[0] * beta > threshold, g[0], g[0] * ops.sigmoid(x[0] * beta)),))

softsign = NNOp("softsign", lambda x: x / (1 + ops.abs(x)),
                lambda g, x, y, need: (g[0] / ops.square(1 + ops.abs(x[0])),))


def _softshrink_fwd(x, lambd):
    return _where(x > lambd, x - lambd, _where(x < -lambd, x + lambd, _zeros(x)))


softshrink = NNOp("softshrink", _softshrink_fwd, lambda g, x, y, need, lambd: (
    _where(ops.logical_or(x[0] > lambd, x[0] < -lambd), g[0], 0.0),))
hardshrink = NNOp("hardshrink", lambda x, lambd: _where(ops.logical_or(x > lambd, x < -lambd), x, _zeros(x)),
                  lambda g, x, y, need, lambd: (_where(ops.logical_or(x[0] > lambd, x[0] < -lambd), g[0], 0.0),))
tanhshrink = NNOp("tanhshrink", lambda x: x - _tanh(x),
                  lambda g, x, y, need: (g[0] * ops.square(_tanh(x[0])),))


def _hardsigmoid_bwd(g, x, y, need):
    return (_where(ops.logical_and(x[0] > -3.0, x[0] < 3.0), g[0] / 6.0, 0.0),)


hardsigmoid = NNOp("hardsigmoid", lambda x: ops.clamp(x + 3.0, 0.0, 6.0) / 6.0, _hardsigmoid_bwd)


def _hardswish_bwd(g, x, y, need):
    x, g = x[0], g[0]
    return (_where(x <= -3.0, _zeros(g), _where(x < 3.0, g * (x / 3.0 + 0.5), g)),)


hardswish = NNOp("hardswish", lambda x: x * ops.clamp(x + 3.0, 0.0, 6.0) / 6.0, _hardswish_bwd)
sigmoid = NNOp("sigmoid", ops.sigmoid, lambda g, x, y, need: (g[0] * y[0] * (1 - y[0]),), saves_result=True)
tanh = NNOp("tanh", _tanh, lambda g, x, y, need: (g[0] * (1 - y[0] * y[0]),), saves_result=True)


def _logsigmoid_fwd(x):
    return ops.minimum(x, 0.0) - _log1p(ops.exp(-ops.abs(x)))


log_sigmoid = NNOp("log_sigmoid", _logsigmoid_fwd, lambda g, x, y, need: (g[0] * ops.sigmoid(-x[0]),))


def _threshold_fwd(x, threshold, value):
    return _where(x > threshold, x, ops.full_like(x, value))


threshold = NNOp("threshold", _threshold_fwd, lambda g, x, y, need, threshold, value: (
    _where(x[0] > threshold, g[0], 0.0),))


def _glu_fwd(x, dim):
    a, b = ops.split(x, x.shape[dim] // 2, dim)
    return a * ops.sigmoid(b)


def _glu_bwd(g, x, y, need, dim):
    a, b = ops.split(x[0], x[0].shape[dim] // 2, dim)
    s = ops.sigmoid(b)
    ga = g[0] * s
    gb = g[0] * a * s * (1 - s)
    return (ops.cat((ga, gb), dim),)


glu = NNOp("glu", _glu_fwd, _glu_bwd)


def _prelu_shape(x, w):
    if w.size == 1 or x.ndim < 2:
        return w.reshape(()) if w.size == 1 else w
    return w.reshape((1, -1) + (1,) * (x.ndim - 2))


def _prelu_fwd(x, w):
    wv = _prelu_shape(x, w)
    return _where(x > 0, x, x * wv)


def _prelu_bwd(g, x, y, need):
    (g,), (x, w) = g, x
    wv = _prelu_shape(x, w)
    gx = _where(x > 0, g, g * wv) if need[0] else None
    gw = None
    if need[1]:
        gw = _where(x > 0, _zeros(g), g * x)
        gw = _msum(gw).reshape(w.shape) if w.size == 1 else _sum_to(gw, wv.shape).reshape(w.shape)
    return gx, gw


prelu = NNOp("prelu", _prelu_fwd, _prelu_bwd)


def _rrelu_fwd(x, noise):
    return _where(x >= 0, x, x * noise)


rrelu_with_noise = NNOp("rrelu_with_noise", _rrelu_fwd, lambda g, x, y, need: (
    _where(x[0] >= 0, g[0], g[0] * x[1]), None))


# ---- softmax family -----------------------------------------------------------------------------------
def _as_dtype(x, dtype):
    """x cast to the softmax family's `dtype=`; half types compute in float32 (rounded by the caller)."""
    if dtype is None or x.dtype == dtype:
        return x
    return ops.cast(x, ms.float32 if dtype in _HALF else dtype)


def _round_to(y, dtype):
    return y if dtype is None or y.dtype == dtype else ops.cast(y, dtype)


def _softmax_fwd(x, dim, dtype=None):
    x = _as_dtype(x, dtype)
    if x.ndim == 0:
        return _round_to(ops.exp(x - x), dtype)
    if x.size == 0:
        return _round_to(x, dtype)
    return _round_to(ops.softmax(x, dim), dtype)


def _softmax_bwd(g, x, y, need, dim, dtype=None):
    g, y = _as_dtype(g[0], dtype), _as_dtype(y[0], dtype)
    if y.ndim == 0 or y.size == 0:
        gx = _zeros(y)
    else:
        gx = y * (g - _msum(g * y, dim, keepdim=True))
    return (_round_to(gx, x[0].dtype),)


softmax = NNOp("softmax", _softmax_fwd, _softmax_bwd, saves_result=True)


def _lsm(x, dim):
    """log_softmax as torch computes it (MindSpore's CPU LogSoftmax is off by a few 1e-6 near 0)."""
    xm = x - ops.amax(x, dim, keepdims=True)
    return xm - ops.log(_msum(ops.exp(xm), dim, keepdim=True))


def _log_softmax_fwd(x, dim, dtype=None):
    x = _as_dtype(x, dtype)
    if x.ndim == 0:
        return _round_to(x - x, dtype)
    if x.size == 0:
        return _round_to(x, dtype)
    return _round_to(_lsm(x, dim), dtype)


def _log_softmax_bwd(g, x, y, need, dim, dtype=None):
    g, y = _as_dtype(g[0], dtype), _as_dtype(y[0], dtype)
    if y.ndim == 0 or y.size == 0:
        gx = _zeros(y)
    else:
        gx = g - ops.exp(y) * _msum(g, dim, keepdim=True)
    return (_round_to(gx, x[0].dtype),)


log_softmax = NNOp("log_softmax", _log_softmax_fwd, _log_softmax_bwd, saves_result=True)


def _gumbel_fwd(logits, gumbels, tau, dim, hard):
    y = ops.softmax((logits + gumbels) / tau, dim)
    if not hard:
        return y
    index = ops.argmax(y, dim, keepdim=True)
    return ops.tensor_scatter_elements(_zeros(y), index, ops.ones_like(index).astype(y.dtype), dim)


def _gumbel_bwd(g, x, y, need, tau, dim, hard):
    s = ops.softmax((x[0] + x[1]) / tau, dim)
    gx = s * (g[0] - _msum(g[0] * s, dim, keepdim=True)) / tau
    return gx, None


gumbel_softmax = NNOp("gumbel_softmax", _gumbel_fwd, _gumbel_bwd)


# ---- distances ----------------------------------------------------------------------------------------
def _norm(v, p, dim, keepdim=False):
    if p == 2:
        return ops.sqrt(_msum(v * v, dim, keepdim=keepdim))
    a = ops.abs(v)
    if p == 1:
        return _msum(a, dim, keepdim=keepdim)
    if p == float("inf"):
        return ops.amax(a, dim, keepdims=keepdim)
    if p == float("-inf"):
        return ops.amin(a, dim, keepdims=keepdim)
    if p == 0:
        return _msum((a != 0).astype(v.dtype), dim, keepdim=keepdim)
    return ops.pow(_msum(ops.pow(a, p), dim, keepdim=keepdim), 1.0 / p)


def _norm_bwd(g, v, n, p, dim, keepdim=False):
    """Gradient of _norm(v, p, dim) given its value n, as torch's norm_backward (0 where the norm is 0)."""
    if not keepdim:
        g, n = g.expand_dims(dim), n.expand_dims(dim)
    if p == 2:
        return _where(n == 0, _zeros(v), v * (g / n))
    if p == 1:
        return ops.sign(v) * g
    if p == 0:
        return _zeros(v)
    if p in (float("inf"), float("-inf")):
        mask = (ops.abs(v) == n).astype(v.dtype)
        return ops.sign(v) * mask * (g / _msum(mask, dim, keepdim=True))
    a = ops.abs(v)
    return _where(n == 0, _zeros(v), ops.sign(v) * ops.pow(a, p - 1) * g / ops.pow(n, p - 1))


def _normalize_fwd(x, p, dim, eps):
    return x / ops.maximum(_norm(x, p, dim, keepdim=True), eps)


def _normalize_bwd(g, x, y, need, p, dim, eps):
    (g,), (x,) = g, x
    n = _norm(x, p, dim, keepdim=True)
    d = ops.maximum(n, eps)
    gd = -_msum(g * x, dim, keepdim=True) / (d * d)
    gn = _where(n >= eps, gd, _zeros(gd))
    return (g / d + _norm_bwd(gn, x, n, p, dim, keepdim=True),)


normalize = NNOp("normalize", _normalize_fwd, _normalize_bwd)


def _cosine_sim_fwd(x1, x2, dim, eps):
    x1, x2 = ops.broadcast_to(x1, _bshape(x1, x2)), ops.broadcast_to(x2, _bshape(x1, x2))
    n1, n2 = _norm(x1, 2, dim, True), _norm(x2, 2, dim, True)
    # torch clamps the norms at eps without recording the clamp: the gradient flows through the norms as is
    n1 = n1 + ops.stop_gradient(ops.maximum(n1, eps) - n1)
    n2 = n2 + ops.stop_gradient(ops.maximum(n2, eps) - n2)
    return _msum((x1 / n1) * (x2 / n2), dim)


def _bshape(a, b):
    n = max(a.ndim, b.ndim)
    sa, sb = (1,) * (n - a.ndim) + tuple(a.shape), (1,) * (n - b.ndim) + tuple(b.shape)
    return tuple(max(x, y) if min(x, y) != 0 else 0 for x, y in zip(sa, sb))


cosine_similarity = NNOp("cosine_similarity", _cosine_sim_fwd)


def _pairwise_fwd(x1, x2, p, eps, keepdim):
    d = x1 - x2 + eps
    dim = max(x1.ndim, x2.ndim) - 1
    return _norm(d, p, dim, keepdim)


def _pairwise_bwd(g, x, y, need, p, eps, keepdim):
    x1, x2 = x
    d = x1 - x2 + eps
    dim = d.ndim - 1
    gd = _norm_bwd(g[0], d, y[0], p, dim, keepdim)
    return (_sum_to(gd, x1.shape) if need[0] else None, _sum_to(-gd, x2.shape) if need[1] else None)


pairwise_distance = NNOp("pairwise_distance", _pairwise_fwd, _pairwise_bwd, saves_result=True)


def _pdist_fwd(x, i, j, p):
    return _norm(ops.gather(x, i, 0) - ops.gather(x, j, 0), p, 1)


def _pdist_bwd(g, x, y, need, p):
    x, i, j = x
    d = ops.gather(x, i, 0) - ops.gather(x, j, 0)
    gd = _norm_bwd(g[0], d, y[0], p, 1)
    gx = ops.zeros_like(x)
    gx = ops.index_add(gx, i.astype(ms.int32), gd, 0)
    gx = ops.index_add(gx, j.astype(ms.int32), -gd, 0)
    return gx, None, None


pdist = NNOp("pdist", _pdist_fwd, _pdist_bwd, saves_result=True)


# ---- linear -------------------------------------------------------------------------------------------
def _linear_fwd(x, w, b):
    if x.ndim == 2 and w.ndim == 2:
        y = ops.matmul(x, w.T)
    elif w.ndim == 1:
        y = ops.tensor_dot(x, w, ((x.ndim - 1,), (0,)))
    else:
        y = ops.matmul(x, w.T)
    return y if b is None else y + b


def _linear_bwd(g, x, y, need):
    (g,), (x, w, b) = g, x
    gx = gw = gb = None
    if w.ndim == 1:
        if need[0]:
            gx = g.expand_dims(-1) * w
        if need[1]:
            gw = _msum(g.reshape(-1, 1) * x.reshape(-1, w.shape[0]), 0) if x.ndim > 1 else g * x
    else:
        if need[0]:
            gx = ops.matmul(g, w)
        if need[1] and g.size == 0:
            gw = ops.zeros(w.shape, w.dtype)  # MindSpore's MatMul over an empty inner dim leaves garbage
        elif need[1]:
            g2, x2 = g.reshape(-1, g.shape[-1]) if g.ndim else g.reshape(1), x.reshape(-1, x.shape[-1])
            gw = ops.matmul(g2.T, x2) if x.ndim > 1 else ops.outer(g, x)
    if b is not None and need[2]:
        gb = _sum_to(g, b.shape)
    return gx, gw, gb


linear = NNOp("linear", _linear_fwd, _linear_bwd)


def _bilinear_fwd(x1, x2, w, b):
    o, i1, i2 = w.shape
    lead = x1.shape[:-1]
    a = x1.reshape(-1, i1)
    c = x2.reshape(-1, i2)
    t = ops.matmul(a, w.transpose(1, 0, 2).reshape(i1, o * i2)).reshape(-1, o, i2)
    y = _msum(t * c.expand_dims(1), -1)
    if b is not None:
        y = y + b
    return y.reshape(tuple(lead) + (o,))


bilinear = NNOp("bilinear", _bilinear_fwd)


# ---- embedding ----------------------------------------------------------------------------------------
def _embedding_fwd(weight, indices, padding_idx, scale_grad_by_freq=False):
    flat = indices.reshape(-1)
    return ops.gather(weight, flat, 0).reshape(tuple(indices.shape) + tuple(weight.shape[1:]))


def _embedding_bwd(g, x, y, need, padding_idx, scale_grad_by_freq=False):
    weight, indices = x
    flat = indices.reshape(-1).astype(ms.int32)
    gflat = g[0].reshape(-1, weight.shape[1])
    if scale_grad_by_freq:
        counts = ops.unsorted_segment_sum(ops.ones(flat.shape, gflat.dtype), flat, weight.shape[0])
        gflat = gflat / ops.gather(counts, flat, 0).expand_dims(1)
    if padding_idx is not None and padding_idx >= 0:
        gflat = _where((flat == padding_idx).expand_dims(1), 0.0, gflat)
    gw = ops.unsorted_segment_sum(gflat, flat, weight.shape[0])
    return gw, None


embedding = NNOp("embedding", _embedding_fwd, _embedding_bwd)


def _embedding_bag_fwd(weight, indices, bags, psw, nbags, mode, padding_idx):
    """Bags by `bags` (the bag of each index; `nbags` for indices past the last bag, dropped); entries
    equal to padding_idx are left out; empty bags are zeros."""
    rows = ops.gather(weight, indices, 0)
    if psw is not None:
        rows = rows * psw.reshape(-1).expand_dims(1)
    ones = ops.ones((indices.shape[0], 1), rows.dtype)
    if padding_idx is not None:
        keep = (indices != padding_idx).expand_dims(1)
        ones = _where(keep, ones, 0.0)
    count = ops.unsorted_segment_sum(ones, bags, nbags + 1)[:nbags]
    if mode == "max":
        if padding_idx is not None:
            rows = _where(keep, rows, float("-inf"))
        out = ops.unsorted_segment_max(rows, bags, nbags + 1)[:nbags]
        return _where(count > 0, out, 0.0)
    if padding_idx is not None:
        rows = _where(keep, rows, 0.0)
    out = ops.unsorted_segment_sum(rows, bags, nbags + 1)[:nbags]
    if mode == "mean":
        out = out / ops.maximum(count, 1.0)
    return out


embedding_bag = NNOp("embedding_bag", _embedding_bag_fwd)


# ---- dropout ------------------------------------------------------------------------------------------
def _dropout_fwd(x, mask, shift):
    y = x * mask
    return y if shift is None else y + shift


dropout_mask = NNOp("native_dropout", _dropout_fwd, lambda g, x, y, need: (
    _sum_to(g[0] * x[1], x[0].shape), None, None))


# ---- normalization ------------------------------------------------------------------------------------
def _layer_norm_fwd(x, w, b, nd, eps):
    # composite: MindSpore's LayerNorm kernel is one launch, but its LayerNormGrad loses the small
    # gradients torch keeps (normalizing over 2 elements: 1.5e-6 for torch's 1.6e-4) and misreads strided
    # inputs
    dims = tuple(range(x.ndim - nd, x.ndim))
    if x.size == 0:
        return x
    mean = ops.mean(x, dims, keep_dims=True)
    xc = x - mean
    rstd = ops.rsqrt(ops.mean(xc * xc, dims, keep_dims=True) + eps)
    y = xc * rstd
    if w is not None:
        y = y * w
    if b is not None:
        y = y + b
    return y


def _layer_norm_bwd(g, x, y, need, nd, eps):
    (g,), (x, w, b) = g, x
    if x.size == 0:
        return (_zeros(x) if need[0] else None, _zeros(w) if need[1] else None, _zeros(b) if need[2] else None)
    dims = tuple(range(x.ndim - nd, x.ndim))
    lead = tuple(range(x.ndim - nd))
    mean = ops.mean(x, dims, keep_dims=True)
    xc = x - mean
    rstd = ops.rsqrt(ops.mean(xc * xc, dims, keep_dims=True) + eps)
    xhat = xc * rstd
    gx = gw = gb = None
    if need[0]:
        gh = g * w if w is not None else g
        gx = rstd * (gh - ops.mean(gh, dims, keep_dims=True) - xhat * ops.mean(gh * xhat, dims, keep_dims=True))
    if w is not None and need[1]:
        gw = _sum_dims(g * xhat, lead)
    if b is not None and need[2]:
        gb = _sum_dims(g, lead)
    return gx, gw, gb


layer_norm = NNOp("native_layer_norm", _layer_norm_fwd, _layer_norm_bwd)


def _rms_norm_fwd(x, w, nd, eps):
    dims = tuple(range(x.ndim - nd, x.ndim))
    if x.size == 0:
        return x
    y = x * ops.rsqrt(ops.mean(x * x, dims, keep_dims=True) + eps)
    return y if w is None else y * w


def _rms_norm_bwd(g, x, y, need, nd, eps):
    (g,), (x, w) = g, x
    if x.size == 0:
        return (_zeros(x) if need[0] else None, _zeros(w) if need[1] else None)
    dims = tuple(range(x.ndim - nd, x.ndim))
    r = ops.rsqrt(ops.mean(x * x, dims, keep_dims=True) + eps)
    xhat = x * r
    gx = gw = None
    if need[0]:
        gh = g * w if w is not None else g
        gx = r * (gh - xhat * ops.mean(gh * xhat, dims, keep_dims=True))
    if w is not None and need[1]:
        gw = _sum_dims(g * xhat, tuple(range(x.ndim - nd)))
    return gx, gw


rms_norm = NNOp("rms_norm", _rms_norm_fwd, _rms_norm_bwd)


def _group_norm_fwd(x, w, b, groups, eps):
    n, c = x.shape[0], x.shape[1]
    if x.size == 0:
        return x
    xg = x.reshape(n, groups, -1)
    mean = ops.mean(xg, 2, keep_dims=True)
    xc = xg - mean
    rstd = ops.rsqrt(ops.mean(xc * xc, 2, keep_dims=True) + eps)
    y = (xc * rstd).reshape(x.shape)
    shape = (1, c) + (1,) * (x.ndim - 2)
    if w is not None:
        y = y * w.reshape(shape)
    if b is not None:
        y = y + b.reshape(shape)
    return y


group_norm = NNOp("native_group_norm", _group_norm_fwd)


def _batch_norm_train_fwd(x, w, b, eps):
    """Normalized x with its batch statistics; also returns the batch mean and biased variance."""
    dims = (0,) + tuple(range(2, x.ndim))
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    mean = ops.mean(x, dims, keep_dims=True)
    xc = x - mean
    var = ops.mean(xc * xc, dims, keep_dims=True)
    y = xc * ops.rsqrt(var + eps)
    if w is not None:
        y = y * w.reshape(shape)
    if b is not None:
        y = y + b.reshape(shape)
    return y, ops.stop_gradient(mean.reshape(-1)), ops.stop_gradient(var.reshape(-1))


def _batch_norm_train_bwd(g, x, y, need, eps):
    (g, _, _), (x, w, b) = g, x
    dims = (0,) + tuple(range(2, x.ndim))
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    mean = ops.mean(x, dims, keep_dims=True)
    xc = x - mean
    rstd = ops.rsqrt(ops.mean(xc * xc, dims, keep_dims=True) + eps)
    xhat = xc * rstd
    gx = gw = gb = None
    if need[0]:
        gh = g * w.reshape(shape) if w is not None else g
        gx = rstd * (gh - ops.mean(gh, dims, keep_dims=True) - xhat * ops.mean(gh * xhat, dims, keep_dims=True))
    if w is not None and need[1]:
        gw = _msum(g * xhat, dims)
    if b is not None and need[2]:
        gb = _msum(g, dims)
    return gx, gw, gb


batch_norm_train = NNOp("native_batch_norm", _batch_norm_train_fwd, _batch_norm_train_bwd)


def _batch_norm_eval_fwd(x, mean, var, w, b, eps):
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2) if x.ndim > 1 else (-1,)
    scale = ops.rsqrt(var + eps)
    if w is not None:
        scale = scale * w
    shift = -mean * scale
    if b is not None:
        shift = shift + b
    return x * scale.reshape(shape) + shift.reshape(shape)


batch_norm_eval = NNOp("native_batch_norm_legit_no_training", _batch_norm_eval_fwd)


def _instance_norm_fwd(x, w, b, eps):
    dims = tuple(range(2, x.ndim))
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    mean = ops.mean(x, dims, keep_dims=True)
    xc = x - mean
    var = ops.mean(xc * xc, dims, keep_dims=True)
    y = xc * ops.rsqrt(var + eps)
    if w is not None:
        y = y * w.reshape(shape)
    if b is not None:
        y = y + b.reshape(shape)
    return y, ops.stop_gradient(ops.mean(mean.reshape(x.shape[0], x.shape[1]), 0)), \
        ops.stop_gradient(ops.mean(var.reshape(x.shape[0], x.shape[1]), 0))


instance_norm = NNOp("instance_norm", _instance_norm_fwd)


def _lrn_fwd(x, size, alpha, beta, k):
    sq = x * x
    c = x.shape[1]
    pad = [(0, 0)] * x.ndim
    pad[1] = (size // 2, (size - 1) // 2)
    sqp = ops.pad(sq, tuple(v for pr in reversed(pad) for v in pr))
    acc = None
    for s in range(size):
        part = ops.narrow(sqp, 1, s, c)
        acc = part if acc is None else acc + part
    div = ops.pow(acc * (alpha / size) + k, beta)
    return x / div


local_response_norm = NNOp("local_response_norm", _lrn_fwd)


# ---- losses -------------------------------------------------------------------------------------------
def _nll_fwd(logp, target, weight, cdim, ignore_index, reduction, ls):
    """nll_loss (ls == 0) or cross entropy's smoothed nll on log-probabilities `logp` with class `target`
    (class dim `cdim`). Mean reduction divides by the summed weights of the targets not ignored."""
    c = logp.shape[cdim]
    valid = target != ignore_index
    safe = _where(valid, target, ops.zeros_like(target))
    picked = ops.gather_elements(logp, cdim, safe.expand_dims(cdim)).squeeze(cdim)
    wt = ops.gather(weight, safe.reshape(-1), 0).reshape(safe.shape) if weight is not None else None
    wt = _where(valid, wt if wt is not None else ops.ones_like(picked), 0.0)
    loss = -picked * wt
    if ls:
        shape = [1] * logp.ndim
        shape[cdim] = c
        smooth = -_msum(logp * weight.reshape(shape) if weight is not None else logp, cdim)
        smooth = _where(valid, smooth, 0.0)
    if reduction == "none":
        return loss if not ls else (1 - ls) * loss + smooth * (ls / c)
    if reduction == "sum":
        total = _rsum(loss)
        return total if not ls else (1 - ls) * total + _rsum(smooth) * (ls / c)
    denom = _rsum(wt)
    total = _rsum(loss) / denom
    return total if not ls else (1 - ls) * total + (_rsum(smooth) / denom) * (ls / c)


def _nll_bwd(g, x, y, need, cdim, ignore_index, reduction, ls):
    (g,), (logp, target, weight) = g, x
    c = logp.shape[cdim]
    valid = target != ignore_index
    safe = _where(valid, target, ops.zeros_like(target))
    wt = ops.gather(weight, safe.reshape(-1), 0).reshape(safe.shape) if weight is not None else None
    wt = _where(valid, wt if wt is not None else ops.ones(safe.shape, logp.dtype), 0.0)
    if reduction == "none":
        scale = g
    elif reduction == "sum":
        scale = ops.broadcast_to(g, wt.shape)
    else:
        scale = ops.broadcast_to(g / _rsum(wt), wt.shape)
    scale = _where(valid, scale, _zeros(scale))  # all targets ignored: 0/0 in the mean, no gradient
    coef = (-wt * scale * (1 - ls)).expand_dims(cdim)
    onehot = ops.tensor_scatter_elements(ops.zeros_like(logp), safe.expand_dims(cdim), coef, cdim)
    if ls:
        shape = [1] * logp.ndim
        shape[cdim] = c
        ws = weight.reshape(shape) if weight is not None else 1.0
        sm = _where(valid, scale, 0.0).expand_dims(cdim) * (-ls / c)
        onehot = onehot + sm * ws
    return onehot, None, None


nll_loss = NNOp("nll_loss", _nll_fwd, _nll_bwd)


def _ce_fwd(x, target, weight, cdim, ignore_index, reduction, ls, plain=False):
    logp = _lsm(x, cdim)
    if plain:  # no weight, no ignored target, no smoothing: the common case in few launches
        loss = -ops.gather_elements(logp, cdim, target.expand_dims(cdim)).squeeze(cdim)
        return _reduce(loss, reduction)
    return _nll_fwd(logp, target, weight, cdim, ignore_index, reduction, ls)


def _ce_bwd(g, x, y, need, cdim, ignore_index, reduction, ls, plain=False):
    if plain:
        x, target = x[0], x[1]
        soft = ops.softmax(x, cdim)
        idx = target.expand_dims(cdim)
        diff = ops.tensor_scatter_elements(soft, idx, ops.gather_elements(soft, cdim, idx) - 1, cdim)  # p - onehot
        g = g[0] if reduction != "mean" else g[0] / max(target.size, 1)
        if reduction == "none":
            g = g.expand_dims(cdim)
        return diff * g, None, None
    logp = _lsm(x[0], cdim)
    glogp = _nll_bwd(g, (logp, x[1], x[2]), y, need, cdim, ignore_index, reduction, ls)[0]
    return glogp - ops.exp(logp) * _msum(glogp, cdim, keepdim=True), None, None


cross_entropy = NNOp("cross_entropy_loss", _ce_fwd, _ce_bwd)


def _ce_prob_fwd(x, target, weight, cdim, reduction, ls):
    c = x.shape[cdim]
    logp = _lsm(x, cdim)
    if ls:
        target = target * (1 - ls) + ls / c
    if weight is not None:
        shape = [1] * x.ndim
        shape[cdim] = c
        logp = logp * weight.reshape(shape)
    prod = logp * target
    if reduction == "none":
        return -_msum(prod, cdim)
    if reduction == "sum":
        return -_msum(prod)
    return -_msum(prod) / (x.size // c)


cross_entropy_prob = NNOp("cross_entropy_prob", _ce_prob_fwd)


def _mse_fwd(x, y, reduction):
    d = x - y
    return _reduce(d * d, reduction)


mse_loss = NNOp("mse_loss", _mse_fwd)
l1_loss = NNOp("l1_loss", lambda x, y, reduction: _reduce(ops.abs(x - y), reduction),
               )


def _smooth_l1_fwd(x, y, reduction, beta):
    d = ops.abs(x - y)
    if beta == 0:
        return _reduce(d, reduction)
    return _reduce(_where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


smooth_l1_loss = NNOp("smooth_l1_loss", _smooth_l1_fwd)


def _huber_fwd(x, y, reduction, delta):
    d = ops.abs(x - y)
    return _reduce(_where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)), reduction)


huber_loss = NNOp("huber_loss", _huber_fwd)


def _xlogy(a, b):
    return _where(a == 0, _zeros(a * b), a * ops.log(b))


def _kl_fwd(x, t, reduction, log_target):
    if log_target:
        loss = ops.exp(t) * (t - x)
    else:
        loss = _xlogy(t, t) - t * x
    if reduction == "batchmean":
        return _msum(loss) / (x.shape[0] if x.ndim else 1)
    return _reduce(loss, reduction)


kl_div = NNOp("kl_div", _kl_fwd)


def _bce_fwd(x, t, w, reduction):
    loss = -(t * ops.maximum(ops.log(x), -100.0) + (1 - t) * ops.maximum(_log1p(-x), -100.0))
    if w is not None:
        loss = loss * w
    return _reduce(loss, reduction)


def _bce_bwd(g, xs, y, need, reduction):
    (g,), (x, t, w) = g, xs
    if reduction == "mean":
        g = g / max(x.size, 1)
    gx = gt = None
    if need[0]:
        gx = g * (x - t) / ops.maximum((1 - x) * x, 1e-12)
        if w is not None:
            gx = gx * w
    if need[1]:
        gt = g * (ops.maximum(_log1p(-x), -100.0) - ops.maximum(ops.log(x), -100.0))
        if w is not None:
            gt = gt * w
    return gx, gt, None


binary_cross_entropy = NNOp("binary_cross_entropy", _bce_fwd, _bce_bwd, nondiff={2: "weight"})


def _bce_logits_fwd(x, t, w, pw, reduction):
    ls = _logsigmoid_fwd(x)
    if pw is not None:
        lw = (pw - 1) * t + 1
        loss = (1 - t) * x - lw * ls
    else:
        loss = (1 - t) * x - ls
    if w is not None:
        loss = loss * w
    return _reduce(loss, reduction)


binary_cross_entropy_with_logits = NNOp("binary_cross_entropy_with_logits", _bce_logits_fwd,
                                        nondiff={2: "weight", 3: "pos_weight"})


def _poisson_fwd(x, t, log_input, full, eps, reduction):
    if log_input:
        loss = ops.exp(x) - t * x
    else:
        loss = x - t * ops.log(x + eps)
    if full:
        stirling = t * ops.log(t) - t + 0.5 * ops.log(2 * math.pi * t)
        loss = loss + _where(t <= 1, _zeros(stirling), stirling)
    return _reduce(loss, reduction)


poisson_nll_loss = NNOp("poisson_nll_loss", _poisson_fwd)


def _gaussian_fwd(x, t, var, full, eps, reduction, unsqueeze):
    if unsqueeze:
        var = var.expand_dims(-1)
    var = var + ops.stop_gradient(ops.maximum(var, eps) - var)
    loss = 0.5 * (ops.log(var) + (x - t) * (x - t) / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


gaussian_nll_loss = NNOp("gaussian_nll_loss", _gaussian_fwd)


def _cos_emb_fwd(x1, x2, y, margin, reduction):
    dim = x1.ndim - 1
    eps = 1e-12
    prod = _msum(x1 * x2, dim)
    m1 = _msum(x1 * x1, dim) + eps
    m2 = _msum(x2 * x2, dim) + eps
    cos = prod / ops.sqrt(m1 * m2)
    pos = 1 - cos
    neg = ops.maximum(cos - margin, 0.0)
    loss = _where(y == 1, pos, _zeros(pos)) + _where(y == -1, neg, _zeros(neg))
    return _reduce(loss, reduction)


cosine_embedding_loss = NNOp("cosine_embedding_loss", _cos_emb_fwd)


def _margin_ranking_fwd(x1, x2, y, margin, reduction):
    return _reduce(ops.maximum(-y * (x1 - x2) + margin, 0.0), reduction)


margin_ranking_loss = NNOp("margin_ranking_loss", _margin_ranking_fwd)


def _hinge_fwd(x, y, margin, reduction):
    m = ops.maximum(margin - x, 0.0)
    loss = _where(y != 1, m, _zeros(m)) + _where(y != -1, x, _zeros(x))
    return _reduce(loss, reduction)


hinge_embedding_loss = NNOp("hinge_embedding_loss", _hinge_fwd)


def _soft_margin_fwd(x, y, reduction):
    return _reduce(_softplus_raw(-y * x), reduction)


soft_margin_loss = NNOp("soft_margin_loss", _soft_margin_fwd, nondiff={1: "target"})


def _ml_soft_fwd(x, y, w, reduction):
    loss = -(y * _logsigmoid_fwd(x) + (1 - y) * _logsigmoid_fwd(-x))
    if w is not None:
        loss = loss * w
    loss = _msum(loss, x.ndim - 1) / x.shape[-1]
    return _reduce(loss, reduction)


multilabel_soft_margin_loss = NNOp("multilabel_soft_margin_loss", _ml_soft_fwd)


def _ml_margin_fwd(x, is_target, reduction):
    """is_target: (N, C) 1.0 where class j is one of the sample's targets."""
    if x.ndim < 2:
        loss = _ml_margin_fwd(x.reshape(1, -1), is_target.reshape(1, -1), "none").reshape(())
        return _reduce(loss, reduction)
    diff = 1 - x.expand_dims(-1) + x.expand_dims(-2)   # [n, j, i] = 1 - x_j + x_i
    pair = is_target.expand_dims(-1) * (1 - is_target).expand_dims(-2)
    loss = _msum(ops.maximum(diff, 0.0) * pair, (-2, -1)) / x.shape[-1]
    return _reduce(loss, reduction)


multilabel_margin_loss = NNOp("multilabel_margin_loss", _ml_margin_fwd)


def _multi_margin_fwd(x, y, w, p, margin, reduction):
    if x.ndim < 2:
        loss = _multi_margin_fwd(x.reshape(1, -1), y.reshape(-1), w, p, margin, "none").reshape(())
        return _reduce(loss, reduction)
    c = x.shape[-1]
    xy = ops.gather_elements(x, 1, y.expand_dims(1))
    m = ops.maximum(margin - xy + x, 0.0)
    if p == 2:
        m = m * m
    if w is not None:
        m = m * ops.gather(w, y, 0).expand_dims(1)
    other = ops.arange(c).expand_dims(0) != y.expand_dims(1)
    loss = _msum(_where(other, m, _zeros(m)), 1) / c
    return _reduce(loss, reduction)


multi_margin_loss = NNOp("multi_margin_loss", _multi_margin_fwd, nondiff={2: "weight"})


def _triplet_fwd(a, p, n, margin, pnorm, eps, swap, reduction):
    dim = max(a.ndim, p.ndim, n.ndim) - 1
    d_ap = _norm(a - p + eps, pnorm, dim)
    d_an = _norm(a - n + eps, pnorm, dim)
    if swap:
        d_an = ops.minimum(d_an, _norm(p - n + eps, pnorm, dim))
    return _reduce(ops.maximum(margin + d_ap - d_an, 0.0), reduction)


triplet_margin_loss = NNOp("triplet_margin_loss", _triplet_fwd)
margin_combine = NNOp("triplet_margin_with_distance_loss", lambda d_ap, d_an, margin, reduction: _reduce(
    ops.maximum(margin + d_ap - d_an, 0.0), reduction))


def _ctc_fwd(lp, targets, il, tl, blank, reduction, zero_infinity):
    if lp.ndim == 2:
        loss = _ctc_fwd(lp.expand_dims(1), targets, il, tl, blank, "none", zero_infinity).reshape(())
        return loss if reduction != "mean" else loss / ops.maximum(tl.reshape(()), 1).astype(loss.dtype)
    loss, _ = ops.ctc_loss(lp, targets, il, tl, blank=blank, reduction="none", zero_infinity=zero_infinity)
    if reduction == "mean":
        return ops.mean(loss / ops.maximum(tl, 1).astype(loss.dtype))
    if reduction == "sum":
        return _msum(loss)
    return loss


ctc_loss = NNOp("ctc_loss", _ctc_fwd)


# ---- torch.* and Tensor names of nn ops (only where no other op family declares them) ----------------
def _declare(name, fn, method=True, namespace=True):
    if name not in OPS:
        fn.__name__ = name
        defop(name, method=method, namespace=namespace)(fn)


def _F():
    from ..nn import functional
    return functional


_ENUM = {0: "none", 1: "mean", 2: "sum"}


def _red(reduction):
    return _ENUM.get(reduction, reduction)


_NAMES = {
    "relu": (lambda input: _F().relu(input), True),
    "relu_": (lambda input: _F().relu_(input), True),
    "selu": (lambda input: _F().selu(input), False),
    "selu_": (lambda input: _F().selu_(input), False),
    "celu": (lambda input, alpha=1.0: _F().celu(input, alpha), False),
    "celu_": (lambda input, alpha=1.0: _F().celu_(input, alpha), False),
    "rrelu": (lambda input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None:
              _F().rrelu(input, lower, upper, training), False),
    "rrelu_": (lambda input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None:
               _F().rrelu_(input, lower, upper, training), False),
    "prelu": (lambda input, weight: _F().prelu(input, weight), True),
    "threshold": (lambda input, threshold, value: _F().threshold(input, threshold, value), False),
    "threshold_": (lambda input, threshold, value: _F().threshold_(input, threshold, value), False),
    "hardshrink": (lambda input, lambd=0.5: _F().hardshrink(input, lambd), True),
    "sigmoid": (lambda input, *, out=None: _out(_F().sigmoid(input), out), True),
    "tanh": (lambda input, *, out=None: _out(_F().tanh(input), out), True),
    "sigmoid_": (lambda input: inplace(sigmoid, input), True),
    "tanh_": (lambda input: inplace(tanh, input), True),
    "softmax": (lambda input, dim, dtype=None, *, out=None: _out(_F().softmax(input, dim, dtype=dtype), out), True),
    "log_softmax": (lambda input, dim, dtype=None, *, out=None: _out(_F().log_softmax(input, dim, dtype=dtype), out),
                    True),
    "dropout": (lambda input, p, train: _F().dropout(input, p, train), False),
    "dropout_": (lambda input, p, train: _F().dropout(input, p, train, inplace=True), False),
    "alpha_dropout": (lambda input, p, train: _F().alpha_dropout(input, p, train), False),
    "alpha_dropout_": (lambda input, p, train: _F().alpha_dropout(input, p, train, inplace=True), False),
    "feature_dropout": (lambda input, p, train: _F()._dropout_impl(input, p, train, False, True, False), False),
    "feature_dropout_": (lambda input, p, train: _F()._dropout_impl(input, p, train, True, True, False), False),
    "feature_alpha_dropout": (lambda input, p, train: _F().feature_alpha_dropout(input, p, train), False),
    "feature_alpha_dropout_": (lambda input, p, train: _F().feature_alpha_dropout(input, p, train, True), False),
    "layer_norm": (lambda input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True:
                   _F().layer_norm(input, normalized_shape, weight, bias, eps), False),
    "group_norm": (lambda input, num_groups, weight=None, bias=None, eps=1e-5, cudnn_enabled=True:
                   _F().group_norm(input, num_groups, weight, bias, eps), False),
    "batch_norm": (lambda input, weight, bias, running_mean, running_var, training, momentum, eps,
                   cudnn_enabled=True:
                   _F().batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps), False),
    "instance_norm": (lambda input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps,
                      cudnn_enabled=True:
                      _F().instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum,
                                         eps), False),
    "rms_norm": (lambda input, normalized_shape, weight=None, eps=None:
                 _F().rms_norm(input, normalized_shape, weight, eps), False),
    "embedding": (lambda weight, input, padding_idx=-1, scale_grad_by_freq=False, sparse=False:
                  _F().embedding(input, weight, None if padding_idx < 0 else padding_idx, None, 2.0,
                                 scale_grad_by_freq, sparse), False),
    "bilinear": (lambda input1, input2, weight, bias=None: _F().bilinear(input1, input2, weight, bias), False),
    "cosine_similarity": (lambda x1, x2, dim=1, eps=1e-8: _F().cosine_similarity(x1, x2, dim, eps), False),
    "pairwise_distance": (lambda x1, x2, p=2.0, eps=1e-6, keepdim=False:
                          _F().pairwise_distance(x1, x2, p, eps, keepdim), False),
    "pdist": (lambda input, p=2: _F().pdist(input, p), False),
    "kl_div": (lambda input, target, reduction=0, log_target=False:
               _F().kl_div(input, target, reduction=_red(reduction), log_target=log_target), False),
    "cosine_embedding_loss": (lambda input1, input2, target, margin=0.0, reduction=0:
                              _F().cosine_embedding_loss(input1, input2, target, margin, reduction=_red(reduction)),
                              False),
    "hinge_embedding_loss": (lambda input, target, margin=1.0, reduction=0:
                             _F().hinge_embedding_loss(input, target, margin, reduction=_red(reduction)), False),
    "margin_ranking_loss": (lambda input1, input2, target, margin=0.0, reduction=0:
                            _F().margin_ranking_loss(input1, input2, target, margin, reduction=_red(reduction)),
                            False),
    "poisson_nll_loss": (lambda input, target, log_input, full, eps, reduction:
                         _F().poisson_nll_loss(input, target, log_input, full, eps=eps, reduction=_red(reduction)),
                         False),
    "triplet_margin_loss": (lambda anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, reduction=0:
                            _F().triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                                     reduction=_red(reduction)), False),
    "ctc_loss": (lambda log_probs, targets, input_lengths, target_lengths, blank=0, reduction=0, zero_infinity=False:
                 _F().ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, _red(reduction),
                               zero_infinity), False),
    "binary_cross_entropy_with_logits": (
        lambda input, target, weight=None, pos_weight=None, reduction=0:
        _F().binary_cross_entropy_with_logits(input, target, weight, reduction=_red(reduction),
                                              pos_weight=pos_weight), False),
}


def _out(result, out):
    if out is None:
        return result
    out.copy_(result)
    return out


for _name, (_fn, _method) in _NAMES.items():
    if _name not in OPS:
        _fn.__name__ = _fn.__qualname__ = _name
        defop(_name, method=_method)(_fn)
del _name, _fn, _method
