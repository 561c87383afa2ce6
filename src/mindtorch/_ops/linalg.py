"""Linear algebra: matmul and friends, einsum, and torch.linalg."""
from mindspore import ops

from .. import _dtype as D
from .._tensor import Tensor
from .registry import defop, kernel, TABLES
from .common import finish, device_of


@kernel("matmul")
def _matmul(a, b):
    return ops.matmul(a, b)


@defop()
def matmul(input, other, *, out=None):
    if input._dtype is not other._dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {input._dtype} != {other._dtype}")
    dev = device_of(input, other)
    return finish(TABLES[dev.type]["matmul"](input._ms, other._ms), dev, out)


defop("__matmul__", namespace=False)(matmul)
