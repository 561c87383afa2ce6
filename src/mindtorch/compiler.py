"""torch.compiler. mindtorch has no graph compiler: code always runs eagerly, so `is_compiling()` is
False, `disable` and the graph hints return their function unchanged (eager is what they ask for, or
they only advise a compiler), and torch.compiler.compile is torch.compile's documented fallback."""
import contextlib
import functools

__all__ = ["compile", "reset", "allow_in_graph", "substitute_in_graph", "list_backends", "assume_constant_result",
           "disable", "set_stance", "cudagraph_mark_step_begin", "is_compiling", "is_dynamo_compiling",
           "is_exporting", "wrap_numpy", "set_enable_guard_collectives", "nested_compile_region",
           "keep_tensor_guards_unsafe", "skip_guard_on_inbuilt_nn_modules_unsafe", "skip_guard_on_all_nn_modules_unsafe",
           "skip_guard_on_globals_unsafe"]


def compile(*args, **kwargs):
    from ._runtime import compile as _compile
    return _compile(*args, **kwargs)


def reset():
    """No compiled code or caches exist to reset."""


def is_compiling():
    return False


def is_dynamo_compiling():
    return False


def is_exporting():
    return False


def _identity_decorator(fn=None, *args, **kwargs):
    if fn is None or not callable(fn):
        return lambda f: f
    return fn


def disable(fn=None, recursive=True, *, reason=None):
    """Excludes `fn` from compilation; everything runs eagerly here, so `fn` is returned as is."""
    if fn is None:
        return lambda f: f
    return fn


def allow_in_graph(fn):
    return fn


def assume_constant_result(fn):
    return fn


def substitute_in_graph(original_fn, *, can_constant_fold_through=False, skip_signature_check=False):
    def wrapper(traceable_fn):
        return original_fn
    return wrapper


def nested_compile_region(fn=None):
    return _identity_decorator(fn)


def wrap_numpy(fn):
    return fn


def list_backends(exclude_tags=("debug", "experimental")):
    return []


@contextlib.contextmanager
def set_stance(stance="default", *, skip_guard_eval_unsafe=False, force_backend=None):
    yield


def cudagraph_mark_step_begin():
    """Marks a new iteration for CUDA graphs; none are captured here."""


def set_enable_guard_collectives(enabled):
    return False


def keep_tensor_guards_unsafe(guard_entries, keep_parameters=False):
    return guard_entries


def skip_guard_on_inbuilt_nn_modules_unsafe(guard_entries):
    return guard_entries


def skip_guard_on_all_nn_modules_unsafe(guard_entries):
    return guard_entries


def skip_guard_on_globals_unsafe(guard_entries):
    return guard_entries


_ = functools
