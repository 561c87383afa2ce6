"""Python types where torch takes a dtype: int -> int64, float -> float64, bool, complex -> complex128."""
import numpy as np
import pytest

from oracle import check


@pytest.mark.parametrize("t", [int, float, bool, complex])
def test_factories_and_reductions(t):
    check(lambda lib: (lib.ones(2, dtype=t), lib.zeros(1, 2, dtype=t), lib.full((2,), 1, dtype=t),
                       lib.tensor([1, 0], dtype=t), lib.empty(0, dtype=t).dtype))
    if t is not bool:
        check(lambda lib: lib.arange(3, dtype=t))


@pytest.mark.parametrize("t", [int, float, bool, complex])
def test_to_python_type(t):
    x = np.array([1.5, 0.0, -2.0], np.float32)
    check(lambda lib, a: (a.to(t), a.to("cpu", t), a.to(dtype=t), a.sum(dtype=t) if t is not bool else a.sum()), x)


def test_flip_dims_keyword():
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    check(lambda lib, a: (lib.flip(a, dims=[0, 1]), a.flip(dims=(1,)), lib.flip(a, [0])), x)
