"""mindtorch.autograd: the tape engine, grad modes, and the Tensor methods that start a backward pass."""
from .grad_mode import no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode  # noqa: F401
from .graph import Node  # noqa: F401
from .function import Function, FunctionCtx, once_differentiable, InplaceFunction  # noqa: F401
from .engine import run_backward
from . import functional  # noqa: F401
from .anomaly_mode import detect_anomaly, set_detect_anomaly  # noqa: F401
from .gradcheck import gradcheck, gradgradcheck, GradcheckError  # noqa: F401
from .._tensor import Tensor


def _as_tuple(x):
    if x is None:
        return None
    return (x,) if isinstance(x, Tensor) else tuple(x)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None):
    tensors = _as_tuple(tensors)
    grad_tensors = _as_tuple(grad_tensors if grad_tensors is not None else grad_variables) or (None,) * len(tensors)
    if retain_graph is None:
        retain_graph = create_graph
    run_backward(tensors, grad_tensors, retain_graph, create_graph,
                 inputs=_as_tuple(inputs), allow_unused=True, accumulate=True)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    outputs = _as_tuple(outputs)
    inputs = _as_tuple(inputs)
    grad_outputs = _as_tuple(grad_outputs) or (None,) * len(outputs)
    if retain_graph is None:
        retain_graph = create_graph
    if allow_unused is None:
        allow_unused = materialize_grads
    grads = run_backward(outputs, grad_outputs, retain_graph, create_graph, inputs=inputs,
                         allow_unused=allow_unused, accumulate=False)
    if materialize_grads:
        from .._ops.creation import zeros_like
        grads = tuple(zeros_like(i) if g is None else g for g, i in zip(grads, inputs))
    return grads


def _tensor_backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    backward(self, gradient, retain_graph, create_graph, inputs=inputs)


def _register_hook(self, hook):
    from .graph import _RemovableHandle
    if not self._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if self.grad_fn is None:
        if self._hooks is None:
            self._hooks = []
        hooks = self._hooks
    else:
        per_output = self.grad_fn.__dict__.setdefault("_tensor_hooks", {})
        hooks = per_output.setdefault(self.__dict__.get("_output_nr", 0), [])
    hooks.append(hook)
    return _RemovableHandle(hooks, hook)


def _retain_grad(self):
    if self.grad_fn is None:
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        return
    if self._retains_grad:
        return
    self._retains_grad = True

    def keep(g):
        self._grad = g.detach() if self._grad is None else self._grad + g.detach()
    # torch runs the retain-grad hook after every other hook of the tensor, whatever the order of registration
    self.grad_fn.__dict__.setdefault("_retain_grad_hooks", {})[self.__dict__.get("_output_nr", 0)] = keep


def _register_post_accumulate_grad_hook(self, hook):
    from .graph import _RemovableHandle
    if self.grad_fn is not None:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    hooks = self.__dict__.setdefault("_post_accumulate_hooks", [])
    hooks.append(hook)
    return _RemovableHandle(hooks, hook)


Tensor.backward = _tensor_backward
Tensor.register_hook = _register_hook
Tensor.retain_grad = _retain_grad
Tensor.register_post_accumulate_grad_hook = _register_post_accumulate_grad_hook


class _VariableMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor)


class Variable(metaclass=_VariableMeta):
    """The legacy torch.autograd.Variable: Variable(t, requires_grad=...) gives t itself (with the flag set);
    every tensor is an instance."""

    def __new__(cls, data, requires_grad=False, volatile=False):
        if requires_grad:
            data.requires_grad_(True)
        return data
