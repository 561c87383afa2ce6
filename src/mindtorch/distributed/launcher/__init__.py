"""torch.distributed.launcher."""
from . import api  # noqa: F401
from .api import LaunchConfig, elastic_launch, launch_agent  # noqa: F401
