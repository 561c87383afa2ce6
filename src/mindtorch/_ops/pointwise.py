"""Pointwise ops: unary and binary math, comparisons, logical and bitwise ops, and the Python
operators that map onto them.

Binary ops share one entry (`_binary`): torch's result type over tensors and scalars, the broadcast
check, the kernel of the operands' device, then `out=` or the in-place write."""
import mindspore as ms
from mindspore import ops

from .. import _dtype as D
from .._tensor import Tensor
from .registry import defop, kernel, TABLES
from .common import (broadcast_shapes, device_of, finish, result_type, tensor_or_scalar_value, write_inplace,
                     wrap)

PROMOTE, TO_FLOAT, TO_BOOL = "promote", "float", "bool"


def _result_dtype(a, b, rule):
    if type(a) is Tensor and type(b) is Tensor and a._dtype is b._dtype and a._shape and b._shape:
        dtype = a._dtype
    else:
        dtype = result_type(a, b)
    if rule == TO_FLOAT and dtype._kind < 2:
        return dtype, D.get_default_dtype()
    return dtype, dtype


def _binary(name, a, b, rule=PROMOTE, out=None, inplace=False):
    """Run binary op `name` on tensor/scalar operands by torch's rules."""
    if not isinstance(a, Tensor):
        if not isinstance(b, Tensor):
            raise TypeError(f"{name}(): argument 'input' must be Tensor, not {type(a).__name__}")
    promoted, compute = _result_dtype(a, b, rule)
    dev = device_of(a, b)
    if isinstance(a, Tensor) and isinstance(b, Tensor) and a._shape != b._shape:
        shape = broadcast_shapes(a._shape, b._shape)
        if inplace and shape != a._shape:
            raise RuntimeError(f"output with shape {list(a._shape)} doesn't match the broadcast shape {list(shape)}")
    value = TABLES[dev.type][name](tensor_or_scalar_value(a, compute, dev), tensor_or_scalar_value(b, compute, dev))
    if inplace:
        return write_inplace(a, value, D.bool if rule == TO_BOOL else compute)
    return finish(value, dev, out)


def _declare_binary(name, ms_fn, rule=PROMOTE, inplace=True, aliases=()):
    kernel(name)(ms_fn)

    def entry(input, other, *, out=None):
        return _binary(name, input, other, rule, out)
    entry.__name__ = name
    defop(name)(entry)
    for alias in aliases:
        defop(alias)(entry)
    if inplace:
        def entry_(self, other):
            return _binary(name, self, other, rule, inplace=True)
        entry_.__name__ = name + "_"
        defop(name + "_", namespace=False)(entry_)
        for alias in aliases:
            defop(alias + "_", namespace=False)(entry_)
    return entry


mul = _declare_binary("mul", ops.mul, aliases=("multiply",))
eq = _declare_binary("eq", ops.equal, TO_BOOL)
ne = _declare_binary("ne", ops.not_equal, TO_BOOL, aliases=("not_equal",))
lt = _declare_binary("lt", ops.less, TO_BOOL, aliases=("less",))
le = _declare_binary("le", ops.less_equal, TO_BOOL, aliases=("less_equal",))
gt = _declare_binary("gt", ops.greater, TO_BOOL, aliases=("greater",))
ge = _declare_binary("ge", ops.greater_equal, TO_BOOL, aliases=("greater_equal",))


def _scaled(other, alpha):
    return other if alpha == 1 else mul(other, alpha)


def _declare_with_alpha(name, ms_fn, aliases=()):
    """add/sub: `input +- alpha * other`, alpha applied to `other` first as torch does."""
    kernel(name)(ms_fn)

    def entry(input, other, *, alpha=1, out=None):
        return _binary(name, input, _scaled(other, alpha), out=out)

    def entry_(self, other, *, alpha=1):
        return _binary(name, self, _scaled(other, alpha), inplace=True)
    entry.__name__, entry_.__name__ = name, name + "_"
    for n in (name, *aliases):
        defop(n)(entry)
        defop(n + "_", namespace=False)(entry_)
    return entry


add = _declare_with_alpha("add", ops.add)
sub = _declare_with_alpha("sub", ops.sub, aliases=("subtract",))
kernel("div")(ops.div)
kernel("floor_divide")(ops.floor_div)
kernel("trunc_divide")(lambda a, b: ops.trunc(ops.div(a, b)))


def _div(input, other, rounding_mode, out=None, inplace=False):
    if rounding_mode is None:
        return _binary("div", input, other, TO_FLOAT, out, inplace)
    if rounding_mode == "floor":
        return _binary("floor_divide", input, other, PROMOTE, out, inplace)
    if rounding_mode == "trunc":
        return _binary("trunc_divide", input, other, PROMOTE, out, inplace)
    raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'")


@defop()
def div(input, other, *, rounding_mode=None, out=None):
    return _div(input, other, rounding_mode, out)


@defop(namespace=False)
def div_(self, other, *, rounding_mode=None):
    return _div(self, other, rounding_mode, inplace=True)


defop("divide")(div)
defop("true_divide")(div)
defop("divide_", namespace=False)(div_)


# ---- Python operators ---------------------------------------------------------------------------
def _operator(dunder, fn, reflected=True, inplace_fn=None):
    def forward(self, other):
        if not isinstance(other, (Tensor, int, float, complex, bool)):
            return NotImplemented
        return fn(self, other)
    forward.__name__ = dunder
    defop(dunder, namespace=False)(forward)
    if reflected:
        def backward(self, other):
            if not isinstance(other, (int, float, complex, bool)):
                return NotImplemented
            return fn(other, self)
        backward.__name__ = dunder.replace("__", "__r", 1)
        defop(backward.__name__, namespace=False)(backward)
    if inplace_fn is not None:
        def inplace(self, other):
            return inplace_fn(self, other)
        inplace.__name__ = dunder.replace("__", "__i", 1)
        defop(inplace.__name__, namespace=False)(inplace)


_operator("__add__", add, inplace_fn=lambda a, b: _binary("add", a, b, inplace=True))
_operator("__sub__", sub, inplace_fn=lambda a, b: _binary("sub", a, b, inplace=True))
_operator("__mul__", mul, inplace_fn=lambda a, b: _binary("mul", a, b, inplace=True))
_operator("__truediv__", div, inplace_fn=lambda a, b: _div(a, b, None, inplace=True))
_operator("__floordiv__", lambda a, b: _div(a, b, "floor"), inplace_fn=lambda a, b: _div(a, b, "floor", inplace=True))
for _dunder, _fn in (("__eq__", eq), ("__ne__", ne), ("__lt__", lt), ("__le__", le), ("__gt__", gt), ("__ge__", ge)):
    _operator(_dunder, _fn, reflected=False)
