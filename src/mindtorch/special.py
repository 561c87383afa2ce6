"""torch.special: the special-function namespace. Most names are ops of the pointwise/reduction families
under torch's special_* spellings; the few defined here are composites of those ops (so autograd records
them). A torch.special function mindtorch lacks raises NotImplementedError naming it."""
import math as _math

from ._ops.registry import OPS as _OPS

_SAME_OPS = {
    "digamma": "digamma", "psi": "digamma", "erf": "erf", "erfc": "erfc", "erfinv": "erfinv", "exp2": "exp2",
    "expit": "sigmoid", "expm1": "expm1", "gammaln": "lgamma", "i0": "i0", "log1p": "log1p",
    "log_softmax": "log_softmax", "logit": "logit", "logsumexp": "logsumexp", "multigammaln": "mvlgamma",
    "polygamma": "polygamma", "round": "round", "sinc": "sinc", "softmax": "softmax", "xlogy": "xlogy",
    "xlog1py": "_special_xlog1py",
}
globals().update({name: _OPS[op].fn for name, op in _SAME_OPS.items()})

_SQRT2 = _math.sqrt(2.0)


def ndtr(input):
    """The standard normal CDF."""
    return (_OPS["erf"].fn(input / _SQRT2) + 1) * 0.5


def ndtri(input):
    """The inverse of the standard normal CDF."""
    return _OPS["erfinv"].fn(input * 2 - 1) * _SQRT2


def log_ndtr(input):
    # log(erfc(-x/sqrt2)/2): erfc keeps the left tail (where the CDF underflows 1 + erf) accurate
    return _OPS["log"].fn(_OPS["erfc"].fn(-input / _SQRT2) * 0.5)


def entr(input):
    """-x log x elementwise: 0 at 0, -inf below 0."""
    where = _OPS["where"].fn
    inner = where(input > 0, input, 1.0)
    value = -input * _OPS["log"].fn(inner)
    return where(input < 0, float("-inf"), where(input == 0, 0.0, value))


__all__ = sorted(list(_SAME_OPS) + ["ndtr", "ndtri", "log_ndtr", "entr"])

_MISSING = ("airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "erfcx", "gammainc", "gammaincc",
            "i0e", "i1", "i1e", "zeta", "modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0",
            "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "spherical_bessel_j0",
            "chebyshev_polynomial_t", "chebyshev_polynomial_u", "hermite_polynomial_h", "hermite_polynomial_he",
            "laguerre_polynomial_l", "legendre_polynomial_p")


def __getattr__(name):
    if name in _MISSING:
        raise NotImplementedError(f"mindtorch: torch.special.{name} is not implemented")
    raise AttributeError(f"module 'torch.special' has no attribute '{name}'")
