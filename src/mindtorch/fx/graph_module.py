"""torch.fx.graph_module."""
from ..nn import Module


class GraphModule(Module):
    """An nn.Module built from an fx Graph (none is ever built by mindtorch)."""

    def __init__(self, root, graph, class_name="GraphModule"):
        raise NotImplementedError("mindtorch: torch.fx.GraphModule is not supported (no fx graphs)")
