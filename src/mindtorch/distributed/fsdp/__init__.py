"""torch.distributed.fsdp: not available (no distributed backend); names exist for imports/isinstance."""
import enum

from .. import _unavailable as _u


class ShardingStrategy(enum.Enum):
    FULL_SHARD = enum.auto()
    SHARD_GRAD_OP = enum.auto()
    NO_SHARD = enum.auto()
    HYBRID_SHARD = enum.auto()
    _HYBRID_SHARD_ZERO2 = enum.auto()


class BackwardPrefetch(enum.Enum):
    BACKWARD_PRE = enum.auto()
    BACKWARD_POST = enum.auto()


class StateDictType(enum.Enum):
    FULL_STATE_DICT = enum.auto()
    LOCAL_STATE_DICT = enum.auto()
    SHARDED_STATE_DICT = enum.auto()


_u.fill(globals(), __name__, functions=("fully_shard", "register_fsdp_forward_method"),
        classes=("FullyShardedDataParallel", "FSDPModule", "MixedPrecision", "MixedPrecisionPolicy", "CPUOffload",
                 "CPUOffloadPolicy", "OffloadPolicy", "FullStateDictConfig", "ShardedStateDictConfig",
                 "LocalStateDictConfig", "FullOptimStateDictConfig", "ShardedOptimStateDictConfig", "StateDictConfig"))
from . import wrap, fully_sharded_data_parallel, sharded_grad_scaler  # noqa: E402,F401
