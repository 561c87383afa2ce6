"""Every op, defined once. Importing this package fills the registry; `namespace()` and
`install_tensor_methods()` expose the entries as torch.* functions and Tensor methods."""
from .registry import OPS, TABLES, defop, kernel, dispatch
from . import conversion, creation, pointwise, reduction, shape, indexing, linalg, random, nn_ops  # noqa: F401
from . import view_grad  # noqa: F401
from . import conv_ops  # noqa: F401
from . import spectral  # noqa: F401
from . import cpu, gpu, ascend  # noqa: F401  per-device overrides, after the defaults

from .._tensor import Tensor


def namespace():
    return {name: op.fn for name, op in OPS.items() if op.namespace}


def install_tensor_methods(cls=Tensor):
    for name, op in OPS.items():
        if op.method:
            method_name = op.method if isinstance(op.method, str) else name
            if method_name not in cls.__dict__:
                setattr(cls, method_name, op.fn)


install_tensor_methods()
globals().update(namespace())
