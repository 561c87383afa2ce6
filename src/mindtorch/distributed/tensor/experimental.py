"""torch.distributed.tensor.experimental."""
import contextlib

from .. import _unavailable as _u

_u.fill(globals(), __name__, functions=("context_parallel", "local_map", "register_sharding"))


@contextlib.contextmanager
def implicit_replication():
    """No DTensor exists here, so there is nothing to replicate implicitly."""
    yield
