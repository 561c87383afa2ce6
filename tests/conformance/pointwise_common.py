"""Strategies shared by the pointwise conformance tests: arrays with NaN/inf/-0.0 mixed in, dtype draws,
and the forms an op is called in (function, method, out=, in-place, on a non-contiguous view)."""
import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import NP, shapes

FLOATS = ["float32", "float64", "float16", "bfloat16"]
INTS = ["int64", "int32", "int16", "int8", "uint8"]
REAL = FLOATS + INTS + ["bool"]
SPECIAL = [math.nan, math.inf, -math.inf, 0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0]


def elements(dtype, lo=-100, hi=100, special=True):
    if dtype in FLOATS:
        width = 16 if dtype in ("float16", "bfloat16") else 32
        base = st.floats(lo, hi, width=width, allow_subnormal=False)
        if dtype == "bfloat16":  # values bfloat16 holds exactly: 7 significant bits times a power of two
            base = st.tuples(st.integers(-127, 127), st.integers(-6, 2)).map(lambda ke: ke[0] * 2.0 ** ke[1]).filter(
                lambda v: lo <= v <= hi)
        if special:
            return st.one_of(base, base, base, st.sampled_from(SPECIAL))
        return base
    if dtype == "bool":
        return st.booleans()
    if dtype.startswith("complex"):
        part = st.floats(-50, 50, width=32, allow_subnormal=False).filter(lambda v: v == 0 or abs(v) > 1e-3)
        return st.builds(complex, part, part)
    info = np.iinfo(NP[dtype])
    return st.integers(max(info.min, lo), min(info.max, hi))


def array(dtype, shape, lo=-100, hi=100, special=True):
    return hnp.arrays(NP[dtype], shape, elements=elements(dtype, lo, hi, special))


def to_dtype(lib, t, dtype):
    """A tensor of `lib` of `dtype` (bfloat16 arrays are drawn as float32)."""
    return t.to(getattr(lib, dtype)) if dtype == "bfloat16" else t


def non_contiguous(t):
    """A non-contiguous view with t's values (t itself when it has fewer than 2 dims)."""
    if t.dim() < 2:
        return t
    return t.transpose(0, 1).contiguous().transpose(0, 1)


@st.composite
def shape_pair(draw, max_dims=3):
    s1, s2 = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=max_dims, max_side=4)).input_shapes
    return s1, s2


small_shapes = shapes(max_dims=3, max_side=4)
