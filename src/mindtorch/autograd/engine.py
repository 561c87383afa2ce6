"""The backward pass: walk the graph from the outputs in reverse topological order, call each
node's formula, and accumulate into `.grad` of leaves (backward) or return the grads (grad)."""
from . import grad_mode
from .graph import AccumulateGrad, edge_of
from .anomaly_mode import _state as _anomaly, check_grads as _check_anomaly


def _sum_to(grad, shape, dtype):
    """Reduce a broadcast gradient to `shape` and bring it to `dtype`, as torch's engine validates outputs."""
    if grad._shape != shape:
        lead = len(grad._shape) - len(shape)
        dims = list(range(lead)) + [lead + i for i, n in enumerate(shape) if n == 1 and grad._shape[lead + i] != 1]
        if dims:
            grad = grad.sum(dim=dims, keepdim=True)
        if lead or grad._shape != shape:
            grad = grad.reshape(shape)
    if grad._dtype is not dtype and not dtype.is_complex:
        grad = grad.to(dtype)
    return grad


def _topological_order(roots):
    """Nodes reachable from `roots`, each after every node that feeds gradient into it."""
    order, seen = [], set()
    for root in roots:
        if root is None or id(root) in seen:
            continue
        stack = [(root, iter(root.next_functions))]
        seen.add(id(root))
        while stack:
            node, children = stack[-1]
            for child, _ in children:
                if child is not None and id(child) not in seen:
                    seen.add(id(child))
                    stack.append((child, iter(child.next_functions)))
                    break
            else:
                stack.pop()
                order.append(node)
    order.reverse()
    return order


def run_backward(outputs, grad_outputs, retain_graph, create_graph, inputs=None, allow_unused=False,
                 accumulate=True):
    """The engine. Returns the grads of `inputs` when `accumulate` is False (autograd.grad)."""
    from .._ops.creation import full_tensor  # noqa: PLC0415  (the ops import after autograd)
    pending = {}  # (id(node), output_nr) -> accumulated grad

    def add(node, nr, g):
        key = (id(node), nr)
        prev = pending.get(key)
        pending[key] = g if prev is None else prev + g

    roots = []
    for out, g in zip(outputs, grad_outputs):
        if not out._requires_grad:
            raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
        if g is None:
            if out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            g = full_tensor(out._shape, 1, out._dtype, out._device)
        node, nr = edge_of(out)
        roots.append(node)
        add(node, nr, g)

    wanted = {}
    if inputs is not None:
        for i, t in enumerate(inputs):
            node, nr = edge_of(t)
            if node is None:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
            wanted[(id(node), nr)] = i
    captured = [None] * (len(inputs) if inputs is not None else 0)

    with grad_mode.set_grad_enabled(create_graph):
        for node in _topological_order(roots):
            if isinstance(node, AccumulateGrad):
                g = pending.pop((id(node), 0), None)
                if g is None:
                    continue
                g = _run_tensor_hooks(node.variable._hooks, g)
                index = wanted.get((id(node), 0))
                if index is not None:
                    captured[index] = g
                if accumulate and (inputs is None or index is not None):
                    _accumulate(node.variable, g, create_graph)
                    for hook in node.variable.__dict__.get("_post_accumulate_hooks", ()):
                        hook(node.variable)
                continue
            grads = []
            for nr, meta in enumerate(node._output_meta):
                g = pending.pop((id(node), nr), None)
                if g is not None:
                    g = _run_tensor_hooks(node.__dict__.get("_tensor_hooks", {}).get(nr), g)
                    keep = node.__dict__.get("_retain_grad_hooks", {}).get(nr)
                    if keep is not None:
                        keep(g)
                    index = wanted.get((id(node), nr))
                    if index is not None:
                        captured[index] = g
                elif meta is not None:
                    g = zeros_like_meta(meta)
                grads.append(g)
            for hook in node._prehooks:
                new = hook(tuple(grads))
                if new is not None:
                    grads = list(new)
            input_grads = node.apply(grads)
            if _anomaly["enabled"] and _anomaly["check_nan"]:
                _check_anomaly(node, input_grads)
            for hook in node._hooks:
                new = hook(tuple(input_grads), tuple(grads))
                if new is not None:
                    input_grads = list(new)
            for (child, nr), g, (_, _, shape, dtype) in zip(node.next_functions, input_grads, node._input_meta):
                if child is not None and g is not None:
                    add(child, nr, _sum_to(g, shape, dtype))
            if not retain_graph:
                node._release()

    if inputs is None:
        return None
    if not allow_unused and any(g is None for g in captured):
        raise RuntimeError("One of the differentiated Tensors appears to not have been used in the graph. Set "
                           "allow_unused=True if this is the desired behavior.")
    return tuple(captured)


def _run_tensor_hooks(hooks, g):
    for hook in hooks or ():
        new = hook(g)
        if new is not None:
            g = new
    return g


def zeros_like_meta(meta):
    from .._ops.creation import full_tensor  # noqa: PLC0415
    shape, dtype, device = meta
    return full_tensor(shape, 0, dtype, device)


def _accumulate(leaf, g, create_graph):
    if not create_graph:
        g = g.detach()
    if leaf._grad is None:
        leaf._grad = g if create_graph or g._base is None else g.clone()
    else:
        leaf._grad = leaf._grad + g
