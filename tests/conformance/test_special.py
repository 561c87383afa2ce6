"""torch.special against torch's (values and gradients)."""
import numpy as np
import pytest
import torch

import mindtorch
from oracle import check, check_grad

X = np.array([-3.0, -0.5, 0.0, 0.25, 1.0, 4.0])
P = np.array([0.01, 0.2, 0.5, 0.9, 0.999])
POS = np.array([0.1, 0.5, 1.0, 2.5, 7.0])


@pytest.mark.parametrize("name,arg", [
    ("ndtr", X), ("log_ndtr", X), ("ndtri", P), ("entr", np.array([-1.0, 0.0, 0.5, 2.0])), ("expit", X),
    ("gammaln", POS), ("psi", POS), ("erf", X), ("erfc", X), ("erfinv", P * 2 - 1), ("xlog1py", X),
    ("multigammaln", POS + 2), ("logit", P), ("sinc", X),
])
def test_special_values(name, arg):
    extra = {"xlog1py": (np.abs(X) + 0.1,), "multigammaln": (2,)}.get(name, ())
    check(lambda lib, x, *rest: getattr(lib.special, name)(x, *rest), arg, *extra, dtype="float64", rtol=1e-6,
          atol=1e-9)


@pytest.mark.parametrize("name,arg", [("ndtr", X), ("log_ndtr", X), ("ndtri", P), ("entr", POS), ("expit", X)])
def test_special_grads(name, arg):
    check_grad(lambda lib, x: getattr(lib.special, name)(x), arg, dtype="float64", rtol=1e-6, atol=1e-9)


def test_missing_special_function_is_named():
    with pytest.raises(NotImplementedError, match="torch.special.zeta"):
        mindtorch.special.zeta(torch.tensor(1.0), 2)
    with pytest.raises(AttributeError):
        mindtorch.special.no_such_function
