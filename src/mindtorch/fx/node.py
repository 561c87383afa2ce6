"""torch.fx.node."""
from typing import Any

Argument = Any
Target = Any


class Node:
    """A node of an fx Graph (no fx graph is ever built by mindtorch)."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("mindtorch: torch.fx.Node is not supported (no fx graphs)")


def map_aggregate(a, fn):
    if isinstance(a, tuple):
        t = tuple(map_aggregate(e, fn) for e in a)
        return t if not hasattr(a, "_fields") else type(a)(*t)
    if isinstance(a, list):
        return [map_aggregate(e, fn) for e in a]
    if isinstance(a, dict):
        return {k: map_aggregate(v, fn) for k, v in a.items()}
    if isinstance(a, slice):
        return slice(map_aggregate(a.start, fn), map_aggregate(a.stop, fn), map_aggregate(a.step, fn))
    return fn(a)


def map_arg(a, fn):
    """Apply `fn` to every Node in `a` (there are none here, so `a` comes back rebuilt unchanged)."""
    return map_aggregate(a, lambda x: fn(x) if isinstance(x, Node) else x)
