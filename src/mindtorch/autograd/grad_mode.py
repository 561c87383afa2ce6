"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode — thread-local, usable as
context managers and decorators, as torch's."""
import functools
import threading

_state = threading.local()


def is_grad_enabled():
    return getattr(_state, "enabled", True)


def _set(flag):
    _state.enabled = bool(flag)


class _Mode:
    """Base of the grad-mode context managers; as a decorator it wraps each call in the mode."""

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__(*self._args):
                return fn(*args, **kwargs)
        return wrapper

    _args = ()

    def __enter__(self):
        self._prev = is_grad_enabled()
        _set(self._target())

    def __exit__(self, *exc):
        _set(self._prev)
        return False


class no_grad(_Mode):
    def __new__(cls, fn=None):
        self = super().__new__(cls)
        return self(fn) if callable(fn) else self

    def __init__(self, fn=None):
        pass

    def _target(self):
        return False


class enable_grad(no_grad):
    def _target(self):
        return True


class set_grad_enabled(_Mode):
    def __init__(self, mode):
        self._args = (mode,)
        self._mode = bool(mode)
        self._prev = is_grad_enabled()
        _set(self._mode)  # torch applies it at construction, so a bare call works too

    def _target(self):
        return self._mode

    def __enter__(self):
        pass


class inference_mode(_Mode):
    def __new__(cls, mode=True):
        self = super().__new__(cls)
        if callable(mode):
            self._args = (True,)
            self._mode = True
            return self(mode)
        return self

    def __init__(self, mode=True):
        if not callable(mode):
            self._args = (mode,)
            self._mode = bool(mode)

    def _target(self):
        return not self._mode and is_grad_enabled()

    def __enter__(self):
        from .._tensor import _INFERENCE
        self._prev_inference = is_inference_mode_enabled()
        _state.inference = self._mode
        _INFERENCE[0] += 1  # Tensor._make marks tensors made while this thread is in inference mode
        super().__enter__()

    def __exit__(self, *exc):
        from .._tensor import _INFERENCE
        _state.inference = self._prev_inference
        _INFERENCE[0] -= 1
        return super().__exit__(*exc)


def is_inference_mode_enabled():
    return getattr(_state, "inference", False)
