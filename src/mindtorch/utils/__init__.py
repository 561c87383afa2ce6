"""mindtorch.utils: helpers that are not ops (hooks, ...)."""
from . import hooks  # noqa: F401
