"""Wrapping an op entry so that its calls are recorded on the graph (used by the op registry)."""
import inspect

from . import grad_mode
from .._tensor import Tensor
from .graph import node_class, edge_of, any_requires_grad, saved_hooks_active, pack_saved

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


class _Binder:
    """Binds a call's arguments to the entry's parameter names (a lean inspect.Signature.bind)."""

    def __init__(self, entry):
        self.params = list(inspect.signature(entry).parameters.values())
        self.names = [p.name for p in self.params]

    def bind(self, args, kwargs):
        bound = {}
        i = 0
        for p in self.params:
            if p.kind in _POSITIONAL:
                if i < len(args):
                    bound[p.name] = args[i]
                    i += 1
                elif p.name in kwargs:
                    bound[p.name] = kwargs[p.name]
                elif p.default is not p.empty:
                    bound[p.name] = p.default
            elif p.kind is inspect.Parameter.VAR_POSITIONAL:
                bound[p.name] = tuple(args[i:])
                i = len(args)
            elif p.kind is inspect.Parameter.KEYWORD_ONLY:
                bound[p.name] = kwargs.get(p.name, p.default if p.default is not p.empty else None)
        return bound


def _is_tensor(x):
    return hasattr(x, "_requires_grad") and hasattr(x, "_storage")


def differentiable(op_name, entry, formula):
    """`entry` recording a node with `formula` whenever grad mode is on and an input requires grad."""
    node_cls = node_class(op_name, formula, entry)
    binder = _Binder(entry)
    inplace = _is_inplace(op_name)

    def run(*args, **kwargs):
        if not (grad_mode.is_grad_enabled() and any_requires_grad(args, kwargs)):
            return entry(*args, **kwargs)
        bound = binder.bind(args, kwargs)
        if inplace:
            return _record_inplace(node_cls, binder, entry, args, kwargs, bound)
        with grad_mode.no_grad():
            out = entry(*args, **kwargs)
        record(node_cls, binder, bound, out)
        return out

    run.__name__ = entry.__name__
    run.__qualname__ = entry.__qualname__
    run.__doc__ = entry.__doc__
    run.__wrapped__ = entry
    run._node_class = node_cls
    return run


def without_formula(op_name, entry):
    """`entry` of an op declared with no backward formula. A composite of recorded ops puts its outputs on
    the graph by itself; a floating output that depends on an input requiring grad and that nothing
    recorded gets a node whose backward raises torch's "derivative ... is not implemented" error, so a
    missing formula never passes for a zero or absent gradient."""
    node_cls = node_class(op_name, _underivable(op_name), entry)
    binder = _Binder(entry)
    inplace = _is_inplace(op_name)

    def run(*args, **kwargs):
        if not (grad_mode.is_grad_enabled() and any_requires_grad(args, kwargs)):
            return entry(*args, **kwargs)
        before = {id(a): a.grad_fn for a in args if _is_tensor(a)}
        out = entry(*args, **kwargs)
        outputs = out if isinstance(out, tuple) else (out,)
        for o in outputs:
            if not _is_tensor(o) or not (o._dtype.is_floating_point or o._dtype.is_complex):
                continue
            unrecorded = o.grad_fn is before[id(o)] if inplace and id(o) in before else (
                id(o) not in before and o.grad_fn is None)
            if unrecorded:
                record(node_cls, binder, binder.bind(args, kwargs), out)
                break
        return out

    run.__name__ = entry.__name__
    run.__qualname__ = entry.__qualname__
    run.__doc__ = entry.__doc__
    run.__wrapped__ = entry
    return run


def _underivable(op_name):
    def formula(grad):
        raise RuntimeError(f"the derivative for '{op_name}' is not implemented.")
    return formula


def _is_inplace(op_name):
    return op_name.endswith("_") and not op_name.endswith("__") or (op_name.startswith("__i") and op_name not in (
        "__index__", "__int__", "__invert__", "__iter__"))


def record(node_cls, binder, bound, out):
    """Attach a node of `node_cls` to the output tensor(s) `out` of a call bound as `bound`."""
    input_meta, edges = [], []
    for index, name in enumerate(binder.names):
        value = bound.get(name)
        if _is_tensor(value):
            if value._requires_grad:
                edges.append(edge_of(value))
                input_meta.append((index, None, value._shape, value._dtype))
        elif type(value) in (list, tuple):
            for pos, item in enumerate(value):
                if _is_tensor(item) and item._requires_grad:
                    edges.append(edge_of(item))
                    input_meta.append((index, pos, item._shape, item._dtype))
    saved, versions = {}, {}
    for name in node_cls._saves:
        value = bound.get(name)
        if _is_tensor(value):
            versions[name] = (value, value._storage.version)
            if saved_hooks_active():
                value = pack_saved(value)
        saved[name] = value
    for name in node_cls._saves_shapes:
        value = bound.get(name[:-6])
        saved[name] = value._shape if _is_tensor(value) else None
    outputs = out if isinstance(out, tuple) else (out,)
    result = None
    if node_cls._saves_result:
        first = outputs[0] if isinstance(out, tuple) and len(outputs) == 1 else out
        if _is_tensor(first):
            result = (first.detach(), first._storage.version)
        else:  # several outputs: each with its version (None for non-tensors)
            result = (tuple(o.detach() if _is_tensor(o) else o for o in first),
                      tuple(o._storage.version if _is_tensor(o) else None for o in first))
    node = node_cls(tuple(edges), input_meta, saved, versions, result)
    node._multi_output = isinstance(out, tuple)
    node._output_meta = tuple((o._shape, o._dtype, o._device) if _is_tensor(o) else None for o in outputs)
    for nr, o in enumerate(outputs):
        if _is_tensor(o) and (o._dtype.is_floating_point or o._dtype.is_complex):
            o.grad_fn = node
            o._requires_grad = True
            if nr:
                o.__dict__["_output_nr"] = nr
            if o._base is not None:  # a view: on the graph as of its base's current in-place generation
                o.__dict__["_inplace_gen"] = o._base.__dict__.get("_inplace_gen", 0)
    return node


def _record_inplace(node_cls, binder, entry, args, kwargs, bound):
    self = args[0]
    if self._base is not None and (self._base._requires_grad or self._requires_grad):
        return _record_inplace_on_view(node_cls, binder, entry, args, kwargs)
    if self.grad_fn is None and self._requires_grad:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    bound[binder.names[0]] = _snapshot(self)
    with grad_mode.no_grad():
        out = entry(*args, **kwargs)
    record(node_cls, binder, bound, out)
    if self._base is None:  # views of self taken before this write now read through it (graph.edge_of)
        self.__dict__["_inplace_gen"] = self.__dict__.get("_inplace_gen", 0) + 1
    return out


def _record_inplace_on_view(node_cls, binder, entry, args, kwargs):
    """An in-place op on a view, as torch's CopySlices: the view's new values are the op applied to its
    old ones (read out of the base's old values); the base's new values put them back in place. The base
    and the view then sit on the graph after that write."""
    from .._ops.view_grad import _take_positions, _put_positions, positions_in_base
    view = args[0]
    base = view._base
    if base.grad_fn is None and base._requires_grad:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
    index = positions_in_base(view, base)
    old_base = _snapshot(base)
    work = _take_positions(old_base, index, view._shape, base._shape)
    work_args = (work,) + tuple(args[1:])
    if any_requires_grad(work_args, kwargs):
        _record_inplace(node_cls, binder, entry, work_args, kwargs, binder.bind(work_args, kwargs))
    else:
        entry(*work_args, **kwargs)
    new_base = _put_positions(old_base, index, work)
    with grad_mode.no_grad():
        view._write(work._ms)
    base.grad_fn, base._requires_grad = new_base.grad_fn, True
    base.__dict__.pop("_output_nr", None)
    gen = base.__dict__.get("_inplace_gen", 0) + 1
    base.__dict__["_inplace_gen"] = gen  # other views of base refresh their place on the graph (graph.edge_of)
    reread = _take_positions(base, index, view._shape, base._shape)
    view.grad_fn, view._requires_grad = reread.grad_fn, True
    view.__dict__.pop("_output_nr", None)
    view.__dict__["_inplace_gen"] = gen
    return view


def _snapshot(t):
    """A frozen tensor with t's current value and place in the graph, for the formula of an in-place op."""
    s = Tensor._make(t._ms, t._device, t._shape)
    s.grad_fn = t.grad_fn
    s._requires_grad = t._requires_grad
    if "_output_nr" in t.__dict__:
        s.__dict__["_output_nr"] = t.__dict__["_output_nr"]
    return s
