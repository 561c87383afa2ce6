"""torch.autograd.functional: vjp, jvp (by double backward), jacobian, hessian, vhp, hvp."""
from . import grad_mode
from .._tensor import Tensor


def _tuple(x):
    return (tuple(x), True) if isinstance(x, (tuple, list)) else ((x,), False)


def _prepare(inputs, create_graph):
    return tuple(i.detach().requires_grad_(True) if not create_graph or not i._requires_grad else i.view_as(i)
                 for i in inputs)


def _grad(outputs, inputs, grad_outputs, create_graph):
    from . import grad as autograd_grad
    diff = [(o, g) for o, g in zip(outputs, grad_outputs) if o._requires_grad]
    if not diff:
        return tuple(None for _ in inputs)
    return autograd_grad([o for o, _ in diff], inputs, [g for _, g in diff], retain_graph=True,
                         create_graph=create_graph, allow_unused=True)


def _zeros_for_none(grads, like):
    from .._ops.creation import zeros_like
    return tuple(zeros_like(x) if g is None else g for g, x in zip(grads, like))


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    from .._ops.creation import ones_like
    with grad_mode.enable_grad():
        inputs, was_tuple = _tuple(inputs)
        inputs = _prepare(inputs, create_graph)
        outputs, out_tuple = _tuple(func(*inputs))
        if v is None:
            if any(o.numel() != 1 for o in outputs):
                raise RuntimeError("The vector v can only be None if the user-provided function returns a single "
                                   "Tensor with a single element.")
            v = tuple(ones_like(o) for o in outputs)
        else:
            v, _ = _tuple(v)
        grads = _zeros_for_none(_grad(outputs, inputs, v, create_graph), inputs)
    outputs = tuple(o if create_graph else o.detach() for o in outputs)
    grads = tuple(g if create_graph else g.detach() for g in grads)
    return (outputs if out_tuple else outputs[0]), (grads if was_tuple else grads[0])


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    from .._ops.creation import ones_like, zeros_like
    with grad_mode.enable_grad():
        inputs, was_tuple = _tuple(inputs)
        inputs = _prepare(inputs, create_graph)
        if v is None:
            if any(i.numel() != 1 for i in inputs):
                raise RuntimeError("The vector v can only be None if the input to the user-provided function is a "
                                   "single Tensor with a single element.")
            v = tuple(ones_like(i) for i in inputs)
        else:
            v, _ = _tuple(v)
        outputs, out_tuple = _tuple(func(*inputs))
        # jvp by double backward: u -> J^T u is linear in u, so its vjp with v is J v.
        dummies = tuple(zeros_like(o).requires_grad_(True) for o in outputs)
        grads = _zeros_for_none(_grad(outputs, inputs, dummies, True), inputs)
        result = _zeros_for_none(_grad(grads, dummies, v, create_graph), dummies)
    outputs = tuple(o if create_graph else o.detach() for o in outputs)
    result = tuple(r if create_graph else r.detach() for r in result)
    return (outputs if out_tuple else outputs[0]), (result if out_tuple else result[0])


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    from .._ops.creation import zeros_like
    from .._ops.shape import stack  # noqa: F401  (the shape family)
    with grad_mode.enable_grad():
        inputs, was_tuple = _tuple(inputs)
        inputs = _prepare(inputs, create_graph)
        outputs, out_tuple = _tuple(func(*inputs))
        rows = []
        for out in outputs:
            flat = out.reshape(-1)
            per_input = [[] for _ in inputs]
            for k in range(flat.numel()):
                grads = _grad((flat[k],), inputs, (None,), create_graph) if flat._requires_grad else (None,) * len(inputs)
                for j, (g, x) in enumerate(zip(grads, inputs)):
                    per_input[j].append(zeros_like(x) if g is None else g)
            blocks = []
            for j, x in enumerate(inputs):
                if per_input[j]:
                    block = stack(per_input[j]).reshape(tuple(out.shape) + tuple(x.shape))
                else:
                    block = zeros_like(x).reshape(tuple(out.shape) + tuple(x.shape))
                blocks.append(block if create_graph else block.detach())
            rows.append(tuple(blocks) if was_tuple else blocks[0])
    return tuple(rows) if out_tuple else rows[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    inputs_t, was_tuple = _tuple(inputs)

    def grad_of(*xs):
        jac = jacobian(func, xs if was_tuple else xs[0], create_graph=True)
        return jac
    return jacobian(grad_of, inputs, create_graph=create_graph)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    inputs_t, was_tuple = _tuple(inputs)

    def grad_of(*xs):
        _, g = vjp(func, xs if was_tuple else xs[0], create_graph=True)
        return g
    out = func(*_tuple(inputs)[0]).detach()
    return out, vjp(grad_of, inputs, v, create_graph)[1]


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    inputs_t, was_tuple = _tuple(inputs)

    def grad_of(*xs):
        _, g = vjp(func, xs if was_tuple else xs[0], create_graph=True)
        return g
    out = func(*_tuple(inputs)[0]).detach()
    return out, jvp(grad_of, inputs, v, create_graph)[1]
