"""torch.fx.passes."""
from . import infra  # noqa: F401
