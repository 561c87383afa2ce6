"""torch._dynamo. There is no Dynamo here: code always runs eagerly. Hints to the compiler
(mark_static_address, mark_dynamic, allow_in_graph, ...) are accepted and change nothing, as they would
change no result in torch either; `optimize` returns its function unchanged (torch.compile's fallback)."""
import contextlib

from .. import compiler as _compiler
from . import config, eval_frame, exc, _trace_wrapped_higher_order_op  # noqa: F401
from .eval_frame import OptimizedModule  # noqa: F401

is_compiling = _compiler.is_compiling
is_dynamo_compiling = _compiler.is_dynamo_compiling
disable = _compiler.disable
allow_in_graph = _compiler.allow_in_graph
assume_constant_result = _compiler.assume_constant_result
reset = _compiler.reset
list_backends = _compiler.list_backends


def mark_static_address(t, guard=True):
    """A hint that `t`'s storage does not move (for CUDA graphs); nothing is captured here."""


def mark_dynamic(t, index, *, min=None, max=None, specialize_on=None):
    pass


def maybe_mark_dynamic(t, index):
    pass


def mark_static(t, index=None):
    pass


def mark_unbacked(t, index, strict=False, specialize_on=None):
    pass


def forbid_in_graph(fn):
    return fn


def disallow_in_graph(fn):
    return fn


def graph_break():
    pass


def optimize(*args, **kwargs):
    def decorator(fn):
        return fn
    return decorator


def explain(f, *args, **kwargs):
    raise NotImplementedError("mindtorch: torch._dynamo.explain is not supported (no Dynamo)")


def export(*args, **kwargs):
    raise NotImplementedError("mindtorch: torch._dynamo.export is not supported (no Dynamo)")


@contextlib.contextmanager
def set_stance(*args, **kwargs):
    yield


def reset_code_caches():
    pass


def run(fn=None):
    return fn
