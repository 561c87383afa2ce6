"""hypothesis strategies for conformance tests: shapes (0-dim and zero-size included), broadcastable
pairs, dtypes, arrays and Python scalars."""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = ["float32", "float64", "float16", "bfloat16"]
INT_DTYPES = ["int64", "int32", "int16", "int8", "uint8"]
ALL_DTYPES = FLOAT_DTYPES + INT_DTYPES + ["bool"]
NP = {"float32": np.float32, "float64": np.float64, "float16": np.float16, "bfloat16": np.float32,
      "int64": np.int64, "int32": np.int32, "int16": np.int16, "int8": np.int8, "uint8": np.uint8,
      "bool": np.bool_, "complex64": np.complex64, "complex128": np.complex128}


def shapes(min_dims=0, max_dims=4, min_side=0, max_side=5):
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def arrays(dtype="float32", shape=None, elements=None, **shape_kw):
    """NumPy arrays whose values are exact in `dtype` (bfloat16 arrays are drawn as float32 values
    that bfloat16 holds exactly, and the test converts with dtype='bfloat16')."""
    np_dtype = NP[dtype]
    if elements is None:
        if dtype in FLOAT_DTYPES:
            elements = st.floats(-100, 100, width=16 if dtype in ("float16", "bfloat16") else 32,
                                 allow_subnormal=False)
        elif dtype == "bool":
            elements = st.booleans()
        else:
            info = np.iinfo(np_dtype)
            elements = st.integers(max(info.min, -100), min(info.max, 100))
    return hnp.arrays(np_dtype, shape if shape is not None else shapes(**shape_kw), elements=elements)


@st.composite
def broadcastable_pair(draw, dtype="float32", max_dims=4):
    """Two arrays whose shapes broadcast together (sometimes equal, sometimes 0-dim)."""
    s1, s2 = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=max_dims, max_side=4)).input_shapes
    return draw(arrays(dtype, s1)), draw(arrays(dtype, s2))


def python_scalars(kind="any"):
    opts = {"bool": st.booleans(), "int": st.integers(-50, 50), "float": st.floats(-50, 50, allow_nan=False)}
    return opts[kind] if kind != "any" else st.one_of(*opts.values())


def non_contiguous(lib, t):
    """A non-contiguous tensor with t's values: transpose of a transposed copy (2-d and up)."""
    if t.dim() < 2:
        return t
    return t.transpose(0, 1).contiguous().transpose(0, 1)
