"""torch.types: type aliases used in annotations."""
import builtins
from typing import Any, Sequence, Union

from ._tensor import Tensor, Size
from ._device import device as _device
from ._dtype import dtype as _dtype

Number = Union[builtins.int, builtins.float, builtins.bool]
_int = builtins.int
_float = builtins.float
_bool = builtins.bool
_complex = builtins.complex
_dtype = _dtype
_device = _device
_size = Union[Size, Sequence[_int]]
_qscheme = Any
_layout = Any
_dispatchkey = Union[str, Any]
IntLikeType = Union[_int, Any]
FloatLikeType = Union[_float, Any]
BoolLikeType = Union[_bool, Any]
Device = Union[_device, str, _int, None]
Storage = Any
PySymType = Any
FileLike = Any
_TensorOrTensors = Union[Tensor, Sequence[Tensor]]
TensorOrTensors = _TensorOrTensors
