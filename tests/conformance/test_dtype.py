"""dtypes against torch: every dtype and alias, attributes, pickling, finfo/iinfo, promote_types and
can_cast over every pair, result_type over every category of operand, the default dtype."""
import copy
import pickle

import numpy as np
import pytest
import torch

import mindtorch

DTYPE_NAMES = sorted(n for n in dir(torch) if isinstance(getattr(torch, n), torch.dtype))
CANONICAL = sorted({str(getattr(torch, n)).replace("torch.", "") for n in DTYPE_NAMES})
TENSOR_DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
                 "complex64", "complex128"]


def outcome(fn, *args):
    """A call's result as comparable text, or the exception type it raised."""
    try:
        return str(fn(*args))
    except Exception as e:  # noqa: BLE001
        return type(e)


def test_every_torch_dtype_name_exists_and_aliases_resolve_alike():
    for name in DTYPE_NAMES:
        assert hasattr(mindtorch, name), name
        assert isinstance(getattr(mindtorch, name), mindtorch.dtype)
        assert repr(getattr(mindtorch, name)) == repr(getattr(torch, name)), name
    for a in DTYPE_NAMES:
        for b in DTYPE_NAMES:
            same_t = getattr(torch, a) is getattr(torch, b)
            assert (getattr(mindtorch, a) is getattr(mindtorch, b)) == same_t, (a, b)


@pytest.mark.parametrize("name", CANONICAL)
def test_dtype_attributes(name):
    t, m = getattr(torch, name), getattr(mindtorch, name)
    for attr in ("itemsize", "is_floating_point", "is_complex", "is_signed"):
        assert outcome(lambda: getattr(m, attr)) == outcome(lambda: getattr(t, attr)), attr
    assert outcome(m.to_real) == outcome(t.to_real)
    assert outcome(m.to_complex) == outcome(t.to_complex)
    assert str(m) == str(t)


@pytest.mark.parametrize("name", CANONICAL)
def test_dtype_pickles_and_copies_to_itself(name):
    m = getattr(mindtorch, name)
    assert pickle.loads(pickle.dumps(m)) is m
    assert copy.deepcopy(m) is m and copy.copy(m) is m
    assert {m: 1}[getattr(mindtorch, name)] == 1


@pytest.mark.parametrize("name", CANONICAL)
def test_finfo_and_iinfo(name):
    t, m = getattr(torch, name), getattr(mindtorch, name)
    for info in ("finfo", "iinfo"):
        expected = outcome(getattr(torch, info), t)
        actual = outcome(getattr(mindtorch, info), m)
        assert actual == expected, (info, actual, expected)
        if not isinstance(expected, type):
            ti, mi = getattr(torch, info)(t), getattr(mindtorch, info)(m)
            for attr in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype"):
                if hasattr(ti, attr):
                    assert getattr(mi, attr) == getattr(ti, attr), attr
                    assert type(getattr(mi, attr)) is type(getattr(ti, attr)), attr


def test_finfo_default_and_equality():
    assert repr(mindtorch.finfo()) == repr(torch.finfo())
    assert mindtorch.finfo(mindtorch.float32) == mindtorch.finfo(mindtorch.float32)
    assert mindtorch.finfo(mindtorch.float32) != mindtorch.finfo(mindtorch.float64)
    assert mindtorch.iinfo(mindtorch.int8) == mindtorch.iinfo(mindtorch.int8)
    for lib in (torch, mindtorch):
        with pytest.raises(TypeError):
            lib.finfo("float")
        with pytest.raises(TypeError):
            hash(lib.finfo(lib.float32))


def test_promote_types_every_pair():
    mismatches = []
    for a in CANONICAL:
        for b in CANONICAL:
            e = outcome(torch.promote_types, getattr(torch, a), getattr(torch, b))
            r = outcome(mindtorch.promote_types, getattr(mindtorch, a), getattr(mindtorch, b))
            if e != r:
                mismatches.append((a, b, e, r))
    assert not mismatches, mismatches[:20]


def test_can_cast_every_pair():
    mismatches = []
    for a in CANONICAL:
        for b in CANONICAL:
            e = outcome(torch.can_cast, getattr(torch, a), getattr(torch, b))
            r = outcome(mindtorch.can_cast, getattr(mindtorch, a), getattr(mindtorch, b))
            if e != r:
                mismatches.append((a, b, e, r))
    assert not mismatches, mismatches[:20]


def test_promote_types_and_can_cast_argument_errors():
    for lib in (torch, mindtorch):
        with pytest.raises(TypeError):
            lib.promote_types(lib.float32, "float32")
        with pytest.raises(TypeError):
            lib.can_cast(1, lib.int32)


def _operands(lib, kind, dtype):
    """An operand of one category: a dimensioned tensor, a 0-dim tensor or a Python scalar."""
    if kind in ("dim", "zero"):
        return lib.from_numpy(np.ones((2,) if kind == "dim" else (), np.float32)).to(getattr(lib, dtype))
    return {"bool": True, "int": 2, "float": 2.5, "complex": 1 + 2j}[dtype]


SCALARS = ["bool", "int", "float", "complex"]
OPERANDS = ([("dim", d) for d in TENSOR_DTYPES] + [("zero", d) for d in TENSOR_DTYPES]
            + [("scalar", s) for s in SCALARS])


@pytest.mark.parametrize("default", ["float32", "float64"])
def test_result_type_every_category_pair(default):
    old = torch.get_default_dtype(), mindtorch.get_default_dtype()
    torch.set_default_dtype(getattr(torch, default))
    mindtorch.set_default_dtype(getattr(mindtorch, default))
    try:
        mismatches = []
        for ka, da in OPERANDS:
            for kb, db in OPERANDS:
                e = outcome(torch.result_type, _operands(torch, ka, da), _operands(torch, kb, db))
                r = outcome(mindtorch.result_type, _operands(mindtorch, ka, da), _operands(mindtorch, kb, db))
                if e != r:
                    mismatches.append(((ka, da), (kb, db), e, r))
        assert not mismatches, mismatches[:20]
    finally:
        torch.set_default_dtype(old[0])
        mindtorch.set_default_dtype(old[1])


@pytest.mark.parametrize("value", [np.float64(1.5), np.float32(1.5), np.int64(2), np.int8(2), np.uint8(2),
                                   np.bool_(True), np.complex64(1)])
@pytest.mark.parametrize("dtype", ["int32", "uint8", "bool", "float16", "float64"])
def test_result_type_with_numpy_scalars(value, dtype):
    for kind in ("dim", "zero"):
        e = outcome(torch.result_type, _operands(torch, kind, dtype), value)
        r = outcome(mindtorch.result_type, _operands(mindtorch, kind, dtype), value)
        assert r == e


def test_result_type_argument_errors():
    for lib in (torch, mindtorch):
        with pytest.raises(TypeError):
            lib.result_type([1], 2.0)
        with pytest.raises(TypeError):
            lib.result_type("a", lib.ones(1))


@pytest.mark.parametrize("default", ["float32", "float64", "float16", "bfloat16"])
def test_default_dtype_governs_creation_and_promotion(default):
    old = torch.get_default_dtype(), mindtorch.get_default_dtype()
    try:
        for lib in (torch, mindtorch):
            lib.set_default_dtype(getattr(lib, default))
        creations = (lambda lib: lib.tensor([1.5, 2.0]).dtype,
                   lambda lib: lib.tensor(1.0).dtype,
                   lambda lib: lib.tensor([1 + 1j]).dtype,
                   lambda lib: lib.tensor([1, 2]).dtype,
                   lambda lib: lib.arange(2.0).dtype,
                   lambda lib: lib.get_default_dtype(),
                   lambda lib: lib.result_type(lib.tensor([1, 2]), 1.0),
                   lambda lib: lib.result_type(lib.tensor([1, 2]), 1j),
                   lambda lib: lib.finfo().dtype,
                   lambda lib: lib.Tensor([1, 2]).dtype)
        for fn in creations:
            expected = outcome(fn, torch)
            if default in ("float16", "bfloat16") and fn is creations[2]:
                continue  # complex32 (MindSpore has none) / torch.tensor's own bf16 refusal (creation ops)
            assert outcome(fn, mindtorch) == expected
    finally:
        torch.set_default_dtype(old[0])
        mindtorch.set_default_dtype(old[1])


@pytest.mark.parametrize("name", CANONICAL)
def test_set_default_dtype_accepts_only_floating_types(name):
    old = torch.get_default_dtype(), mindtorch.get_default_dtype()
    try:
        e = outcome(torch.set_default_dtype, getattr(torch, name))
        r = outcome(mindtorch.set_default_dtype, getattr(mindtorch, name))
        assert (e is None or e == "None") == (r is None or r == "None")
        if isinstance(e, type):
            assert r is e
    finally:
        torch.set_default_dtype(old[0])
        mindtorch.set_default_dtype(old[1])


@pytest.mark.parametrize("dtype", TENSOR_DTYPES)
def test_is_floating_point_is_complex_is_nonzero(dtype):
    for shape in [(), (1,), (1, 1), (2,), (0,)]:
        a = np.ones(shape, dtype=np.float32)
        t = torch.from_numpy(a).to(getattr(torch, dtype))
        m = mindtorch.from_numpy(a).to(getattr(mindtorch, dtype))
        assert mindtorch.is_floating_point(m) == torch.is_floating_point(t) == m.is_floating_point()
        assert mindtorch.is_complex(m) == torch.is_complex(t) == m.is_complex()
        assert outcome(mindtorch.is_nonzero, m) == outcome(torch.is_nonzero, t)
    for lib in (torch, mindtorch):
        with pytest.raises(TypeError):
            lib.is_floating_point(1.0)
