"""Half-Cauchy distribution: |X|, X ~ Cauchy(0, scale)."""
import math

import mindtorch as torch

from ._half import FoldedAtZero
from .cauchy import Cauchy

__all__ = ["HalfCauchy"]


class HalfCauchy(FoldedAtZero):
    """HalfCauchy(scale)."""
    _symmetric_family = Cauchy

    @property
    def mean(self):
        return torch.full(self._extended_shape(), math.inf, dtype=self.scale.dtype, device=self.scale.device)

    @property
    def variance(self):
        return self.base_dist.variance

    def log_prob(self, value):
        # unlike HalfNormal (as in torch), a value is first made a tensor of the scale's dtype and device
        value = torch.as_tensor(value, dtype=self.base_dist.scale.dtype, device=self.base_dist.scale.device)
        return super().log_prob(value)
