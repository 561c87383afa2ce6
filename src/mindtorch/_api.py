"""torch.* functions about tensors and types rather than ops on values, every dtype name, and the
legacy tensor-type classes (torch.FloatTensor, ...)."""
import builtins
import numbers

import numpy as np

from . import _dtype as D
from ._tensor import Tensor
from ._tensor_str import set_printoptions

__all__ = ["is_tensor", "is_storage", "is_floating_point", "is_complex", "is_nonzero", "numel", "result_type",
           "typename", "set_printoptions"]

# every torch dtype and alias (torch.float8_e4m3fnuz, torch.chalf, torch.qint8, ...) is a torch.* name
globals().update(D.BY_NAME)
__all__ += list(D.BY_NAME)


def _tensor_arg(fn, x, name="input"):
    if not isinstance(x, Tensor):
        raise TypeError(f"{fn}(): argument '{name}' (position 1) must be Tensor, not {type(x).__name__}")


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_storage(obj):
    return False


def is_floating_point(input):
    _tensor_arg("is_floating_point", input)
    return input._dtype.is_floating_point


def is_complex(input):
    _tensor_arg("is_complex", input)
    return input._dtype.is_complex


def is_nonzero(input):
    _tensor_arg("is_nonzero", input)
    n = input.numel()
    if n != 1:
        raise RuntimeError(f"Boolean value of Tensor with {'no values' if n == 0 else 'more than one value'} "
                           "is ambiguous")
    return builtins.bool(input.item())


def numel(input):
    _tensor_arg("numel", input)
    return input.numel()


_NUMBER = (Tensor, builtins.bool, builtins.int, builtins.float, builtins.complex, numbers.Number, np.generic)


def result_type(tensor, other):
    for x in (tensor, other):
        if not isinstance(x, _NUMBER):
            raise TypeError(f"result_type() received an invalid combination of arguments - got "
                            f"({type(tensor).__name__}, {type(other).__name__})")
    return D.result_type_of((tensor, other))


def typename(obj):
    if isinstance(obj, Tensor):
        return obj.type()
    return type(obj).__module__ + "." + type(obj).__qualname__


# ---- legacy tensor types ------------------------------------------------------------------------
class _LegacyTensorType(type):
    """torch.FloatTensor and friends: calling one builds a Tensor of its dtype (the legacy
    constructor), and `isinstance(t, torch.FloatTensor)` asks whether t is a CPU float32 tensor."""

    def __call__(cls, *args, **kwargs):
        return Tensor(*args, dtype=cls.dtype, **kwargs)

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._dtype is cls.dtype and obj._device.type == "cpu"

    def __repr__(cls):
        return f"<class 'torch.{cls.__name__}'>"


_LEGACY = {"FloatTensor": D.float32, "DoubleTensor": D.float64, "HalfTensor": D.float16,
           "BFloat16Tensor": D.bfloat16, "LongTensor": D.int64, "IntTensor": D.int32, "ShortTensor": D.int16,
           "CharTensor": D.int8, "ByteTensor": D.uint8, "BoolTensor": D.bool}
for _name, _dt in _LEGACY.items():
    globals()[_name] = _LegacyTensorType(_name, (), {"dtype": _dt, "__module__": "torch"})
    __all__.append(_name)

# the math constants torch re-exports
inf, nan, pi, e = builtins.float("inf"), builtins.float("nan"), 3.141592653589793, 2.718281828459045
__all__ += ["inf", "nan", "pi", "e", "OutOfMemoryError"]


class OutOfMemoryError(RuntimeError):
    """torch.OutOfMemoryError (torch.cuda.OutOfMemoryError is the same class)."""
