"""torch.distributed.nn.functional: differentiable collectives (no process group exists here)."""
from .. import _no_group


def _fn(name):
    def needs_group(*args, **kwargs):
        raise _no_group()
    needs_group.__name__ = name
    return needs_group


for _n in ("all_gather", "all_reduce", "broadcast", "all_to_all", "all_to_all_single", "reduce_scatter", "gather",
           "scatter", "reduce"):
    globals()[_n] = _fn(_n)
