"""Backward formulas that let MindSpore differentiate a kernel, for ops whose derivative is not worth
writing by hand in mindtorch ops (convolutions, pooling, resampling, decompositions).

    def _conv_backward(grad, input, weight, stride=1):
        return ms_vjp(lambda x, w: kernel(x, w, stride), (input, weight), grad)

The gradients it returns are not recorded on mindtorch's graph, so a second derivative through such an
op raises NotImplementedError naming it instead of silently returning zeros."""
import mindspore

from . import grad_mode
from .._tensor import Tensor


def ms_vjp(fn, inputs, grad, op_name="this op"):
    """The vector-Jacobian product of `fn` (over MindSpore values) at `inputs`, with cotangent `grad`;
    one gradient per input (None for inputs given as None)."""
    if grad_mode.is_grad_enabled() and (grad._requires_grad or any(t is not None and t._requires_grad for t in inputs)):
        raise NotImplementedError(f"mindtorch: double backward through {op_name} is not supported (its backward is "
                                  "MindSpore's own derivative, which mindtorch does not record)")
    present = [t for t in inputs if t is not None]
    positions = [i for i, t in enumerate(inputs) if t is not None]

    def over_present(*values):
        full = [None] * len(inputs)
        for i, v in zip(positions, values):
            full[i] = v
        return fn(*full)
    grads_out = grad if not isinstance(grad, (tuple, list)) else tuple(grad)
    _, pullback = mindspore.vjp(over_present, *[t._ms for t in present])
    cotangent = tuple(g._ms for g in grads_out) if isinstance(grads_out, tuple) else grads_out._ms
    grads = pullback(cotangent)
    if not isinstance(grads, tuple):
        grads = (grads,)
    result = [None] * len(inputs)
    for i, g, t in zip(positions, grads, present):
        result[i] = Tensor._make(g, t._device)
    return tuple(result)
