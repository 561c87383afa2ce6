"""torch.add(1, 2) and its kin: torch turns a Python number `input` into a 0-dim tensor for add, sub, mul,
div (every rounding mode), true_divide and floor_divide; other binary ops refuse a number input."""
import pytest

from oracle import check


@pytest.mark.parametrize("op", ["add", "sub", "mul", "div", "true_divide", "floor_divide", "fmod", "maximum",
                                "remainder", "atan2"])
@pytest.mark.parametrize("a,b", [(5, 2), (5.5, 2), (True, 3), (7, -2.5)])
def test_number_input(op, a, b):
    check(lambda lib: getattr(lib, op)(a, b))


@pytest.mark.parametrize("mode", [None, "trunc", "floor"])
def test_div_numbers_rounding(mode):
    check(lambda lib: lib.div(-7, 2, rounding_mode=mode))
    check(lambda lib: lib.add(1.5, 2, alpha=3))


@pytest.mark.parametrize("op", ["all", "any", "sum", "mean", "amax", "argmax", "logsumexp", "std", "prod"])
def test_numpy_keyword_names(op):
    """axis= and keepdims= as torch's arg parser takes them (for dim= and keepdim=)."""
    import numpy as np
    x = np.array([[1.0, 0.0, 2.0], [3.0, 4.0, 0.0]], np.float32)
    check(lambda lib, a: getattr(lib, op)(a, axis=1, keepdims=True), x)
    check(lambda lib, a: getattr(a, op)(axis=0), x)
