"""mindtorch.autograd: grad modes now; the tape engine, Function and grad come with the autograd issue."""
from .grad_mode import no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode  # noqa: F401
