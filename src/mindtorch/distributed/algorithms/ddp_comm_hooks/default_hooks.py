"""torch.distributed.algorithms.ddp_comm_hooks.default_hooks."""
from ... import _unavailable as _u

_u.fill(globals(), __name__, functions=("allreduce_hook", "fp16_compress_hook", "bf16_compress_hook",
                                        "fp16_compress_wrapper", "bf16_compress_wrapper"))
