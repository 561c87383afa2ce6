"""torch.overrides. mindtorch's functions do not dispatch through `__torch_function__`: no argument
type can override them and no TorchFunctionMode is consulted. So `has_torch_function*` is False, and
entering a TorchFunctionMode raises (a mode that silently did nothing would change results)."""
import functools

__all__ = ["get_ignored_functions", "get_overridable_functions", "get_testing_overrides", "handle_torch_function",
           "has_torch_function", "has_torch_function_unary", "has_torch_function_variadic", "is_tensor_like",
           "is_tensor_method_or_property", "wrap_torch_function", "enable_reentrant_dispatch", "TorchFunctionMode",
           "get_default_nowrap_functions", "resolve_name"]


def has_torch_function(relevant_args):
    return False


def has_torch_function_unary(arg):
    return False


def has_torch_function_variadic(*args):
    return False


def handle_torch_function(public_api, relevant_args, *args, **kwargs):
    raise NotImplementedError("mindtorch: __torch_function__ dispatch is not supported")


def is_tensor_like(inp):
    from ._tensor import Tensor
    return type(inp) is Tensor or isinstance(inp, Tensor) or hasattr(inp, "__torch_function__")


def is_tensor_method_or_property(func):
    from ._tensor import Tensor
    name = getattr(func, "__name__", None)
    return name is not None and getattr(Tensor, name, None) is func


def get_ignored_functions():
    return set()


def get_overridable_functions():
    return {}


def get_testing_overrides():
    return {}


def get_default_nowrap_functions():
    return set()


def resolve_name(f):
    mod = getattr(f, "__module__", None)
    name = getattr(f, "__qualname__", None) or getattr(f, "__name__", None)
    if mod is None or name is None:
        return None
    return f"{mod.replace('mindtorch', 'torch')}.{name}"


def wrap_torch_function(dispatcher):
    def inner(func):
        return func
    return inner


class enable_reentrant_dispatch:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class TorchFunctionMode:
    """Base class of torch function modes. Subclassing works; entering one raises, because mindtorch's
    functions do not call `__torch_function__` and the mode would be silently ignored."""
    inner = None

    def __init__(self):
        pass

    def __torch_function__(self, func, types, args=(), kwargs=None):
        raise NotImplementedError()

    def __enter__(self):
        raise NotImplementedError(f"mindtorch: TorchFunctionMode ({type(self).__name__}) is not supported: "
                                  "mindtorch functions do not dispatch through __torch_function__")

    def __exit__(self, exc_type, exc_val, exc_tb):
        return False

    @classmethod
    def push(cls, *args, **kwargs):
        return cls(*args, **kwargs).__enter__()


def _get_current_function_mode():
    return None


def _get_current_function_mode_stack():
    return []


def _pop_mode():
    raise IndexError("no torch function mode is active")


class _DisableTorchFunctionSubclass:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_ = functools
