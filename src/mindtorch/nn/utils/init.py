"""skip_init: build a module without running its parameter initialization."""
import inspect


def skip_init(module_cls, *args, **kwargs):
    """Instantiate `module_cls` on the meta device and give it uninitialized storage on the requested
    device (default cpu): the parameters' values are whatever the storage holds."""
    from ..modules.module import Module
    if not issubclass(module_cls, Module):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    final_device = kwargs.pop("device", "cpu")
    kwargs["device"] = "meta"
    return module_cls(*args, **kwargs).to_empty(device=final_device)
