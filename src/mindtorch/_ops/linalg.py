"""Linear algebra: matmul and its relatives (mm, bmm, mv, dot, vdot, inner, outer, the add*-family),
einsum, tensordot, kron, cross, cdist, trace, matrix_power, multi_dot, det/logdet/slogdet, norms and
torch.linalg (inv, solve, cholesky, qr, svd, eigh, pinv, lstsq, matrix_rank).

Kernels work on MindSpore values; entries do torch's argument checks, dtype rules and shapes.
What MindSpore 2.10 does on CPU that shaped this file (measured, PyNative):
- MatMul/BatchMatMul have no bfloat16 kernel (torch's CPU has one): the cpu kernels compute
  bfloat16 in float32 and round back, as torch's CPU kernels accumulate in float32. float16 MatMul
  exists and accumulates in float32 (1x4096 @ 4096x1 sums to torch's value).
- MatMul/BatchMatMul with an inner size of 0, and ReduceSum over a size-0 dim, return stale memory
  (whatever the allocator held): the kernels return zeros.
- MatrixDeterminant, LogMatrixDeterminant and MatrixInverse reject matrices smaller than 2x2;
  MatrixInverse returns garbage for singular matrices while MatrixSolve raises: inv goes through
  solve, det/slogdet handle 0x0 and 1x1 themselves.
- Eigh takes one 2-d matrix (a batch comes back with wrong shapes) and aborts the process on 0x0;
  Cholesky aborts on 0x0, has no complex kernel, and rejects non-symmetric input (torch reads one
  triangle only); Svd rejects empty input. Entries never pass empty matrices to them.
- Einsum has no CPU kernel: einsum is a composite of diagonal/sum/permute/reshape and BatchMatMul.
- Cdist takes 2-d or 3-d inputs with equal batch only: entries broadcast and flatten the batch.
- abs of a complex tensor stays complex: norms use ComplexAbs.
"""
import builtins
import collections
import functools
import math
import numbers

import numpy as np
import mindspore as ms
from mindspore import ops, mint
from mindspore.ops.operations import linalg_ops as _linalg_ops

from .. import _dtype as D
from .._tensor import Tensor
from .registry import defop, kernel, TABLES
from ..autograd.record import differentiable as _differentiable
from ..autograd.mindspore_vjp import ms_vjp
from .reduction import _propagate_nan
from .common import broadcast_shapes, cast, device_of, finish, result_type, wrap, wrap_dim, write_inplace

_INF = float("inf")


class LinAlgError(RuntimeError):
    """torch.linalg.LinAlgError: a linear algebra function failed on its input (singular matrix,
    matrix not positive-definite, ...)."""


def _rt(name, fields):
    cls = collections.namedtuple(name, fields)
    cls.__module__ = "torch.return_types"
    return cls


_T_LINALG_SLOGDET = _rt("linalg_slogdet", ["sign", "logabsdet"])
_T_SLOGDET = _rt("slogdet", ["sign", "logabsdet"])
_T_LINALG_EIGH = _rt("linalg_eigh", ["eigenvalues", "eigenvectors"])
_T_LINALG_QR = _rt("linalg_qr", ["Q", "R"])
_T_QR = _rt("qr", ["Q", "R"])
_T_LINALG_SVD = _rt("linalg_svd", ["U", "S", "Vh"])
_T_SVD = _rt("svd", ["U", "S", "V"])
_T_LINALG_LSTSQ = _rt("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])
_T_LINALG_INV_EX = _rt("linalg_inv_ex", ["inverse", "info"])


# ---- small helpers ------------------------------------------------------------------------------
_CPP_NAMES = {D.float32: "float", D.float64: "double", D.float16: "c10::Half", D.bfloat16: "c10::BFloat16",
              D.int64: "long int", D.int32: "int", D.int16: "short int", D.int8: "signed char",
              D.uint8: "unsigned char", D.bool: "bool", D.complex64: "c10::complex<float>",
              D.complex128: "c10::complex<double>"}


def _name(d):
    return D.scalar_type_name(d)


def _tensor_arg(x, fname, argname="input", pos=1):
    if not isinstance(x, Tensor):
        raise TypeError(f"{fname}(): argument '{argname}' (position {pos}) must be Tensor, not {type(x).__name__}")


def _same_dtype(fname, *ts):
    d = ts[0]._dtype
    for t in ts[1:]:
        if t._dtype is not d:
            raise RuntimeError(f"{fname}: expected scalar type {_name(d)} but found {_name(t._dtype)}")
    return d


def _no_bool(kernel_name, dtype):
    if dtype is D.bool:
        raise NotImplementedError(f"\"{kernel_name}\" not implemented for 'Bool'")


def _check_out_dtype(out, dtype):
    """torch's matmul-family kernels write `out` only in the result dtype."""
    if out is not None and isinstance(out, Tensor) and out._dtype is not dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_NAMES.get(dtype, dtype.name)}, but got "
                           f"{_CPP_NAMES.get(out._dtype, out._dtype.name)} instead")


def _k(dev, name):
    return TABLES[dev.type][name]


def _val(t):
    """t's MindSpore value in t's torch shape (0-d tensors may hold a value of shape (1,))."""
    v = t._ms
    if v.ndim != len(t._shape):
        v = v.reshape(t._shape)
    return v


def _cast_to(t, dtype):
    """t's MindSpore value in `dtype`."""
    v = _val(t)
    return v if v.dtype == dtype._ms else cast(v, dtype, t._device)


def _scalar_for(value, dtype):
    """A Python scalar (beta/alpha) as torch converts it to a tensor's dtype."""
    if isinstance(value, Tensor):
        value = value.item()
    if isinstance(value, complex) and dtype._kind != 3:
        raise RuntimeError(f"value cannot be converted to type {_CPP_NAMES.get(dtype, dtype.name)} without overflow")
    if dtype is D.bool:
        return builtins.bool(value)
    if dtype._kind == 1:
        return builtins.int(value)
    if dtype._kind == 2:
        return builtins.float(value)
    return builtins.complex(value)


def _finish_tuple(cls, values, dev, out=None):
    if out is None:
        return cls(*(wrap(v, dev) for v in values))
    if not isinstance(out, (tuple, list)) or len(out) != len(values):
        raise TypeError(f"{cls.__name__}(): argument 'out' must be tuple of {len(values)} Tensors")
    return cls(*(finish(v, dev, o) for v, o in zip(values, out)))


def _float32_composite(fn, low=(ms.bfloat16,)):
    """A cpu kernel for dtypes MindSpore's CPU lacks: `low` inputs compute in float32, results round back."""
    def run(*args, **kwargs):
        dt = None
        for a in args:
            if isinstance(a, ms.Tensor) and a.dtype in low:
                dt = a.dtype
                break
        if dt is None:
            return fn(*args, **kwargs)
        cast_k = TABLES["cpu"]["cast"]
        args = [cast_k(a, ms.float32) if isinstance(a, ms.Tensor) and a.dtype == dt else a for a in args]
        r = fn(*args, **kwargs)
        if isinstance(r, tuple):
            return tuple(cast_k(x, dt) if x.dtype == ms.float32 else x for x in r)
        return cast_k(r, dt) if r.dtype == ms.float32 else r
    run.__name__ = getattr(fn, "__name__", "composite")
    return run


def _mT(v):
    """Swap the last two dims of a MindSpore value."""
    n = v.ndim
    perm = list(range(n))
    perm[-1], perm[-2] = perm[-2], perm[-1]
    return ops.transpose(v, tuple(perm))


def _mH(v):
    v = _mT(v)
    return ops.conj(v) if v.dtype in (ms.complex64, ms.complex128) else v


def _is_complex_ms(v):
    return v.dtype in (ms.complex64, ms.complex128)


def _real_abs(v):
    return ops.ComplexAbs()(v) if _is_complex_ms(v) else ops.abs(v)


def _sum(v, dims=(), keepdim=False):
    """ops.sum, except that a sum over nothing is 0: MindSpore's ReduceSum leaves its output
    uninitialized when a reduced dim has size 0 (measured on CPU: stale memory comes back)."""
    if isinstance(dims, int):
        dims = (dims,)
    nd = v.ndim
    red = tuple(d % nd for d in dims) if dims else tuple(range(nd))
    if any(v.shape[d] == 0 for d in red):
        shape = tuple(1 if i in red else n for i, n in enumerate(v.shape)) if keepdim else \
            tuple(n for i, n in enumerate(v.shape) if i not in red)
        dt = ms.int64 if v.dtype in (ms.bool_, ms.int8, ms.int16, ms.int32, ms.uint8) else v.dtype
        return ops.zeros(shape, dt)
    return ops.sum(v, dims, keepdim)


@functools.lru_cache(maxsize=64)
def _eye_like(n, batch, ms_dtype):
    """Identity matrices (cached: MindSpore values are never written in place here)."""
    e = ops.eye(n, n, ms_dtype)
    return ops.broadcast_to(e, tuple(batch) + (n, n)) if batch else e


# ---- product kernels ----------------------------------------------------------------------------
@kernel("matmul")
def _matmul(a, b):
    r = ops.matmul(a, b)
    if a.shape[-1] == 0:  # MindSpore's MatMul leaves the result uninitialized for an inner size of 0
        r = ops.zeros_like(r)
    return r


@kernel("bmm")
def _bmm(a, b):
    r = mint.bmm(a, b)
    if a.shape[-1] == 0:  # as for MatMul: an inner size of 0 leaves stale memory in the result
        r = ops.zeros_like(r)
    return r


# MatMul/BatchMatMul: no bfloat16 CPU kernel ("Select CPU operator[MatMul] fail! Unsupported data type!").
kernel("matmul", "cpu")(_float32_composite(_matmul))
kernel("bmm", "cpu")(_float32_composite(_bmm))


@kernel("linalg_axpby")
def _axpby(inp, prod, beta, alpha):
    """beta * inp + alpha * prod, inp broadcast to prod's shape; beta == 0 ignores inp (NaN included)."""
    dt = prod.dtype
    if dt == ms.bool_:
        prod = prod if alpha else ops.zeros_like(prod)
        if not beta:
            return prod
        return ops.logical_or(ops.broadcast_to(inp, prod.shape), prod)
    if alpha != 1:
        prod = ops.mul(prod, ms.Tensor(alpha, dt))
    if beta == 0:
        return prod
    if beta != 1:
        inp = ops.mul(inp, ms.Tensor(beta, dt))
    return ops.add(inp, prod)


@kernel("outer")
def _outer(a, b):
    return ops.mul(a.reshape(-1, 1), b.reshape(1, -1))


@kernel("kron")
def _kron(a, b):
    return ops.kron(a, b)


@kernel("cross")
def _cross(a, b, dim):
    return ops.cross(a, b, dim)


@kernel("cross", "cpu")
def _cross_cpu(a, b, dim):
    if a.dtype == ms.bfloat16:  # Cross: no bfloat16 CPU kernel
        return _cross_bf16(a, b, dim)
    return ops.cross(a, b, dim)


@kernel("cdist")
def _cdist(a, b, p):
    return ops.cdist(a, b, p)


@kernel("trace")
def _trace(v):
    if _is_complex_ms(v) or v.dtype == ms.bfloat16:
        return _sum(ops.diagonal(v, 0, 0, 1))
    return ops.trace(v)


# Trace and ReduceSum: no bfloat16 CPU kernel.
kernel("trace", "cpu")(_float32_composite(_trace))


@kernel("linalg_sum")
def _lsum(v, dims, keepdim=False):
    return _sum(v, dims, keepdim)


# ReduceSum: no bfloat16 CPU kernel.
kernel("linalg_sum", "cpu")(_float32_composite(_lsum))


def _cross_bf16(a, b, dim):
    """Cross product rounding every product and difference to bfloat16, as torch's CPU kernel does
    (computing in float32 and rounding once differs from torch in the last bit)."""
    cast_k = TABLES["cpu"]["cast"]

    def rnd(v):
        return cast_k(cast_k(v, ms.bfloat16), ms.float32)
    x = ops.split(cast_k(a, ms.float32), 1, dim)
    y = ops.split(cast_k(b, ms.float32), 1, dim)
    parts = [rnd(ops.sub(rnd(ops.mul(x[i], y[j])), rnd(ops.mul(x[j], y[i])))) for i, j in ((1, 2), (2, 0), (0, 1))]
    return cast_k(ops.cat(parts, dim), ms.bfloat16)


# ---- matmul and friends ---------------------------------------------------------------------------
def _mm_error(sa, sb):
    return RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({sa[0]}x{sa[1]} and {sb[0]}x{sb[1]})")


def _matmul_shape(sa, sb):
    """torch.matmul's result shape for operand shapes sa, sb, with its errors."""
    na, nb = len(sa), len(sb)
    if na == 0 or nb == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {na}D and {nb}D")
    if na == 1 and nb == 1:
        if sa[0] != sb[0]:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{sa[0]}] and src [{sb[0]}] to have the "
                               f"same number of elements, but got {sa[0]} and {sb[0]} elements respectively")
        return ()
    if nb == 1:
        if sa[-1] != sb[0]:
            if na == 2:
                raise RuntimeError(f"size mismatch, got input ({sa[0]}), mat ({sa[0]}x{sa[1]}), vec ({sb[0]})")
            raise _mm_error((builtins.int(np.prod(sa[:-1])), sa[-1]), (sb[0], 1))
        return tuple(sa[:-1])
    if na == 1:
        if sa[0] != sb[-2]:
            raise _mm_error((1, sa[0]), sb[-2:])
        return tuple(sb[:-2]) + (sb[-1],)
    if sa[-1] != sb[-2]:
        if na == 2 and nb == 2:
            raise _mm_error(sa, sb)
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{builtins.int(np.prod(sa[:-2]))}, {sa[-1]}] but got: "
                           f"[{builtins.int(np.prod(sb[:-2]))}, {sb[-2]}].")
    batch = broadcast_shapes(tuple(sa[:-2]), tuple(sb[:-2]))
    return batch + (sa[-2], sb[-1])


def _matmul_dtype(a, b):
    if a._dtype is not b._dtype:
        na, nb = len(a._shape), len(b._shape)
        if na == 1 and nb == 1:
            raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {_name(a._dtype)} and "
                               f"{_name(b._dtype)}")
        if na <= 2 and nb <= 2:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                               f"{_CPP_NAMES.get(a._dtype, a._dtype.name)} != {_CPP_NAMES.get(b._dtype, b._dtype.name)}")
        raise RuntimeError(f"expected scalar type {_name(a._dtype)} but found {_name(b._dtype)}")
    return a._dtype


# ---- derivatives (formulas in mindtorch ops, so they are differentiable again) ---------------------------
def _H(t):
    """The conjugate transpose of the last two dims (mindtorch has no conjugate views: Tensor.mH of a complex
    tensor raises, so this is mT then a conj copy)."""
    return t.mT.conj() if t._dtype.is_complex else t.mT


def _cj(t):
    """conj for complex tensors; real tensors pass through (no op recorded)."""
    return t.conj() if t._dtype.is_complex else t


def _scaled(g, s):
    """g * conj(s) for a Python scalar (or 0-d tensor) s; no op when s is 1."""
    if isinstance(s, Tensor):
        return g * _cj(s)
    if s == 1:
        return g
    return g * (s.conjugate() if isinstance(s, builtins.complex) else s)


def _matmul_grads(grad, a, b):
    """Gradients of a @ b with torch's rank rules: a 1-d operand is promoted (a -> 1 x k, b -> k x 1)
    and the grad of a promoted operand drops that dim again; broadcast batch dims are summed back by
    the engine (engine._sum_to)."""
    va, vb = len(a._shape) == 1, len(b._shape) == 1
    a2 = a.unsqueeze(0) if va else a
    b2 = b.unsqueeze(-1) if vb else b
    g = grad
    if vb:
        g = g.unsqueeze(-1)
    if va:
        g = g.unsqueeze(-2)
    ga = matmul(g, _H(b2))
    gb = matmul(_H(a2), g)
    if va:
        ga = ga.squeeze(-2)
    if vb:
        gb = gb.squeeze(-1)
    return ga, gb


def _matmul_backward(grad, input, other):
    return _matmul_grads(grad, input, other)


def _mm_backward(grad, input, mat2):
    return _matmul_grads(grad, input, mat2)


def _mv_backward(grad, input, vec):
    return _matmul_grads(grad, input, vec)


def _dot_backward(grad, input, tensor):
    return grad * _cj(tensor), grad * _cj(input)


def _vdot_backward(grad, input, other):
    return _cj(grad) * other, grad * input


def _outer_backward(grad, input, vec2):
    return mv(grad, _cj(vec2)), mv(grad.mT, _cj(input))


def _addmm_backward(grad, mat1, mat2, beta, alpha):
    g1, g2 = _matmul_grads(grad, mat1, mat2)
    return _scaled(grad, beta), _scaled(g1, alpha), _scaled(g2, alpha)


def _addmv_backward(grad, mat, vec, beta, alpha):
    g1, g2 = _matmul_grads(grad, mat, vec)
    return _scaled(grad, beta), _scaled(g1, alpha), _scaled(g2, alpha)


def _addr_backward(grad, vec1, vec2, beta, alpha):
    g1, g2 = _outer_backward(grad, vec1, vec2)
    return _scaled(grad, beta), _scaled(g1, alpha), _scaled(g2, alpha)


def _baddbmm_backward(grad, batch1, batch2, beta, alpha):
    g1, g2 = _matmul_grads(grad, batch1, batch2)
    return _scaled(grad, beta), _scaled(g1, alpha), _scaled(g2, alpha)


def _addbmm_backward(grad, batch1, batch2, beta, alpha):
    g1, g2 = _matmul_grads(grad.unsqueeze(0), batch1, batch2)  # (B, n, p) from the broadcast grad
    return _scaled(grad, beta), _scaled(g1, alpha), _scaled(g2, alpha)



@defop(backward=_matmul_backward)
def matmul(input, other, *, out=None):
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        _tensor_arg(input, "matmul")
        _tensor_arg(other, "matmul", "other", 2)
    dtype = input._dtype
    if other._dtype is not dtype:
        _matmul_dtype(input, other)
    if dtype is D.bool:
        _no_bool("addmm_impl_cpu_", dtype)
    sa, sb = input._shape, other._shape
    if len(sa) == 2 and len(sb) == 2:
        if sa[1] != sb[0]:
            raise _mm_error(sa, sb)
    else:
        _matmul_shape(sa, sb)
    if out is not None:
        _check_out_dtype(out, dtype)
    dev = input._device
    if other._device is not dev:
        dev = device_of(input, other)
    # 0-d operands are rejected above, so the MindSpore values have the torch shapes
    if len(sa) == 3 and len(sb) == 3 and sa[0] == sb[0]:
        return finish(TABLES[dev.type]["bmm"](input._ms, other._ms), dev, out)
    return finish(TABLES[dev.type]["matmul"](input._ms, other._ms), dev, out)


defop("__matmul__", namespace=False)(matmul)


@defop("__rmatmul__", namespace=False)
def rmatmul(self, other):
    if not isinstance(other, Tensor):
        return NotImplemented
    return matmul(other, self)


@defop(backward=_mm_backward)
def mm(input, mat2, *, out=None):
    _tensor_arg(input, "mm")
    _tensor_arg(mat2, "mm", "mat2", 2)
    if len(input._shape) != 2:
        raise RuntimeError("self must be a matrix")  # (so the MindSpore values below have the torch shapes)
    if len(mat2._shape) != 2:
        raise RuntimeError("mat2 must be a matrix")
    if input._dtype is not mat2._dtype:
        _matmul_dtype(input, mat2)
    _no_bool("addmm_impl_cpu_", input._dtype)
    if input._shape[1] != mat2._shape[0]:
        raise _mm_error(input._shape, mat2._shape)
    _check_out_dtype(out, input._dtype)
    dev = device_of(input, mat2)
    return finish(_k(dev, "matmul")(_val(input), _val(mat2)), dev, out)


def _bmm_checks(fname, b1, b2, ndim_msg="batch1 must be a 3D tensor", ndim2_msg="batch2 must be a 3D tensor"):
    if len(b1._shape) != 3:
        raise RuntimeError(ndim_msg)
    if len(b2._shape) != 3:
        raise RuntimeError(ndim2_msg)
    if b1._dtype is not b2._dtype:
        raise RuntimeError(f"expected scalar type {_name(b1._dtype)} but found {_name(b2._dtype)}")
    _no_bool("bmm", b1._dtype)
    if b1._shape[0] != b2._shape[0] or b1._shape[2] != b2._shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{b1._shape[0]}, "
                           f"{b1._shape[2]}] but got: [{b2._shape[0]}, {b2._shape[1]}].")


@defop(backward=_mm_backward)
def bmm(input, mat2, *, out=None):
    _tensor_arg(input, "bmm")
    _tensor_arg(mat2, "bmm", "mat2", 2)
    _bmm_checks("bmm", input, mat2)
    _check_out_dtype(out, input._dtype)
    dev = device_of(input, mat2)
    return finish(_k(dev, "bmm")(_val(input), _val(mat2)), dev, out)


@defop(backward=_mv_backward)
def mv(input, vec, *, out=None):
    _tensor_arg(input, "mv")
    _tensor_arg(vec, "mv", "vec", 2)
    if len(input._shape) != 2 or len(vec._shape) != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {len(input._shape)}, {len(vec._shape)}")
    if input._dtype is not vec._dtype:
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {_name(input._dtype)}, "
                           f"{_name(input._dtype)}, and {_name(vec._dtype)}")
    _no_bool("addmv_impl_cpu", input._dtype)
    if input._shape[1] != vec._shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input._shape[0]}), mat ({input._shape[0]}x{input._shape[1]}), "
                           f"vec ({vec._shape[0]})")
    _check_out_dtype(out, input._dtype)
    dev = device_of(input, vec)
    return finish(_k(dev, "matmul")(_val(input), _val(vec)), dev, out)


def _dot_checks(fname, a, b):
    if len(a._shape) != 1 or len(b._shape) != 1:
        raise RuntimeError(f"1D tensors expected, but got {len(a._shape)}D and {len(b._shape)}D tensors")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"{fname} : expected both vectors to have same dtype, but found {_name(a._dtype)} and "
                           f"{_name(b._dtype)}")
    _no_bool(fname, a._dtype)
    if a._shape[0] != b._shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{a._shape[0]}] and src [{b._shape[0]}] to have "
                           f"the same number of elements, but got {a._shape[0]} and {b._shape[0]} elements respectively")


@defop(backward=_dot_backward)
def dot(input, tensor, *, out=None):
    _tensor_arg(input, "dot")
    _tensor_arg(tensor, "dot", "tensor", 2)
    _dot_checks("dot", input, tensor)
    _check_out_dtype(out, input._dtype)
    dev = device_of(input, tensor)
    return finish(_k(dev, "matmul")(_val(input), _val(tensor)), dev, out)


@defop(backward=_vdot_backward)
def vdot(input, other, *, out=None):
    _tensor_arg(input, "vdot")
    _tensor_arg(other, "vdot", "other", 2)
    _dot_checks("dot", input, other)
    _check_out_dtype(out, input._dtype)
    dev = device_of(input, other)
    a = _val(input)
    if _is_complex_ms(a):
        a = ops.conj(a)
    return finish(_k(dev, "matmul")(a, _val(other)), dev, out)


def _inner_backward(grad, input, other):
    if not input._shape or not other._shape:
        return grad * _cj(other), grad * _cj(input)
    k = input._shape[-1]
    a, b = input.reshape(-1, k), other.reshape(-1, k)
    g = grad.reshape(a._shape[0], b._shape[0])
    return matmul(g, _cj(b)).reshape(input._shape), matmul(g.mT, _cj(a)).reshape(other._shape)


@defop(backward=_inner_backward)
def inner(input, other, *, out=None):
    _tensor_arg(input, "inner")
    _tensor_arg(other, "inner", "other", 2)
    if not input._shape or not other._shape:
        from .pointwise import mul
        return mul(input, other, out=out)
    if input._dtype is not other._dtype:
        raise RuntimeError("both inputs should have same dtype")
    _no_bool("bmm", input._dtype)
    k = input._shape[-1]
    if other._shape[-1] != k:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes "
                           f"{list(input._shape)} and {list(other._shape)}")
    dev = device_of(input, other)
    shape = input._shape[:-1] + other._shape[:-1]
    a = _val(input).reshape(_numel(input._shape[:-1]), k)
    b = _val(other).reshape(_numel(other._shape[:-1]), k)
    v = _k(dev, "matmul")(a, _mT(b)).reshape(shape)
    return finish(v, dev, out)


@defop(backward=_outer_backward)
def outer(input, vec2, *, out=None):
    _tensor_arg(input, "outer")
    _tensor_arg(vec2, "outer", "vec2", 2)
    if len(input._shape) != 1:
        raise RuntimeError(f"outer: Expected 1-D argument self, but got {len(input._shape)}-D")
    if len(vec2._shape) != 1:
        raise RuntimeError(f"outer: Expected 1-D argument vec2, but got {len(vec2._shape)}-D")
    dtype = result_type(input, vec2)
    dev = device_of(input, vec2)
    return finish(_k(dev, "outer")(_cast_to(input, dtype), _cast_to(vec2, dtype)), dev, out)


defop("ger")(outer)


# ---- the add* family: beta * input + alpha * (product) ------------------------------------------------
def _expand_check(in_shape, shape):
    """input must expand to `shape` (torch's expand rules and error)."""
    if tuple(in_shape) == tuple(shape):
        return
    n, m = len(shape), len(in_shape)
    ok = m <= n
    if ok:
        for i in range(1, m + 1):
            if in_shape[-i] != 1 and in_shape[-i] != shape[-i]:
                ok = False
                break
    if not ok:
        i = next((i for i in range(1, min(m, n) + 1) if in_shape[-i] != 1 and in_shape[-i] != shape[-i]), 1)
        raise RuntimeError(f"The expanded size of the tensor ({shape[-i] if i <= n else -1}) must match the existing "
                           f"size ({in_shape[-i]}) at non-singleton dimension {n - i}.  Target sizes: {list(shape)}.  "
                           f"Tensor sizes: {list(in_shape)}")


def _opmath(dtype):
    """The dtype the add* family computes in: torch's kernels keep half types in float32 until the
    end (beta * input + alpha * product rounds once)."""
    return D.float32 if dtype in (D.float16, D.bfloat16) else dtype


def _check_result_shape(input, shape, inplace):
    """input takes the add family's result in place (same shape), or broadcasts to it."""
    if inplace:
        if tuple(input._shape) != tuple(shape):
            raise RuntimeError(f"Bad in-place call: input tensor size {list(input._shape)} and output tensor size "
                               f"{list(shape)} should match")
    else:
        _expand_check(input._shape, shape)


def _add_family(name, input, prod, shape, dtype, dev, beta, alpha, out, inplace):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    _check_result_shape(input, shape, inplace)
    beta, alpha = _scalar_for(beta, dtype), _scalar_for(alpha, dtype)
    cd = _opmath(dtype)
    inp = _cast_to(input, cd)
    v = _k(dev, "linalg_axpby")(inp, prod, beta, alpha)
    if tuple(v.shape) != tuple(shape):
        v = ops.broadcast_to(v, tuple(shape))
    if cd is not dtype:
        v = cast(v, dtype, dev)
    if inplace:
        return write_inplace(input, v, dtype)
    return finish(v, dev, out)


def _same_three(input, a, b, msg):
    if not (input._dtype is a._dtype is b._dtype):
        raise RuntimeError(msg)


def _addmm(input, mat1, mat2, beta, alpha, out, inplace):
    _tensor_arg(mat1, "addmm", "mat1", 2)
    _tensor_arg(mat2, "addmm", "mat2", 3)
    if len(mat1._shape) != 2:
        raise RuntimeError("mat1 must be a matrix, got " + f"{len(mat1._shape)}-D tensor")
    if len(mat2._shape) != 2:
        raise RuntimeError("mat2 must be a matrix, got " + f"{len(mat2._shape)}-D tensor")
    if isinstance(input, Tensor) and input._dtype is not mat2._dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {_name(input._dtype)} and "
                           f"{_name(mat2._dtype)}")
    if mat1._dtype is not mat2._dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{_CPP_NAMES.get(mat1._dtype)} != {_CPP_NAMES.get(mat2._dtype)}")
    _no_bool("addmm_impl_cpu_", mat1._dtype)
    if mat1._shape[1] != mat2._shape[0]:
        raise _mm_error(mat1._shape, mat2._shape)
    _check_out_dtype(out, mat1._dtype)
    dev = device_of(input, mat1, mat2)
    cd = _opmath(mat1._dtype)
    prod = _k(dev, "matmul")(_cast_to(mat1, cd), _cast_to(mat2, cd))
    return _add_family("addmm", input, prod, (mat1._shape[0], mat2._shape[1]), mat1._dtype, dev, beta, alpha, out,
                       inplace)


@defop(backward=_addmm_backward)
def addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None):
    return _addmm(input, mat1, mat2, beta, alpha, out, False)


@defop(namespace=False, backward=_addmm_backward)
def addmm_(self, mat1, mat2, *, beta=1, alpha=1):
    return _addmm(self, mat1, mat2, beta, alpha, None, True)


def _addmv(input, mat, vec, beta, alpha, out, inplace):
    _tensor_arg(mat, "addmv", "mat", 2)
    _tensor_arg(vec, "addmv", "vec", 3)
    if len(input._shape) > 1 or len(mat._shape) != 2 or len(vec._shape) != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {len(input._shape)}, {len(mat._shape)}, "
                           f"{len(vec._shape)}")
    if input._shape and input._shape[0] not in (1, mat._shape[0]) or mat._shape[1] != vec._shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input._shape[0] if input._shape else 1}), mat "
                           f"({mat._shape[0]}x{mat._shape[1]}), vec ({vec._shape[0]})")
    if not (input._dtype is mat._dtype is vec._dtype):
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {_name(input._dtype)}, "
                           f"{_name(mat._dtype)}, and {_name(vec._dtype)}")
    _no_bool("addmv_impl_cpu", mat._dtype)
    if mat._shape[1] != vec._shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input._shape[0] if input._shape else 1}), mat "
                           f"({mat._shape[0]}x{mat._shape[1]}), vec ({vec._shape[0]})")
    _check_out_dtype(out, mat._dtype)
    dev = device_of(input, mat, vec)
    if _numel(mat._shape) == 0 and not inplace:
        # torch returns beta * input in input's own shape when mat is empty (no broadcast to mat's rows)
        beta = _scalar_for(beta, mat._dtype)
        v = _val(input)
        if beta == 0:
            return finish(ops.zeros((mat._shape[0],), v.dtype), dev, out)
        v = v if beta == 1 else ops.mul(v, ms.Tensor(beta, v.dtype))
        return finish(v, dev, out)
    cd = _opmath(mat._dtype)
    prod = _k(dev, "matmul")(_cast_to(mat, cd), _cast_to(vec, cd))
    return _add_family("addmv", input, prod, (mat._shape[0],), mat._dtype, dev, beta, alpha, out, inplace)


@defop(backward=_addmv_backward)
def addmv(input, mat, vec, *, beta=1, alpha=1, out=None):
    _tensor_arg(input, "addmv")
    return _addmv(input, mat, vec, beta, alpha, out, False)


@defop(backward=_addmv_backward)
def addmv_(self, mat, vec, *, beta=1, alpha=1):
    _tensor_arg(self, "addmv_")
    return _addmv(self, mat, vec, beta, alpha, None, True)


def _addr(input, vec1, vec2, beta, alpha, out, inplace):
    _tensor_arg(input, "addr")
    _tensor_arg(vec1, "addr", "vec1", 2)
    _tensor_arg(vec2, "addr", "vec2", 3)
    if len(vec1._shape) != 1:
        raise RuntimeError(f"addr: Expected 1-D argument vec1, but got {len(vec1._shape)}-D")
    if len(vec2._shape) != 1:
        raise RuntimeError(f"addr: Expected 1-D argument vec2, but got {len(vec2._shape)}-D")
    # input takes part expanded to the result's shape, so all three promote as dimensioned tensors
    dtype = D.promote_types(D.promote_types(input._dtype, vec1._dtype), vec2._dtype)
    if dtype is D.bool:
        for s, n in ((beta, "beta"), (alpha, "alpha")):
            if not isinstance(s, (builtins.bool, Tensor)) and isinstance(s, (float, complex)):
                raise RuntimeError(f"Boolean {n} only supported for Boolean results.")
    elif dtype._kind == 1:
        for s, n in ((beta, "beta"), (alpha, "alpha")):
            if isinstance(s, (float, complex)):
                raise RuntimeError(f"For integral input tensors, argument {n} must not be a floating point number.")
    if inplace and not D.can_cast(dtype, input._dtype):
        raise RuntimeError(f"result type {_name(dtype)} can't be cast to the desired output type "
                           f"{_name(input._dtype)}")
    dev = device_of(input, vec1, vec2)
    if dtype in (D.float16, D.bfloat16):
        return _addr_half(input, vec1, vec2, beta, alpha, dtype, dev, out, inplace)
    prod = _k(dev, "outer")(_cast_to(vec1, _opmath(dtype)), _cast_to(vec2, _opmath(dtype)))
    return _add_family("addr", input, prod, (vec1._shape[0], vec2._shape[0]), dtype, dev, beta, alpha, out, inplace)


def _addr_half(input, vec1, vec2, beta, alpha, dtype, dev, out, inplace):
    """torch's CPU addr in half types rounds at each step: beta*input, alpha*vec1, the outer product and the
    sum, and beta and alpha themselves, are each rounded to the dtype (measured against torch 2.13: bit-exact on 400 random bf16 and fp16 cases)."""
    shape = (vec1._shape[0], vec2._shape[0])
    _check_result_shape(input, shape, inplace)

    def rounded(v):
        return cast(cast(v, dtype, dev), D.float32, dev)
    f32 = D.float32._ms
    beta_v, alpha_v = (rounded(ms.Tensor(builtins.float(x), f32)) for x in (beta, alpha))
    scaled_vec1 = rounded(ops.mul(alpha_v, _cast_to(vec1, D.float32)))
    prod = rounded(_k(dev, "outer")(scaled_vec1, _cast_to(vec2, D.float32)))
    v = prod if beta == 0 else ops.add(rounded(ops.mul(beta_v, _cast_to(input, D.float32))), prod)
    v = cast(ops.broadcast_to(v, shape), dtype, dev)
    if inplace:
        return write_inplace(input, v, dtype)
    return finish(v, dev, out)


@defop(backward=_addr_backward)
def addr(input, vec1, vec2, *, beta=1, alpha=1, out=None):
    return _addr(input, vec1, vec2, beta, alpha, out, False)


@defop(namespace=False, backward=_addr_backward)
def addr_(self, vec1, vec2, *, beta=1, alpha=1):
    return _addr(self, vec1, vec2, beta, alpha, None, True)


def _baddbmm(input, batch1, batch2, beta, alpha, out, inplace):
    _tensor_arg(batch1, "baddbmm", "batch1", 2)
    _tensor_arg(batch2, "baddbmm", "batch2", 3)
    _bmm_checks("baddbmm", batch1, batch2)
    if isinstance(input, Tensor) and input._dtype is not batch1._dtype:
        raise RuntimeError(f"Input dtypes must be the same, got: input {_CPP_NAMES.get(input._dtype)}, batch1: "
                           f"{_CPP_NAMES.get(batch1._dtype)}, batch2: {_CPP_NAMES.get(batch2._dtype)}")
    _check_out_dtype(out, batch1._dtype)
    dev = device_of(input, batch1, batch2)
    cd = _opmath(batch1._dtype)
    prod = _k(dev, "bmm")(_cast_to(batch1, cd), _cast_to(batch2, cd))
    shape = (batch1._shape[0], batch1._shape[1], batch2._shape[2])
    return _add_family("baddbmm", input, prod, shape, batch1._dtype, dev, beta, alpha, out, inplace)


@defop(backward=_baddbmm_backward)
def baddbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    return _baddbmm(input, batch1, batch2, beta, alpha, out, False)


@defop(namespace=False, backward=_baddbmm_backward)
def baddbmm_(self, batch1, batch2, *, beta=1, alpha=1):
    return _baddbmm(self, batch1, batch2, beta, alpha, None, True)


def _addbmm(input, batch1, batch2, beta, alpha, out, inplace):
    _tensor_arg(batch1, "addbmm", "batch1", 2)
    _tensor_arg(batch2, "addbmm", "batch2", 3)
    _bmm_checks("addbmm", batch1, batch2)
    if isinstance(input, Tensor) and input._dtype is not batch1._dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {_name(input._dtype)} and "
                           f"{_name(batch2._dtype)}")
    _check_out_dtype(out, batch1._dtype)
    dev = device_of(input, batch1, batch2)
    b, n, k = batch1._shape
    p = batch2._shape[2]
    dtype = batch1._dtype
    cd = _opmath(dtype)
    if cd is not dtype and b > 1 and not (inplace and tuple(input._shape) != (n, p)):
        # torch adds the batches one addmm at a time, each rounded to the half type: so do we
        prods = _k(dev, "bmm")(_cast_to(batch1, cd), _cast_to(batch2, cd))
        half = _add_family("addbmm", input, prods[0], (n, p), dtype, dev, beta, alpha, None, False)._ms
        for i in range(1, b):
            half = _k(dev, "linalg_axpby")(cast(half, cd, dev), prods[i], 1.0, _scalar_for(alpha, dtype))
            half = cast(half, dtype, dev)
        if inplace:
            return write_inplace(input, half, dtype)
        return finish(half, dev, out)
    # sum_b A_b @ B_b == [A_0 .. A_{b-1}] (n x bk) @ [B_0; ..; B_{b-1}] (bk x p): one matmul
    a = ops.transpose(_cast_to(batch1, cd), (1, 0, 2)).reshape(n, b * k)
    prod = _k(dev, "matmul")(a, _cast_to(batch2, cd).reshape(b * k, p))
    return _add_family("addbmm", input, prod, (n, p), dtype, dev, beta, alpha, out, inplace)


@defop(backward=_addbmm_backward)
def addbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    return _addbmm(input, batch1, batch2, beta, alpha, out, False)


@defop(namespace=False, backward=_addbmm_backward)
def addbmm_(self, batch1, batch2, *, beta=1, alpha=1):
    return _addbmm(self, batch1, batch2, beta, alpha, None, True)


# ---- einsum -------------------------------------------------------------------------------------
def _einsum_parse(equation, operands):  # operands: their shapes
    """Labels per operand (ints; ellipsis dims become negative labels aligned right) and output labels."""
    eq = equation.replace(" ", "")
    if "->" in eq:
        lhs, rhs = eq.split("->", 1)
    else:
        lhs, rhs = eq, None
    terms = lhs.split(",")
    if len(terms) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    ell_ndim = 0
    labels = []
    for i, (term, op) in enumerate(zip(terms, operands)):
        if "." in term.replace("...", ""):
            raise RuntimeError(f"einsum(): found '.' for operand {i} that is not part of any ellipsis")
        if term.count("...") > 1:
            raise RuntimeError(f"einsum(): found '.' for operand {i} for which an ellipsis was already found")
        for ch in term.replace("...", ""):
            if not ch.isalpha():
                raise RuntimeError(f"einsum(): invalid subscript given at index {i}: {ch}")
        nd = len(op)
        if "..." in term:
            before, after = term.split("...")
            n_ell = nd - len(before) - len(after)
            if n_ell < 0:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(before) + len(after)}) "
                                   f"is more than the number of dimensions ({nd}) for operand {i}")
            ell_ndim = builtins.max(ell_ndim, n_ell)
            labels.append([ord(c) for c in before] + list(range(-n_ell, 0)) + [ord(c) for c in after])
        else:
            if len(term) != nd:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(term)}) does not match "
                                   f"the number of dimensions ({nd}) for operand {i} and no ellipsis was given")
            labels.append([ord(c) for c in term])
    ell = list(range(-ell_ndim, 0))
    if rhs is None:
        counts = collections.Counter(l for ls in labels for l in ls if l >= 0)
        out = ell + sorted(l for l, c in counts.items() if c == 1)
    else:
        if "." in rhs.replace("...", "") or rhs.count("...") > 1:
            raise RuntimeError("einsum(): found '.' for output that is not part of any ellipsis")
        before, sep, after = rhs.partition("...")
        out = [ord(c) for c in before] + (ell if sep else []) + [ord(c) for c in after]
        seen = set()
        present = {l for ls in labels for l in ls}
        for c in rhs.replace("...", ""):
            if not c.isalpha():
                raise RuntimeError(f"einsum(): invalid subscript given at index {len(lhs) + 2}: {c}")
            if ord(c) in seen:
                raise RuntimeError(f"einsum(): output subscript {c} appears more than once in the output")
            if ord(c) not in present:
                raise RuntimeError(f"einsum(): output subscript {c} does not appear in the equation for any input "
                                   "operand")
            seen.add(ord(c))
    return labels, out


def _einsum_sublist(args):
    """einsum(op0, sublist0, op1, sublist1, ..., [sublist_out]) to an equation and operands."""
    def letters(sub):
        s = ""
        for x in sub:
            if x is Ellipsis:
                s += "..."
            else:
                if not 0 <= x < 52:
                    raise ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)")
                s += chr(ord("A") + x) if x < 26 else chr(ord("a") + x - 26)
        return s
    operands, terms = list(args[0::2]), [letters(s) for s in args[1::2]]
    if len(args) % 2 == 1:
        operands = operands[:-1]
        return ",".join(terms) + "->" + letters(args[-1]), operands
    return ",".join(terms), operands


def _einsum_label_sizes(labels, shapes):
    sizes = {}
    for i, (ls, shape) in enumerate(zip(labels, shapes)):
        for l, n in zip(ls, shape):
            prev = sizes.get(l)
            if prev is None or prev == 1:
                sizes[l] = n
            elif n != 1 and n != prev:
                name = chr(l) if l >= 0 else "..."
                raise RuntimeError(f"einsum(): subscript {name} has size {n} for operand {i} which does not broadcast "
                                   f"with previously seen size {prev}")
    return sizes


def _einsum_prepare_plan(ls, shape, keep):
    """Actions taking the diagonals of repeated labels and summing labels not in `keep`, and the
    labels and shape that result."""
    ls, shape, actions = list(ls), list(shape), []
    while True:
        dup = next((l for l in ls if ls.count(l) > 1), None)
        if dup is None:
            break
        i = ls.index(dup)
        j = ls.index(dup, i + 1)
        actions.append(("diag", i, j))  # the diagonal becomes the last dim
        n = builtins.min(shape[i], shape[j])
        ls = [l for k, l in enumerate(ls) if k not in (i, j)] + [dup]
        shape = [s for k, s in enumerate(shape) if k not in (i, j)] + [n]
    drop = tuple(k for k, l in enumerate(ls) if l not in keep)
    if drop:
        actions.append(("sum", drop))
        ls = [l for k, l in enumerate(ls) if k not in drop]
        shape = [s for k, s in enumerate(shape) if k not in drop]
    return actions, ls, shape


def _einsum_contract_plan(la, sa, lb, sb, keep, sizes):
    """How to contract two operands over the labels they share that `keep` does not need: each side is
    permuted, broadcast and flattened to 3-d for one BatchMatMul."""
    shared = [l for l in la if l in lb]
    batch = [l for l in shared if l in keep]
    contract = [l for l in shared if l not in keep]
    left = [l for l in la if l not in shared]
    right = [l for l in lb if l not in shared]

    def arrange(ls, shape, order, flat):
        perm = tuple(ls.index(l) for l in order)
        perm = None if perm == tuple(range(len(perm))) else perm
        full = tuple(sizes[l] for l in order)
        now = tuple(shape[ls.index(l)] for l in order)
        return perm, (None if now == full else full), flat

    def size(group):
        n = 1
        for l in group:
            n *= sizes[l]
        return n
    nb, nl, nr, nc = size(batch), size(left), size(right), size(contract)
    out_labels = batch + left + right
    return (arrange(la, sa, batch + left + contract, (nb, nl, nc)),
            arrange(lb, sb, batch + contract + right, (nb, nc, nr)),
            nc == 0 or nb * nl * nr == 0, (nb, nl, nr), tuple(sizes[l] for l in out_labels)), out_labels


@functools.lru_cache(maxsize=512)
def _einsum_plan(equation, shapes):
    """Parse and check an equation for operand shapes once; the plan is a list of MindSpore steps."""
    labels, out = _einsum_parse(equation, shapes)
    sizes = _einsum_label_sizes(labels, shapes)

    def needed(after):
        s = set(out)
        for ls in labels[after:]:
            s.update(ls)
        return s
    preps = []
    steps = []
    actions, ls, sh = _einsum_prepare_plan(labels[0], shapes[0], needed(1))
    preps.append(actions)
    for i in range(1, len(shapes)):
        keep = needed(i + 1)
        actions, lw, sw = _einsum_prepare_plan(labels[i], shapes[i], keep | set(ls))
        preps.append(actions)
        step, ls = _einsum_contract_plan(ls, sh, lw, sw, keep, sizes)
        steps.append(step)
        sh = [sizes[l] for l in ls]
    perm = tuple(ls.index(l) for l in out)
    full = tuple(sizes[l] for l in out)
    now = tuple(sh[ls.index(l)] for l in out)
    return preps, steps, (None if perm == tuple(range(len(perm))) else perm), (None if now == full else full)


def _einsum_reduce(dev, v, dims, dtype=None):
    """Sum `dims` of v; the result is in `dtype` (default: v's, int64 for integers as torch.sum)."""
    dt = v.dtype
    if dt == ms.bool_:
        return ops.any(v, tuple(dims))
    if dtype is None:
        dtype = ms.int64 if dt in (ms.int8, ms.int16, ms.int32, ms.uint8, ms.int64) else dt
    r = TABLES[dev.type]["linalg_sum"](v, tuple(dims))
    return r if r.dtype == dtype else ops.cast(r, dtype)


def _einsum_run(dev, plan, values, keep_dt):
    preps, steps, perm, full = plan

    def prepare(v, actions):
        for act in actions:
            v = ops.diagonal(v, 0, act[1], act[2]) if act[0] == "diag" else _einsum_reduce(dev, v, act[1], keep_dt)
        return v

    def arrange(v, spec):
        p, f, flat = spec
        if p is not None:
            v = ops.transpose(v, p)
        if f is not None:
            v = ops.broadcast_to(v, f)
        return v.reshape(flat)
    v = prepare(values[0], preps[0])
    for i, (sa, sb, empty, shape3, shape) in enumerate(steps, 1):
        w = prepare(values[i], preps[i])
        a, b = arrange(v, sa), arrange(w, sb)
        r = ops.zeros(shape3, a.dtype) if empty else _k(dev, "bmm")(a, b)
        v = r.reshape(shape)
    if perm is not None:
        v = ops.transpose(v, perm)
    if full is not None:
        v = ops.broadcast_to(v, full)
    return v


@defop(method=False)
def einsum(*args):
    if not args:
        raise TypeError("einsum(): must specify the equation string and at least one operand, or at least one "
                        "operand and its subscripts list")
    if isinstance(args[0], str):
        equation = args[0]
        operands = args[1:]
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
            operands = operands[0]
    else:
        equation, operands = _einsum_sublist(args)
    if not operands:
        raise RuntimeError("einsum(): must provide at least one operand")
    dtype = None
    for i, op in enumerate(operands):
        if not isinstance(op, Tensor):
            raise TypeError(f"einsum(): operands must be Tensors, got {type(op).__name__} at position {i}")
        if dtype is None:
            dtype = op._dtype
        elif op._dtype is not dtype:
            raise RuntimeError(f"expected scalar type {_name(dtype)} but found {_name(op._dtype)}")
    plan = _einsum_plan(equation, tuple(op._shape for op in operands))
    dev = device_of(*operands)
    if len(operands) > 1:
        _no_bool("bmm", dtype)
    # a single operand sums as torch.sum does (integers into int64); products keep the operands' dtype
    keep_dt = None if len(operands) == 1 else dtype._ms
    return _einsum_op(plan, tuple(operands), keep_dt)


def _einsum_backward(grad, plan, operands, keep_dt):
    dev = grad._device
    grads = ms_vjp(lambda *vals: _einsum_run(dev, plan, list(vals), keep_dt), operands, grad, "einsum")
    return None, list(grads)


@defop("_einsum", method=False, namespace=False, backward=_einsum_backward)
def _einsum_op(plan, operands, keep_dt):
    dev = device_of(*operands)
    return wrap(_einsum_run(dev, plan, [_val(op) for op in operands], keep_dt), dev)


# ---- tensordot, kron, cross, cdist, trace --------------------------------------------------------------
def _tensordot_backward(grad, a, b, dims):
    na, nb = len(a._shape), len(b._shape)
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, numbers.Integral):
        da, db = list(range(na - dims, na)), list(range(dims))
    else:
        da = [wrap_dim(d, na) for d in dims[0]]
        db = [wrap_dim(d, nb) for d in dims[1]]
    fa = [d for d in range(na) if d not in da]
    fb = [d for d in range(nb) if d not in db]
    nfa = len(fa)
    # grad's dims: a's free dims, then b's free dims
    ga = tensordot(grad, _cj(b), dims=([nfa + i for i in range(len(fb))], fb))
    order_a = fa + [da[db.index(d)] for d in sorted(db)]  # a-dim of each of ga's dims
    ga = ga.permute([order_a.index(d) for d in range(na)]) if order_a != list(range(na)) else ga
    gb = tensordot(_cj(a), grad, dims=(fa, list(range(nfa))))
    order_b = [db[da.index(d)] for d in sorted(da)] + fb
    gb = gb.permute([order_b.index(d) for d in range(nb)]) if order_b != list(range(nb)) else gb
    return ga, gb


@defop(method=False, backward=_tensordot_backward)
def tensordot(a, b, dims=2, out=None):
    _tensor_arg(a, "tensordot", "a")
    _tensor_arg(b, "tensordot", "b", 2)
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, numbers.Integral):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > len(a._shape) or dims > len(b._shape):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        da = list(range(len(a._shape) - dims, len(a._shape)))
        db = list(range(dims))
    else:
        if len(dims) != 2:
            raise RuntimeError("tensordot expects dims to be a pair of lists")
        da, db = dims
        if isinstance(da, numbers.Integral) or isinstance(db, numbers.Integral):
            raise TypeError("tensordot expects dims to be an int or a pair of lists of ints")
        da, db = list(da), list(db)
        if len(da) != len(db):
            raise RuntimeError(f"both dimension lists should have same length")
        da = [wrap_dim(d, len(a._shape)) for d in da]
        db = [wrap_dim(d, len(b._shape)) for d in db]
    if a._dtype is not b._dtype:
        raise RuntimeError("both inputs should have same dtype")
    _no_bool("bmm", a._dtype)
    for x, y in zip(da, db):
        if a._shape[x] != b._shape[y]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {a._shape[x]} in dim {x} and "
                               f"second has size {b._shape[y]} in dim {y}")
    fa = [d for d in range(len(a._shape)) if d not in da]
    fb = [d for d in range(len(b._shape)) if d not in db]
    k = builtins.int(np.prod([a._shape[d] for d in da], dtype=np.int64))
    m = builtins.int(np.prod([a._shape[d] for d in fa], dtype=np.int64))
    n = builtins.int(np.prod([b._shape[d] for d in fb], dtype=np.int64))
    dev = device_of(a, b)
    av = _val(a)
    if fa + da != list(range(len(a._shape))):
        av = ops.transpose(av, tuple(fa + da))
    bv = _val(b)
    if db + fb != list(range(len(b._shape))):
        bv = ops.transpose(bv, tuple(db + fb))
    v = _k(dev, "matmul")(av.reshape(m, k), bv.reshape(k, n))
    shape = tuple(a._shape[d] for d in fa) + tuple(b._shape[d] for d in fb)
    return finish(v.reshape(shape), dev, out)


def _kron_backward(grad, input, other):
    na, nb = len(input._shape), len(other._shape)
    n = builtins.max(na, nb)
    sa = (1,) * (n - na) + tuple(input._shape)
    sb = (1,) * (n - nb) + tuple(other._shape)
    if n == 0:
        return grad * _cj(other), grad * _cj(input)
    inter = []
    for x, y in zip(sa, sb):
        inter += [x, y]
    g = grad.reshape(inter)
    a_i = _cj(input).reshape([v for x in sa for v in (x, 1)])
    b_i = _cj(other).reshape([v for y in sb for v in (1, y)])
    ga = (g * b_i).sum(dim=[2 * i + 1 for i in range(n)]).reshape(input._shape)
    gb = (g * a_i).sum(dim=[2 * i for i in range(n)]).reshape(other._shape)
    return ga, gb


@defop(backward=_kron_backward)
def kron(input, other, *, out=None):
    _tensor_arg(input, "kron")
    _tensor_arg(other, "kron", "other", 2)
    dtype = D.promote_types(input._dtype, other._dtype)  # both take part as dimensioned tensors
    dev = device_of(input, other)
    a, b = _cast_to(input, dtype), _cast_to(other, dtype)
    na, nb = a.ndim, b.ndim
    n = builtins.max(na, nb)
    if n == 0:
        return finish(ops.mul(a, b).reshape(()), dev, out)
    if na < n:
        a = a.reshape((1,) * (n - na) + tuple(a.shape))
    if nb < n:
        b = b.reshape((1,) * (n - nb) + tuple(b.shape))
    shape = tuple(x * y for x, y in zip(a.shape, b.shape))
    if 0 in shape:
        return finish(ops.zeros(shape, a.dtype), dev, out)
    return finish(_k(dev, "kron")(a, b), dev, out)


def _cross(fname, input, other, dim, out, default_first3):
    _tensor_arg(input, fname)
    _tensor_arg(other, fname, "other", 2)
    if len(input._shape) != len(other._shape):
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    if input._dtype is not other._dtype:
        raise RuntimeError(f"expected scalar type {_name(input._dtype)} but found {_name(other._dtype)}")
    _no_bool("cross", input._dtype)
    shape = broadcast_shapes(input._shape, other._shape)
    if dim is None:
        dim = next((i for i, s in enumerate(shape) if s == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    dim = wrap_dim(dim, len(shape))
    if input._shape[dim] != 3 or other._shape[dim] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {input._shape[dim]} and "
                           f"{other._shape[dim]}")
    dev = device_of(input, other)
    a, b = _val(input), _val(other)
    if tuple(a.shape) != shape:
        a = ops.broadcast_to(a, shape)
    if tuple(b.shape) != shape:
        b = ops.broadcast_to(b, shape)
    if 0 in shape:
        return finish(ops.zeros(shape, a.dtype), dev, out)
    return finish(_k(dev, "cross")(a, b, dim), dev, out)


def _cross_dim(grad, dim):
    if dim is None:
        return next(i for i, s in enumerate(grad._shape) if s == 3)
    return dim


def _cross_backward(grad, input, other, dim=None):
    d = _cross_dim(grad, dim)
    return linalg_cross(_cj(other), grad, dim=d), linalg_cross(grad, _cj(input), dim=d)


@defop(backward=_cross_backward)
def cross(input, other, dim=None, *, out=None):
    return _cross("cross", input, other, dim, out, True)


def linalg_cross(input, other, *, dim=-1, out=None):
    return _cross("linalg.cross", input, other, dim, out, False)


def _cdist_backward(grad, x1, x2, result, p=2.0):
    # (MindSpore's own CdistGrad was measured at float32 precision for float64 inputs: written out here.)
    p = builtins.float(p)
    diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)  # (..., r, c, m)
    d = result.unsqueeze(-1)
    g = grad.unsqueeze(-1)
    if p == 0:
        return x1.new_zeros(x1._shape), x2.new_zeros(x2._shape)
    if p == 1:
        w = diff.sgn()
    elif p == 2:
        w = _safe_div(diff, d)
    elif p == _INF:
        w = diff.sgn() * (diff.abs() == d).to(diff._dtype)
    else:
        w = diff.sgn() * _safe_div(diff.abs() ** (p - 1), d ** (p - 1))
    gw = g * w
    return gw.sum(dim=-2), -gw.sum(dim=-3)


@defop(method=False, backward=_cdist_backward)
def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    _tensor_arg(x1, "cdist", "x1")
    _tensor_arg(x2, "cdist", "x2", 2)
    for x, n in ((x1, "X1"), (x2, "X2")):
        if x._dtype._kind != 2:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {n} got: {_name(x._dtype)}")
    if len(x1._shape) < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X1 got: {len(x1._shape)}D")
    if len(x2._shape) < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X2 got: {len(x2._shape)}D")
    if x1._dtype is not x2._dtype:
        raise RuntimeError(f"expected scalar type {_name(x1._dtype)} but found {_name(x2._dtype)}")
    if x1._shape[-1] != x2._shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1._shape[-1]} X2: {x2._shape[-1]}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if compute_mode not in ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                            "donot_use_mm_for_euclid_dist", None):
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    if x1._dtype in (D.float16, D.bfloat16):
        raise NotImplementedError(f"\"cdist\" not implemented for '{_name(x1._dtype)}'")
    batch = broadcast_shapes(x1._shape[:-2], x2._shape[:-2])
    r, c = x1._shape[-2], x2._shape[-2]
    m = x1._shape[-1]
    dev = device_of(x1, x2)
    shape = batch + (r, c)
    nb = builtins.int(np.prod(batch, dtype=np.int64))
    if nb * r * c == 0:
        return wrap(ops.zeros(shape, x1._dtype._ms), dev)
    if m == 0:
        return wrap(ops.zeros(shape, x1._dtype._ms), dev)
    a = ops.broadcast_to(_val(x1), batch + (r, m)).reshape(nb, r, m)
    b = ops.broadcast_to(_val(x2), batch + (c, m)).reshape(nb, c, m)
    return wrap(_k(dev, "cdist")(a, b, builtins.float(p)).reshape(shape), dev)


def _trace_backward(grad, input):
    from .creation import eye  # noqa: PLC0415
    return (eye(*input._shape, dtype=grad._dtype, device=grad._device) * grad,)


@defop(backward=_trace_backward)
def trace(input):
    _tensor_arg(input, "trace")
    if len(input._shape) != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {len(input._shape)}")
    _no_bool("trace", input._dtype)
    dtype = D.int64 if input._dtype._kind == 1 else input._dtype
    v = _cast_to(input, dtype)
    if 0 in input._shape:
        return wrap(ops.zeros((), dtype._ms), input._device)
    return wrap(_k(input._device, "trace")(v), input._device)


# ---- checks shared by the torch.linalg functions -------------------------------------------------------
def _float_input(fname, A, low=None):
    """torch's dtype check for linalg functions: floating or complex; `low` names the kernel whose
    NotImplementedError torch raises for half types (None: a RuntimeError about low precision)."""
    d = A._dtype
    if d._kind < 2:
        raise RuntimeError(f"{fname}: Expected a floating point or complex tensor as input. Got {_name(d)}")
    if d in (D.float16, D.bfloat16):
        if low is None:
            raise RuntimeError(f"{fname}: Low precision dtypes not supported. Got {_name(d)}")
        raise NotImplementedError(f"\"{low}\" not implemented for '{_name(d)}'")


def _matrix_input(fname, A, square=True, argname="A"):
    if not isinstance(A, Tensor):
        raise TypeError(f"{fname}(): argument '{argname}' (position 1) must be Tensor, not {type(A).__name__}")
    if len(A._shape) < 2:
        raise RuntimeError(f"{fname}: The input tensor {argname} must have at least 2 dimensions.")
    if square and A._shape[-1] != A._shape[-2]:
        raise RuntimeError(f"{fname}: {argname} must be batches of square matrices, but they are {A._shape[-2]} by "
                           f"{A._shape[-1]} matrices")


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


# ---- decomposition kernels -------------------------------------------------------------------------------
@kernel("linalg_solve")
def _solve_kernel(a, b):
    """Solve a @ x = b for square a (batch dims equal); raises LinAlgError for singular a."""
    try:
        return ops.matrix_solve(a, b)
    except ValueError as e:
        if "not invertible" in str(e):
            raise LinAlgError(str(e)) from None
        raise


@kernel("det")
def _det_kernel(v):
    n = v.shape[-1]
    if n == 0 or v.size == 0:
        return ops.ones(v.shape[:-2], v.dtype)
    if n == 1:
        return v[..., 0, 0]
    return ops.det(v)


@kernel("slogdet")
def _slogdet_kernel(v):
    """(sign, log|det|) with log|det| real, for any n (MindSpore's kernel rejects n < 2)."""
    n = v.shape[-1]
    real = ms.float32 if v.dtype == ms.complex64 else ms.float64 if v.dtype == ms.complex128 else v.dtype
    if n == 0 or v.size == 0:
        return ops.ones(v.shape[:-2], v.dtype), ops.zeros(v.shape[:-2], real)
    if n == 1:
        x = v[..., 0, 0]
        mag = _real_abs(x)
        if _is_complex_ms(x):
            sign = ops.div(x, ops.cast(mag, v.dtype))
            sign = ops.where(ops.equal(mag, 0), ops.zeros_like(sign), sign)
        else:
            sign = ops.sign(x)
        return sign, ops.log(mag)
    sign, logabs = ops.slogdet(v)
    if _is_complex_ms(logabs):
        logabs = ops.real(logabs)
    return sign, logabs


@kernel("cholesky")
def _cholesky_kernel(v, upper):
    # torch reads one triangle only; MindSpore checks the whole matrix is symmetric: mirror it.
    if upper:
        t = ops.triu(v)
        sym = ops.add(t, _mH(ops.triu(v, 1)))
    else:
        t = ops.tril(v)
        sym = ops.add(t, _mH(ops.tril(v, -1)))
    try:
        return ops.cholesky(sym, upper)
    except RuntimeError as e:
        if "positive definite" in str(e):
            raise LinAlgError(str(e)) from None
        raise


@kernel("cholesky", "cpu")
def _cholesky_cpu(v, upper):
    if _is_complex_ms(v):  # measured: Cholesky's CPU kernel takes float32/float64 only
        raise NotImplementedError(f"mindtorch: 'cholesky' has no MindSpore CPU kernel for dtype {v.dtype}")
    return _cholesky_kernel(v, upper)


@kernel("qr")
def _qr_kernel(v, mode):
    return ops.qr(v, mode)


@kernel("svd")
def _svd_kernel(v, full_matrices, compute_uv):
    """(U, S, Vh) or S alone."""
    if not compute_uv:
        s = ops.svd(v, full_matrices=False, compute_uv=False)
        return ops.real(s) if _is_complex_ms(s) else s
    s, u, w = ops.svd(v, full_matrices=full_matrices, compute_uv=True)
    if _is_complex_ms(s):
        s = ops.real(s)
    return u, s, _mH(w)


def _hermitian_from_triangle(v, lower):
    """The hermitian matrix torch reads from one triangle of v (real diagonal); complex Tril/Triu have
    no CPU kernel, so the triangle is taken with a mask."""
    n = v.shape[-1]
    mask = ms.Tensor(np.tril(np.ones((n, n), np.bool_), -1) if lower else np.triu(np.ones((n, n), np.bool_), 1))
    strict = ops.where(mask, v, ops.zeros_like(v))
    diag = ops.cast(ops.real(ops.diagonal(v, 0, -2, -1)), v.dtype)
    eye = ops.eye(n, n, v.dtype)
    return ops.add(ops.add(strict, _mH(strict)), ops.mul(eye, ops.expand_dims(diag, -2)))


@kernel("eigh")
def _eigh_kernel(v, lower, vectors):
    """MindSpore's Eigh takes one matrix: batches loop over it. Its complex kernel leaves the
    eigenvalues unsorted: they are sorted ascending here, as torch returns them."""
    prim = _linalg_ops.Eigh(vectors, lower)
    n = v.shape[-1]
    cplx = _is_complex_ms(v)
    if cplx:
        v = _hermitian_from_triangle(v, lower)
    batch = tuple(v.shape[:-2])
    flat = v.reshape(-1, n, n)
    ws, qs = [], []
    for i in range(flat.shape[0]):
        r = prim(flat[i])
        w, q = (r[0], r[1]) if isinstance(r, (tuple, list)) else (r, None)
        if cplx:
            w = ops.real(w)
            order = ops.sort(w)[1]  # (Sort's float64 values come back rounded to float32: gather instead)
            w = ops.gather(w, order, 0)
            q = ops.gather(q, order, 1) if q is not None else None
        ws.append(w)
        qs.append(q)
    w = ops.stack(ws).reshape(batch + (n,))
    q = ops.stack(qs).reshape(batch + (n, n)) if vectors else None
    return w, q


# ---- det, slogdet, logdet, inv, solve --------------------------------------------------------------------
def linalg_det(A, *, out=None):
    _matrix_input("linalg.det", A)
    _float_input("linalg.det", A, low="lu_cpu")
    return finish(_k(A._device, "det")(_val(A)), A._device, out)


def _unsq2(t):
    return t.unsqueeze(-1).unsqueeze(-1)


def _det_backward(grad, input, result):
    return (_unsq2(grad * _cj(result)) * _H(inverse(input)),)


def _linalg_det_backward(grad, A, result):
    return _det_backward(grad, A, result)


def _logdet_backward(grad, input):
    if input._dtype.is_complex:
        raise NotImplementedError("mindtorch: the derivative of logdet for complex input is not implemented")
    return (_unsq2(grad) * inverse(input).mT,)


def _slogdet_backward(grad, input):
    if input._dtype.is_complex:
        raise NotImplementedError("mindtorch: the derivative of slogdet for complex input is not implemented")
    return (_unsq2(grad[1]) * inverse(input).mT,)


def _linalg_slogdet_backward(grad, A):
    return _slogdet_backward(grad, A)


def _inverse_backward(grad, result):
    rh = _H(result)
    return (-matmul(rh, matmul(grad, rh)),)


@defop(backward=_det_backward)
def det(input):
    _matrix_input("linalg.det", input)
    _float_input("linalg.det", input, low="lu_cpu")
    return wrap(_k(input._device, "det")(_val(input)), input._device)


def _slogdet_values(fname, A):
    _matrix_input(fname, A)
    _float_input(fname, A)
    return _k(A._device, "slogdet")(_val(A))




@defop(backward=_slogdet_backward)
def slogdet(input, *, out=None):
    return _finish_tuple(_T_SLOGDET, _slogdet_values("linalg.slogdet", input), input._device, out)


@defop(backward=_logdet_backward)
def logdet(input):
    if not isinstance(input, Tensor):
        raise TypeError(f"logdet(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    _matrix_input("logdet", input)
    _float_input("logdet", input)
    sign, logabs = _k(input._device, "slogdet")(_val(input))
    if _is_complex_ms(sign):
        v = ops.add(ops.cast(logabs, sign.dtype), ops.log(sign))
        # torch: log(0) of a complex determinant is -inf + nan j
        bad = ms.Tensor(np.array(complex(-_INF, float("nan")), ms.dtype_to_nptype(sign.dtype)))
        v = ops.where(ops.equal(sign, 0), bad, v)
    else:
        v = ops.where(ops.less(sign, 0), ops.full_like(logabs, float("nan")), logabs)
    return wrap(v, input._device)


def _inv_value(fname, A):
    _matrix_input(fname, A)
    _float_input(fname, A)
    n = A._shape[-1]
    v = _val(A)
    if _numel(A._shape) == 0:
        return v
    eye = _eye_like(n, A._shape[:-2], v.dtype)
    try:
        return _k(A._device, "linalg_solve")(v, eye)
    except LinAlgError:
        raise LinAlgError(f"{fname}: The diagonal element is zero, the inversion could not be completed because the "
                          "input matrix is singular.") from None


def linalg_inv(A, *, out=None):
    return finish(_inv_value("linalg.inv", A), A._device, out)


@defop(backward=_inverse_backward)
def inverse(input, *, out=None):
    return finish(_inv_value("linalg.inv", input), input._device, out)


def linalg_inv_ex_fn(A, *, check_errors=False, out=None):
    _matrix_input("linalg.inv_ex", A)
    _float_input("linalg.inv_ex", A)
    dev = A._device
    batch = A._shape[:-2]
    n = A._shape[-1]
    v = _val(A)
    if _numel(A._shape) == 0:
        return _finish_tuple(_T_LINALG_INV_EX, (v, ops.zeros(batch, ms.int32)), dev, out)
    solve = _k(dev, "linalg_solve")
    eye = _eye_like(n, batch, v.dtype)
    try:
        inv = solve(v, eye)
        info = ops.zeros(batch, ms.int32)
    except LinAlgError:
        if check_errors:
            raise LinAlgError("linalg.inv_ex: The diagonal element is zero, the inversion could not be completed "
                              "because the input matrix is singular.") from None
        # find the singular members one by one (only on this failure path)
        flat = v.reshape(-1, n, n)
        e2 = ops.eye(n, n, v.dtype)
        invs, infos = [], []
        for i in range(flat.shape[0]):
            try:
                invs.append(solve(flat[i], e2))
                infos.append(0)
            except LinAlgError:
                invs.append(ops.full((n, n), float("nan"), dtype=v.dtype) if not _is_complex_ms(v) else
                            ops.zeros((n, n), v.dtype))
                infos.append(1)
        inv = ops.stack(invs).reshape(tuple(batch) + (n, n))
        info = ms.Tensor(np.array(infos, np.int32).reshape(batch))
    return _finish_tuple(_T_LINALG_INV_EX, (inv, info), dev, out)


def _solve(fname, A, B, left, out):
    _matrix_input(fname, A)
    if not isinstance(B, Tensor):
        raise TypeError(f"{fname}(): argument 'B' (position 2) must be Tensor, not {type(B).__name__}")
    _float_input(fname, A, low="lu_cpu")
    if A._dtype is not B._dtype:
        raise RuntimeError(f"{fname}: Expected A and B to have the same dtype, but found A of type {_name(A._dtype)} "
                           f"and B of type {_name(B._dtype)} instead")
    n = A._shape[-1]
    # B is a (batch of) vector(s) when it is 1-d or has A's batch shape without its last dim
    vector = len(B._shape) == 1 or (len(B._shape) == len(A._shape) - 1 and tuple(B._shape) == tuple(A._shape[:-1]))
    if vector:
        if B._shape[-1] != n or not left:
            raise RuntimeError(f"{fname}: Incompatible shapes of A and B for the equation "
                               f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {B._shape[-1]}x1)")
        bm = _val(B).reshape(tuple(B._shape) + (1,)) if left else _val(B).reshape(tuple(B._shape[:-1]) + (1, n))
        bshape = tuple(B._shape[:-1])
    else:
        if len(B._shape) < 2 or (left and B._shape[-2] != n) or (not left and B._shape[-1] != n):
            raise RuntimeError(f"{fname}: Incompatible shapes of A and B for the equation "
                               f"{'AX = B' if left else 'XA = B'} ({n}x{n} and "
                               f"{'x'.join(str(s) for s in B._shape[-2:])})")
        bm = _val(B)
        bshape = tuple(B._shape[:-2])
    batch = broadcast_shapes(tuple(A._shape[:-2]), bshape)
    dev = device_of(A, B)
    a = _val(A)
    if not left:  # X A = B  <=>  A^T X^T = B^T
        a = _mT(a)
        bm = _mT(bm)
    a = ops.broadcast_to(a, batch + (n, n)) if tuple(a.shape[:-2]) != batch else a
    k = bm.shape[-1]
    bm = ops.broadcast_to(bm, batch + (n, k)) if tuple(bm.shape[:-2]) != batch else bm
    if _numel(batch) * n * k == 0:
        x = ops.zeros(batch + (n, k), a.dtype)
    else:
        try:
            x = _k(dev, "linalg_solve")(a, bm)
        except LinAlgError:
            raise LinAlgError(f"{fname}: The solver failed because the input matrix is singular.") from None
    if not left:
        x = _mT(x)
    if vector:
        x = x.reshape(batch + (n,))
    return finish(x, dev, out)


def linalg_solve(A, B, *, left=True, out=None):
    return _solve("linalg.solve", A, B, left, out)


def _solve_backward(grad, A, B, result, left=True):
    ah = _H(A)
    vector = len(B._shape) == 1 or (len(B._shape) == len(A._shape) - 1 and tuple(B._shape) == tuple(A._shape[:-1]))
    gB = linalg_solve(ah, grad, left=left)
    x, g = result, gB
    if vector:
        x, g = x.unsqueeze(-1), g.unsqueeze(-1)
    xh = _H(x)
    gA = -matmul(g, xh) if left else -matmul(xh, g)
    return gA, gB


def _cholesky_grad(gL, L):
    """The grad of A = L L^H at L: L^-H Phi(L^H gL) L^-1, symmetrized (Phi: lower triangle, diagonal halved)."""
    lh = _H(L)
    phi = matmul(lh, gL).tril()
    phi = phi - 0.5 * phi.diagonal(dim1=-2, dim2=-1).diag_embed()
    li = inverse(L)
    lih = _H(li)
    gA = matmul(lih, matmul(phi, li))
    return 0.5 * (gA + _H(gA))


def _linalg_cholesky_backward(grad, result, upper=False):
    if upper:
        return (_cholesky_grad(_H(grad), _H(result)),)
    return (_cholesky_grad(grad, result),)


def _cholesky_backward(grad, result, upper=False):
    return _linalg_cholesky_backward(grad, result, upper)


# ---- cholesky, qr, svd, eigh ---------------------------------------------------------------------------
def _cholesky(fname, A, upper, out):
    _matrix_input(fname, A)
    _float_input(fname, A, low="cholesky_cpu")
    if _numel(A._shape) == 0:
        return finish(_val(A), A._device, out)
    try:
        v = _k(A._device, "cholesky")(_val(A), builtins.bool(upper))
    except LinAlgError:
        raise LinAlgError(f"{fname}: The factorization could not be completed because the input is not "
                          "positive-definite.") from None
    return finish(v, A._device, out)


def linalg_cholesky(A, *, upper=False, out=None):
    return _cholesky("linalg.cholesky", A, upper, out)


@defop(backward=_cholesky_backward)
def cholesky(input, upper=False, *, out=None):
    return _cholesky("cholesky", input, upper, out)


def _qr_values(fname, A, mode):
    _matrix_input(fname, A, square=False)
    _float_input(fname, A, low="geqrf_cpu")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', or "
                           "'complete'")
    m, n = A._shape[-2:]
    batch = tuple(A._shape[:-2])
    v = _val(A)
    k = builtins.min(m, n)
    if _numel(A._shape) == 0:
        qcols = m if mode == "complete" else k
        q = _eye_like(m, batch, v.dtype)[..., :qcols] if m else ops.zeros(batch + (0, qcols), v.dtype)
        r = ops.zeros(batch + ((m if mode == "complete" else k), n), v.dtype)
    else:
        q, r = _k(A._device, "qr")(v, "complete" if mode == "complete" else "reduced")
    if mode == "r":
        q = ops.zeros((0,), v.dtype)
    return q, r


def linalg_qr(A, mode="reduced", *, out=None):
    return _finish_tuple(_T_LINALG_QR, _qr_values("linalg.qr", A, mode), A._device, out)


def _qr_backward(grad, result, some=True):
    return _linalg_qr_backward(grad, result, "reduced" if some else "complete")


@defop(backward=_qr_backward)
def qr(input, some=True, *, out=None):
    return _finish_tuple(_T_QR, _qr_values("linalg.qr", input, "reduced" if some else "complete"), input._device, out)




def _svd_values(fname, A, full_matrices):
    _matrix_input(fname, A, square=False)
    _float_input(fname, A, low="linalg_svd_cpu")
    m, n = A._shape[-2:]
    batch = tuple(A._shape[:-2])
    v = _val(A)
    k = builtins.min(m, n)
    real = A._dtype.to_real()._ms
    if _numel(A._shape) == 0:
        ucols, vrows = (m, n) if full_matrices else (k, k)
        u = _eye_like(m, batch, v.dtype)[..., :ucols] if m and _numel(batch) else ops.zeros(batch + (m, ucols), v.dtype)
        vh = _eye_like(n, batch, v.dtype)[..., :vrows, :] if n and _numel(batch) else ops.zeros(batch + (vrows, n),
                                                                                                v.dtype)
        return u, ops.zeros(batch + (k,), real), vh
    u, s, vh = _k(A._device, "svd")(v, builtins.bool(full_matrices), True)
    return u, s, vh


def _svdvals_value(fname, A):
    _matrix_input(fname, A, square=False)
    _float_input(fname, A, low="linalg_svd_cpu")
    m, n = A._shape[-2:]
    if _numel(A._shape) == 0:
        return ops.zeros(tuple(A._shape[:-2]) + (builtins.min(m, n),), A._dtype.to_real()._ms)
    return _k(A._device, "svd")(_val(A), False, False)


def linalg_svd(A, full_matrices=True, *, driver=None, out=None):
    return _finish_tuple(_T_LINALG_SVD, _svd_values("linalg.svd", A, full_matrices), A._device, out)


def linalg_svdvals(A, *, driver=None, out=None):
    return finish(_svdvals_value("linalg.svd", A), A._device, out)


def _svd_backward(grad, result, some=True, compute_uv=True):
    if not compute_uv:
        raise RuntimeError("torch.svd: Setting compute_uv to false in torch.svd doesn't compute singular matrices, "
                           "and hence we cannot compute backward. Please use torch.svd(compute_uv=True)")
    u, s, v = result[0], result[1], result[2]
    gu, gs, gv = grad
    return _linalg_svd_backward((gu, gs, None if gv is None else _H(gv)), (u, s, _H(v)), not some)


@defop(backward=_svd_backward)
def svd(input, some=True, compute_uv=True, *, out=None):
    if not compute_uv:
        s = _svdvals_value("linalg.svd", input)
        m, n = input._shape[-2:]
        batch = tuple(input._shape[:-2])
        uc, vc = (builtins.min(m, n),) * 2 if some else (m, n)
        return _finish_tuple(_T_SVD, (ops.zeros(batch + (m, uc), input._dtype._ms), s,
                                     ops.zeros(batch + (n, vc), input._dtype._ms)), input._device, out)
    u, s, vh = _svd_values("linalg.svd", input, not some)
    return _finish_tuple(_T_SVD, (u, s, _mH(vh)), input._device, out)




def _eigh_values(fname, A, UPLO, vectors):
    _matrix_input(fname, A)
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    d = A._dtype
    if d._kind < 2 or d in (D.float16, D.bfloat16):
        raise NotImplementedError(f"\"linalg_eigh_cpu\" not implemented for '{_name(d)}'")
    n = A._shape[-1]
    batch = tuple(A._shape[:-2])
    if _numel(A._shape) == 0:
        return ops.zeros(batch + (n,), d.to_real()._ms), _val(A)
    return _k(A._device, "eigh")(_val(A), UPLO == "L", vectors)


def linalg_eigh(A, UPLO="L", *, out=None):
    return _finish_tuple(_T_LINALG_EIGH, _eigh_values("linalg.eigh", A, UPLO, True), A._device, out)


def linalg_eigvalsh(A, UPLO="L", *, out=None):
    return finish(_eigh_values("linalg.eigvalsh", A, UPLO, False)[0], A._device, out)




# ---- pinv, matrix_rank, lstsq ----------------------------------------------------------------------------
def _tol_value(x, like):
    if x is None:
        return None
    if isinstance(x, Tensor):
        return cast(_val(x), D.FROM_MS[like.dtype], x._device) if _val(x).dtype != like.dtype else _val(x)
    return ms.Tensor(builtins.float(x), like.dtype)


def _cutoff(s, atol, rtol, m, n, real_dtype):
    """max(atol, rtol * s_max) per matrix, with torch's defaults (s: (*, k) singular values)."""
    if atol is None and rtol is None:
        rtol = D.finfo(real_dtype).eps * builtins.max(m, n)
    elif rtol is None:
        rtol = 0.0
    smax = ops.amax(s, -1, True) if s.shape[-1] else ops.zeros(tuple(s.shape[:-1]) + (1,), s.dtype)
    rt = _tol_value(rtol, s)
    at = _tol_value(atol, s)
    if isinstance(rtol, Tensor):
        rt = rt.reshape(tuple(rt.shape) + (1,))
    if isinstance(atol, Tensor):
        at = at.reshape(tuple(at.shape) + (1,))
    tol = ops.mul(rt, smax)
    if at is not None:
        tol = ops.maximum(at, tol)
    return tol


def _pinv_value(fname, A, atol, rtol, hermitian):
    if not isinstance(A, Tensor):
        raise TypeError(f"{fname}(): argument 'input' (position 1) must be Tensor, not {type(A).__name__}")
    if len(A._shape) < 2 or A._dtype not in (D.float32, D.float64, D.complex64, D.complex128):
        raise RuntimeError(f"linalg.pinv({_name(A._dtype)}{{{list(A._shape)}}}): expected a tensor with 2 or more "
                           "dimensions of float, double, cfloat or cdouble types")
    m, n = A._shape[-2:]
    batch = tuple(A._shape[:-2])
    v = _val(A)
    if _numel(A._shape) == 0:
        return ops.zeros(batch + (n, m), v.dtype)
    real = A._dtype.to_real()
    dev = A._device
    if hermitian:
        _matrix_input(fname, A)
        w, q = _k(dev, "eigh")(v, True, True)
        aw = _real_abs(w)
        tol = _cutoff(aw, atol, rtol, m, n, real)
        keep = ops.greater(aw, tol)
        winv = ops.where(keep, ops.reciprocal(w), ops.zeros_like(w))
        scaled = ops.mul(q, ops.cast(winv, v.dtype).reshape(batch + (1, n)))
        return _k(dev, "matmul")(scaled, _mH(q))
    u, s, vh = _k(dev, "svd")(v, False, True)
    k = builtins.min(m, n)
    tol = _cutoff(s, atol, rtol, m, n, real)
    sinv = ops.where(ops.greater(s, tol), ops.reciprocal(s), ops.zeros_like(s))
    vs = ops.mul(_mH(vh), ops.cast(sinv, v.dtype).reshape(batch + (1, k)))
    return _k(dev, "matmul")(vs, _mH(u))


def linalg_pinv(A, rcond=None, hermitian=False, *, atol=None, rtol=None, out=None):
    if rcond is not None:
        rtol = rcond
    return finish(_pinv_value("linalg.pinv", A, atol, rtol, hermitian), A._device, out)


def _pinverse_backward(grad, input, result):
    return _linalg_pinv_backward(grad, input, result)


@defop(backward=_pinverse_backward)
def pinverse(input, rcond=1e-15):
    return wrap(_pinv_value("pinverse", input, None, rcond, False), input._device)


def linalg_matrix_rank(A, tol=None, hermitian=False, *, atol=None, rtol=None, out=None):
    if tol is not None:
        atol, rtol = tol, 0.0
    _matrix_input("linalg.matrix_rank", A, square=False)
    if A._dtype not in (D.float32, D.float64, D.complex64, D.complex128):
        raise RuntimeError("This function doesn't handle types other than float and double")
    m, n = A._shape[-2:]
    batch = tuple(A._shape[:-2])
    dev = A._device
    if _numel(A._shape) == 0:
        return finish(ops.zeros(batch, ms.int64), dev, out)
    if hermitian:
        _matrix_input("linalg.matrix_rank", A)
        s = _real_abs(_k(dev, "eigh")(_val(A), True, False)[0])
    else:
        s = _k(dev, "svd")(_val(A), False, False)
    tol_v = _cutoff(s, atol, rtol, m, n, A._dtype.to_real())
    r = _sum(ops.cast(ops.greater(s, tol_v), ms.int64), -1)
    return finish(r, dev, out)


_LSTSQ_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def linalg_lstsq(A, B, rcond=None, *, driver=None):
    for x, n, p in ((A, "input", 1), (B, "other", 2)):
        if not isinstance(x, Tensor):
            raise TypeError(f"linalg_lstsq(): argument '{n}' (position {p}) must be Tensor, not {type(x).__name__}")
    if A._dtype not in (D.float32, D.float64, D.complex64, D.complex128):
        raise RuntimeError("This function doesn't handle types other than float and double")
    if A._dtype is not B._dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's "
                           f"dtype {_name(A._dtype)} and other's dtype {_name(B._dtype)}")
    if len(A._shape) < 2:
        raise RuntimeError(f"torch.linalg.lstsq: input must have at least 2 dimensions.")
    if driver is None:
        driver = "gelsy"
    if driver not in _LSTSQ_DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    m, n = A._shape[-2:]
    vector = len(B._shape) == len(A._shape) - 1
    if len(B._shape) < 1 or (not vector and len(B._shape) < 2):
        raise RuntimeError("torch.linalg.lstsq: other must have at least 1 dimension.")
    if B._shape[-1 if vector else -2] != m:
        raise RuntimeError(f"torch.linalg.lstsq: input.size(-2) should match other.size(-"
                           f"{1 if vector else 2})")
    dev = device_of(A, B)
    bm = _val(B).reshape(tuple(B._shape) + (1,)) if vector else _val(B)
    batch = broadcast_shapes(tuple(A._shape[:-2]), tuple(bm.shape[:-2]))
    k = bm.shape[-1]
    a = ops.broadcast_to(_val(A), batch + (m, n)) if tuple(A._shape[:-2]) != batch else _val(A)
    bm = ops.broadcast_to(bm, batch + (m, k)) if tuple(bm.shape[:-2]) != batch else bm
    real = A._dtype.to_real()
    rdt = real._ms
    kk = builtins.min(m, n)
    if rcond is None:
        rcond_v = D.finfo(real).eps * builtins.max(m, n)
    else:
        rcond_v = builtins.float(rcond)
    if _numel(batch) * m * n == 0:
        sol = ops.zeros(batch + (n, k), a.dtype)
        s = ops.zeros(batch + (kk,), rdt)
        rank = ops.zeros(batch, ms.int64)
    else:
        u, s, vh = _k(dev, "svd")(a, False, True)
        tol = ops.mul(ms.Tensor(rcond_v if rcond_v > 0 else D.finfo(real).eps, rdt), ops.amax(s, -1, True))
        keep = ops.greater(s, tol)
        rank = _sum(ops.cast(keep, ms.int64), -1)
        sinv = ops.where(keep, ops.reciprocal(s), ops.zeros_like(s))
        mm = _k(dev, "matmul")
        sol = mm(ops.mul(_mH(vh), ops.cast(sinv, a.dtype).reshape(batch + (1, kk))), mm(_mH(u), bm))
    empty = ops.zeros((0,), rdt)
    residuals = empty
    if driver != "gelsy" and m > n and _numel(batch) * m * n:
        full_rank = builtins.bool((rank.asnumpy() == n).all()) if driver != "gels" else True
        if full_rank:
            diff = ops.sub(_k(dev, "matmul")(a, sol), bm)
            residuals = _sum(ops.mul(_real_abs(diff), _real_abs(diff)), -2)
    if vector:
        sol = sol.reshape(batch + (n,))
    rank_out = rank if driver != "gels" else ops.zeros((0,), ms.int64)
    sv_out = s if driver in ("gelsd", "gelss") else empty
    return _T_LINALG_LSTSQ(wrap(sol, dev), wrap(residuals, dev), wrap(rank_out, dev), wrap(sv_out, dev))




# ---- matrix_power, multi_dot ---------------------------------------------------------------------------
def _matrix_power(fname, A, n, out):
    _tensor_arg(A, fname)
    if not isinstance(n, numbers.Integral) or isinstance(n, builtins.bool):
        raise TypeError(f"{fname}(): argument 'n' (position 2) must be int, not {type(n).__name__}")
    _matrix_input("linalg.matrix_power", A)
    dev = A._device
    v = _val(A)
    if n == 0:
        e = _eye_like(A._shape[-1], tuple(A._shape[:-2]), v.dtype) if A._shape[-1] else v
        return finish(e, dev, out)
    if n < 0:
        v = _inv_value("linalg.inv", A)
        n = -n
    _no_bool("addmm_impl_cpu_", A._dtype)
    mm = _k(dev, "matmul")
    result = None
    base = v
    while n:
        if n & 1:
            result = base if result is None else mm(result, base)
        n >>= 1
        if n:
            base = mm(base, base)
    return finish(result, dev, out)


def _power_chain_grad(grad, A, n):
    """d(A^n) for n >= 1: sum over k of (A^H)^k G (A^H)^(n-1-k)."""
    ah = _H(A)
    powers = [None] * n  # powers[k] = (A^H)^k
    for k in range(n):
        powers[k] = ah if k == 1 else (matmul(powers[k - 1], ah) if k > 1 else None)
    total = None
    for k in range(n):
        term = grad if k == 0 else matmul(powers[k], grad)
        if n - 1 - k:
            term = matmul(term, powers[n - 1 - k])
        total = term if total is None else total + term
    return total


def _matrix_power_backward(grad, input, n):
    if n == 0:
        return (grad * 0,)
    if n > 0:
        return (_power_chain_grad(grad, input, n),)
    inv = linalg_inv(input)  # A^n = (A^-1)^|n|, then through the inverse
    g_inv = _power_chain_grad(grad, inv, -n)
    ih = _H(inv)
    return (-matmul(ih, matmul(g_inv, ih)),)


@defop(backward=_matrix_power_backward)
def matrix_power(input, n, *, out=None):
    return _matrix_power("matrix_power", input, n, out)


def _multi_dot(fname, tensors, out):
    tensors = list(tensors)
    if len(tensors) < 2:
        raise RuntimeError(f"{fname}(): expected at least 2 tensors but got {len(tensors)}")
    nd = [len(t._shape) for t in tensors]
    if nd[0] not in (1, 2):
        raise RuntimeError(f"{fname}(): the first tensor must be 1D or 2D but got {nd[0]}D")
    if nd[-1] not in (1, 2):
        raise RuntimeError(f"{fname}(): the last tensor must be 1D or 2D but got {nd[-1]}D")
    for i in range(1, len(tensors) - 1):
        if nd[i] != 2:
            raise RuntimeError(f"{fname}(): tensor {i} must be 2D but got {nd[i]}D")
    dtype = tensors[0]._dtype
    for i, t in enumerate(tensors[1:], 1):
        if t._dtype is not dtype:
            raise RuntimeError(f"{fname}(): all tensors must have be the same dtype but tensor 0 is "
                               f"{_CPP_NAMES.get(dtype)} and tensor {i} {_CPP_NAMES.get(t._dtype)}")
    _no_bool("addmm_impl_cpu_", dtype)
    mats = [_val(t) for t in tensors]
    first_vec, last_vec = nd[0] == 1, nd[-1] == 1
    if first_vec:
        mats[0] = mats[0].reshape(1, -1)
    if last_vec:
        mats[-1] = mats[-1].reshape(-1, 1)
    for i in range(len(mats) - 1):
        if mats[i].shape[1] != mats[i + 1].shape[0]:
            raise RuntimeError(f"{fname}(): tensors {i} and {i + 1} with shapes {list(tensors[i]._shape)} and "
                               f"{list(tensors[i + 1]._shape)} cannot be multiplied")
    dev = device_of(*tensors)
    mm = _k(dev, "matmul")
    v = _chain(mm, mats, _chain_order([m.shape[0] for m in mats] + [mats[-1].shape[1]]), 0, len(mats) - 1)
    if first_vec and last_vec:
        v = v.reshape(())
    elif first_vec:
        v = v.reshape(-1)
    elif last_vec:
        v = v.reshape(-1)
    return finish(v, dev, out)


def _chain_order(p):
    """The classic matrix-chain order (fewest multiplications) for dims p."""
    n = len(p) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def _chain(mm, mats, split, i, j):
    if i == j:
        return mats[i]
    k = split[i][j]
    return mm(_chain(mm, mats, split, i, k), _chain(mm, mats, split, k + 1, j))


def linalg_multi_dot(tensors, *, out=None):
    return _multi_dot("multi_dot", tensors, out)


def _multi_dot_grads(grad, tensors):
    """Grad of T0 @ ... @ Tn-1 for each Ti: (T0..Ti-1)^H G (Ti+1..Tn-1)^H, a 1-d first/last operand taken as a
    row/column and given back its shape."""
    mats = list(tensors)
    first_vec, last_vec = len(mats[0]._shape) == 1, len(mats[-1]._shape) == 1
    if first_vec:
        mats[0] = mats[0].unsqueeze(0)
    if last_vec:
        mats[-1] = mats[-1].unsqueeze(-1)
    g = grad.reshape(mats[0]._shape[0], mats[-1]._shape[-1])
    prefix, suffix = [None] * len(mats), [None] * len(mats)
    for i in range(1, len(mats)):
        prefix[i] = mats[0] if i == 1 else matmul(prefix[i - 1], mats[i - 1])
    for i in range(len(mats) - 2, -1, -1):
        suffix[i] = mats[-1] if i == len(mats) - 2 else matmul(mats[i + 1], suffix[i + 1])
    grads = []
    for i, t in enumerate(tensors):
        gi = g if prefix[i] is None else matmul(_H(prefix[i]), g)
        if suffix[i] is not None:
            gi = matmul(gi, _H(suffix[i]))
        grads.append(gi.reshape(t._shape))
    return grads


def _chain_matmul_backward(grad, matrices):
    return (_multi_dot_grads(grad, matrices) if len(matrices) > 1 else [grad],)


def _multi_dot_backward(grad, tensors):
    return (_multi_dot_grads(grad, tensors),)


@defop(method=False, backward=_chain_matmul_backward)
def chain_matmul(*matrices, out=None):
    for m in matrices:
        if len(m._shape) != 2:
            raise RuntimeError(f"chain_matmul(): Expected all tensors to be 2D but got {len(m._shape)}D")
    if len(matrices) == 1:
        return finish(_val(matrices[0]), matrices[0]._device, out)
    return _multi_dot("chain_matmul", matrices, out)


# ---- norms ----------------------------------------------------------------------------------------
@kernel("vector_norm")
def _vector_norm_kernel(v, ord, dims, keepdim):
    a = _real_abs(v)
    if ord in (_INF, -_INF):
        # MindSpore's CPU max/min skip NaN; torch's norm is NaN where the slice holds one
        r = (ops.amax if ord == _INF else ops.amin)(a, dims, keepdim)
        return _propagate_nan(a, dims, keepdim, r)
    if ord == 0:
        return _sum(ops.cast(ops.not_equal(a, 0), a.dtype), dims, keepdim)
    if ord == 1:
        return _sum(a, dims, keepdim)
    if ord == 2:
        return ops.sqrt(_sum(ops.mul(a, a), dims, keepdim))
    # exponents as tensors of the value's dtype: MindSpore's Pow takes a Python float as float32
    p = builtins.float(ord)
    return ops.pow(_sum(ops.pow(a, ms.Tensor(p, a.dtype)), dims, keepdim), ms.Tensor(1.0 / p, a.dtype))


# Half types: torch's CPU norms accumulate in float32; MindSpore's CPU Abs has no bfloat16 kernel.
kernel("vector_norm", "cpu")(_float32_composite(_vector_norm_kernel, (ms.bfloat16, ms.float16)))


def _norm_dims(dim, ndim):
    if dim is None:
        return ()
    if isinstance(dim, numbers.Integral):
        return (wrap_dim(dim, ndim),)
    dims = tuple(wrap_dim(d, ndim) for d in dim)
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
    return dims


def _norm_input(fname, x, dtype):
    if not isinstance(x, Tensor):
        raise TypeError(f"{fname}(): argument 'input' (position 1) must be Tensor, not {type(x).__name__}")
    if dtype is not None:
        if dtype._kind < 2:
            raise RuntimeError(f"{fname}: dtype should be floating point or complex, but got {_name(dtype)}")
        if x._dtype._kind == 3 and dtype._kind != 3:
            raise RuntimeError(f"{fname}: dtype should be complex when the input is complex, but got {_name(dtype)}")
    if x._dtype._kind < 2:
        raise RuntimeError(f"{fname}: Expected a floating point or complex tensor as input. Got {_name(x._dtype)}")
    return _cast_to(x, dtype) if dtype is not None else _val(x)


def _vector_norm(x, ord, dim, keepdim, dtype, out, fname="linalg.vector_norm"):
    v = _norm_input(fname, x, dtype)
    if isinstance(ord, Tensor):
        ord = ord.item()
    if not isinstance(ord, numbers.Number) or isinstance(ord, complex):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' must be Number, not {type(ord).__name__}")
    ord = builtins.float(ord)
    ndim = len(x._shape)
    dims = _norm_dims(dim, ndim)
    if ord < 0 or ord == _INF:
        reduced = (dims if dims else tuple(range(ndim))) if ndim else ()
        if any(x._shape[d] == 0 for d in reduced) or (not reduced and _numel(x._shape) == 0):
            o = "inf" if ord == _INF else "-inf" if ord == -_INF else f"{ord:g}"
            raise RuntimeError(f"linalg.vector_norm cannot compute the {o} norm on an empty tensor because the "
                               "operation does not have an identity")
    if ndim == 0:
        v = v.reshape(1)
        dims = (0,)
        r = _k(x._device, "vector_norm")(v, ord, dims, False)
    else:
        r = _k(x._device, "vector_norm")(v, ord, dims, keepdim)
    if keepdim and not dims and ndim:
        r = r.reshape((1,) * ndim)
    return finish(r, x._device, out)


def linalg_vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None):
    return _vector_norm(x, ord, dim, keepdim, dtype, out)


def _matrix_norm(A, ord, dim, keepdim, dtype, out, fname="linalg.matrix_norm"):
    if not isinstance(A, Tensor):
        raise TypeError(f"{fname}(): argument 'A' (position 1) must be Tensor, not {type(A).__name__}")
    if len(A._shape) < 2:
        raise RuntimeError(f"linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    ndim = len(A._shape)
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(str(d) for d in dim)}")
    d0, d1 = wrap_dim(dim[0], ndim), wrap_dim(dim[1], ndim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    elif ord not in (1, -1, 2, -2, _INF, -_INF):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if ord == "fro":
        return _vector_norm(A, 2, (d0, d1), keepdim, dtype, out, "linalg.matrix_norm")
    v = _norm_input("linalg.matrix_norm", A, dtype)
    dev = A._device
    if ord in ("nuc", 2, -2):
        _float_input("linalg.matrix_norm", A)
        # singular values over the two dims moved last
        rest = [d for d in range(ndim) if d not in (d0, d1)]
        w = ops.transpose(v, tuple(rest + [d0, d1])) if rest + [d0, d1] != list(range(ndim)) else v
        if _numel(w.shape) == 0:
            if ord == -2 and builtins.min(w.shape[-2:]) == 0:
                raise IndexError("amin(): Expected reduction dim -1 to have non-zero size.")
            s = ops.zeros(tuple(w.shape[:-2]) + (builtins.min(w.shape[-2:]),), A._dtype.to_real()._ms)
        else:
            s = _k(dev, "svd")(w, False, False)
        if ord == "nuc":
            r = _sum(s, -1)
        elif ord == 2:
            r = ops.amax(s, -1) if s.shape[-1] else ops.zeros(tuple(s.shape[:-1]), s.dtype)
        else:
            r = ops.amin(s, -1)
        if keepdim:
            shape = list(A._shape)
            shape[d0] = shape[d1] = 1
            r = r.reshape(shape)
        return finish(r, dev, out)
    # 1 / inf norms: max/min over one dim of the abs-sums over the other
    sum_dim, red_dim = (d0, d1) if ord in (1, -1) else (d1, d0)
    k = _k(dev, "vector_norm")
    sums = k(v, 1.0, (sum_dim,), True)
    if A._shape[red_dim] == 0 and ord in (-1, -_INF):
        raise IndexError(f"amin(): Expected reduction dim {red_dim} to have non-zero size.")
    if A._shape[red_dim] == 0:
        r = ops.zeros(tuple(1 if i == red_dim else s for i, s in enumerate(sums.shape)), sums.dtype)
    else:
        r = (ops.amax if ord > 0 else ops.amin)(sums, (red_dim,), True)
    if not keepdim:
        r = r.reshape(tuple(s for i, s in enumerate(r.shape) if i not in (d0, d1)))
    return finish(r, dev, out)


def linalg_matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    return _matrix_norm(A, ord, dim, keepdim, dtype, out)


def linalg_norm(A, ord=None, dim=None, keepdim=False, *, out=None, dtype=None):
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_norm(): argument 'input' (position 1) must be Tensor, not {type(A).__name__}")
    if dim is not None and isinstance(dim, numbers.Integral):
        dim = (dim,)
    if ord is None:
        if dim is not None and len(dim) == 2:
            return _matrix_norm(A, "fro", dim, keepdim, dtype, out)
        return _vector_norm(A, 2, dim, keepdim, dtype, out, "linalg.vector_norm")
    if isinstance(ord, str) or (dim is not None and len(dim) == 2) or (dim is None and len(A._shape) == 2):
        if dim is None:
            if len(A._shape) != 2:
                raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                                   f"Got {len(A._shape)}D.")
            dim = (-2, -1)
        return _matrix_norm(A, ord, dim, keepdim, dtype, out)
    if dim is None and len(A._shape) != 1:
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                           f"{len(A._shape)}D.")
    return _vector_norm(A, ord, dim, keepdim, dtype, out, "linalg.vector_norm")


@defop()
def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    if not isinstance(input, Tensor):
        raise TypeError(f"norm(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if isinstance(dim, numbers.Integral):
        dim = (dim,)
    if isinstance(p, str):
        if p == "fro" and (dim is None or len(dim) <= 2):
            return _vector_norm(input, 2, dim, keepdim, dtype, out)
        if dim is None:
            dim = tuple(range(len(input._shape)))
        return _matrix_norm(input, p, dim, keepdim, dtype, out)
    return _vector_norm(input, 2.0 if p is None else p, dim, keepdim, dtype, out)


def _vecdot_backward(grad, x, y, dim=-1):
    g = grad.unsqueeze(wrap_dim(dim, builtins.max(len(x._shape), len(y._shape))))
    return _cj(g) * y, g * x  # vecdot = sum(conj(x) * y)


def linalg_vecdot(x, y, *, dim=-1, out=None):
    _tensor_arg(x, "linalg_vecdot", "x")
    _tensor_arg(y, "linalg_vecdot", "y", 2)
    if x._dtype is not y._dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                           f"{_name(x._dtype)} and y of type {_name(y._dtype)} instead")
    shape = broadcast_shapes(x._shape, y._shape)
    d = wrap_dim(dim, len(shape))
    a = _val(x)
    if _is_complex_ms(a):
        a = ops.conj(a)
    prod = ops.mul(a, _val(y))
    if x._dtype is D.bool:
        return finish(ops.any(prod, (d,)), device_of(x, y), out)
    r = _sum(prod, (d,))
    if r.dtype != prod.dtype:
        r = cast(r, D.FROM_MS[prod.dtype], device_of(x, y))
    return finish(r, device_of(x, y), out)


def linalg_matmul(input, other, *, out=None):
    return matmul(input, other, out=out)


def linalg_det_fn(A, *, out=None):
    return linalg_det(A, out=out)


def linalg_matrix_power(A, n, *, out=None):
    return _matrix_power("linalg_matrix_power", A, n, out)


def linalg_slogdet_fn(A, *, out=None):
    return _finish_tuple(_T_LINALG_SLOGDET, _slogdet_values("linalg.slogdet", A), A._device, out)


# ---- derivatives of the norms and the torch.linalg functions ------------------------------------------
def _keep(t, dims, keepdim):
    if keepdim:
        return t
    for d in sorted(dims):
        t = t.unsqueeze(d)
    return t


def _safe_div(num, den):
    from .pointwise import where  # noqa: PLC0415
    return where(den == 0, 0.0, num / where(den == 0, 1.0, den))


def _vector_norm_grad(grad, x, result, ord, dims, keepdim):
    ndim = len(x._shape)
    if isinstance(ord, Tensor):
        ord = ord.item()
    ord = builtins.float(ord)
    dims = dims or tuple(range(ndim))
    g, r = (_keep(grad, dims, keepdim), _keep(result, dims, keepdim)) if ndim else (grad, result)
    if ord == 0:
        return x.new_zeros(x._shape) * g
    sg = x.sgn()
    if ord == 1:
        return g * sg
    if ord == 2:
        return g * _safe_div(x, r)
    a = x.abs()
    if ord in (_INF, -_INF):
        mask = (a == r).to(g._dtype if not g._dtype.is_complex else r._dtype)
        count = mask.sum(dim=list(dims), keepdim=True) if ndim else mask
        return g * sg * _safe_div(mask, count)  # no element equals a NaN norm: torch's gradient is 0 there
    scaled = _safe_div(a ** (ord - 1), r ** (ord - 1))
    if ord < 1:  # a ** (ord - 1) is inf at zero elements, whose derivative torch takes as 0
        scaled = scaled.masked_fill(a == 0, 0)
    return g * sg * scaled


def _vector_norm_backward(grad, x, result, ord=2, dim=None, keepdim=False):
    return (_vector_norm_grad(grad, x, result, ord, _norm_dims(dim, len(x._shape)), keepdim),)


def _matrix_norm_backward(grad, A, result, ord="fro", dim=(-2, -1), keepdim=False):
    ndim = len(A._shape)
    d0, d1 = wrap_dim(dim[0], ndim), wrap_dim(dim[1], ndim)
    if ord == "fro":
        return (_vector_norm_grad(grad, A, result, 2, (d0, d1), keepdim),)
    if ord in ("nuc", 2, -2):  # through the SVD A = U diag(S) Vh: nuc -> U Vh; 2 / -2 -> u v^T of the max/min S
        g = _keep(grad, (d0, d1), keepdim)
        u, sv, vh = linalg_svd(A.movedim((d0, d1), (-2, -1)), full_matrices=False)
        if ord != "nuc":
            pick = 0 if ord == 2 else sv._shape[-1] - 1
            u, vh = u.narrow(-1, pick, 1), vh.narrow(-2, pick, 1)
        return (g * (u @ vh).movedim((-2, -1), (d0, d1)),)
    # ord 1/-1: max/min over columns (dim[1]) of the sums over dim[0]; inf/-inf: the other way round
    sum_dim, red_dim = (d0, d1) if ord in (1, -1) else (d1, d0)
    g, r = _keep(grad, (d0, d1), keepdim), _keep(result, (d0, d1), keepdim)
    sums = A.abs().sum(dim=sum_dim, keepdim=True)
    mask = (sums == r).to(r._dtype)
    count = mask.sum(dim=red_dim, keepdim=True)
    return (g * mask / count * A.sgn(),)


_vector_norm = _differentiable("linalg_vector_norm", _vector_norm, _vector_norm_backward)
_matrix_norm = _differentiable("linalg_matrix_norm", _matrix_norm, _matrix_norm_backward)
linalg_det_fn = _differentiable("linalg_det", linalg_det_fn, _linalg_det_backward)
linalg_det = _differentiable("linalg_det", linalg_det, _linalg_det_backward)
linalg_slogdet_fn = _differentiable("linalg_slogdet", linalg_slogdet_fn, _linalg_slogdet_backward)
linalg_inv = _differentiable("linalg_inv", linalg_inv, _inverse_backward)
linalg_solve = _differentiable("linalg_solve", linalg_solve, _solve_backward)
linalg_cholesky = _differentiable("linalg_cholesky", linalg_cholesky, _linalg_cholesky_backward)
linalg_cross = _differentiable("linalg_cross", linalg_cross, _cross_backward)
linalg_vecdot = _differentiable("linalg_vecdot", linalg_vecdot, _vecdot_backward)
linalg_multi_dot = _differentiable("linalg_multi_dot", linalg_multi_dot, _multi_dot_backward)
linalg_matrix_power = _differentiable("linalg_matrix_power", linalg_matrix_power,
                                      lambda grad, A, n: _matrix_power_backward(grad, A, n))
linalg_inv_ex_fn = _differentiable("linalg_inv_ex", linalg_inv_ex_fn,
                                   lambda grad, result: _inverse_backward(grad[0], result[0]))
def _linalg_lstsq_backward(grad, A, B):
    """The solution is pinv(A) @ B (full rank): through the pseudo-inverse's rule."""
    g = grad[0]
    if g is None:
        return None, None
    p = linalg_pinv(A.detach())
    vector_b = len(B._shape) == len(A._shape) - 1
    b = B.unsqueeze(-1) if vector_b else B
    g2 = g.unsqueeze(-1) if vector_b else g
    grad_b = matmul(_H(p), g2)
    return _linalg_pinv_backward(matmul(g2, _H(b)), A, p)[0], (grad_b.squeeze(-1) if vector_b else grad_b)


linalg_lstsq = _differentiable("linalg_lstsq", linalg_lstsq, _linalg_lstsq_backward)
def _eigh_grad(grad_values, grad_vectors, values, vectors):
    """A = V diag(L) V^H: gA = V (diag(gL) + skew(V^H gV) / E) V^H with E_ij = L_j - L_i (torch's rule; the
    skew-Hermitian part is the tangent direction of the unitary V)."""
    vh = _H(vectors)
    inner = None
    if grad_vectors is not None:
        vhgv = matmul(vh, grad_vectors)
        skew = (vhgv - _H(vhgv)) * 0.5
        gaps = values.unsqueeze(-2) - values.unsqueeze(-1)
        n = values._shape[-1]
        eye = _OPS_FN("eye")(n, dtype=gaps._dtype, device=gaps._device)
        inner = skew / (gaps + eye)  # the diagonal of skew is 0 (real parts), so the 1s there only avoid 0/0
        inner = inner * (1 - eye)
    if grad_values is not None:
        diag = _OPS_FN("diag_embed")(grad_values.to(vectors._dtype))
        inner = diag if inner is None else inner + diag
    return matmul(vectors, matmul(inner, vh))


def _linalg_eigh_backward(grad, result):
    values, vectors = result[0], result[1]
    return (_eigh_grad(grad[0], grad[1], values, vectors),)


def _linalg_eigvalsh_backward(grad, A, UPLO="L"):
    values, vectors = linalg_eigh(A.detach(), UPLO)
    return (_eigh_grad(grad, None, values, vectors),)


def _linalg_svdvals_backward(grad, A):
    u, _, vh = linalg_svd(A.detach(), full_matrices=False)
    diag = _OPS_FN("diag_embed")(grad.to(u._dtype))
    return (matmul(u, matmul(diag, vh)),)


def _OPS_FN(name):
    from .registry import OPS
    return OPS[name].fn


def _linalg_svd_backward(grad, result, full_matrices=True):
    """A = U diag(S) Vh (reduced): torch's rule, gA = U [skew(U^H gU) S / E + S skew(V^H gV) / E + diag(gS)] Vh
    plus the parts of gU, gV outside the spans of U, V; E_ij = S_j^2 - S_i^2. The full-matrices form's extra
    columns are not determined by A (torch refuses their gradient too)."""
    u, s, vh = result[0], result[1], result[2]
    gu, gs, gvh = grad
    k = s._shape[-1]
    if full_matrices and (u._shape[-1] != k or vh._shape[-2] != k):
        raise NotImplementedError(
            "mindtorch: the derivative of torch.linalg.svd with full_matrices=True is not implemented (torch "
            "refuses it as well when the extra singular vectors are used); use full_matrices=False")
    v = _H(vh)
    gv = None if gvh is None else _H(gvh)
    if gu is None and gv is None:
        return (matmul(u, matmul(_OPS_FN("diag_embed")(gs.to(u._dtype)), vh)),)
    eye = _OPS_FN("eye")(k, dtype=s._dtype, device=s._device)
    s2 = s * s
    gaps = s2.unsqueeze(-2) - s2.unsqueeze(-1) + eye
    inner = None
    if gu is not None:
        uhgu = matmul(_H(u), gu)
        inner = ((uhgu - _H(uhgu)) / gaps * (1 - eye)) * s.unsqueeze(-2)
    if gv is not None:
        vhgv = matmul(vh, gv)
        term = s.unsqueeze(-1) * ((vhgv - _H(vhgv)) / gaps * (1 - eye))
        inner = term if inner is None else inner + term
    if gs is not None:
        inner = inner + _OPS_FN("diag_embed")(gs.to(u._dtype))
    ga = matmul(u, matmul(inner, vh))
    m, n = u._shape[-2], vh._shape[-1]
    if gu is not None and m > k:
        proj = gu - matmul(u, matmul(_H(u), gu))
        ga = ga + matmul(proj / s.unsqueeze(-2), vh)
    if gv is not None and n > k:
        proj = gv - matmul(v, matmul(vh, gv))
        ga = ga + matmul(u, _H(proj / s.unsqueeze(-2)))
    return (ga,)


def _linalg_qr_backward(grad, result, mode="reduced"):
    """A = QR with m >= n (reduced or complete square): gA = [gQ + Q sym(triu(gR R^H - Q^H gQ))] R^{-H}, torch's
    rule, where sym(X) = X + X^H with the diagonal halved."""
    q, r = result[0], result[1]
    gq, gr = grad
    m, n = q._shape[-2], r._shape[-1]
    if mode == "r":
        raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                           "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                           "linalg.qr.")
    if m < n or (mode == "complete" and m > n):
        raise NotImplementedError("mindtorch: the derivative of linalg.qr is implemented for m >= n in the "
                                  "reduced mode (and square complete) only")
    inner = None
    if gr is not None:
        inner = matmul(gr, _H(r))
    if gq is not None:
        term = -matmul(_H(q), gq)
        inner = term if inner is None else inner + term
    inner = inner.triu()
    diagonal = inner.diagonal(0, -2, -1)
    sym = inner + _H(inner) - _OPS_FN("diag_embed")(diagonal.real if inner._dtype.is_complex else diagonal)
    ga = matmul(q, sym)
    if gq is not None:
        ga = ga + gq
    return (linalg_solve_triangular(_H(r), ga, upper=False, left=False),)


linalg_svd = _differentiable("linalg_svd", linalg_svd, _linalg_svd_backward)
linalg_qr = _differentiable("linalg_qr", linalg_qr, _linalg_qr_backward)
def _linalg_pinv_backward(grad, A, result):
    """torch's rule for the pseudo-inverse P of A (the constant-rank derivative)."""
    p, ph, gh = result, _H(result), _H(grad)
    m, n = A._shape[-2], A._shape[-1]
    if m <= n:
        k = matmul(gh, p)
        k_ph = matmul(k, ph)
        ga = -_H(matmul(p, k)) + k_ph - matmul(matmul(A, p), k_ph) + matmul(matmul(ph, p), gh - matmul(k, A))
    else:
        k = matmul(p, gh)
        ph_k = matmul(ph, k)
        ga = -_H(matmul(k, p)) + ph_k - matmul(matmul(ph_k, p), A) + matmul(matmul(gh - matmul(A, k), p), ph)
    return (ga,)


linalg_pinv = _differentiable("linalg_pinv", linalg_pinv, _linalg_pinv_backward)
linalg_eigh = _differentiable("linalg_eigh", linalg_eigh, _linalg_eigh_backward)
linalg_eigvalsh = _differentiable("linalg_eigvalsh", linalg_eigvalsh, _linalg_eigvalsh_backward)
linalg_svdvals = _differentiable("linalg_svdvals", linalg_svdvals, _linalg_svdvals_backward)


# The torch.linalg namespace (mindtorch/linalg.py re-exports this table).
LINALG = {
    "matmul": linalg_matmul, "vecdot": linalg_vecdot, "cross": linalg_cross, "multi_dot": linalg_multi_dot,
    "matrix_power": linalg_matrix_power, "det": linalg_det_fn, "slogdet": linalg_slogdet_fn, "inv": linalg_inv,
    "inv_ex": linalg_inv_ex_fn, "solve": linalg_solve, "cholesky": linalg_cholesky, "qr": linalg_qr,
    "svd": linalg_svd, "svdvals": linalg_svdvals, "eigh": linalg_eigh, "eigvalsh": linalg_eigvalsh,
    "pinv": linalg_pinv, "lstsq": linalg_lstsq, "matrix_rank": linalg_matrix_rank, "norm": linalg_norm,
    "vector_norm": linalg_vector_norm, "matrix_norm": linalg_matrix_norm, "LinAlgError": LinAlgError,
}


# ---- solve_triangular, triangular_solve ----------------------------------------------------------------------
# MatrixTriangularSolve (CPU: float32/float64/complex64/complex128, measured exact to rounding) reads only the
# named triangle; it has no unit-diagonal mode (the entry puts ones on the diagonal) and takes equal batch shapes.
_T_TRIANGULAR_SOLVE = _rt("triangular_solve", ["solution", "cloned_coefficient"])


@kernel("solve_triangular")
def _solve_triangular_kernel(a, b, lower, adjoint):
    return ops.MatrixTriangularSolve(lower=lower, adjoint=adjoint)(a, b)


def _triangular_values(fname, A, B, upper, left, unitriangular):
    """X of A X = B (left) or X A = B, as a MindSpore value of the promoted dtype and broadcast batch."""
    dt = A._dtype  # torch solves in A's dtype (B is cast to it)
    if dt._kind < 2:
        raise NotImplementedError(f'"triangular_solve_cpu" not implemented for \'{_name(dt)}\'')
    if dt in (D.float16, D.bfloat16):
        raise NotImplementedError(f'"triangular_solve_cpu" not implemented for \'{_name(dt)}\'')
    dev = device_of(A, B)
    a, b = cast(_val(A), dt, dev), cast(_val(B), dt, dev)
    n = A._shape[-1]
    if unitriangular:
        eye = ops.eye(n, n, a.dtype)
        a = a * (1 - eye) + eye
    if not left:  # X A = B  <=>  A^T X^T = B^T (the other triangle)
        a, b, upper = _mT(a), _mT(b), not upper
    batch = broadcast_shapes(tuple(a.shape[:-2]), tuple(b.shape[:-2]))
    a = ops.broadcast_to(a, batch + (n, n)) if tuple(a.shape[:-2]) != batch else a
    k = b.shape[-1]
    b = ops.broadcast_to(b, batch + (n, k)) if tuple(b.shape[:-2]) != batch else b
    if _numel(batch) * n * k == 0:
        x = ops.zeros(batch + (n, k), a.dtype)
    else:
        x = _k(dev, "solve_triangular")(a, b, not upper, False)
    return (_mT(x) if not left else x), dev


def _solve_triangular_backward(grad, A, result, upper, left=True, unitriangular=False):
    gB = linalg_solve_triangular(_H(A), grad, upper=not upper, left=left, unitriangular=unitriangular)
    xh = _H(result)
    gA = -matmul(gB, xh) if left else -matmul(xh, gB)
    off = 1 if unitriangular else 0
    gA = gA.triu(off) if upper else gA.tril(-off)
    return gA, gB


def linalg_solve_triangular(A, B, *, upper, left=True, unitriangular=False, out=None):
    fname = "linalg.solve_triangular"
    _matrix_input(fname, A)
    _matrix_input(fname, B, square=False, argname="B")
    n = A._shape[-1]
    if (left and B._shape[-2] != n) or (not left and B._shape[-1] != n):
        raise RuntimeError(f"{fname}: Incompatible shapes of A and B for the equation {'AX = B' if left else 'XA = B'} "
                           f"({n}x{n} and {B._shape[-2]}x{B._shape[-1]})")
    x, dev = _triangular_values(fname, A, B, upper, left, unitriangular)
    return finish(x, dev, out)


def _triangular_solve_backward(grad, A, result, upper=True, transpose=False, unitriangular=False):
    g = grad[0]
    x = result[0]
    At = A.mT if transpose else A
    up = upper != transpose
    gb = linalg_solve_triangular(_H(At), g, upper=not up, unitriangular=unitriangular)
    gA = -matmul(gb, _H(x))
    if transpose:
        gA = gA.mT
    off = 1 if unitriangular else 0
    gA = gA.triu(off) if upper else gA.tril(-off)
    return gb, gA + grad[1]  # cloned_coefficient is A itself


def triangular_solve(input, A, upper=True, transpose=False, unitriangular=False, *, out=None):
    fname = "torch.triangular_solve"
    if len(input._shape) < 2:
        raise RuntimeError(f"{fname}: Expected b to have at least 2 dimensions, but it has {len(input._shape)} "
                           "dimensions instead")
    if len(A._shape) < 2:
        raise RuntimeError(f"{fname}: Expected A to have at least 2 dimensions, but it has {len(A._shape)} "
                           "dimensions instead")
    if input._dtype is not A._dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but got b.dtype = {_name(input._dtype)} and "
                           f"A.dtype = {_name(A._dtype)}")
    _matrix_input(fname, A)
    n = A._shape[-1]
    if input._shape[-2] != n:
        raise RuntimeError(f"Incompatible matrix sizes for triangular_solve: each A matrix is {n} by {n} but each b "
                           f"matrix is {input._shape[-2]} by {input._shape[-1]}")
    dev = device_of(A, input)
    a = _val(A)
    if transpose:
        a_t = _mT(a)
        At = wrap(a_t, dev)
        x, _ = _triangular_values(fname, At, input, not upper, True, unitriangular)
    else:
        x, _ = _triangular_values(fname, A, input, upper, True, unitriangular)
    batch = tuple(x.shape[:-2])
    coef = ops.broadcast_to(a, batch + (n, n)) if tuple(a.shape[:-2]) != batch else a.copy()
    if out is not None:
        return _finish_tuple(_T_TRIANGULAR_SOLVE, (x, coef), dev, out)
    return _T_TRIANGULAR_SOLVE(wrap(x, dev), wrap(coef, dev))


linalg_solve_triangular = _differentiable("linalg_solve_triangular", linalg_solve_triangular,
                                          _solve_triangular_backward)
triangular_solve = defop(backward=_triangular_solve_backward)(triangular_solve)
LINALG["solve_triangular"] = linalg_solve_triangular


# ---- session-2 additions: cov/corrcoef, dist, renorm, trapezoid, vander, cholesky_solve/inverse, the LU
# family, matrix_exp, cond, householder_product, tensorinv/tensorsolve, eig/eigvals, legacy norms ------------
# Measured on MindSpore 2.10 CPU: Lu and MatrixExp have no CPU kernel ("Unsupported op [Lu] on CPU");
# CholeskySolve/CholeskyInverse take float32/float64 only; Eig works for float32/float64/complex64/complex128
# but returns eigenvalues in another order than LAPACK (torch documents no order). So: LU is a NumPy
# partial-pivoting kernel (LAPACK's getrf pivot choice: first max of |re|+|im|), matrix_exp a scaled Taylor
# series in mindtorch ops, cholesky_solve/inverse/lu_solve/householder_product composites of recorded ops
# (their gradients come from the ops they are made of, double backward included).
_T_LINALG_LU_FACTOR = _rt("linalg_lu_factor", ["LU", "pivots"])
_T_LINALG_LU_FACTOR_EX = _rt("linalg_lu_factor_ex", ["LU", "pivots", "info"])
_T_LINALG_LU = _rt("linalg_lu", ["P", "L", "U"])
_T_LU_UNPACK = _rt("lu_unpack", ["P", "L", "U"])
_T_LINALG_EIG = _rt("linalg_eig", ["eigenvalues", "eigenvectors"])


def _mt():
    import mindtorch  # noqa: PLC0415  (the package imports this module)
    return mindtorch


def _out_copy(r, out):
    """Write a composite's result into `out` (torch's out= is not differentiable)."""
    if out is None:
        return r
    return finish(_val(r), r._device, out)


def _floating(fname, t, what="input"):
    if t._dtype._kind < 2:
        raise RuntimeError(f"{fname}: Expected a floating point or complex tensor as {what}. Got {_name(t._dtype)}")


# -- statistics ------------------------------------------------------------------------------------------
@defop()
def cov(input, *, correction=1, fweights=None, aweights=None):
    _tensor_arg(input, "cov")
    nd = len(input._shape)
    if nd > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an input with {nd} "
                           "dimensions")
    x = input if nd == 2 else input.reshape(1, -1)
    if x._dtype._kind < 2:
        x = x.to(D.get_default_dtype())
    n_obs = x._shape[1]
    w = None
    for weights, name, kind, kind_name in ((fweights, "fweights", 1, "integral"), (aweights, "aweights", 2,
                                                                                    "floating point")):
        if weights is None:
            continue
        if len(weights._shape) > 1:
            raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got {name} with "
                               f"{len(weights._shape)} dimensions")
        if weights._dtype._kind != kind:
            raise RuntimeError(f"cov(): expected {name} to have {kind_name} dtype but got {name} with "
                               f"{_name(weights._dtype)} dtype")
        if weights.numel() != n_obs:
            raise RuntimeError(f"cov(): expected {name} to have the same numel as there are observations in the "
                               f"input but got {weights.numel()} != {n_obs}")
        if n_obs and builtins.bool((weights < 0).any()):
            raise RuntimeError(f"cov(): {name} cannot be negative")
        w = weights if w is None else w * weights
    if w is None:
        avg = x.mean(1)
        w_sum = n_obs
    else:
        w_sum = w.sum()
        if n_obs and w_sum.item() == 0:
            raise RuntimeError("cov(): weights sum to zero, can't be normalized")
        avg = (x * w).sum(1) / w_sum
    if w is not None and correction != 0 and aweights is not None:
        norm_factor = w_sum - correction * (w * aweights).sum() / w_sum
    else:
        norm_factor = w_sum - correction
    nf = norm_factor.item() if isinstance(norm_factor, Tensor) else norm_factor
    if nf <= 0:
        norm_factor = 0.0 if not isinstance(norm_factor, Tensor) else norm_factor.clamp(min=0)
    xc = x - avg.unsqueeze(1)
    xw = xc if w is None else xc * w
    c = matmul(xc, _H(xw)) / norm_factor
    return c.squeeze()


@defop()
def corrcoef(input):
    _tensor_arg(input, "corrcoef")
    if len(input._shape) > 2:
        raise RuntimeError(f"corrcoef(): expected input to have two or fewer dimensions but got an input with "
                           f"{len(input._shape)} dimensions")
    c = cov(input)
    if len(c._shape) == 0:
        return c / c
    d = c.diagonal()
    std = d.real.sqrt() if d._dtype.is_complex else d.sqrt()
    c = c / std.unsqueeze(1)
    c = c / std.unsqueeze(0)
    if c._dtype.is_complex:
        return _mt().complex(c.real.clip(-1, 1), c.imag.clip(-1, 1))
    return c.clip(-1, 1)


@defop()
def dist(input, other, p=2):
    _tensor_arg(input, "dist")
    _tensor_arg(other, "dist", "other", 2)
    dt = result_type(input, other)
    if dt._kind < 2:
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. Got "
                           f"{D.scalar_type_name(dt)} instead.")
    d = input.to(dt) - other.to(dt)
    return linalg_vector_norm(d, p)


def _renorm_value(input, p, dim, maxnorm):
    _tensor_arg(input, "renorm")
    nd = len(input._shape)
    if nd < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {nd} dimensions")
    if isinstance(p, Tensor):
        p = p.item()
    if isinstance(maxnorm, Tensor):
        maxnorm = maxnorm.item()
    if not p > 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    d = wrap_dim(dim, nd)
    red = [i for i in range(nd) if i != d]
    norm = linalg_vector_norm(input, p, red, keepdim=True)
    factor = _mt().where(norm > maxnorm, maxnorm / (norm + 1e-7), 1.0)
    return input * factor.to(input._dtype)


@defop()
def renorm(input, p, dim, maxnorm, *, out=None):
    return _out_copy(_renorm_value(input, p, dim, maxnorm), out)


@defop(namespace=False)
def renorm_(self, p, dim, maxnorm):
    return self.copy_(_renorm_value(self, p, dim, maxnorm))


# -- trapezoid -------------------------------------------------------------------------------------------
def _trap_prep(y, dim):
    _tensor_arg(y, "trapezoid", "y")
    if len(y._shape) == 0:
        raise IndexError(f"Dimension out of range (expected to be in range of [-1, 0], but got {dim})")
    return wrap_dim(dim, len(y._shape))


def _trap_dx(fname, y, x, d):
    """The spacings along d as a tensor broadcastable against y's (n - 1) slices."""
    if len(x._shape) == 1:
        if x._shape[0] != y._shape[d]:
            raise RuntimeError(f"{fname}: There must be one `x` value for each sample point")
        dx = x.diff()
        shape = [1] * len(y._shape)
        shape[d] = dx._shape[0]
        return dx.reshape(shape)
    if x._shape[d if len(x._shape) == len(y._shape) else -1] != y._shape[d]:
        raise RuntimeError(f"{fname}: There must be one `x` value for each sample point")
    return x.diff(dim=d - len(y._shape))


def _as_float(y):
    return y if y._dtype._kind >= 2 else y.to(D.get_default_dtype())


@defop(method=False)
def trapezoid(y, x=None, *, dx=None, dim=-1):
    d = _trap_prep(y, dim)
    if isinstance(x, Tensor):
        if dx is not None:
            raise TypeError("trapezoid() received an invalid combination of arguments - got (Tensor, Tensor, dx=)")
        n = y._shape[d]
        if n == 0:
            return _as_float(y).sum(d)  # empty: zeros over the other dims
        dxt = _trap_dx("trapezoid", y, x, d)
        ys = y.narrow(d, 1, n - 1) + y.narrow(d, 0, n - 1)
        return (ys * dxt).sum(d) / 2
    if x is not None:
        dx = x
    if dx is None:
        dx = 1
    n = y._shape[d]
    yf = y
    if n == 0:
        return _as_float(y).sum(d)
    total = yf.sum(d) - (yf.select(d, 0) + yf.select(d, n - 1)) * 0.5
    return total * dx


@defop(method=False)
def trapz(y, x=None, *, dx=None, dim=-1):
    if isinstance(x, Tensor):
        return trapezoid(y, x, dim=dim)
    return trapezoid(y, dx=1 if dx is None else dx, dim=dim)


@defop(method=False)
def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    d = _trap_prep(y, dim)
    n = y._shape[d]
    if isinstance(x, Tensor):
        dxt = _trap_dx("cumulative_trapezoid", y, x, d) if n else None
    else:
        dxt = x if x is not None else (1 if dx is None else dx)
    if n == 0:
        return _as_float(y).narrow(d, 0, 0)
    ys = y.narrow(d, 1, n - 1) + y.narrow(d, 0, n - 1)
    return (ys * dxt / 2).cumsum(d)


# -- vander ----------------------------------------------------------------------------------------------
def _vander_core(x, N):
    """x (*, n) -> (*, n, N) with increasing powers, as a cumulative product (x**0 = 1 exactly)."""
    t = _mt()
    dt = x._dtype if x._dtype._kind >= 2 else D.int64
    xv = x.to(dt)
    shape = tuple(x._shape) + (N,)
    if N == 0:
        return t.empty(shape, dtype=dt)
    ones = t.ones(tuple(x._shape) + (1,), dtype=dt)
    if N == 1:
        return ones
    rep = xv.unsqueeze(-1).expand(tuple(x._shape) + (N - 1,))
    return t.cat([ones, rep], -1).cumprod(-1)


@defop(method=False)
def vander(x, N=None, increasing=False):
    _tensor_arg(x, "vander", "x")
    if len(x._shape) != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    if N is None:
        N = x._shape[0]
    if N < 0:
        raise RuntimeError("N must be non-negative.")
    r = _vander_core(x, N)
    return r if increasing else r.flip(-1)


def linalg_vander(x, *, N=None):
    _tensor_arg(x, "linalg_vander", "x")
    if len(x._shape) == 0:
        raise RuntimeError("linalg.vander: x must have at least one dimension")
    if N is None:
        N = x._shape[-1]
    if N <= 1:
        raise RuntimeError("N must be greater than 1.")
    return _vander_core(x, N)


# -- cholesky_solve, cholesky_inverse --------------------------------------------------------------------
def _triangle(L, upper):
    """L's triangle in the forward pass with the gradient of L itself (torch's kernels read one triangle
    and their derivatives are not masked)."""
    tri = L.triu() if upper else L.tril()
    return L + (tri - L).detach()


def _chol_product(L, upper):
    tri = _triangle(L, upper)
    return matmul(_H(tri), tri) if upper else matmul(tri, _H(tri))


@defop()
def cholesky_solve(input, input2, upper=False, *, out=None):
    _tensor_arg(input, "cholesky_solve")
    _tensor_arg(input2, "cholesky_solve", "input2", 2)
    if input._dtype is not input2._dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type {_name(input._dtype)} "
                           f"and A of type {_name(input2._dtype)} instead.")
    for t_, nm in ((input, "b"), (input2, "A")):
        if len(t_._shape) < 2:
            raise RuntimeError(f"{nm} should have at least 2 dimensions, but has {len(t_._shape)} dimensions "
                               "instead")
    _matrix_input("cholesky_solve", input2)
    if input2._shape[-1] != input._shape[-2]:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is {input2._shape[-1]} by "
                           f"{input2._shape[-1]} but each b matrix is {input._shape[-2]} by {input._shape[-1]}")
    _float_input("cholesky_solve", input2, low="cholesky_solve_cpu")
    return _out_copy(linalg_solve(_chol_product(input2, upper), input), out)


@defop()
def cholesky_inverse(input, upper=False, *, out=None):
    _tensor_arg(input, "cholesky_inverse")
    _matrix_input("cholesky_inverse", input, argname="input")
    _float_input("cholesky_inverse", input, low="cholesky_inverse_cpu")
    return _out_copy(linalg_inv(_chol_product(input, upper)), out)


# -- the LU family ---------------------------------------------------------------------------------------
def _lu_numpy(a):
    """Partial-pivoting LU of a (B, m, n) NumPy batch as LAPACK's getrf: (LU, 1-based pivots, info)."""
    a = a.copy()
    bn, m, n = a.shape
    k = builtins.min(m, n)
    piv = np.tile(np.arange(1, k + 1, dtype=np.int32), (bn, 1))
    info = np.zeros(bn, np.int32)
    idx = np.arange(bn)
    cplx = np.iscomplexobj(a)
    for j in range(k):
        col = a[:, j:, j]
        mag = (np.abs(col.real) + np.abs(col.imag)) if cplx else np.abs(col)
        p = j + np.argmax(mag, axis=1)
        piv[:, j] = p + 1
        row_j = a[idx, j].copy()
        a[idx, j] = a[idx, p]
        a[idx, p] = row_j
        dj = a[:, j, j]
        zero = dj == 0
        info[(info == 0) & zero] = j + 1
        below = a[:, j + 1:, j]
        with np.errstate(all="ignore"):
            scaled = below / np.where(zero, 1, dj)[:, None]
        below = np.where(zero[:, None], below, scaled)
        a[:, j + 1:, j] = below
        a[:, j + 1:, j + 1:] -= below[:, :, None] * a[:, j, None, j + 1:]
    return a, piv, info


def _perm_from_pivots(piv, m):
    """(B, k) 1-based LAPACK pivots -> (B, m) row permutation: row i of P^T A is row perm[i] of A."""
    bn, k = piv.shape
    perm = np.tile(np.arange(m), (bn, 1))
    idx = np.arange(bn)
    for j in range(k):
        p = piv[:, j] - 1
        pj = perm[:, j].copy()
        perm[:, j] = perm[idx, p]
        perm[idx, p] = pj
    return perm


def _perm_matrix(perm, np_dtype):
    """P with A = P L U from perm (P^T A = A[perm])."""
    bn, m = perm.shape
    pm = np.zeros((bn, m, m), np_dtype)
    pm[np.arange(bn)[:, None], perm, np.arange(m)[None, :]] = 1
    return pm


@kernel("lu_factor")
def _lu_factor_kernel(v):
    """(LU, pivots int32, info int32) of a (*, m, n) value (NumPy: MindSpore's Lu has no CPU kernel)."""
    shape = tuple(v.shape)
    batch, (m, n) = shape[:-2], shape[-2:]
    lu, piv, info = _lu_numpy(v.asnumpy().reshape((-1, m, n)))
    k = builtins.min(m, n)
    return (ms.Tensor(lu.reshape(shape)), ms.Tensor(piv.reshape(batch + (k,))),
            ms.Tensor(info.reshape(batch)))


def _lu_checks(fname, A, pivot):
    _matrix_input(fname, A, square=False)
    _float_input(fname, A, low="lu_cpu")
    if not pivot and A._device.type == "cpu":
        raise RuntimeError(f"{fname}: LU without pivoting is not implemented on the CPU")


def _lu_factor_values(fname, A, pivot):
    _lu_checks(fname, A, pivot)
    m, n = A._shape[-2:]
    batch = tuple(A._shape[:-2])
    if _numel(A._shape) == 0:
        k = builtins.min(m, n)
        piv = np.tile(np.arange(1, k + 1, dtype=np.int32), (_numel(batch), 1)).reshape(batch + (k,))
        return _val(A), ms.Tensor(piv), ops.zeros(batch, ms.int32)
    return _k(A._device, "lu_factor")(_val(A))


def _lu_grad(A, P, L, U, gL, gU):
    """A = P L U (square): gA = P L^-H (tril(L^H gL, -1) + triu(gU U^H)) U^-H."""
    if A._shape[-1] != A._shape[-2]:
        raise NotImplementedError("mindtorch: the derivative of the LU decomposition of non-square matrices is "
                                  "not implemented")
    phi = None
    if gL is not None:
        phi = matmul(_H(L), gL).tril(-1)
    if gU is not None:
        t = matmul(gU, _H(U)).triu()
        phi = t if phi is None else phi + t
    if phi is None:
        return None
    x = linalg_solve(_H(L), phi)            # L^-H phi
    x = linalg_solve(_H(U), x, left=False)  # ... U^-H
    return matmul(P, x)


def _unpack_tensors(LU, pivots):
    """(P, L, U) mindtorch tensors of a packed LU (L, U differentiable through LU)."""
    t = _mt()
    m, n = LU._shape[-2:]
    k = builtins.min(m, n)
    batch = tuple(LU._shape[:-2])
    eye = t.eye(m, k, dtype=LU._dtype)
    L = LU.narrow(-1, 0, k).tril(-1) + eye
    U = LU.narrow(-2, 0, k).triu()
    pv = pivots.numpy().reshape((_numel(batch), pivots._shape[-1]))
    perm = _perm_from_pivots(pv.astype(np.int64), m)
    P = wrap(ms.Tensor(_perm_matrix(perm, ms.dtype_to_nptype(_val(LU).dtype)).reshape(batch + (m, m))),
             LU._device)
    return P, L, U


def _lu_factor_backward(grad, A):
    g = grad[0]
    # refactor A here (the saved outputs carry no graph): double backward then flows through A
    LU, piv = linalg_lu_factor(A)
    P, L, U = _unpack_tensors(LU, piv)
    return (_lu_grad(A, P, L, U, g.tril(-1), g.triu()),)


def linalg_lu_factor(A, *, pivot=True, out=None):
    lu, piv, _ = _lu_factor_values("linalg.lu_factor", A, pivot)
    return _finish_tuple(_T_LINALG_LU_FACTOR, (lu, piv), A._device, out)


def linalg_lu_factor_ex(A, *, pivot=True, check_errors=False, out=None):
    lu, piv, info = _lu_factor_values("linalg.lu_factor_ex", A, pivot)
    if check_errors and builtins.bool(ops.any(ops.not_equal(info, 0))):
        raise LinAlgError("torch.linalg.lu_factor_ex: U is singular")
    return _finish_tuple(_T_LINALG_LU_FACTOR_EX, (lu, piv, info), A._device, out)


def _lu_backward(grad, A):
    P, L, U = linalg_lu(A)
    gL, gU = grad[1], grad[2]
    m, n = A._shape[-2:]
    return (_lu_grad(A, P.detach(), L, U, gL, gU),)


def linalg_lu(A, *, pivot=True, out=None):
    lu, piv, _ = _lu_factor_values("linalg.lu", A, pivot)
    dev = A._device
    P, L, U = _unpack_tensors(wrap(lu, dev), wrap(piv, dev))
    return _finish_tuple(_T_LINALG_LU, (_val(P), _val(L), _val(U)), dev, out)


@defop(method=False)
def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True, *, out=None):
    _tensor_arg(LU_data, "lu_unpack", "LU_data")
    _tensor_arg(LU_pivots, "lu_unpack", "LU_pivots", 2)
    if len(LU_data._shape) < 2:
        raise RuntimeError("torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: "
                           f"{list(LU_data._shape)} instead")
    if LU_pivots._dtype is not D.int32:
        raise RuntimeError(f"torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype. "
                           f"Note: this function is intended to be used with the output produced by torch.linalg.lu_factor")
    P, L, U = _unpack_tensors(LU_data, LU_pivots)
    t = _mt()
    if not unpack_data:
        L, U = t.empty(0, dtype=LU_data._dtype), t.empty(0, dtype=LU_data._dtype)
    if not unpack_pivots:
        P = t.empty(0, dtype=LU_data._dtype)
    if out is not None:
        return _finish_tuple(_T_LU_UNPACK, (_val(P), _val(L), _val(U)), LU_data._device, out)
    return _T_LU_UNPACK(P, L, U)


def linalg_lu_solve(LU, pivots, B, *, left=True, adjoint=False, out=None):
    _matrix_input("linalg.lu_solve", LU, argname="LU")
    _tensor_arg(B, "linalg_lu_solve", "B", 3)
    if len(B._shape) < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.")
    if LU._dtype is not B._dtype:
        raise RuntimeError(f"linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type "
                           f"{_name(LU._dtype)} and B of type {_name(B._dtype)} instead")
    n = LU._shape[-1]
    if (left and B._shape[-2] != n) or (not left and B._shape[-1] != n):
        raise RuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {B._shape[-2]}x{B._shape[-1]})")
    if pivots._dtype is not D.int32:
        raise RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32")
    P, L, U = _unpack_tensors(LU, pivots)
    A = matmul(P, matmul(L, U))
    if adjoint:
        A = _H(A)
    return _out_copy(linalg_solve(A, B, left=left), out)


def _lu_legacy_backward(grad, input):
    return _lu_factor_backward(grad, input)


@defop(backward=_lu_legacy_backward)
def lu(input, pivot=True, get_infos=False, out=None):
    lu_, piv, info = _lu_factor_values("torch.lu", input, pivot)
    vals = (lu_, piv, info) if get_infos else (lu_, piv)
    dev = input._device
    if out is not None:
        return tuple(finish(v, dev, o) for v, o in zip(vals, out))
    return tuple(wrap(v, dev) for v in vals)


@defop()
def lu_solve(input, LU_data, LU_pivots, *, out=None):
    return linalg_lu_solve(LU_data, LU_pivots, input, out=out)


# -- matrix_exp ------------------------------------------------------------------------------------------
def _matrix_exp_value(A):
    _tensor_arg(A, "linalg_matrix_exp", "A")
    _matrix_input("linalg.matrix_exp", A)
    _floating("linalg.matrix_exp", A)
    n = A._shape[-1]
    if _numel(A._shape) == 0:
        return A.clone()
    if n == 1:
        return A.exp()
    low = A._dtype in (D.float16, D.bfloat16)
    X = A.to(D.float32) if low else A
    norm = builtins.float(X.detach().abs().sum(-2).amax().item())
    if not math.isfinite(norm):
        return _mt().full(tuple(A._shape), float("nan"), dtype=A._dtype)
    s = builtins.max(0, math.ceil(math.log2(norm)) + 1) if norm > 0 else 0  # ||X / 2^s||_1 <= 1/2
    X = X / (2.0 ** s) if s else X
    deg = 16 if X._dtype in (D.float64, D.complex128) else 10
    eye = _mt().eye(n, dtype=X._dtype)
    E = eye + X / deg
    for k in range(deg - 1, 0, -1):  # Horner: I + X/k (I + X/(k+1) (...))
        E = eye + matmul(X, E) / k
    for _ in range(s):
        E = matmul(E, E)
    return E.to(A._dtype) if low else E


def linalg_matrix_exp(A):
    return _matrix_exp_value(A)


@defop()
def matrix_exp(input):
    return _matrix_exp_value(input)


# -- cond ------------------------------------------------------------------------------------------------
def linalg_cond(A, p=None, *, out=None):
    _tensor_arg(A, "linalg_cond", "A")
    if len(A._shape) < 2:
        raise RuntimeError("linalg.cond: The input tensor A must have at least 2 dimensions.")
    _float_input("linalg.cond", A)
    t = _mt()
    if p in (None, 2, -2):
        s = linalg_svdvals(A)
        if s._shape[-1] == 0:
            r = t.zeros(tuple(A._shape[:-2]), dtype=A._dtype.to_real())
        elif p == -2:
            r = s.narrow(-1, s._shape[-1] - 1, 1).squeeze(-1) / s.narrow(-1, 0, 1).squeeze(-1)
        else:
            r = s.narrow(-1, 0, 1).squeeze(-1) / s.narrow(-1, s._shape[-1] - 1, 1).squeeze(-1)
        return _out_copy(r, out)
    if p not in ("fro", "nuc", 1, -1, _INF, -_INF):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    if A._shape[-1] != A._shape[-2]:
        raise RuntimeError(f"linalg.cond(ord={p}): A must be batches of square matrices, but they are "
                           f"{A._shape[-2]} by {A._shape[-1]} matrices")
    if _numel(A._shape) == 0:
        return _out_copy(t.zeros(tuple(A._shape[:-2]), dtype=A._dtype.to_real()), out)
    inv, info = linalg_inv_ex_fn(A)
    r = linalg_matrix_norm(A, p) * linalg_matrix_norm(inv, p)
    r = t.where(info > 0, _INF, r)
    return _out_copy(r, out)


# -- householder_product / orgqr -------------------------------------------------------------------------
def _householder_value(fname, A, tau):
    _tensor_arg(A, fname, "input")
    _tensor_arg(tau, fname, "tau", 2)
    if len(A._shape) < 2:
        raise RuntimeError(f"{fname}: input must have at least 2 dimensions.")
    m, n = A._shape[-2:]
    if m < n:
        raise RuntimeError(f"{fname}: input.shape[-2] must be greater than or equal to input.shape[-1]")
    if len(tau._shape) < 1 or tau._shape[-1] > n:
        raise RuntimeError(f"{fname}: input.shape[-1] must be greater than or equal to tau.shape[-1]")
    if len(A._shape) - len(tau._shape) != 1:
        raise RuntimeError(f"{fname}: Expected tau to have one dimension less than input, but got tau.ndim equal "
                           f"to {len(tau._shape)} and input.ndim is equal to {len(A._shape)}")
    if tuple(tau._shape[:-1]) != tuple(A._shape[:-2]):
        raise RuntimeError(f"{fname}: Expected batch dimensions of tau to be equal to input.shape[:-2], but got "
                           f"{list(tau._shape[:-1])}")
    if A._dtype is not tau._dtype:
        raise RuntimeError(f"{fname}: tau dtype {_name(tau._dtype)} does not match input dtype "
                           f"{_name(A._dtype)}")
    _float_input(fname, A, low="orgqr_cpu")
    t = _mt()
    k = tau._shape[-1]
    eye = t.eye(m, dtype=A._dtype)
    Q = eye.expand(tuple(A._shape[:-2]) + (m, m)) if A._shape[:-2] else eye
    if k:
        V = A.narrow(-1, 0, k).tril(-1) + t.eye(m, k, dtype=A._dtype)
        for i in range(k):
            v = V.narrow(-1, i, 1)
            ti = tau.narrow(-1, i, 1).unsqueeze(-1)
            Q = Q - matmul(matmul(Q, v) * ti, _H(v))
    return Q.narrow(-1, 0, n)


def linalg_householder_product(A, tau, *, out=None):
    return _out_copy(_householder_value("torch.linalg.householder_product", A, tau), out)


@defop()
def orgqr(input, tau):
    return _householder_value("torch.linalg.householder_product", input, tau)


# -- tensorinv / tensorsolve -----------------------------------------------------------------------------
def linalg_tensorinv(A, ind=2, *, out=None):
    _tensor_arg(A, "linalg_tensorinv", "A")
    if not isinstance(ind, numbers.Integral) or ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    shape = tuple(A._shape)
    left, right = shape[:ind], shape[ind:]
    p, q = _numel(left), _numel(right)
    if p != q:
        raise RuntimeError("Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {q} != {p}")
    inv = linalg_inv(A.reshape(p, q))
    return _out_copy(inv.reshape(right + left), out)


def linalg_tensorsolve(A, B, dims=None, *, out=None):
    _tensor_arg(A, "linalg_tensorsolve", "A")
    _tensor_arg(B, "linalg_tensorsolve", "B", 2)
    nd = len(A._shape)
    if dims is not None:
        src = [wrap_dim(d, nd) for d in dims]
        A = A.movedim(src, list(range(nd - len(src), nd)))
    bshape = tuple(B._shape)
    rest = tuple(A._shape[len(bshape):])
    p, q = _numel(bshape), _numel(rest)
    if _numel(A._shape) != p * q or tuple(A._shape[:len(bshape)]) != bshape or p != q:
        raise RuntimeError("Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                           f"prod(self.shape[:other.ndim]), but got {q} != {_numel(A._shape[:len(bshape)])}")
    x = linalg_solve(A.reshape(p, q), B.reshape(p))
    return _out_copy(x.reshape(rest), out)


# -- eig / eigvals ---------------------------------------------------------------------------------------
@kernel("eig")
def _eig_kernel(v, vectors):
    """(w, V) complex; eigenvectors scaled to unit norm (LAPACK's convention; MindSpore's order of
    eigenvalues differs from LAPACK's, and torch documents none)."""
    w, q = ops.eig(v)
    if not vectors:
        return w, None
    nrm = ops.sqrt(_sum(ops.mul(ops.real(q), ops.real(q)) + ops.mul(ops.imag(q), ops.imag(q)), -2, True))
    return w, ops.div(q, ops.cast(nrm, q.dtype))


def _eig_values(fname, A, vectors):
    _matrix_input(fname, A)
    _float_input(fname, A)
    n = A._shape[-1]
    cdt = (A._dtype if A._dtype.is_complex else A._dtype.to_complex())._ms
    batch = tuple(A._shape[:-2])
    if _numel(A._shape) == 0:
        return ops.zeros(batch + (n,), cdt), ops.zeros(batch + (n, n), cdt)
    v = _val(A)
    if not bool(ops.isfinite(ops.real(v) if _is_complex_ms(v) else v).all()):
        raise RuntimeError(f"torch.linalg.eig: input tensor should not contain infs or NaNs.")
    return _k(A._device, "eig")(v, vectors)


def _eig_grad(A, gL, gV, L, V):
    t = _mt()
    Vh = _H(V)
    if gV is not None:
        VhgV = matmul(Vh, gV)
        re_diag = VhgV.diagonal(dim1=-2, dim2=-1).real
        VhgV = VhgV - matmul(Vh, V * re_diag.unsqueeze(-2).to(V._dtype))
        Lc = L.conj()
        E = Lc.unsqueeze(-2) - Lc.unsqueeze(-1)
        n = L._shape[-1]
        eye = t.eye(n, dtype=t.bool)
        E = t.where(eye, t.ones((), dtype=E._dtype), E)
        M = t.where(eye, gL.diag_embed() if gL is not None else t.zeros((), dtype=E._dtype), VhgV / E)
    else:
        M = gL.diag_embed()
    gA = linalg_solve(Vh, matmul(M, Vh))
    return gA if A._dtype.is_complex else gA.real


def _linalg_eig_backward(grad, A):
    L, V = linalg_eig(A)
    return (_eig_grad(A, grad[0], grad[1], L, V),)


def _linalg_eigvals_backward(grad, A):
    w, V = linalg_eig(A)
    return (_eig_grad(A, grad, None, w, V),)


def linalg_eig(A, *, out=None):
    w, q = _eig_values("linalg.eig", A, True)
    return _finish_tuple(_T_LINALG_EIG, (w, q), A._device, out)


def linalg_eigvals(A, *, out=None):
    return finish(_eig_values("linalg.eigvals", A, False)[0], A._device, out)


# -- legacy norms ----------------------------------------------------------------------------------------
@defop(method=False)
def frobenius_norm(input, dim, keepdim=False, *, out=None):
    if isinstance(dim, numbers.Integral):
        dim = (dim,)
    if len(dim) > 2:
        raise RuntimeError(f"Expected at most 2 dimensions, but got {len(dim)} dimensions instead.")
    return _vector_norm(input, 2, tuple(dim), keepdim, None, out, fname="linalg.vector_norm")


@defop(method=False)
def nuclear_norm(input, dim=None, keepdim=False, *, out=None):
    if isinstance(dim, builtins.bool):
        dim, keepdim = None, dim
    if dim is None:
        if len(input._shape) != 2:
            raise RuntimeError(f"linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
        dim = (0, 1)
    return _matrix_norm(input, "nuc", tuple(dim), keepdim, None, out)


linalg_lu_factor = _differentiable("linalg_lu_factor", linalg_lu_factor, _lu_factor_backward)
linalg_lu_factor_ex = _differentiable("linalg_lu_factor_ex", linalg_lu_factor_ex, _lu_factor_backward)
linalg_lu = _differentiable("linalg_lu", linalg_lu, _lu_backward)
linalg_eig = _differentiable("linalg_eig", linalg_eig, _linalg_eig_backward)
linalg_eigvals = _differentiable("linalg_eigvals", linalg_eigvals, _linalg_eigvals_backward)

LINALG.update({
    "vander": linalg_vander, "lu_factor": linalg_lu_factor, "lu_factor_ex": linalg_lu_factor_ex, "lu": linalg_lu,
    "lu_solve": linalg_lu_solve, "matrix_exp": linalg_matrix_exp, "cond": linalg_cond,
    "householder_product": linalg_householder_product, "tensorinv": linalg_tensorinv,
    "tensorsolve": linalg_tensorsolve, "eig": linalg_eig, "eigvals": linalg_eigvals,
})
