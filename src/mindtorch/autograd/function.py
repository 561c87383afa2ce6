"""autograd.Function: user-defined ops with their own forward and backward, recorded on the graph
like any registry op (a node named `<Class>Backward`)."""
import functools
import inspect

from . import grad_mode
from .graph import Node, edge_of
from .._tensor import Tensor


class FunctionCtx:
    """The `ctx` a Function's forward/setup_context and backward share."""

    def save_for_backward(self, *tensors):
        self._to_save = tensors

    def save_for_forward(self, *tensors):
        self._to_save_forward = tensors

    def mark_dirty(self, *tensors):
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors):
        self._non_differentiable = tensors

    def set_materialize_grads(self, value):
        self._materialize = bool(value)


class _FunctionNode(Node, FunctionCtx):
    """The grad_fn of one Function call; it is also that call's ctx, as in torch."""
    _function = None

    def __init__(self):
        Node.__init__(self, (), [], {}, {}, None)
        self._to_save = ()
        self._materialize = True
        self._dirty = ()
        self._non_differentiable = ()
        self.needs_input_grad = ()

    @property
    def saved_tensors(self):
        if self._saved is None:
            return self._unpack()  # raises the freed-graph error
        for t, version in self._saved_versions.values():
            if t is not None and t._storage.version != version:
                from .graph import _modified_error
                raise _modified_error(t, self, version)
        return tuple(t for t, _ in self._saved_versions.values())

    def apply(self, grads):
        if self._materialize:
            from .engine import zeros_like_meta
            grads = [zeros_like_meta(m) if g is None and m is not None else g for g, m in zip(grads, self._output_meta)]
        out = type(self)._function.backward(self, *grads)
        if not isinstance(out, tuple):
            out = (out,)
        if len(out) < self._num_inputs:
            raise RuntimeError(f"function {type(self).__name__} returned an incorrect number of gradients (expected "
                               f"{self._num_inputs}, got {len(out)})")
        return [out[index] for index, _, _, _ in self._input_meta]


class FunctionMeta(type):
    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        cls._backward_cls = type(f"{name}Backward", (_FunctionNode,), {"_function": cls})


class Function(metaclass=FunctionMeta):
    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not overridden")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it with "
                                  "forward mode AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = cls._backward_cls()
        uses_setup_context = cls.setup_context is not Function.setup_context
        tensors = [(i, a) for i, a in enumerate(args) if isinstance(a, Tensor)]
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        with grad_mode.no_grad():
            if uses_setup_context:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        recording = grad_mode.is_grad_enabled() and any(a._requires_grad for _, a in tensors)
        outputs = output if isinstance(output, tuple) else (output,)
        if not recording:
            return output
        ctx.next_functions = tuple(edge_of(a) for _, a in tensors if a._requires_grad)
        ctx._input_meta = [(i, None, a._shape, a._dtype) for i, a in tensors if a._requires_grad]
        ctx._num_inputs = len(args)
        ctx._saved_versions = {i: (t, t._storage.version if t is not None else None) for i, t in enumerate(ctx._to_save)}
        ctx._multi_output = isinstance(output, tuple)
        ctx._output_meta = tuple((o._shape, o._dtype, o._device) if isinstance(o, Tensor) else None for o in outputs)
        non_diff = {id(t) for t in ctx._non_differentiable}
        for nr, o in enumerate(outputs):
            if not isinstance(o, Tensor):
                continue
            if id(o) in non_diff or not (o._dtype.is_floating_point or o._dtype.is_complex):
                o._requires_grad = False
                continue
            if o.grad_fn is None and o._requires_grad and not any(o is d for d in ctx._dirty):
                o = o.view_as(o) if hasattr(o, "view_as") else o  # an input returned as is gets a new identity
            o.grad_fn = ctx
            o._requires_grad = True
            if nr:
                o.__dict__["_output_nr"] = nr
        return output


def once_differentiable(fn):
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with grad_mode.no_grad():
            return fn(ctx, *args)
    return wrapper


class InplaceFunction(Function):
    pass


class NestedIOFunction(Function):
    pass
