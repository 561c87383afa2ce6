"""torch.device, the default device, and which dispatch table a device type uses.

A device type names a MindSpore backend: 'cpu' -> CPU kernels, 'cuda' -> MindSpore's GPU kernels,
'npu' -> MindSpore's Ascend kernels. 'meta' tensors carry shape and dtype only. The other device
types torch knows (mps, xla, ...) parse, compare and print as in torch; tensors cannot live there.
"""
import builtins
import re

import mindspore as ms

DEVICE_TYPES = ("cpu", "cuda", "npu", "meta")
# every device type torch's parser accepts, in the order its error message lists them, plus npu
_TORCH_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia",
                "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")
_KNOWN = frozenset(_TORCH_TYPES + ("npu",))
_DEVICE_STRING = re.compile(r"([a-zA-Z_]+)(?::(0|[1-9][0-9]*))?")
_MS_TARGET = {"cpu": "CPU", "cuda": "GPU", "npu": "Ascend"}
_ACCELERATOR = {"GPU": "cuda", "Ascend": "npu"}


class device:
    """torch.device(type, index=None), torch.device('cuda:1'), torch.device(other_device) or
    torch.device(1) (the current accelerator). Also a context manager that sets the default device."""
    __slots__ = ("type", "index")
    __module__ = "mindtorch"

    def __init__(self, type=None, index=None):
        if isinstance(type, device):
            if index is not None:
                raise TypeError("device(): an index cannot be given with a torch.device")
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, builtins.int) and not isinstance(type, builtins.bool) and index is None:
            accelerator = _ACCELERATOR.get(_ms_target())
            if accelerator is None:
                raise RuntimeError("Cannot access accelerator device when none is available.")
            type, index = accelerator, type
        if not isinstance(type, str):
            raise TypeError(f"device() received an invalid combination of arguments - got "
                            f"({type.__class__.__name__}), but expected one of:\n * (torch.device device)\n"
                            " * (str type, int index = -1)")
        if index is not None and (not isinstance(index, builtins.int) or isinstance(index, builtins.bool)):
            raise TypeError(f"device(): argument 'index' (position 2) must be int, not {index.__class__.__name__}")
        m = _DEVICE_STRING.fullmatch(type)
        if m is None:
            raise RuntimeError(f"Invalid device string: '{type}'")
        kind, idx = m.group(1), m.group(2)
        if kind not in _KNOWN:
            raise RuntimeError(f"Expected one of {', '.join(_TORCH_TYPES)} device type at start of device string: "
                               f"{type}")
        if idx is not None:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was passed explicitly: "
                                   f"{type}")
            index = builtins.int(idx)
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        self.type, self.index = kind, index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        return isinstance(other, device) and self.type == other.type and self.index == other.index

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index) if self.index is not None else (self.type,))

    def __enter__(self):
        _context_stack.append(_default)
        set_default_device(self)
        return self

    def __exit__(self, *exc):
        set_default_device(_context_stack.pop())


CPU = device("cpu")
_default = CPU
_context_stack = []


def as_device(d):
    """The device a tensor is placed on for `device=d` (None -> the default device): as in torch,
    CPU tensors carry no index and accelerator tensors always do ('cuda' -> cuda:0)."""
    if d is None:
        d = _default
    elif d.__class__ is not device:
        d = device(d)
    if d.type == "cpu":
        return CPU
    if d.index is None and d.type in ("cuda", "npu"):
        return device(d.type, 0)
    return d


def get_default_device():
    d = _default
    if d.type in ("cuda", "npu") and d.index is None:
        return device(d.type, 0)
    return d


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
