"""torch.distributed.distributed_c10d: the same functions as torch.distributed."""
import sys as _sys

_parent = _sys.modules[__name__.rsplit(".", 1)[0]]
for _n in dir(_parent):
    if not _n.startswith("__") and _n not in ("distributed_c10d",):
        _v = getattr(_parent, _n)
        if not isinstance(_v, type(_sys)):
            globals()[_n] = _v
_world = _parent._World


def _get_default_group():
    raise _parent._no_group()
