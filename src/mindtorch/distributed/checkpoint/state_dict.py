"""torch.distributed.checkpoint.state_dict."""
import dataclasses

from .. import _unavailable as _u


@dataclasses.dataclass
class StateDictOptions:
    full_state_dict: bool = False
    cpu_offload: bool = False
    ignore_frozen_params: bool = False
    keep_submodule_prefixes: bool = True
    strict: bool = True
    broadcast_from_rank0: bool = False
    flatten_optimizer_state_dict: bool = False
    dsd_fqn_modifiers: str = "_fqn_modifiers"


_u.fill(globals(), __name__, functions=("get_model_state_dict", "set_model_state_dict", "get_optimizer_state_dict",
                                        "set_optimizer_state_dict", "get_state_dict", "set_state_dict"))
