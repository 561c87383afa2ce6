"""Helpers shared by the distributions: broadcasting parameters, probs <-> logits, lazy properties."""
import numbers
from functools import update_wrapper

import mindtorch as torch

__all__ = ["broadcast_all", "logits_to_probs", "clamp_probs", "probs_to_logits", "lazy_property",
           "tril_matrix_to_vec", "vec_to_tril_matrix"]

euler_constant = 0.57721566490153286060  # Euler-Mascheroni constant


def broadcast_all(*values):
    """Broadcasts tensors and numbers to one shape; numbers become tensors of the first tensor's dtype and
    device (the default dtype when there is no tensor)."""
    if not all(isinstance(v, torch.Tensor) or isinstance(v, numbers.Number) for v in values):
        raise ValueError("Input arguments must all be instances of numbers.Number, torch.Tensor or objects "
                         "implementing __torch_function__.")
    if not all(isinstance(v, torch.Tensor) for v in values):
        options = dict(dtype=torch.get_default_dtype())
        for value in values:
            if isinstance(value, torch.Tensor):
                options = dict(dtype=value.dtype, device=value.device)
                break
        values = [v if isinstance(v, torch.Tensor) else torch.tensor(v, **options) for v in values]
    return _broadcast_tensors(*values)


class _PublicClassRecorder:
    """Mixin for a private base that holds the code of several public classes (HalfNormal and HalfCauchy,
    ExpTransform and SigmoidTransform, ...): each public subclass is recorded as `_public_class`, which the
    shared code uses where torch's per-class code names its own class (a distribution's expand() checks
    and names it, a transform's __eq__ accepts its instances)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # the shared base itself lists this mixin; below a recorded public class, its name is kept
        if _PublicClassRecorder not in cls.__bases__ and getattr(cls, "_public_class", None) is None:
            cls._public_class = cls


def _set_broadcast_params(dist, **params):
    """Stores `params` on `dist` broadcast to one shape (numbers become tensors, as broadcast_all makes them)
    and returns that shape, the batch shape of a distribution whose parameters are all per-batch-element."""
    values = broadcast_all(*params.values())
    for name, value in zip(params, values):
        setattr(dist, name, value)
    return values[0].size()


def _expand_params(dist, cls, batch_shape, _instance, *names, event_shape=()):
    """The common body of `cls.expand`: a new instance whose parameters `names` (tensors, or inner
    distributions) are `dist`'s expanded to `batch_shape` (views, no copies), unvalidated, inheriting
    `dist`'s validation flag."""
    from .distribution import Distribution  # noqa: PLC0415  (distribution.py imports this module)
    new = dist._get_checked_instance(cls, _instance)
    batch_shape = torch.Size(batch_shape)
    for name in names:
        setattr(new, name, getattr(dist, name).expand(batch_shape))
    # only the shapes are set: the constructors between cls and Distribution take the parameters
    Distribution.__init__(new, batch_shape, event_shape, validate_args=False)
    new._validate_args = dist._validate_args
    return new


def _broadcast_tensors(*values):
    """torch.broadcast_tensors as expands (each output differentiable on its own)."""
    shape = torch.broadcast_shapes(*[v.shape for v in values])
    return [v if tuple(v.shape) == tuple(shape) else v.expand(shape) for v in values]


def _standard_normal(shape, dtype, device):
    return torch.randn(shape, dtype=dtype, device=device)


def _sum_rightmost(value, dim):
    """Sums out the rightmost `dim` dims of `value`."""
    if dim == 0:
        return value
    required_shape = tuple(value.shape[:value.dim() - dim]) + (-1,)
    return value.reshape(required_shape).sum(-1)


def logits_to_probs(logits, is_binary=False):
    """Unnormalised log-odds -> probabilities (sigmoid for binary, softmax over the last dim otherwise)."""
    if is_binary:
        return torch.sigmoid(logits)
    return torch.softmax(logits, dim=-1)


def clamp_probs(probs):
    """Clamps probabilities into [eps, 1 - eps] of their dtype."""
    eps = torch.finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs, is_binary=False):
    """Probabilities -> logits: log-odds for binary, log-probabilities otherwise."""
    ps_clamped = clamp_probs(probs)
    if is_binary:
        return torch.log(ps_clamped) - torch.log1p(-ps_clamped)
    return torch.log(ps_clamped)


class lazy_property:
    """A property computed on first access and then cached on the instance (the `probs`/`logits` pair)."""

    def __init__(self, wrapped):
        self.wrapped = wrapped
        update_wrapper(self, wrapped)

    def __get__(self, instance, obj_type=None):
        if instance is None:
            return _lazy_property_and_property(self.wrapped)
        with torch.enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value


class _lazy_property_and_property(lazy_property, property):
    """What a lazy_property reads as on the class: also a property (so documentation tools see it)."""

    def __init__(self, wrapped):
        property.__init__(self, wrapped)


def tril_matrix_to_vec(mat, diag=0):
    """The lower triangle (with `diag` offset) of a (..., n, n) matrix, row by row, as a vector."""
    n = mat.shape[-1]
    if diag < -n or diag >= n:
        raise ValueError(f"diag ({diag}) provided is outside [{-n}, {n - 1}].")
    arange = torch.arange(n, device=mat.device)
    tril_mask = arange < arange.view(-1, 1) + (diag + 1)
    return mat[..., tril_mask]


def vec_to_tril_matrix(vec, diag=0):
    """Inverse of tril_matrix_to_vec: a vector of the lower-triangle entries -> a (..., n, n) matrix."""
    n = (-(1 + 2 * diag) + ((1 + 2 * diag) ** 2 + 8 * vec.shape[-1] + 4 * abs(diag) * (diag + 1)) ** 0.5) / 2
    eps = torch.finfo(vec.dtype).eps
    if round(n) - n > eps:
        raise ValueError(f"The size of last dimension is {vec.shape[-1]} which cannot be expressed as "
                         "the lower triangular part of a square D x D matrix.")
    n = round(n.item()) if isinstance(n, torch.Tensor) else round(n)
    mat = vec.new_zeros(tuple(vec.shape[:-1]) + (n, n))
    arange = torch.arange(n, device=vec.device)
    tril_mask = arange < arange.view(-1, 1) + (diag + 1)
    mat[..., tril_mask] = vec
    return mat


# ---- samplers mindtorch has no op for (torch._standard_gamma, torch._sample_dirichlet, torch.binomial) ----
# They draw on the host from the default mindtorch generator's NumPy stream, as mindtorch's own random
# ops do (so torch.manual_seed makes them reproducible).
def _np_generator():
    from .._ops.random import _gen
    return _gen(None)


def _host(t):
    import numpy as np
    return np.asarray(t.detach().numpy(), dtype=np.float64)


def _from_host(arr, like):
    import numpy as np
    return torch.from_numpy(np.ascontiguousarray(arr)).to(dtype=like.dtype, device=like.device)


def _standard_gamma_grad_host(alpha, x):
    """d x / d alpha of a Gamma(alpha, 1) draw x at fixed CDF value (implicit reparameterization):
    -(dP(alpha, x)/dalpha) / p(x; alpha), P the regularized lower incomplete gamma function. The alpha
    derivative is a central difference in float64."""
    import numpy as np
    from scipy import special
    alpha = np.asarray(alpha, dtype=np.float64)
    x = np.maximum(np.asarray(x, dtype=np.float64), np.finfo(np.float64).tiny)
    h = 1e-5 * np.maximum(alpha, 1.0)
    dP = (special.gammainc(alpha + h, x) - special.gammainc(np.maximum(alpha - h, 1e-300), x)) / (2 * h)
    log_pdf = (alpha - 1) * np.log(x) - x - special.gammaln(alpha)
    return -dP / np.exp(log_pdf)


class _StandardGamma(torch.autograd.Function):
    """Gamma(alpha, 1) draws, reparameterized: the gradient wrt alpha is the implicit one."""

    @staticmethod
    def forward(ctx, alpha):
        a = _host(alpha)
        x = _np_generator().standard_gamma(a)
        tiny = float(torch.finfo(alpha.dtype).tiny)
        x = _from_host(x, alpha).clamp(min=tiny)
        ctx.save_for_backward(alpha, x)
        return x

    @staticmethod
    def backward(ctx, grad):
        alpha, x = ctx.saved_tensors
        d = _from_host(_standard_gamma_grad_host(_host(alpha), _host(x)), alpha)
        return grad * d


def _standard_gamma(alpha):
    """torch._standard_gamma: one Gamma(alpha, 1) draw per element of `alpha` (differentiable wrt alpha)."""
    return _StandardGamma.apply(alpha)


def _binomial(count, prob):
    """torch.binomial: one Binomial(count, prob) draw per element (float, like the inputs)."""
    import numpy as np
    n = np.rint(_host(count)).astype(np.int64)
    p = np.clip(_host(prob), 0.0, 1.0)
    return _from_host(_np_generator().binomial(n, p).astype(np.float64), prob)


def _gammainc(a, x):
    """Regularized lower incomplete gamma P(a, x) (torch.special.gammainc), computed on the host; no
    gradient."""
    from scipy import special
    a, x = _broadcast_tensors(a, x)
    return _from_host(special.gammainc(_host(a), _host(x)), a)
