"""torch.fx.graph."""


class Graph:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("mindtorch: torch.fx.Graph is not supported (no fx graphs)")


class CodeGen:
    pass


class PythonCode:
    pass
