"""torch.distributed._composable.fsdp."""
from ...fsdp import fully_shard, FSDPModule, MixedPrecisionPolicy, CPUOffloadPolicy, OffloadPolicy  # noqa: F401
