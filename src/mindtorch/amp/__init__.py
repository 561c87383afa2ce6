"""torch.amp: autocast regions and gradient scaling."""
from . import autocast_mode, grad_scaler  # noqa: F401
from .autocast_mode import autocast, custom_fwd, custom_bwd, is_autocast_available, _enter_autocast, _exit_autocast  # noqa: F401
from .grad_scaler import GradScaler  # noqa: F401
