"""mindtorch.utils: data loading and helpers that are not ops (hooks, ...)."""
from . import hooks  # noqa: F401
from . import data  # noqa: F401
