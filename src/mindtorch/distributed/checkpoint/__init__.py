"""torch.distributed.checkpoint (DCP): not available in mindtorch (no distributed backend)."""
from .. import _unavailable as _u

_u.fill(globals(), __name__, functions=("save", "load", "async_save", "save_state_dict", "load_state_dict"),
        classes=("FileSystemReader", "FileSystemWriter", "StorageReader", "StorageWriter", "DefaultSavePlanner",
                 "DefaultLoadPlanner", "Metadata"))
from . import state_dict, default_planner, format_utils, stateful  # noqa: E402,F401
