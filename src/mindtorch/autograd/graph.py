"""The recorded graph: one Node per differentiable op call, edges to the nodes of its inputs.

`record()` is called by the op registry for every op declared with a backward formula when grad
mode is on and an input requires grad. Saved inputs are the input tensors themselves with their
version at record time (torch's "modified by an inplace operation" check); the formula is called
with them at backward time, so a formula is written in mindtorch ops and is itself differentiable.
"""
import inspect
import threading
import weakref

from .grad_mode import is_grad_enabled


class Node:
    """A grad_fn. `next_functions` are (node, output_nr) pairs, one per differentiable input."""
    _formula = None       # backward(grad, **saved) -> grads aligned with the op's parameters
    _saves = ()           # names of the op's parameters the formula reads
    _saves_shapes = ()    # `<param>_shape` names: the formula reads only that tensor parameter's shape
    _saves_result = False
    _param_names = None   # the op's parameter names, for formulas that read `needs_grad`

    def __init__(self, next_functions, input_meta, saved, saved_versions, result):
        self.next_functions = next_functions
        self._input_meta = input_meta        # per edge: (param index, list position or None, shape, dtype)
        self._saved = saved                  # name -> value the formula reads
        self._saved_versions = saved_versions
        self._result = result                # (alias sharing the output's storage, version) or None
        self._hooks = []
        self._prehooks = []
        self.metadata = {}

    def name(self):
        return type(self).__name__

    def register_hook(self, fn):
        self._hooks.append(fn)
        return _RemovableHandle(self._hooks, fn)

    def register_prehook(self, fn):
        self._prehooks.append(fn)
        return _RemovableHandle(self._prehooks, fn)

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    def _unpack(self):
        if self._saved is None:
            raise RuntimeError("Trying to backward through the graph a second time (or directly access saved tensors "
                               "after they have already been freed). Saved intermediate values of the graph are freed "
                               "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
                               "backward through the graph a second time or if you need to access saved tensors after "
                               "calling backward.")
        for name, (tensor, version) in self._saved_versions.items():
            if tensor._storage.version != version:
                raise _modified_error(tensor, self, version)
        kwargs = {k: v.unpack() if type(v) is _PackedTensor else v for k, v in self._saved.items()}
        if self._param_names is not None:
            kwargs["needs_grad"] = frozenset(self._param_names[index] for index, *_ in self._input_meta)
        if self._saves_result:
            alias, version = self._result
            if type(version) is tuple:
                kwargs["result"] = _SavedOutputs(alias, version, self)
            else:
                if alias._storage.version != version:
                    raise _modified_error(alias, self, version)
                if is_grad_enabled() and (alias._dtype.is_floating_point or alias._dtype.is_complex):
                    # create_graph: the output as torch's saved output unpacks, on the graph at this node,
                    # so a formula that reads `result` (exp, tanh, sqrt, ...) differentiates again correctly
                    alias = alias.detach()
                    alias.grad_fn, alias._requires_grad = self, True
                kwargs["result"] = alias
        return kwargs

    def apply(self, grads):
        """Grads of the op's inputs (one per edge) from the grads of its outputs."""
        kwargs = self._unpack()
        out = type(self)._formula(grads if self._multi_output else grads[0], **kwargs)
        if not isinstance(out, tuple):
            out = (out,)
        result = []
        for param_index, position, _, _ in self._input_meta:
            g = out[param_index] if param_index < len(out) else None
            if position is not None and g is not None:
                g = g[position]
            result.append(g)
        return result

    _multi_output = False

    def _release(self):
        self._saved = None
        self._saved_versions = {}
        self._result = None


class _SavedOutputs(tuple):
    """The outputs of a multi-output op as its formula reads them: each is version-checked when the
    formula takes it, so changing an output the formula does not read in place (the values of
    max(dim) or sort, whose derivatives read only the indices) is fine, as in torch."""

    def __new__(cls, outputs, versions, node):
        self = super().__new__(cls, outputs)
        self._versions, self._node = versions, node
        return self

    def _check(self, i):
        v = self._versions[i]
        t = tuple.__getitem__(self, i)
        if v is not None and t._storage.version != v:
            raise _modified_error(t, self._node, v)
        return t

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self._check(j) for j in range(len(self))[i])
        return self._check(i)

    def __iter__(self):
        return (self._check(i) for i in range(len(self)))


class AccumulateGrad:
    """The node that adds a leaf's gradient into `.grad`."""

    def __init__(self, variable):
        self.variable = variable
        self.next_functions = ()
        self._hooks = []
        self._prehooks = []
        self.metadata = {}

    def name(self):
        return "torch::autograd::AccumulateGrad"

    def register_hook(self, fn):
        self._hooks.append(fn)
        return _RemovableHandle(self._hooks, fn)

    def register_prehook(self, fn):
        self._prehooks.append(fn)
        return _RemovableHandle(self._prehooks, fn)

    def __repr__(self):
        return f"<AccumulateGrad object at {hex(id(self))}>"


class _RemovableHandle:
    def __init__(self, hooks, fn):
        self._hooks, self._fn = hooks, fn

    def remove(self):
        if self._fn in self._hooks:
            self._hooks.remove(self._fn)


def _modified_error(tensor, node, expected):
    shape = list(tensor._shape)
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[{tensor.type()} {shape}] is at version {tensor._storage.version}; expected version {expected} instead. "
        f"Hint: the backtrace further above can point at the operation that failed to compute its gradient ({node.name()}).")


def grad_accumulator(tensor):
    acc = tensor.__dict__.get("_grad_accumulator")
    acc = acc() if acc is not None else None
    if acc is None:
        acc = AccumulateGrad(tensor)
        tensor.__dict__["_grad_accumulator"] = weakref.ref(acc)  # the graph holds it; the tensor only names it
    return acc


def edge_of(tensor):
    """The (node, output_nr) that receives the gradient flowing into `tensor`."""
    base = tensor._base
    if base is not None and tensor.grad_fn is not None and \
            tensor.__dict__.get("_inplace_gen", 0) != base.__dict__.get("_inplace_gen", 0):
        _refresh_view(tensor, base)
    if tensor.grad_fn is not None:
        return (tensor.grad_fn, tensor.__dict__.get("_output_nr", 0))
    if tensor._requires_grad:
        return (grad_accumulator(tensor), 0)
    return (None, 0)


# ---- declaring a formula ---------------------------------------------------------------------------
def node_class(op_name, formula, entry):
    """The grad_fn class of an op: named as torch names it (AddBackward0) and carrying the formula."""
    params = [p for p in inspect.signature(formula).parameters if p != "grad"]
    entry_params = list(inspect.signature(entry).parameters)
    # `<param>_shape` (where the op takes `<param>` but no `<param>_shape`): only that tensor's shape is
    # saved, so an in-place change of the tensor after the op does not invalidate the graph (as torch
    # saves only sizes where a derivative needs no values: sum, mean, max along a dim, sort, ...)
    shapes = tuple(p for p in params if p not in entry_params and p.endswith("_shape") and p[:-6] in entry_params)
    # `needs_grad`: the names of the op's parameters that get a gradient (torch's needs_input_grad), so a
    # formula need not save an input only to ask whether it requires grad
    specials = ("result", "needs_grad")
    unknown = [p for p in params if p not in entry_params and p not in specials and p not in shapes]
    if unknown:
        raise TypeError(f"backward formula of '{op_name}' reads {unknown}, which '{op_name}' does not take")
    camel = "".join(part[:1].upper() + part[1:] for part in op_name.strip("_").split("_"))
    return type(f"{camel}Backward0", (Node,), {
        "_formula": staticmethod(formula),
        "_saves": tuple(p for p in params if p not in specials and p not in shapes),
        "_saves_shapes": shapes, "_saves_result": "result" in params,
        "_param_names": tuple(entry_params) if "needs_grad" in params else None})


def _refresh_view(view, base):
    """A view taken before its base was written in place (directly, or through another view) reads the
    base's new values: its place on the graph becomes a read of the base as it is now (torch regenerates
    such a view's grad_fn the same way, as an AsStridedBackward of the base)."""
    from .._ops.view_grad import _take_positions, positions_in_base  # noqa: PLC0415
    from .grad_mode import enable_grad  # noqa: PLC0415
    with enable_grad():
        reread = _take_positions(base, positions_in_base(view, base), view._shape, base._shape)
    view.grad_fn = reread.grad_fn
    view.__dict__.pop("_output_nr", None)
    view.__dict__["_inplace_gen"] = base.__dict__.get("_inplace_gen", 0)


def any_requires_grad(args, kwargs):
    for a in args:
        if getattr(a, "_requires_grad", False):
            return True
        if type(a) in (list, tuple):
            for x in a:
                if getattr(x, "_requires_grad", False):
                    return True
    for a in kwargs.values():
        if getattr(a, "_requires_grad", False):
            return True
    return False


_hooks_state = threading.local()


def _hook_stack():
    stack = getattr(_hooks_state, "stack", None)
    if stack is None:
        stack = _hooks_state.stack = []
    return stack


def saved_hooks_active():
    return bool(getattr(_hooks_state, "stack", None))


class _PackedTensor:
    """A saved tensor as the innermost saved_tensors_hooks' pack_hook returned it."""
    __slots__ = ("packed", "unpack_hook")

    def __init__(self, packed, unpack_hook):
        self.packed, self.unpack_hook = packed, unpack_hook

    def unpack(self):
        return self.unpack_hook(self.packed)


def pack_saved(tensor):
    pack_hook, unpack_hook = _hook_stack()[-1]
    return _PackedTensor(pack_hook(tensor), unpack_hook)


class saved_tensors_hooks:
    """torch.autograd.graph.saved_tensors_hooks: every tensor an op saves for backward inside this context
    goes through pack_hook when saved and unpack_hook when the backward formula reads it."""

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook, self.unpack_hook = pack_hook, unpack_hook

    def __enter__(self):
        refusal = getattr(_hooks_state, "disabled", None)
        if refusal is not None:
            raise RuntimeError(refusal)
        _hook_stack().append((self.pack_hook, self.unpack_hook))
        return self

    def __exit__(self, *exc):
        _hook_stack().pop()


class save_on_cpu(saved_tensors_hooks):
    """Saved tensors live on the CPU between forward and backward and go back to their device when read."""

    def __init__(self, pin_memory=False, device_type="cuda"):
        def pack(tensor):
            return tensor.device, tensor.detach().cpu()

        def unpack(packed):
            device, tensor = packed
            return tensor.to(device)
        super().__init__(pack, unpack)


class disable_saved_tensors_hooks:
    """Inside it, entering saved_tensors_hooks raises RuntimeError(error_message), as torch's."""

    def __init__(self, error_message):
        self.error_message = error_message

    def __enter__(self):
        self._outer = getattr(_hooks_state, "disabled", None)
        _hooks_state.disabled = self.error_message
        return self

    def __exit__(self, *exc):
        _hooks_state.disabled = self._outer
