"""torch.accelerator: the current accelerator of this MindSpore process: 'cuda' when its device_target
is GPU, 'npu' when Ascend, none on CPU (as torch without an accelerator)."""
from ._device import device as _Device


def _module():
    from . import cuda, npu
    for m in (cuda, npu):
        if m.is_available():
            return m
    return None


def _need():
    m = _module()
    if m is None:
        raise RuntimeError("Cannot access accelerator device when none is available.")
    return m


def is_available():
    return _module() is not None


def device_count():
    m = _module()
    return 0 if m is None else m.device_count()


def current_accelerator(check_available=False):
    m = _module()
    return None if m is None else _Device(m._api.type)


def current_device_index():
    return _need().current_device()


current_device_idx = current_device_index


def set_device_index(device):
    _need().set_device(device)


set_device_idx = set_device_index


class device_index:
    def __init__(self, device):
        self.idx = device

    def __enter__(self):
        if self.idx is not None:
            set_device_index(self.idx)
        return self

    def __exit__(self, *exc):
        return False


def synchronize(device=None):
    _need().synchronize()


def current_stream(device=None):
    return _need().current_stream()


def set_stream(stream):
    _need().set_stream(stream)


def empty_cache():
    _need().empty_cache()


def memory_allocated(device_index=None):
    return _need().memory_allocated()


def max_memory_allocated(device_index=None):
    return _need().max_memory_allocated()


def memory_reserved(device_index=None):
    return _need().memory_reserved()


def max_memory_reserved(device_index=None):
    return _need().max_memory_reserved()


def memory_stats(device_index=None):
    return _need().memory_stats()


def reset_peak_memory_stats(device_index=None):
    _need().reset_peak_memory_stats()


def reset_accumulated_memory_stats(device_index=None):
    _need().reset_accumulated_memory_stats()


def get_memory_info(device_index=None):
    return _need().mem_get_info()


def get_device_capability(device=None):
    return _need().get_device_capability(device)
