"""torch.distributed.checkpoint.format_utils."""
from .. import _unavailable as _u

_u.fill(globals(), __name__, functions=("_load_state_dict", "dcp_to_torch_save", "torch_save_to_dcp"),
        classes=("_EmptyStateDictLoadPlanner", "BroadcastingTorchSaveReader", "DynamicMetaLoadPlanner"))
