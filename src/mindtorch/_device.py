"""torch.device, the default device, and which dispatch table a device type uses.

A device type names a MindSpore backend: 'cpu' -> CPU kernels, 'cuda' -> MindSpore's GPU kernels,
'npu' -> MindSpore's Ascend kernels. 'meta' tensors carry shape and dtype only.
"""
import mindspore as ms

DEVICE_TYPES = ("cpu", "cuda", "npu", "meta")
_MS_TARGET = {"cpu": "CPU", "cuda": "GPU", "npu": "Ascend"}


class device:
    __slots__ = ("type", "index", "_prev_default")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, int) and not isinstance(type, bool):
            type, index = "cuda", type
        if not isinstance(type, str):
            raise TypeError(f"device() received an invalid combination of arguments - got ({type.__class__.__name__})")
        if ":" in type:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was passed explicitly: {type}")
            type, _, idx = type.partition(":")
            if not idx.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}:{idx}'")
            index = int(idx)
        if type == "gpu":
            type = "cuda"
        if type not in DEVICE_TYPES:
            raise RuntimeError(
                f"Expected one of cpu, cuda, npu, meta device type at start of device string: {type}")
        if index is not None and index < 0:
            raise RuntimeError(f"Device index must not be negative")
        self.type, self.index = type, index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and self.type == other.type and self.index == other.index

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index))

    def __enter__(self):
        self._prev_default = get_default_device()
        set_default_device(self)
        return self

    def __exit__(self, *exc):
        set_default_device(self._prev_default)


CPU = device("cpu")
_default = CPU


def as_device(d):
    """A device from anything torch accepts as `device=` (None -> the default device)."""
    if d is None:
        return _default
    if isinstance(d, device):
        return d
    return device(d)


def get_default_device():
    return _default


def set_default_device(d):
    global _default
    _default = CPU if d is None else as_device(d)


def _ms_target():
    return ms.get_context("device_target")


def is_available(device_type):
    """Whether MindSpore in this process runs kernels for `device_type`."""
    return device_type in ("cpu", "meta") or _ms_target() == _MS_TARGET.get(device_type)


def check_available(d):
    if not is_available(d.type):
        if d.type == "cuda":
            raise AssertionError("Torch not compiled with CUDA enabled (mindtorch: MindSpore's device_target is "
                                 f"{_ms_target()}, not GPU)")
        raise RuntimeError(f"mindtorch: device '{d}' is not available: MindSpore's device_target is {_ms_target()}")
