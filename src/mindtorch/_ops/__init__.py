"""Every op, defined once. Importing this package fills the registry; `namespace()` and
`install_tensor_methods()` expose the entries as torch.* functions and Tensor methods."""
from .registry import OPS, TABLES, defop, kernel, dispatch
from . import conversion, creation, pointwise, reduction, shape, indexing, linalg, random, nn_ops  # noqa: F401
from . import view_grad  # noqa: F401
from . import conv_ops  # noqa: F401
from . import spectral  # noqa: F401
from . import variants  # noqa: F401
from . import cpu, gpu, ascend  # noqa: F401  per-device overrides, after the defaults

from .._tensor import Tensor


# in-place forms torch also names at top level (torch.exp_(t) is t.exp_()); the rest stay Tensor-only
TORCH_LEVEL_INPLACE = frozenset(
    "abs_ acos_ acosh_ arccos_ arccosh_ arcsin_ arcsinh_ arctan_ arctanh_ asin_ asinh_ atan_ atanh_ ceil_ clamp_ "
    "clamp_max_ clamp_min_ clip_ conj_physical_ cos_ cosh_ deg2rad_ detach_ erf_ erfc_ exp2_ exp_ expm1_ fix_ "
    "floor_ frac_ gcd_ i0_ lcm_ ldexp_ log10_ log1p_ log2_ log_ logit_ nan_to_num_ neg_ negative_ rad2deg_ "
    "reciprocal_ round_ rsqrt_ sigmoid_ sin_ sinc_ sinh_ sqrt_ square_ tan_ tanh_ trunc_ xlogy_".split())


def namespace():
    names = {name: op.fn for name, op in OPS.items() if op.namespace}
    names.update({name: getattr(Tensor, name) for name in TORCH_LEVEL_INPLACE if hasattr(Tensor, name)})
    return names


def install_tensor_methods(cls=Tensor):
    for name, op in OPS.items():
        if op.method:
            method_name = op.method if isinstance(op.method, str) else name
            if method_name not in cls.__dict__:
                setattr(cls, method_name, op.fn)


install_tensor_methods()
globals().update(namespace())
