"""torch._C._nn."""


def _parse_to(*args, **kwargs):
    """(device, dtype, non_blocking, memory_format) of a Tensor.to / Module.to call's arguments."""
    from .._ops.conversion import _parse_to as parse
    kw = dict(kwargs)
    non_blocking = kw.get("non_blocking", False)
    memory_format = kw.get("memory_format", None)
    dtype, device, _ = parse(args, kw)
    return device, dtype, non_blocking, memory_format
