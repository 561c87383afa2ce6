"""torch.<op>_(t): the in-place forms torch names at top level act as t.<op>_()."""
import numpy as np
import pytest
import torch

import mindtorch
from mindtorch._ops import TORCH_LEVEL_INPLACE
from oracle import check

ARGS = {"clamp_": (0.1, 0.6), "clamp_max_": (0.5,), "clamp_min_": (0.5,), "clip_": (0.1, 0.6), "gcd_": None,
        "lcm_": None, "ldexp_": (np.array([1.0, 2.0, 0.0], np.float32),), "xlogy_": (np.array([2.0, 3.0, 4.0]),),
        "detach_": ()}


def test_the_list_is_torchs():
    assert all(hasattr(torch, name) for name in TORCH_LEVEL_INPLACE)
    missing = [n for n in dir(torch) if n.endswith("_") and not n.startswith("_") and hasattr(mindtorch.Tensor, n)
               and not hasattr(mindtorch, n)]
    assert not missing


@pytest.mark.parametrize("name", sorted(TORCH_LEVEL_INPLACE))
def test_inplace_function(name):
    args = ARGS.get(name, ())
    if args is None:
        check(lambda lib, x, y: getattr(lib, name)(x, y), np.array([4, 6, 9]), np.array([6, 4, 3]))
        return
    x = np.array([0.25, 0.5, 0.75], np.float32)
    check(lambda lib, t, *rest: getattr(lib, name)(t, *rest), x, *args)
