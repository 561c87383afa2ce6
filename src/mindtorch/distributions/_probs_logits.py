"""The probs/logits parameterisation shared by the Bernoulli and Categorical families: exactly one of the
two is given and stored, the other is derived from it on first use and cached."""
from .utils import _expand_params, broadcast_all, lazy_property, logits_to_probs, probs_to_logits


class ProbsOrLogits:
    """Mixin for a distribution parameterised by `probs` or `logits`. `_is_binary` picks the conversion:
    log-odds/sigmoid (True) or log-probabilities/softmax over the last dim (False)."""
    _is_binary = True

    def _store_probs_or_logits(self, probs, logits, *companions):
        """Stores whichever of probs/logits is given (broadcast with `companions`, which come first so a
        number among them takes the parameter's dtype) as that attribute and as `_param`; returns the
        broadcast companions."""
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        name, value = ("probs", probs) if probs is not None else ("logits", logits)
        *companions, param = broadcast_all(*companions, value)
        setattr(self, name, param)
        self._param = param
        return companions

    def _expand_with_probs_or_logits(self, cls, batch_shape, _instance, *names, param_event_shape=()):
        """The body of `cls.expand`: `names` expanded as _expand_params does, and the stored probs and/or
        logits expanded to batch_shape + param_event_shape (the derived one too when it was already
        computed, so it is not computed again)."""
        new = _expand_params(self, cls, batch_shape, _instance, *names)
        param_shape = tuple(batch_shape) + tuple(param_event_shape)
        for name in ("probs", "logits"):
            if name in self.__dict__:
                param = self.__dict__[name].expand(param_shape)
                setattr(new, name, param)
                new._param = param
        return new

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=self._is_binary)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=self._is_binary)


class ProbsOrLogitsWithShape(ProbsOrLogits):
    """ProbsOrLogits plus torch's public `param_shape` (which Geometric, alone of the family, lacks)."""

    @property
    def param_shape(self):
        return self._param.size()


class CategoricalWrapper:
    """Mixin for a distribution built over an inner `_categorical` (a Categorical): its parameters are the
    inner one's."""

    def _new(self, *args, **kwargs):
        return self._categorical._new(*args, **kwargs)

    @property
    def param_shape(self):
        return self._categorical.param_shape

    @property
    def logits(self):
        return self._categorical.logits

    @property
    def probs(self):
        return self._categorical.probs


class RelaxedOverBase:
    """Mixin for a relaxed distribution that transforms a `base_dist` carrying temperature, probs and
    logits (RelaxedBernoulli, RelaxedOneHotCategorical): those are the base's."""

    @property
    def temperature(self):
        return self.base_dist.temperature

    @property
    def logits(self):
        return self.base_dist.logits

    @property
    def probs(self):
        return self.base_dist.probs
