"""torch.jit (TorchScript). mindtorch has no TorchScript: `script` (also used as a decorator in model
files) returns its function or module unchanged, an honest fallback that runs eagerly with identical
results; `is_scripting()`/`is_tracing()` are False. What needs a real TorchScript program (trace, save,
load, freeze of a graph) raises NotImplementedError naming it."""
import contextlib
import functools
import warnings

__all__ = ["script", "trace", "trace_module", "is_tracing", "is_scripting", "ignore", "unused", "export", "interface",
           "script_if_tracing", "Final", "Attribute", "annotate", "fork", "wait", "save", "load", "freeze",
           "optimize_for_inference", "ScriptModule", "ScriptFunction", "RecursiveScriptModule", "TracerWarning",
           "Future", "enable_onednn_fusion", "onednn_fusion_enabled", "set_fusion_strategy", "strict_fusion",
           "isinstance", "CompilationUnit", "Error"]

import typing as _typing

Final = _typing.Final


def is_tracing():
    return False


def is_scripting():
    return False


def script(obj=None, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """Returns `obj` unchanged: no TorchScript compiler exists here; the object runs eagerly and its
    results are exactly those it has unscripted."""
    return obj


def _unsupported(name):
    def unsupported(*args, **kwargs):
        raise NotImplementedError(f"mindtorch: torch.jit.{name} is not supported (no TorchScript)")
    unsupported.__name__ = name
    return unsupported


trace = _unsupported("trace")
trace_module = _unsupported("trace_module")
save = _unsupported("save")
load = _unsupported("load")
freeze = _unsupported("freeze")


def optimize_for_inference(mod, other_methods=None):
    raise NotImplementedError("mindtorch: torch.jit.optimize_for_inference is not supported (no TorchScript)")


def ignore(drop=False, **kwargs):
    if callable(drop):
        return drop
    return lambda fn: fn


def unused(fn):
    return fn


def export(fn):
    return fn


def interface(obj):
    return obj


def script_if_tracing(fn):
    return fn


def _script_if_tracing(fn):
    return fn


def Attribute(value, type=None):
    return value


def annotate(the_type, the_value):
    return the_value


def isinstance(obj, target_type):
    import builtins
    return builtins.isinstance(obj, target_type)


class Future:
    def __init__(self, value=None, error=None):
        self._value, self._error = value, error

    def wait(self):
        if self._error is not None:
            raise self._error
        return self._value

    def value(self):
        return self.wait()

    def done(self):
        return True


def fork(func, *args, **kwargs):
    """Runs `func` now (eagerly) and returns a completed Future."""
    try:
        return Future(func(*args, **kwargs))
    except Exception as e:  # the error surfaces at wait(), as torch's
        return Future(error=e)


def wait(future):
    return future.wait()


class _ScriptMeta(type):
    pass


class ScriptModule(metaclass=_ScriptMeta):
    """TorchScript module type (no instance exists in mindtorch)."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("mindtorch: torch.jit.ScriptModule is not supported (no TorchScript)")


class RecursiveScriptModule(ScriptModule):
    pass


class ScriptFunction:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("mindtorch: torch.jit.ScriptFunction is not supported (no TorchScript)")


class CompilationUnit:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("mindtorch: torch.jit.CompilationUnit is not supported (no TorchScript)")


class TracerWarning(Warning):
    @staticmethod
    def ignore_lib_warnings():
        warnings.filterwarnings("ignore", category=TracerWarning, module="torch.(?!jit)")


class Error(RuntimeError):
    pass


def enable_onednn_fusion(enabled):
    pass


def onednn_fusion_enabled():
    return False


def set_fusion_strategy(strategy):
    return []


@contextlib.contextmanager
def strict_fusion():
    yield


@contextlib.contextmanager
def optimized_execution(should_optimize):
    yield


@contextlib.contextmanager
def fuser(name):
    yield


_ = functools
from . import _state  # noqa: E402,F401
