"""torch.distributed._tensor: the old name of torch.distributed.tensor."""
from ..tensor import *  # noqa: F401,F403
from ..tensor import DTensor, Shard, Replicate, Partial, Placement, distribute_tensor, experimental  # noqa: F401
