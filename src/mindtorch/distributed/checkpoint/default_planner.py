"""torch.distributed.checkpoint.default_planner."""
from . import DefaultSavePlanner, DefaultLoadPlanner  # noqa: F401
