"""torch.* functions about tensors and types rather than ops on values."""
from . import _dtype as D
from ._tensor import Tensor

__all__ = ["is_tensor", "is_storage", "is_floating_point", "is_complex", "is_nonzero", "numel", "result_type",
           "typename"]


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_storage(obj):
    return False


def is_floating_point(input):
    return input._dtype.is_floating_point


def is_complex(input):
    return input._dtype.is_complex


def is_nonzero(input):
    if input.numel() != 1:
        raise RuntimeError(f"Boolean value of Tensor with {'no values' if input.numel() == 0 else 'more than one value'} "
                           "is ambiguous")
    return bool(input.item())


def numel(input):
    return input.numel()


def result_type(tensor, other):
    for x in (tensor, other):
        if not isinstance(x, (Tensor, bool, int, float, complex)):
            raise TypeError(f"result_type() received an invalid combination of arguments - got "
                            f"({type(tensor).__name__}, {type(other).__name__})")
    if not isinstance(tensor, Tensor) and not isinstance(other, Tensor):
        raise TypeError("result_type() received an invalid combination of arguments - got (scalar, scalar)")
    return D.result_type_of((tensor, other))


def typename(obj):
    if isinstance(obj, Tensor):
        return obj.type()
    return type(obj).__module__ + "." + type(obj).__qualname__
