"""torch.cpu: the CPU device module (always available)."""
import contextlib

from .amp import autocast_mode as _am


def is_available():
    return True


def device_count():
    return 1


def current_device():
    return "cpu"


def set_device(device):
    pass


def synchronize(device=None):
    """CPU kernels have finished when they return (mindtorch launches blocking)."""


def is_initialized():
    return True


def _is_avx2_supported():
    return "AVX2" in _capability() or "AVX512" in _capability()


def _capability():
    from .backends.cpu import get_cpu_capability
    return get_cpu_capability()


class Stream:
    """The CPU's only stream: work runs in order."""

    def __init__(self, priority=-1):
        pass

    def wait_stream(self, stream):
        pass

    def record_event(self):
        pass

    def query(self):
        return True

    def synchronize(self):
        pass


_current = Stream()


def current_stream(device=None):
    return _current


@contextlib.contextmanager
def stream(stream):
    yield


class _AmpModule:
    pass


class _CpuAutocast(_am.autocast):
    def __init__(self, enabled=True, dtype=None, cache_enabled=True):
        from . import _dtype
        super().__init__("cpu", dtype=dtype or _dtype.bfloat16, enabled=enabled, cache_enabled=cache_enabled)


amp = _AmpModule()
amp.autocast = _CpuAutocast
