"""torch.distributed.tensor.parallel."""
from .. import _unavailable as _u

_u.fill(globals(), __name__, functions=("parallelize_module", "loss_parallel"),
        classes=("ParallelStyle", "ColwiseParallel", "RowwiseParallel", "SequenceParallel", "PrepareModuleInput",
                 "PrepareModuleOutput", "PrepareModuleInputOutput"))
