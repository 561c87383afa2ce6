"""Tensor.__repr__ in torch's layout."""
import numpy as np

from . import _dtype as D


def tensor_repr(t):
    if t._device.type == "meta":
        body = f"..., size={tuple(t._shape)}"
    else:
        body = np.array2string(t._host_array(), separator=", ", prefix="tensor(")
    suffix = ""
    if t._device.type != "cpu":
        suffix += f", device='{t._device}'"
    if t._dtype not in (D.get_default_dtype(), D.int64, D.bool):
        suffix += f", dtype={t._dtype}"
    if t.grad_fn is not None:
        suffix += f", grad_fn=<{type(t.grad_fn).__name__}>"
    elif t._requires_grad:
        suffix += ", requires_grad=True"
    return f"tensor({body}{suffix})"
