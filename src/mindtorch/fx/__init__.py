"""torch.fx. mindtorch has no symbolic tracer: `symbolic_trace` and `Tracer.trace` raise
NotImplementedError naming them. The classes (Node, Proxy, Graph, GraphModule, ...) exist for the
isinstance checks libraries make; no instance of them ever reaches user code here. `wrap` (used at
module level to mark leaf functions for tracing) returns its argument."""
from . import node, proxy, graph, graph_module, experimental, passes, _pytree, _compatibility  # noqa: F401
from .node import Node, map_arg, map_aggregate, Argument, Target  # noqa: F401
from .proxy import Proxy, Tracer, TracerBase, Attribute  # noqa: F401
from .graph import Graph  # noqa: F401
from .graph_module import GraphModule  # noqa: F401


def symbolic_trace(root, concrete_args=None):
    raise NotImplementedError("mindtorch: torch.fx.symbolic_trace is not supported (no symbolic tracer)")


def wrap(fn_or_name):
    """Marks a function as a leaf of symbolic tracing; there is no tracer here, so it is returned as is."""
    return fn_or_name


def replace_pattern(gm, pattern, replacement):
    raise NotImplementedError("mindtorch: torch.fx.replace_pattern is not supported (no fx graphs)")


class Interpreter:
    def __init__(self, module, garbage_collect_values=True, graph=None):  # noqa: F811  (torch's signature)
        raise NotImplementedError("mindtorch: torch.fx.Interpreter is not supported (no fx graphs)")


class Transformer(Interpreter):
    pass


def has_side_effect(fn):
    return fn
