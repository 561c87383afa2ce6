"""torch.fx.proxy."""


class Proxy:
    """A value being traced (no tracing happens in mindtorch, so no value is ever a Proxy)."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("mindtorch: torch.fx.Proxy is not supported (no symbolic tracer)")


class Attribute(Proxy):
    pass


class TracerBase:
    pass


class Tracer(TracerBase):
    def __init__(self, autowrap_modules=(), autowrap_functions=(), param_shapes_constant=False):
        self.autowrap_modules, self.autowrap_functions = autowrap_modules, autowrap_functions

    def trace(self, root, concrete_args=None):
        raise NotImplementedError("mindtorch: torch.fx.Tracer.trace is not supported (no symbolic tracer)")


class GraphAppendingTracer(Tracer):
    pass


class ParameterProxy(Proxy):
    pass
