"""torch dtypes, the type-promotion lattice, finfo/iinfo and the default dtype.

Each dtype knows its MindSpore and NumPy counterparts, so conversion in either
direction is one dict lookup.
"""
import builtins as _builtins  # bool/int/float below are torch dtypes

import numpy as np
import mindspore as ms


class dtype:
    """A torch dtype. `_kind` is torch's promotion category (0 bool, 1 integer, 2 floating, 3 complex);
    `_family` sets apart the dtypes that take part in promotion only with themselves or a few others
    (torch's 'barebones' unsigned, sub-byte, float8, bits and quantized types); `_cname` is the name
    torch's C++ messages use ('Float', 'Long', ...)."""
    __slots__ = ("name", "itemsize", "is_floating_point", "is_complex", "_signed", "_ms", "_np", "_kind",
                 "_family", "_cname")
    __module__ = "mindtorch"  # pickled by name: mindtorch.float32

    def __init__(self, name, itemsize, kind, ms_dtype, np_dtype, cname, signed=True, family=""):
        self.name = name
        self.itemsize = itemsize
        self._kind = kind
        self.is_floating_point = kind == 2
        self.is_complex = kind == 3
        self._signed = signed
        self._ms = ms_dtype
        self._np = np_dtype
        self._family = family
        self._cname = cname

    @property
    def is_signed(self):
        if self._family == "quant":
            raise RuntimeError("isSignedType not supported for quantized types")
        if self._family == "bits":
            raise RuntimeError("Bits types are undefined")
        return self._signed

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return self.name

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def to_real(self):
        return _TO_REAL.get(self, self)

    def to_complex(self):
        if self._kind == 3:
            return self
        try:
            return _TO_COMPLEX[self]
        except KeyError:
            raise RuntimeError(f"Unknown Complex ScalarType for {self._cname}") from None


def _ms_dtype(name):
    return getattr(ms, name, None)


bool = dtype("bool", 1, 0, ms.bool_, np.bool_, "Bool", signed=False)
uint8 = dtype("uint8", 1, 1, ms.uint8, np.uint8, "Byte", signed=False)
int8 = dtype("int8", 1, 1, ms.int8, np.int8, "Char")
int16 = dtype("int16", 2, 1, ms.int16, np.int16, "Short")
int32 = dtype("int32", 4, 1, ms.int32, np.int32, "Int")
int64 = dtype("int64", 8, 1, ms.int64, np.int64, "Long")
float16 = dtype("float16", 2, 2, ms.float16, np.float16, "Half")
bfloat16 = dtype("bfloat16", 2, 2, ms.bfloat16, None, "BFloat16")
float32 = dtype("float32", 4, 2, ms.float32, np.float32, "Float")
float64 = dtype("float64", 8, 2, ms.float64, np.float64, "Double")
complex32 = dtype("complex32", 4, 3, None, None, "ComplexHalf")
complex64 = dtype("complex64", 8, 3, ms.complex64, np.complex64, "ComplexFloat")
complex128 = dtype("complex128", 16, 3, ms.complex128, np.complex128, "ComplexDouble")
# torch's "barebones" unsigned types: promote only with themselves and with floating types
uint16 = dtype("uint16", 2, 1, ms.uint16, np.uint16, "UInt16", signed=False, family="uintx")
uint32 = dtype("uint32", 4, 1, ms.uint32, np.uint32, "UInt32", signed=False, family="uintx")
uint64 = dtype("uint64", 8, 1, ms.uint64, np.uint64, "UInt64", signed=False, family="uintx")
uint1, uint2, uint3, uint4, uint5, uint6, uint7 = (
    dtype(f"uint{i}", 1, 1, None, None, f"UInt{i}", signed=False, family="uintx") for i in range(1, 8))
# sub-byte signed ints and float4: no promotion with anything else
int1, int2, int3, int4, int5, int6, int7 = (dtype(f"int{i}", 1, 1, None, None, f"Int{i}", family="sub")
                                            for i in range(1, 8))
float4_e2m1fn_x2 = dtype("float4_e2m1fn_x2", 1, 2, None, None, "Float4_e2m1fn_x2", family="sub")
float8_e4m3fn = dtype("float8_e4m3fn", 1, 2, _ms_dtype("float8_e4m3fn"), None, "Float8_e4m3fn", family="float8")
float8_e5m2 = dtype("float8_e5m2", 1, 2, _ms_dtype("float8_e5m2"), None, "Float8_e5m2", family="float8")
float8_e4m3fnuz = dtype("float8_e4m3fnuz", 1, 2, None, None, "Float8_e4m3fnuz", family="float8")
float8_e5m2fnuz = dtype("float8_e5m2fnuz", 1, 2, None, None, "Float8_e5m2fnuz", family="float8")
float8_e8m0fnu = dtype("float8_e8m0fnu", 1, 2, None, None, "Float8_e8m0fnu", signed=False, family="float8")
bits8 = dtype("bits8", 1, 1, None, None, "Bits8", family="bits")
bits16 = dtype("bits16", 2, 1, None, None, "Bits16", family="bits")
bits1x8 = dtype("bits1x8", 1, 1, None, None, "Bits1x8", family="bits")
bits2x4 = dtype("bits2x4", 1, 1, None, None, "Bits2x4", family="bits")
bits4x2 = dtype("bits4x2", 1, 1, None, None, "Bits4x2", family="bits")
qint8 = dtype("qint8", 1, 1, None, None, "QInt8", family="quant")
quint8 = dtype("quint8", 1, 1, None, None, "QUInt8", family="quant")
qint32 = dtype("qint32", 4, 1, None, None, "QInt32", family="quant")
quint4x2 = dtype("quint4x2", 1, 1, None, None, "QUInt4x2", family="quant")
quint2x4 = dtype("quint2x4", 1, 1, None, None, "QUInt2x4", family="quant")

half = float16
float = float32
double = float64
short = int16
int = int32
long = int64
chalf = complex32
cfloat = complex64
cdouble = complex128
bit = uint1  # torch.bit is an alias of torch.uint1

_INTEGRAL = frozenset((uint8, int8, int16, int32, int64, uint16, uint32, uint64))
_TO_REAL = {complex32: float16, complex64: float32, complex128: float64}
_TO_COMPLEX = {float16: complex32, bfloat16: complex64, float32: complex64, float64: complex128}

# The dtypes tensors can have here (a MindSpore counterpart exists) come first.
ALL = (bool, uint8, uint16, uint32, uint64, int8, int16, int32, int64, float16, bfloat16, float32,
       float64, complex64, complex128, float8_e4m3fn, float8_e5m2)
EVERY = ALL + (complex32, float8_e4m3fnuz, float8_e5m2fnuz, float8_e8m0fnu, float4_e2m1fn_x2,
               uint1, uint2, uint3, uint4, uint5, uint6, uint7, int1, int2, int3, int4, int5, int6, int7,
               bits8, bits16, bits1x8, bits2x4, bits4x2, qint8, quint8, qint32, quint4x2, quint2x4)
FROM_MS = {d._ms: d for d in ALL if d._ms is not None}
# MindSpore's dtype objects are singletons whose __hash__ is a slow binding call: the hot path
# (wrapping every op's result) looks them up by identity.
FROM_MS_ID = {id(k): v for k, v in FROM_MS.items()}
FROM_NP = {np.dtype(d._np): d for d in ALL if d._np is not None}
BY_NAME = {d.name: d for d in EVERY}
ALIASES = dict(half=half, float=float32, double=float64, short=int16, int=int32, long=int64, chalf=complex32,
               cfloat=complex64, cdouble=complex128, bit=uint1)
BY_NAME.update(ALIASES)


def from_numpy_dtype(np_dtype):
    try:
        return FROM_NP[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type {np.dtype(np_dtype)}. The only supported types are: float64, "
            "float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, uint16, "
            "uint8, and bool.") from None


# ---- promotion -----------------------------------------------------------------------------
def _promote(a, b):
    """torch.promote_types, as rules: the ordinary lattice (bool < integers < floating < complex,
    wider wins, uint8 with a signed int needs the next signed width, float16 with bfloat16 gives
    float32, complex takes its real part's promotion with a float), after the checks that keep
    quantized, bits, float8, the barebones unsigned and sub-byte types to themselves."""
    if a is b:
        return a
    fa, fb = a._family, b._family
    if fa == "quant" or fb == "quant":
        raise RuntimeError("promoteTypes with quantized numbers is not handled yet; figure out what the correct "
                           f"rules should be, offending types: {a._cname} {b._cname}")
    if fa == "bits" or fb == "bits":
        raise RuntimeError(f"Promotion from {a._cname} and {b._cname} is unsupported.")
    if fa == "float8" or fb == "float8":
        raise RuntimeError(f"Promotion for Float8 Types is not supported, attempted to promote {a._cname} and "
                           f"{b._cname}")
    if fa == "uintx" or fb == "uintx":
        other = b if fa == "uintx" else a
        if other._kind == 2 and (other._family == "" or other is float4_e2m1fn_x2):
            return other
        raise RuntimeError(f"Promotion for uint16, uint32, uint64 types is not supported, attempted to promote "
                           f"{a._cname} and {b._cname}")
    if fa == "sub" or fb == "sub":
        raise RuntimeError(f"Promotion of {a._cname} and {b._cname} is not supported")
    if a is bool:
        return b
    if b is bool:
        return a
    ka, kb = a._kind, b._kind
    if ka != kb:
        hi, lo = (a, b) if ka > kb else (b, a)
        if hi._kind == 3 and lo._kind == 2:
            return _promote(hi.to_real(), lo).to_complex()
        return hi
    if ka == 1:
        if a is uint8 or b is uint8:
            s = b if a is uint8 else a
            return s if s.itemsize > 1 else int16
        return a if a.itemsize >= b.itemsize else b
    if ka == 2:
        if a.itemsize == b.itemsize:  # float16 with bfloat16
            return float32
        return a if a.itemsize > b.itemsize else b
    return a if a.itemsize >= b.itemsize else b


_PROMOTE = {}
for _a in EVERY:
    for _b in EVERY:
        try:
            _PROMOTE[_a, _b] = _promote(_a, _b)
        except RuntimeError:
            pass


def promote_types(type1, type2):
    try:
        return _PROMOTE[type1, type2]
    except KeyError:
        for name, t in (("type1", type1), ("type2", type2)):
            if not isinstance(t, dtype):
                raise TypeError(f"promote_types(): argument '{name}' must be torch.dtype, not "
                                f"{type(t).__name__}") from None
        return _promote(type1, type2)  # raises torch's RuntimeError


_default_dtype = float32


def get_default_dtype():
    return _default_dtype


def set_default_dtype(d):
    global _default_dtype
    if not isinstance(d, dtype):
        raise TypeError(f"set_default_dtype(): argument 'd' must be torch.dtype, not {type(d).__name__}")
    if d not in (float32, float64, float16, bfloat16):
        raise TypeError("only floating-point types are supported as the default type")
    _default_dtype = d


def default_complex_dtype():
    """The dtype Python complex numbers promote as: the complex type of the default float dtype
    (complex64 for bfloat16; torch.tensor(1j) refuses a bfloat16 default instead)."""
    return _TO_COMPLEX[_default_dtype]


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
        # torch reads a NumPy integer scalar as an int and any other NumPy scalar (bool and complex
        # included) as a float
        return int64 if isinstance(value, np.integer) else _default_dtype
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
    """torch.can_cast: no complex to non-complex, no floating to integral or bool, nothing but bool
    to bool."""
    for name, t in (("from_", from_), ("to", to)):
        if not isinstance(t, dtype):
            raise TypeError(f"can_cast(): argument '{name}' must be torch.dtype, not {type(t).__name__}")
    if from_.is_complex and not to.is_complex:
        return False
    if from_.is_floating_point and (to is bool or to in _INTEGRAL):
        return False
    return from_ is to or to is not bool


# bits, eps, max, min, tiny (= smallest_normal), resolution of each floating type (of its real part)
_FINFO = {
    float16: (16, 2.0 ** -10, 65504.0, -65504.0, 2.0 ** -14, 1e-3),
    bfloat16: (16, 2.0 ** -7, (2 - 2.0 ** -7) * 2.0 ** 127, -(2 - 2.0 ** -7) * 2.0 ** 127, 2.0 ** -126, 1e-2),
    float32: (32, 2.0 ** -23, (2 - 2.0 ** -23) * 2.0 ** 127, -(2 - 2.0 ** -23) * 2.0 ** 127, 2.0 ** -126, 1e-6),
    float64: (64, 2.0 ** -52, np.finfo(np.float64).max.item(), np.finfo(np.float64).min.item(), 2.0 ** -1022,
              1e-15),
    float8_e4m3fn: (8, 2.0 ** -3, 448.0, -448.0, 2.0 ** -6, 1.0),
    float8_e4m3fnuz: (8, 2.0 ** -3, 240.0, -240.0, 2.0 ** -7, 1.0),
    float8_e5m2: (8, 2.0 ** -2, 57344.0, -57344.0, 2.0 ** -14, 1.0),
    float8_e5m2fnuz: (8, 2.0 ** -3, 57344.0, -57344.0, 2.0 ** -15, 1.0),
    float8_e8m0fnu: (8, 1.0, 2.0 ** 127, 2.0 ** -127, 2.0 ** -127, 1.0),
}


class finfo:
    """Machine limits of a floating type (of the real part for complex types)."""
    __module__ = "mindtorch"

    def __init__(self, type=None):
        d = _default_dtype if type is None else type
        if not isinstance(d, dtype):
            raise TypeError(f"finfo(): argument 'type' (position 1) must be torch.dtype, not {d.__class__.__name__}")
        if d._kind < 2:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                            "'torch.finfo'")
        real = d.to_real()
        if real not in _FINFO:
            raise TypeError("bad argument type for built-in operation")
        self.bits, self.eps, self.max, self.min, self.tiny, self.resolution = _FINFO[real]
        self.smallest_normal = self.tiny
        self.dtype = real.name

    def __eq__(self, other):
        return isinstance(other, finfo) and vars(self) == vars(other)

    __hash__ = None

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    """Machine limits of an integer type."""
    __module__ = "mindtorch"

    def __init__(self, type):
        if not isinstance(type, dtype):
            raise TypeError(f"iinfo(): argument 'type' (position 1) must be torch.dtype, not "
                            f"{type.__class__.__name__}")
        if type is bool:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type._family == "quant":
            raise NotImplementedError(f'"dtype" not implemented for \'{type._cname}\'')
        if type._kind != 1 or type._np is None:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
        info = np.iinfo(type._np)
        self.bits, self.min, self.max = info.bits, _builtins.int(info.min), _builtins.int(info.max)
        self.dtype = type.name

    def __eq__(self, other):
        return isinstance(other, iinfo) and vars(self) == vars(other)

    __hash__ = None

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


def scalar_type_name(d):
    """The name torch's C++ messages use for a dtype ('Float', 'Long', ...)."""
    return d._cname


# Python's number types where torch takes a dtype (torch.tensor(0, dtype=int)): torch's arg parser maps them
PYTHON_TYPES = {_builtins.int: int64, _builtins.float: float64, _builtins.bool: bool, _builtins.complex: complex128}
