"""Anomaly detection (torch.autograd.detect_anomaly / set_detect_anomaly): with check_nan, a backward
formula that returns NaN raises torch's RuntimeError naming the node. Process-wide flags, as torch's."""
import functools
import warnings

_state = {"enabled": False, "check_nan": True}


def is_anomaly_enabled():
    return _state["enabled"]


def is_anomaly_check_nan_enabled():
    return _state["check_nan"]


def set_anomaly_enabled(enabled, check_nan=True):
    _state["enabled"], _state["check_nan"] = bool(enabled), bool(check_nan)


class detect_anomaly:
    def __init__(self, check_nan=True):
        self.prev, self.prev_check_nan, self.check_nan = is_anomaly_enabled(), is_anomaly_check_nan_enabled(), check_nan
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should only be "
                      "enabled for debugging.", stacklevel=2)

    def __enter__(self):
        set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *exc):
        set_anomaly_enabled(self.prev, self.prev_check_nan)
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__(self.check_nan):
                return fn(*args, **kwargs)
        return wrapper


class set_detect_anomaly:
    """Applied at construction (a bare call switches it); as a context manager, restored on exit."""

    def __init__(self, mode, check_nan=True):
        self.prev, self.prev_check_nan = is_anomaly_enabled(), is_anomaly_check_nan_enabled()
        set_anomaly_enabled(mode, check_nan)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        set_anomaly_enabled(self.prev, self.prev_check_nan)
        return False


def check_grads(node, grads):
    """The engine's check after a node's formula ran (only while anomaly detection with check_nan is on)."""
    for i, g in enumerate(grads):
        if g is not None and hasattr(g, "isnan") and (g.dtype.is_floating_point or g.dtype.is_complex) \
                and bool(g.isnan().any()):
            raise RuntimeError(f"Function '{type(node).__name__}' returned nan values in its {i}th output.")
