"""torch dtypes, the type-promotion lattice, finfo/iinfo and the default dtype.

Each dtype knows its MindSpore and NumPy counterparts, so conversion in either
direction is one dict lookup.
"""
import builtins as _builtins  # bool/int/float below are torch dtypes

import numpy as np
import mindspore as ms


class dtype:
    __slots__ = ("name", "itemsize", "is_floating_point", "is_complex", "is_signed", "_ms", "_np", "_kind")

    def __init__(self, name, itemsize, kind, ms_dtype, np_dtype, signed=True):
        self.name = name
        self.itemsize = itemsize
        self._kind = kind  # 0 bool, 1 integer, 2 floating, 3 complex: torch's promotion categories
        self.is_floating_point = kind == 2
        self.is_complex = kind == 3
        self.is_signed = signed
        self._ms = ms_dtype
        self._np = np_dtype

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return self.name

    def to_real(self):
        return {complex64: float32, complex128: float64}.get(self, self)

    def to_complex(self):
        return {float64: complex128}.get(self, complex64) if self._kind == 2 else self


bool = dtype("bool", 1, 0, ms.bool_, np.bool_, signed=False)
uint8 = dtype("uint8", 1, 1, ms.uint8, np.uint8, signed=False)
uint16 = dtype("uint16", 2, 1, ms.uint16, np.uint16, signed=False)
uint32 = dtype("uint32", 4, 1, ms.uint32, np.uint32, signed=False)
uint64 = dtype("uint64", 8, 1, ms.uint64, np.uint64, signed=False)
int8 = dtype("int8", 1, 1, ms.int8, np.int8)
int16 = dtype("int16", 2, 1, ms.int16, np.int16)
int32 = dtype("int32", 4, 1, ms.int32, np.int32)
int64 = dtype("int64", 8, 1, ms.int64, np.int64)
float16 = dtype("float16", 2, 2, ms.float16, np.float16)
bfloat16 = dtype("bfloat16", 2, 2, ms.bfloat16, None)
float32 = dtype("float32", 4, 2, ms.float32, np.float32)
float64 = dtype("float64", 8, 2, ms.float64, np.float64)
complex64 = dtype("complex64", 8, 3, ms.complex64, np.complex64)
complex128 = dtype("complex128", 16, 3, ms.complex128, np.complex128)
float8_e4m3fn = dtype("float8_e4m3fn", 1, 2, getattr(ms, "float8_e4m3fn", None), None)
float8_e5m2 = dtype("float8_e5m2", 1, 2, getattr(ms, "float8_e5m2", None), None)

half = float16
float = float32
double = float64
short = int16
int = int32
long = int64
cfloat = complex64
cdouble = complex128

ALL = (bool, uint8, uint16, uint32, uint64, int8, int16, int32, int64, float16, bfloat16, float32,
       float64, complex64, complex128, float8_e4m3fn, float8_e5m2)
FROM_MS = {d._ms: d for d in ALL if d._ms is not None}
FROM_NP = {np.dtype(d._np): d for d in ALL if d._np is not None}
BY_NAME = {d.name: d for d in ALL}
BY_NAME.update(half=half, float=float32, double=float64, short=int16, int=int32, long=int64,
               cfloat=complex64, cdouble=complex128)


def from_numpy_dtype(np_dtype):
    try:
        return FROM_NP[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type {np.dtype(np_dtype)}. The only supported types are: float64, "
            "float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, uint16, "
            "uint8, and bool.") from None


# ---- promotion -----------------------------------------------------------------------------
_SIGNED_INTS = (int8, int16, int32, int64)


def _promote(a, b):
    if a is b:
        return a
    if a is bool:
        return b
    if b is bool:
        return a
    ka, kb = a._kind, b._kind
    if ka != kb:
        hi, lo = (a, b) if ka > kb else (b, a)
        if hi._kind == 3 and lo._kind == 2:
            return complex128 if (lo is float64 or hi is complex128) else complex64
        if hi._kind in (2, 3) and hi._ms is None:  # float8 takes part only with itself
            raise TypeError(f"Promotion for Float8 Types is not supported, attempted to promote {a.name} and {b.name}")
        return hi
    if ka == 1:
        ua, ub = not a.is_signed, not b.is_signed
        if ua and ub:
            return a if a.itemsize >= b.itemsize else b
        if ua or ub:
            u, s = (a, b) if ua else (b, a)
            if u is not uint8:
                raise TypeError(f"Promotion for uint16, uint32, uint64 types is not supported, attempted to promote {a.name} and {b.name}")
            return s if s.itemsize > 1 else int16
        return a if a.itemsize >= b.itemsize else b
    if ka == 2:
        if a._ms is None or b._ms is None:
            raise TypeError(f"Promotion for Float8 Types is not supported, attempted to promote {a.name} and {b.name}")
        if a.itemsize == b.itemsize:  # float16 with bfloat16
            return float32
        return a if a.itemsize > b.itemsize else b
    return a if a.itemsize >= b.itemsize else b


_PROMOTE = {(a, b): None for a in ALL for b in ALL}
for _a, _b in list(_PROMOTE):
    try:
        _PROMOTE[_a, _b] = _promote(_a, _b)
    except TypeError:
        del _PROMOTE[_a, _b]


def promote_types(type1, type2):
    try:
        return _PROMOTE[type1, type2]
    except KeyError:
        _promote(type1, type2)  # raises torch's TypeError
        raise


_default_dtype = float32


def get_default_dtype():
    return _default_dtype


def set_default_dtype(d):
    global _default_dtype
    if d not in (float32, float64, float16, bfloat16):
        raise TypeError(f"only floating-point types are supported as the default type, got {d}")
    _default_dtype = d


def default_complex_dtype():
    return complex128 if _default_dtype is float64 else complex64


def _combine_categories(higher, lower):
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher._kind == 3:
        return higher
    if lower._kind == 3:
        return higher.to_complex() if higher._kind == 2 else lower
    if higher._kind == 2:
        return higher
    if higher is bool or lower._kind == 2:
        return promote_types(higher, lower)
    return higher


def scalar_dtype(value):
    """The dtype a Python number takes part in promotion with (a "wrapped number" in torch)."""
    t = type(value)
    if t is _builtins.bool:
        return bool
    if t is _builtins.int:
        return int64
    if t is _builtins.float:
        return _default_dtype
    if t is _builtins.complex:
        return default_complex_dtype()
    if isinstance(value, np.generic):
        return FROM_NP[value.dtype] if value.ndim == 0 else _default_dtype
    if isinstance(value, _builtins.bool):
        return bool
    if isinstance(value, _builtins.int):
        return int64
    if isinstance(value, _builtins.complex):
        return default_complex_dtype()
    return _default_dtype


def result_type_of(operands):
    """torch.result_type over tensors and Python scalars: dimensioned tensors, 0-dim tensors and
    wrapped numbers each promote within their slot, then the slots combine by category."""
    dim_result = zero_result = wrapped_result = None
    for x in operands:
        shape = getattr(x, "_shape", None)
        if shape is None:
            d = scalar_dtype(x)
            wrapped_result = d if wrapped_result is None else promote_types(wrapped_result, d)
        elif shape:
            d = x._dtype
            dim_result = d if dim_result is None else promote_types(dim_result, d)
        else:
            d = x._dtype
            zero_result = d if zero_result is None else promote_types(zero_result, d)
    return _combine_categories(dim_result, _combine_categories(zero_result, wrapped_result))


def can_cast(from_, to):
    if from_._kind > to._kind:
        return False
    return not (from_._kind == 1 and to is bool)


class finfo:
    def __init__(self, type=None):
        type = _default_dtype if type is None else type
        if type._kind not in (2, 3):
            raise TypeError(f"torch.finfo() requires a floating point input type. Use torch.iinfo to handle '{type}'")
        real = type.to_real()
        if real is bfloat16:
            self.bits, self.eps, self.max, self.min = 16, 0.0078125, 3.3895313892515355e+38, -3.3895313892515355e+38
            self.tiny = self.smallest_normal = 1.1754943508222875e-38
            self.resolution = 0.01
        else:
            info = np.finfo(real._np)
            self.bits = info.bits
            self.eps, self.max, self.min = (_builtins.float(v) for v in (info.eps, info.max, info.min))
            self.tiny = self.smallest_normal = _builtins.float(info.tiny)
            self.resolution = _builtins.float(info.resolution)
        self.dtype = real.name

    def __repr__(self):
        return (f"finfo(resolution={self.resolution}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    def __init__(self, type):
        if type._kind not in (0, 1):
            raise TypeError(f"torch.iinfo() requires an integer input type. Use torch.finfo to handle '{type}'")
        if type is bool:
            self.bits, self.min, self.max = 8, 0, 1
        else:
            info = np.iinfo(type._np)
            self.bits, self.min, self.max = info.bits, _builtins.int(info.min), _builtins.int(info.max)
        self.dtype = type.name

    def __repr__(self):
        return f"iinfo(min={self.min}, max={self.max}, dtype={self.dtype})"


_SCALAR_TYPE_NAMES = {
    bool: "Bool", uint8: "Byte", int8: "Char", int16: "Short", int32: "Int", int64: "Long", uint16: "UInt16",
    uint32: "UInt32", uint64: "UInt64", float16: "Half", bfloat16: "BFloat16", float32: "Float",
    float64: "Double", complex64: "ComplexFloat", complex128: "ComplexDouble",
    float8_e4m3fn: "Float8_e4m3fn", float8_e5m2: "Float8_e5m2"}


def scalar_type_name(d):
    """The name torch's C++ messages use for a dtype ('Float', 'Long', ...)."""
    return _SCALAR_TYPE_NAMES[d]
