"""Smaller torch names libraries use: equal, allclose, unravel_index, fill_diagonal_, Tensor.new, the math
constants, OutOfMemoryError, autograd.Variable."""
import math

import numpy as np
import pytest
import torch

import mindtorch
from oracle import check, check_grad, LIBS


@pytest.mark.parametrize("a,b", [([1, 2], [1.0, 2.0]), ([1.0], [[1.0]]), ([math.nan], [math.nan]), ([], []),
                                 ([1.0, 2.0], [1.0, 2.5])])
def test_equal(a, b):
    assert mindtorch.equal(mindtorch.tensor(a), mindtorch.tensor(b)) == torch.equal(torch.tensor(a), torch.tensor(b))


@pytest.mark.parametrize("kw", [{}, {"rtol": 0, "atol": 0}, {"equal_nan": True}])
def test_allclose(kw):
    a, b = np.array([1.0, 2.0, math.nan]), np.array([1.0, 2.0 + 1e-7, math.nan])
    for lib in LIBS:
        assert lib.allclose(lib.from_numpy(a), lib.from_numpy(b), **kw) == torch.allclose(
            torch.from_numpy(a), torch.from_numpy(b), **kw)


def test_equal_and_allclose_errors():
    check(lambda lib, x: lib.equal(x, [1.0]), np.array([1.0]))
    check(lambda lib, x, y: lib.allclose(x, y), np.array([1.0]), np.array([1]))


@pytest.mark.parametrize("indices,shape", [([0, 5, 7, -1], (2, 4)), ([3], 4), ([[1, 2], [3, 11]], (3, 4)),
                                           ([8], (2, 4)), ([1.0], (2,))])
def test_unravel_index(indices, shape):
    check(lambda lib, i: lib.unravel_index(i, shape), np.array(indices))


@pytest.mark.parametrize("shape,wrap", [((5, 3), True), ((5, 3), False), ((3, 5), False), ((3, 3, 3), False),
                                        ((2, 3, 3), False), ((4,), False)])
def test_fill_diagonal(shape, wrap):
    check(lambda lib, x: x.clone().fill_diagonal_(2.5, wrap=wrap), np.zeros(shape, np.float32))
    if len(shape) >= 2 and len(set(shape)) == 1 or len(shape) == 2:
        check_grad(lambda lib, x: (x * 2).fill_diagonal_(0.5, wrap=wrap), np.ones(shape, np.float32))


def test_tensor_new():
    def scenario(lib):
        x = lib.zeros(2, 3, dtype=lib.float64)
        return [x.new(), x.new(2, 4).shape, x.new([1, 2]), x.new(lib.Size([3])).shape, x.new((2, 2))]
    expected, actual = scenario(torch), scenario(mindtorch)
    for e, a in zip(expected, actual):
        if isinstance(e, torch.Tensor):
            assert a.dtype == mindtorch.float64 and tuple(a.shape) == tuple(e.shape)
            if e.numel():
                np.testing.assert_array_equal(a.numpy(), e.numpy())
        else:
            assert tuple(a) == tuple(e)


def test_constants_and_legacy_names():
    for name in ("inf", "pi", "e"):
        assert getattr(mindtorch, name) == getattr(torch, name)
    assert math.isnan(mindtorch.nan)
    assert issubclass(mindtorch.OutOfMemoryError, RuntimeError)
    assert mindtorch.cuda.OutOfMemoryError is mindtorch.OutOfMemoryError
    v = mindtorch.autograd.Variable(mindtorch.ones(2), requires_grad=True)
    assert v.requires_grad and isinstance(v, mindtorch.autograd.Variable)
    assert isinstance(torch.autograd.Variable(torch.ones(2)), torch.autograd.Variable)
