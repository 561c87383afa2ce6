"""torch.npu (as torch_npu provides it): answers for MindSpore's Ascend backend. Available only when
MindSpore's device_target is Ascend; otherwise every function answers as torch.cuda does without CUDA."""
from .._device_api import make as _make

_api = _make("npu", "Ascend", "NPU")
globals().update(_api.functions())

from . import amp, random  # noqa: E402,F401
