"""torch.xpu: Intel GPUs are not a MindSpore backend, so XPU is never available here; every function
answers as torch does on a machine without XPU."""
from ._device_api import make as _make

_api = _make("xpu", None, "XPU")
globals().update(_api.functions())
