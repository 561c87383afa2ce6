"""The shared part of the real-valued location-scale families (Normal, Laplace, Cauchy): X = loc + scale * Z
for a fixed standard Z symmetric about 0 with its mode there."""
from . import constraints
from .distribution import Distribution
from .utils import _PublicClassRecorder, _expand_params, _set_broadcast_params


class LocationScale(_PublicClassRecorder, Distribution):
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        batch_shape = _set_broadcast_params(self, loc=loc, scale=scale)
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return _expand_params(self, self._public_class, batch_shape, _instance, "loc", "scale")

    @property
    def mode(self):
        return self.loc
