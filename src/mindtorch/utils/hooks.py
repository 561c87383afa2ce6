"""torch.utils.hooks: RemovableHandle, unserializable_hook, warn_if_has_hooks, and BackwardHook (the
machinery behind nn.Module's full backward hooks)."""
import warnings
import weakref
from collections import OrderedDict

__all__ = ["RemovableHandle", "unserializable_hook", "warn_if_has_hooks", "BackwardHook"]


class RemovableHandle:
    """A handle to a hook stored under `self.id` in a hooks dict (and optional extra dicts keyed the same
    way); `remove()` deletes those entries. Ids come from one counter shared by every handle, so global
    and per-module hooks never collide."""

    next_id = 0

    def __init__(self, hooks_dict, *, extra_dict=None):
        self.hooks_dict_ref = weakref.ref(hooks_dict)
        self.id = RemovableHandle.next_id
        RemovableHandle.next_id += 1
        if isinstance(extra_dict, dict):
            self.extra_dict_ref = (weakref.ref(extra_dict),)
        elif isinstance(extra_dict, list):
            self.extra_dict_ref = tuple(weakref.ref(d) for d in extra_dict)
        else:
            self.extra_dict_ref = ()

    def remove(self):
        for ref in (self.hooks_dict_ref, *self.extra_dict_ref):
            d = ref()
            if d is not None and self.id in d:
                del d[self.id]

    def __getstate__(self):
        return (self.hooks_dict_ref(), self.id, tuple(ref() for ref in self.extra_dict_ref))

    def __setstate__(self, state):
        hooks = state[0]
        self.hooks_dict_ref = weakref.ref(OrderedDict() if hooks is None else hooks)
        self.id = state[1]
        RemovableHandle.next_id = max(RemovableHandle.next_id, self.id + 1)
        extra = state[2] if len(state) > 2 else None
        self.extra_dict_ref = () if extra is None else tuple(weakref.ref(d) for d in extra if d is not None)

    def __enter__(self):
        return self

    def __exit__(self, type, value, tb):
        self.remove()


def unserializable_hook(f):
    """Mark a tensor hook as one that is not expected to survive serialization."""
    f.__torch_unserializable__ = True
    return f


def warn_if_has_hooks(tensor):
    hooks = getattr(tensor, "_backward_hooks", None) or {}
    for hook in hooks.values():
        if not hasattr(hook, "__torch_unserializable__"):
            warnings.warn(f"backward hook {hook!r} on tensor will not be serialized.  If this is expected, you can "
                          "decorate the function with @torch.utils.hooks.unserializable_hook to suppress this warning",
                          stacklevel=2)


# ---- the identity node that module backward hooks hang on ------------------------------------------
def _node_base():
    from ..autograd.graph import Node
    return Node


_HOOK_NODE = None


def _hook_node_class():
    """BackwardHookFunctionBackward: an identity over a module's tensor inputs or outputs. Gradients of
    outputs that received none reach its hooks as None and leave it as zeros (torch's custom-Function
    behaviour, which materializes missing grads before calling backward)."""
    global _HOOK_NODE
    if _HOOK_NODE is None:
        Node = _node_base()

        class BackwardHookFunctionBackward(Node):
            def __init__(self, next_functions, input_meta, metas):
                Node.__init__(self, next_functions, input_meta, {}, {}, None)
                self._metas = metas                          # (shape, dtype, device) per output
                self._output_meta = (None,) * len(metas)     # the engine hands us None for missing grads

            def apply(self, grads):
                from .._ops.creation import full_tensor
                return [full_tensor(shape, 0, dtype, device) if g is None else g
                        for g, (shape, dtype, device) in zip(grads, self._metas)]

        _HOOK_NODE = BackwardHookFunctionBackward
    return _HOOK_NODE


def _backward_hook_function(tensors):
    """The tensors again (aliases sharing storage), those that require grad now flowing through one
    BackwardHookFunctionBackward node; returns (new tensors, node)."""
    from ..autograd.graph import edge_of
    cls = _hook_node_class()
    edges, input_meta, metas = [], [], []
    for i, t in enumerate(tensors):
        edges.append(edge_of(t) if t._requires_grad else (None, 0))
        input_meta.append((i, None, t._shape, t._dtype))
        metas.append((t._shape, t._dtype, t._device))
    node = cls(tuple(edges), input_meta, tuple(metas))
    out = []
    for i, t in enumerate(tensors):
        a = t.detach()
        if t._requires_grad:
            a.grad_fn = node
            a._requires_grad = True
            if i:
                a.__dict__["_output_nr"] = i
        out.append(a)
    return tuple(out), node


class BackwardHook:
    """Runs a module's full backward pre-hooks and hooks: an identity node on the module's tensor inputs
    (its hook sees the grads of the inputs) and one on its outputs (its hook sees the grads of the
    outputs first)."""

    def __init__(self, module, user_hooks, user_pre_hooks):
        self.user_hooks = user_hooks
        self.user_pre_hooks = user_pre_hooks
        self.module = module
        self.grad_outputs = None
        self.n_outputs = -1
        self.output_tensors_index = None
        self.n_inputs = -1
        self.input_tensors_index = None

    @staticmethod
    def _pack_with_none(indices, values, size):
        res = [None] * size
        for idx, val in zip(indices, values):
            res[idx] = val
        return tuple(res)

    @staticmethod
    def _unpack_none(indices, values):
        return tuple(values[idx] for idx in indices)

    def _set_user_hook(self, node):
        def hook(grad_input, _):
            if self.grad_outputs is None:
                # the gradient reached the inputs without passing through the outputs (double backward)
                return None
            res = self._pack_with_none(self.input_tensors_index, grad_input, self.n_inputs)
            for user_hook in self.user_hooks:
                out = user_hook(self.module, res, self.grad_outputs)
                if out is None:
                    continue
                if len(out) != len(res):
                    raise RuntimeError(f"Backward hook returned an invalid number of grad_input, got {len(out)}, but "
                                       f"expected {len(res)}")
                res = out
            self.grad_outputs = None
            return self._unpack_none(self.input_tensors_index, res)
        node.register_hook(hook)

    def _apply_on_tensors(self, fn, args):
        from .._tensor import Tensor
        from ..autograd.grad_mode import is_grad_enabled
        index, tensors, requires_grad = [], [], False
        for i, a in enumerate(args):
            if isinstance(a, Tensor):
                index.append(i)
                tensors.append(a)
                requires_grad = requires_grad or a._requires_grad
        if not (requires_grad and is_grad_enabled()):
            return args, None
        new, node = _backward_hook_function(tensors)
        fn(node)
        items = list(args)
        for i, t in zip(index, new):
            items[i] = t
        out = tuple(items) if type(args) is tuple else type(args)(*items)
        return out, index

    def setup_input_hook(self, args):
        res, index = self._apply_on_tensors(self._set_user_hook, args)
        self.n_inputs = len(args)
        self.input_tensors_index = index
        return res

    def setup_output_hook(self, args):
        def fn(node):
            def hook(_, grad_output):
                self.grad_outputs = self._pack_with_none(self.output_tensors_index, grad_output, self.n_outputs)
                if self.user_pre_hooks:
                    expected = len(self.grad_outputs)
                    for pre in self.user_pre_hooks:
                        new = pre(self.module, self.grad_outputs)
                        if new is None:
                            continue
                        if len(new) != expected:
                            raise RuntimeError(f"Backward pre hook returned an invalid number of grad_output, got "
                                               f"{len(new)}, but expected {expected}")
                        self.grad_outputs = new
                local = self.grad_outputs
                if self.input_tensors_index is None:
                    warnings.warn("Full backward hook is firing when gradients are computed with respect to module "
                                  "outputs since no inputs require gradients. See https://docs.pytorch.org/docs/main/"
                                  "generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more "
                                  "details.", stacklevel=5)
                    grad_inputs = self._pack_with_none([], [], self.n_inputs)
                    for user_hook in self.user_hooks:
                        res = user_hook(self.module, grad_inputs, self.grad_outputs)
                        if res is not None and not (isinstance(res, tuple) and all(r is None for r in res)):
                            raise RuntimeError("Backward hook for Modules where no input requires gradient should "
                                               "always return None or None for all gradients.")
                    self.grad_outputs = None
                if local is not None:
                    return tuple(local[i] for i in self.output_tensors_index)
                return None
            node.register_hook(hook)

        is_tuple = isinstance(args, tuple)
        if not is_tuple:
            args = (args,)
        res, index = self._apply_on_tensors(fn, args)
        self.n_outputs = len(args)
        self.output_tensors_index = index
        return res if is_tuple else res[0]
