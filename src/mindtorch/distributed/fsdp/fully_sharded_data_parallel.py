"""torch.distributed.fsdp.fully_sharded_data_parallel."""
from . import (FullyShardedDataParallel, ShardingStrategy, StateDictType, BackwardPrefetch, MixedPrecision,  # noqa: F401
               CPUOffload, FullStateDictConfig, ShardedStateDictConfig, LocalStateDictConfig, FullOptimStateDictConfig,
               ShardedOptimStateDictConfig, StateDictConfig)
