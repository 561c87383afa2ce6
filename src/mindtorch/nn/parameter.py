"""nn.Parameter, nn.Buffer and the uninitialized (lazy) parameter and buffer."""
from collections import OrderedDict

from .._tensor import Tensor

__all__ = ["Parameter", "UninitializedParameter", "is_lazy", "Buffer", "UninitializedBuffer",
           "UninitializedTensorMixin"]

# attributes the autograd engine keeps in a tensor's __dict__: never part of a Parameter's user state
_INTERNAL = frozenset(("_grad_accumulator", "_tensor_hooks", "_post_accumulate_hooks", "_output_nr"))


def _empty(device=None, dtype=None):
    from .. import _ops
    return _ops.empty(0, device=device, dtype=dtype)


def _user_state(t):
    return {k: v for k, v in t.__dict__.items() if k not in _INTERNAL}


class Parameter(Tensor):
    """A Tensor that is a module parameter: assigned as a Module attribute it is registered in the
    module's parameters. It shares the data's storage and is a leaf; requires_grad defaults to True
    (also under no_grad)."""

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = _empty()
        if requires_grad and not (data._dtype.is_floating_point or data._dtype.is_complex):
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        return Tensor._make_subclass(cls, data, requires_grad)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.data.clone(), self.requires_grad)
        memo[id(self)] = result
        return result

    def __repr__(self, *, tensor_contents=None):
        return "Parameter containing:\n" + Tensor.__repr__(self)

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        state = _user_state(self)
        hooks = OrderedDict()  # hooks are not serialized, as torch
        if not state:
            return _rebuild_parameter, (self.data, self.requires_grad, hooks)
        return _rebuild_parameter_with_state, (self.data, self.requires_grad, hooks, state)


def _rebuild_parameter(data, requires_grad, backward_hooks):
    return Parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    param = Parameter(data, requires_grad)
    for k, v in state.items():
        setattr(param, k, v)
    return param


class UninitializedTensorMixin:
    """A parameter or buffer whose shape is not known yet (lazy modules); `materialize` gives it one."""

    def materialize(self, shape, device=None, dtype=None):
        from .. import _ops
        if device is None:
            device = self.data.device
        if dtype is None:
            dtype = self.data.dtype
        self.data = _ops.empty(shape, device=device, dtype=dtype)
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error usually happens in "
            "`load_state_dict` when trying to load an uninitialized parameter into an initialized one. Call "
            "`forward` to initialize the parameters before accessing their attributes.")

    def share_memory_(self):
        raise RuntimeError("Can't share memory on an uninitialized parameter or buffer. Call `forward` to initialize "
                           "the parameters before calling `module.share_memory()`.")

    def __repr__(self, *, tensor_contents=None):
        return f"<{self.__class__.__name__}>"

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        return (self.__class__, (self.requires_grad,))


def is_lazy(param):
    """Whether `param` is an UninitializedParameter or UninitializedBuffer."""
    return isinstance(param, UninitializedTensorMixin)


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        return Tensor._make_subclass(cls, _empty(device, dtype), requires_grad)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.requires_grad, self.data.device, self.data.dtype)
        memo[id(self)] = result
        return result


class _BufferMeta(type):
    """`isinstance(t, Buffer)` is True for the tensors Buffer(...) returns (plain tensors flagged as buffers)."""

    def __instancecheck__(cls, instance):
        if cls is Buffer and isinstance(instance, Tensor) and getattr(instance, "_is_buffer", False):
            return True
        return super().__instancecheck__(instance)


class Buffer(Tensor, metaclass=_BufferMeta):
    """A tensor that is module state but not a parameter: assigned as a Module attribute it registers a
    buffer (persistent: part of state_dict). Returns a detached tensor carrying the flag."""

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            data = _empty()
        t = data.detach().requires_grad_(data.requires_grad)
        t.persistent = persistent
        t._is_buffer = True
        return t


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    cls_to_become = Tensor

    def __new__(cls, requires_grad=False, device=None, dtype=None, persistent=True):
        t = Tensor._make_subclass(cls, _empty(device, dtype), requires_grad)
        t.persistent = persistent
        t._is_buffer = True
        return t
