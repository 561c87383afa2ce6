"""torch.distributed.launcher.api."""
from .. import _unavailable as _u

_u.fill(globals(), __name__, functions=("launch_agent",), classes=("LaunchConfig", "elastic_launch"))
