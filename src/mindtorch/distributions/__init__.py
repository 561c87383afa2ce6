"""torch.distributions: parameterizable probability distributions and sampling functions, built on
mindtorch ops (so rsample/log_prob are differentiable through mindtorch autograd). Samples come from
mindtorch's generators (reproducible under torch.manual_seed; not torch's number stream)."""
from . import constraints, transforms  # noqa: F401
from .distribution import Distribution
from .exp_family import ExponentialFamily
from .categorical import Categorical
from .normal import Normal
from .multivariate_normal import MultivariateNormal

__all__ = ["Categorical", "Distribution", "ExponentialFamily", "MultivariateNormal", "Normal"]
