"""torch.distributed.run (torchrun): not available in mindtorch (no distributed backend)."""
from . import _unavailable as _u

_u.fill(globals(), __name__, functions=("run", "main", "get_args_parser", "parse_args", "config_from_args"))
