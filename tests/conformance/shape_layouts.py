"""Helpers for the shape-op conformance tests: inputs in several memory layouts, and a write through a
view that both libraries perform the same way."""
from hypothesis import strategies as st

LAYOUTS = ["contiguous", "transposed", "strided", "offset"]


def layout(t, how):
    """`t`'s values in another layout: transposed strides, every other element, or a storage offset.
    The input is first copied into a fresh contiguous tensor (torch.from_numpy of an empty array has
    stride 0, an artifact of the harness rather than of the op under test)."""
    t = _lib_of(t).cat([t.reshape(-1)]).reshape(t.shape)
    if how == "transposed" and t.dim() >= 2:
        return t.transpose(0, -1).contiguous().transpose(0, -1)
    if how == "strided":
        return t.unsqueeze(-1).expand(*t.shape, 2).contiguous().select(-1, 0)
    if how == "offset":
        return t.unsqueeze(0).expand(2, *t.shape).contiguous()[1]
    return t


layouts = st.sampled_from(LAYOUTS)


def write_through(lib, view):
    """Write distinct values into `view` (through to its storage)."""
    n = view.numel()
    view.copy_(lib.arange(1, n + 1).reshape(view.shape).to(view.dtype))
    return view


def layout_of(t):
    """What torch observes of a view: shape and strides (compared by the oracle), storage offset,
    contiguity."""
    return t.storage_offset(), t.is_contiguous()


def _lib_of(t):
    import torch
    import mindtorch
    return torch if isinstance(t, torch.Tensor) else mindtorch
