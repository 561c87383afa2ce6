"""Shared pieces of the nn tests: module trees written once against a library `lib` (torch or
mindtorch), differentiable test ops, and comparisons of torch and mindtorch results."""
import types

import numpy as np
import torch
import mindtorch
from mindtorch.autograd.record import differentiable

from oracle import assert_same  # noqa: F401  (tests/conformance on sys.path via tests/conftest.py)

LIBS = (torch, mindtorch)


def diff_ops(lib):
    """mul/add/sum/matmul that record gradients in `lib`. For mindtorch the formulas are declared here:
    this worktree's core ops carry no backward formulas yet, and the module tests must not depend on
    which op family declares them."""
    if lib is torch:
        return types.SimpleNamespace(mul=torch.mul, add=torch.add, sum=torch.sum, matmul=torch.matmul)
    mt = mindtorch
    return types.SimpleNamespace(
        mul=differentiable("mul", mt.mul, lambda grad, input, other: (
            grad * other, grad * input if isinstance(other, mt.Tensor) else None)),
        add=differentiable("add", mt.add, lambda grad: (grad, grad)),
        sum=differentiable("sum", mt.sum, lambda grad, input: (grad.expand(input.shape),)),
        matmul=differentiable("matmul", mt.matmul, lambda grad, input, other: (
            mt.matmul(grad, other.transpose(0, 1)), mt.matmul(input.transpose(0, 1), grad))),
    )


def arr(*shape, seed=0, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def t(lib, a, requires_grad=False):
    a = np.asarray(a)
    dtype = getattr(lib, str(a.dtype))
    if a.ndim == 0:
        # lib.full, not lib.tensor: this worktree's mindtorch.tensor(7) stores a (1,)-shaped value for a
        # 0-dim tensor (np.ascontiguousarray in creation.from_host), which copy_ then rejects
        x = lib.full((), a.item(), dtype=dtype)
    else:
        x = lib.tensor(a.tolist(), dtype=dtype).reshape(a.shape)  # reshape: tolist() loses zero-size shapes
    if requires_grad:
        x.requires_grad_(True)
    return x


def make_classes(lib):
    """A small family of modules in `lib`, with parameters, persistent and non-persistent buffers."""
    nn = lib.nn

    class Leaf(nn.Module):
        def __init__(self, n, m, seed=0):
            super().__init__()
            self.weight = nn.Parameter(t(lib, arr(n, m, seed=seed)))
            self.bias = nn.Parameter(t(lib, arr(m, seed=seed + 1)))
            self.register_buffer("running", t(lib, arr(m, seed=seed + 2)))
            self.register_buffer("scratch", lib.zeros(m), persistent=False)
            self.n, self.m = n, m

        def extra_repr(self):
            return f"in={self.n}, out={self.m}"

        def forward(self, x):
            ops = diff_ops(lib)
            return ops.add(ops.matmul(x, self.weight), self.bias)

    class Pair(nn.Module):
        def __init__(self):
            super().__init__()
            self.left = Leaf(3, 4, seed=10)
            self.right = Leaf(4, 2, seed=20)
            self.scale = nn.Parameter(t(lib, arr(2, seed=30)))
            self.register_buffer("steps", lib.full((), 7, dtype=lib.int64))

        def forward(self, x):
            return diff_ops(lib).mul(self.right(self.left(x)), self.scale)

    class Root(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = Pair()
            self.head = nn.Sequential(Leaf(2, 2, seed=40), Leaf(2, 2, seed=50))
            self.tied = self.head[0]                     # the same module under two names
            self.empty = None
            self.register_parameter("missing", None)
            self.register_buffer("nothing", None)

        def forward(self, x):
            return self.head(self.body(x))

    return types.SimpleNamespace(Leaf=Leaf, Pair=Pair, Root=Root)


def build(lib):
    return make_classes(lib).Root()
