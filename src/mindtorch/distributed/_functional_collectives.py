"""torch.distributed._functional_collectives."""
from . import _unavailable as _u

_u.fill(globals(), __name__, functions=("all_gather_tensor", "all_gather_tensor_autograd", "all_reduce",
                                        "reduce_scatter_tensor", "all_to_all_single", "all_to_all_single_autograd",
                                        "permute_tensor", "broadcast", "wait_tensor"),
        classes=("AsyncCollectiveTensor",))
