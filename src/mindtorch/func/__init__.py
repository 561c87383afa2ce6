"""torch.func: functional_call (parameters swapped in for one call), vmap (a Python loop over the batch,
outputs stacked), and reverse-mode transforms (grad, grad_and_value, vjp, jacrev) over mindtorch's
autograd. Forward-mode transforms (jvp, jacfwd, hessian) are not available: they raise, naming them."""
import contextlib
import functools

from ..utils import _pytree as pytree

__all__ = ["functional_call", "vmap", "grad", "grad_and_value", "vjp", "jacrev", "jvp", "jacfwd", "hessian",
           "stack_module_state"]


# ---- functional_call ----------------------------------------------------------------------------------------
def _owner(module, name):
    *path, leaf = name.split(".")
    for p in path:
        module = getattr(module, p)
    return module, leaf


@contextlib.contextmanager
def _swapped(module, tensors, strict):
    from ..nn import Module
    saved = []
    named = dict(module.named_parameters(remove_duplicate=False))
    named.update(dict(module.named_buffers(remove_duplicate=False)))
    if strict:
        missing = sorted(set(named) - set(tensors))
        unexpected = sorted(set(tensors) - set(named))
        if missing or unexpected:
            parts = []
            if unexpected:
                parts.append("Unexpected key(s): " + ", ".join(repr(k) for k in unexpected) + ".")
            if missing:
                parts.append("Missing key(s): " + ", ".join(repr(k) for k in missing) + ".")
            raise RuntimeError("Error(s) in reparametrizing for " + type(module).__name__ + ":\n\t" + "\n\t".join(parts))
    try:
        for name, value in tensors.items():
            owner, leaf = _owner(module, name)
            if not isinstance(owner, Module):
                raise AttributeError(f"{name} is not reachable from the module")
            for slot in ("_parameters", "_buffers"):
                table = owner.__dict__[slot]
                if leaf in table:
                    saved.append((table, leaf, table[leaf]))
                    table[leaf] = value
                    break
            else:
                saved.append((owner.__dict__, leaf, owner.__dict__.get(leaf, _ABSENT)))
                owner.__dict__[leaf] = value
        yield
    finally:
        for table, leaf, old in reversed(saved):
            if old is _ABSENT:
                table.pop(leaf, None)
            else:
                table[leaf] = old


_ABSENT = object()


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True, strict=False):
    """Call `module` with its parameters and buffers replaced by the tensors in the given dict(s), by
    swapping them in for the call and restoring them after."""
    if isinstance(parameter_and_buffer_dicts, dict):
        tensors = dict(parameter_and_buffer_dicts)
    elif isinstance(parameter_and_buffer_dicts, (list, tuple)):
        tensors = {}
        for d in parameter_and_buffer_dicts:
            dup = set(tensors) & set(d)
            if dup:
                raise ValueError(f"{sorted(dup)} appeared in multiple dictionaries; behavior of functional call is "
                                 "ambiguous")
            tensors.update(d)
    else:
        raise ValueError(f"Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, but got "
                         f"{type(parameter_and_buffer_dicts)}")
    if tie_weights:
        # a tensor given for one name of a tied parameter serves its other names too
        by_id = {}
        for name, p in list(module.named_parameters(remove_duplicate=False)) + \
                list(module.named_buffers(remove_duplicate=False)):
            by_id.setdefault(id(p), []).append(name)
        for names in by_id.values():
            given = [n for n in names if n in tensors]
            if given:
                for n in names:
                    tensors.setdefault(n, tensors[given[0]])
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    with _swapped(module, tensors, strict):
        return module(*args, **(kwargs or {}))


def stack_module_state(models):
    raise NotImplementedError("mindtorch: torch.func.stack_module_state is not supported")


# ---- vmap --------------------------------------------------------------------------------------------------
def _is_tensor(x):
    return hasattr(x, "_storage") and hasattr(x, "_dtype")


def _broadcast_dims(dims, tree, what):
    """One dim per leaf of `tree`, from `dims` given as a prefix of it (int/None applies to a whole subtree)."""
    if dims is None or isinstance(dims, int):
        return [dims] * len(pytree.tree_leaves(tree))
    if isinstance(dims, (tuple, list)) and isinstance(tree, (tuple, list)):
        if len(dims) != len(tree):
            raise ValueError(f"vmap: {what} has {len(dims)} entries but there are {len(tree)} values")
        out = []
        for d, t in zip(dims, tree):
            out.extend(_broadcast_dims(d, t, what))
        return out
    if isinstance(dims, dict) and isinstance(tree, dict):
        out = []
        for k in tree:
            out.extend(_broadcast_dims(dims.get(k), tree[k], what))
        return out
    raise ValueError(f"vmap: {what} must be an int, None or a (nested) tuple matching the values, got {dims!r}")


def _take(t, dim, i):
    d = dim % t.ndim
    return t[(slice(None),) * d + (i,)]


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """Vectorize `func` over a batch dimension by a Python loop: `func` runs once per batch entry (on
    the inputs indexed along `in_dims`), and the outputs are stacked along `out_dims`. Results equal
    torch.vmap's for functions without batch-dependent control flow; the speed-up of a batched kernel
    is absent. randomness='different' draws independent numbers per entry; 'same' is not supported."""
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. Got {randomness}")
    if randomness == "same":
        raise NotImplementedError("mindtorch: vmap(randomness='same') is not supported (the loop draws per entry)")

    @functools.wraps(func)
    def batched(*args, **kwargs):
        dims = in_dims if isinstance(in_dims, tuple) else (in_dims,) * len(args)
        if isinstance(in_dims, tuple) and len(in_dims) != len(args):
            raise ValueError(f"vmap({getattr(func, '__name__', func)}, in_dims={in_dims}, ...)(<inputs>): in_dims is "
                             f"not compatible with the structure of `inputs`. in_dims has structure "
                             f"{len(in_dims)} but inputs has {len(args)}")
        leaves, spec = pytree.tree_flatten(args)
        leaf_dims = _broadcast_dims(tuple(dims), args, "in_dims")
        size = None
        for leaf, d in zip(leaves, leaf_dims):
            if d is None:
                continue
            if not _is_tensor(leaf):
                raise ValueError(f"vmap: Got in_dim={d} for an input but the input is of type {type(leaf)}. We "
                                 "cannot vmap over non-Tensor arguments")
            if not -leaf.ndim <= d < leaf.ndim:
                raise ValueError(f"vmap: Got in_dim={d} for some input, but that input is a Tensor of "
                                 f"dimensionality {leaf.ndim} so expected in_dim to satisfy -{leaf.ndim} <= in_dim "
                                 f"< {leaf.ndim}.")
            n = leaf.shape[d]
            if size is not None and n != size:
                raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, got "
                                 f"sizes {size} and {n} for the mapped dimension")
            size = n
        if size is None:
            raise ValueError("vmap: At least one of the inputs must be batched (in_dims are all None)")
        results = []
        for i in range(size):
            entry = [(_take(x, d, i) if d is not None else x) for x, d in zip(leaves, leaf_dims)]
            results.append(func(*pytree.tree_unflatten(entry, spec), **kwargs))
        from .. import stack
        flat, out_spec = zip(*(pytree.tree_flatten(r) for r in results))
        out_spec = out_spec[0]
        odims = _broadcast_dims(out_dims, pytree.tree_unflatten(list(flat[0]), out_spec), "out_dims")
        stacked = []
        for j, od in enumerate(odims):
            column = [f[j] for f in flat]
            if od is None:
                stacked.append(column[0])
            elif not _is_tensor(column[0]):
                raise ValueError(f"vmap: `{getattr(func, '__name__', func)}` must only return Tensors, got type "
                                 f"{type(column[0])}.")
            else:
                stacked.append(stack(column, dim=od if od >= 0 else od + column[0].ndim + 1))
        return pytree.tree_unflatten(stacked, out_spec)
    return batched


# ---- reverse-mode transforms ------------------------------------------------------------------------------------
def _prepare(args, argnums):
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    args = list(args)
    chosen = []
    for n in nums:
        leaves, spec = pytree.tree_flatten(args[n])
        fresh = [x.detach().requires_grad_(True) if _is_tensor(x) else x for x in leaves]
        args[n] = pytree.tree_unflatten(fresh, spec)
        chosen.append(args[n])
    return args, chosen


def _zeros_for_none(grads, inputs):
    from .. import zeros
    return tuple(zeros(tuple(x.shape), dtype=x.dtype, device=x.device) if g is None else g
                 for g, x in zip(grads, inputs))


def grad_and_value(func, argnums=0, has_aux=False):
    """Gradient of `func`'s scalar output with respect to the arguments `argnums`, with that output."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .. import autograd, enable_grad
        with enable_grad():
            new_args, chosen = _prepare(args, argnums)
            out = func(*new_args, **kwargs)
            aux = None
            if has_aux:
                if not (isinstance(out, tuple) and len(out) == 2):
                    raise RuntimeError("grad_and_value(f)(*args): output of function f should be a tuple: "
                                       "(output, aux) if has_aux is True")
                out, aux = out
            if not _is_tensor(out):
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got {type(out)}")
            if out.numel() != 1 or out.ndim != 0:
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got "
                                   f"tensor with {out.ndim} dims. Maybe you wanted to use the vjp or jacrev APIs "
                                   "instead?")
            flat, specs = [], []
            for c in chosen:
                leaves, spec = pytree.tree_flatten(c)
                flat.extend(leaves)
                specs.append((spec, len(leaves)))
            grads = _zeros_for_none(autograd.grad(out, flat, allow_unused=True), flat)
        result, k = [], 0
        for spec, n in specs:
            result.append(pytree.tree_unflatten(list(grads[k:k + n]), spec))
            k += n
        g = result[0] if isinstance(argnums, int) else tuple(result)
        out = out.detach()
        return (g, (out, aux)) if has_aux else (g, out)
    return wrapper


def grad(func, argnums=0, has_aux=False):
    gv = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        g, value = gv(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return wrapper


def vjp(func, *primals, has_aux=False):
    from .. import autograd, enable_grad
    with enable_grad():
        leaves, spec = pytree.tree_flatten(primals)
        fresh = [x.detach().requires_grad_(True) if _is_tensor(x) else x for x in leaves]
        out = func(*pytree.tree_unflatten(fresh, spec))
    aux = None
    if has_aux:
        out, aux = out
    out_leaves, out_spec = pytree.tree_flatten(out)

    def vjp_fn(cotangents):
        ct_leaves, _ = pytree.tree_flatten(cotangents)
        inputs = [x for x in fresh if _is_tensor(x)]
        grads = _zeros_for_none(autograd.grad(out_leaves, inputs, ct_leaves, retain_graph=True, allow_unused=True),
                                inputs)
        it = iter(grads)
        full = [next(it) if _is_tensor(x) else None for x in fresh]
        return tuple(pytree.tree_unflatten(full, spec))

    detached = pytree.tree_unflatten([o.detach() if _is_tensor(o) else o for o in out_leaves], out_spec)
    return (detached, vjp_fn, aux) if has_aux else (detached, vjp_fn)


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None):
    """Jacobian by reverse mode, one backward pass per output element."""
    @functools.wraps(func)
    def wrapper(*args):
        from .. import autograd, enable_grad, zeros, stack
        with enable_grad():
            new_args, chosen = _prepare(args, argnums)
            out = func(*new_args)
            aux = None
            if has_aux:
                out, aux = out
        inputs = [c for c in chosen]
        rows = []
        flat_out = out.reshape(-1)
        for i in range(flat_out.numel()):
            gs = _zeros_for_none(autograd.grad(flat_out[i], inputs, retain_graph=True, allow_unused=True), inputs)
            rows.append(gs)
        jac = []
        for j, inp in enumerate(inputs):
            if rows:
                col = stack([r[j] for r in rows]).reshape(tuple(out.shape) + tuple(inp.shape))
            else:
                col = zeros(tuple(out.shape) + tuple(inp.shape), dtype=inp.dtype)
            jac.append(col)
        result = jac[0] if isinstance(argnums, int) else tuple(jac)
        return (result, aux) if has_aux else result
    return wrapper


def _forward_mode(name):
    def unsupported(*args, **kwargs):
        raise NotImplementedError(f"mindtorch: torch.func.{name} (forward-mode automatic differentiation) is not "
                                  "supported; use the reverse-mode transforms (grad, vjp, jacrev)")
    unsupported.__name__ = name
    return unsupported


jvp = _forward_mode("jvp")
jacfwd = _forward_mode("jacfwd")
hessian = _forward_mode("hessian")
linearize = _forward_mode("linearize")
