"""Python's int/float/bool/complex where torch takes a dtype, as torch's argument parser reads them."""
import numpy as np
import pytest

from oracle import check

CASES = [
    lambda lib, x, t: lib.tensor(0, dtype=t),
    lambda lib, x, t: lib.zeros(2, 3, dtype=t),
    lambda lib, x, t: lib.empty(2, dtype=t).shape,
    lambda lib, x, t: lib.full((2,), 1, dtype=t),
    lambda lib, x, t: lib.ones_like(x, dtype=t),
    lambda lib, x, t: x.to(t),
    lambda lib, x, t: x.to(dtype=t),
    lambda lib, x, t: x.to("cpu", t),
    lambda lib, x, t: lib.as_tensor([1, 2], dtype=t),
    lambda lib, x, t: x.sum(dtype=t),
    lambda lib, x, t: lib.arange(3, dtype=t),
]


@pytest.mark.parametrize("pytype", [int, float, bool, complex])
@pytest.mark.parametrize("i", range(len(CASES)))
def test_python_types_as_dtypes(pytype, i):
    check(lambda lib, x: CASES[i](lib, x, pytype), np.array([1.0, 2.0], np.float32))


def test_python_type_softmax():
    check(lambda lib, x: x.softmax(0, dtype=float), np.array([1.0, 2.0], np.float32))


def test_memory_formats():
    check(lambda lib, x: (x.t().clone(memory_format=lib.contiguous_format),
                          x.t().clone(memory_format=lib.preserve_format), x.t().contiguous(memory_format=lib.contiguous_format),
                          str(lib.contiguous_format), str(lib.channels_last)), np.ones((2, 3), np.float32))


def test_flip_dims_keyword():
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    check(lambda lib, a: (lib.flip(a, dims=[0, 1]), a.flip(dims=(1,)), lib.flip(a, [0])), x)
