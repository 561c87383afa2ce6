"""torch.fx.experimental."""
from . import symbolic_shapes  # noqa: F401
