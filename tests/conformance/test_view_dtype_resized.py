"""view(dtype) to a dtype of another element size: the same bytes, last dim scaled, writes shared."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from oracle import check

PAIRS = [("uint8", "float32"), ("uint8", "float16"), ("float32", "uint8"), ("int64", "int16"), ("int16", "float64"),
         ("float32", "bfloat16"), ("bfloat16", "int32"), ("float64", "int8")]


@pytest.mark.parametrize("src,dst", PAIRS)
@given(rows=st.integers(1, 3), cols=st.sampled_from([4, 8, 3]), start=st.sampled_from([0, 2, 4]))
def test_view_dtype_resized(src, dst, rows, cols, start):
    data = np.random.default_rng(rows * 10 + cols).integers(0, 120, size=(rows, cols + start)).astype(np.float32)

    def fn(lib, x):
        x = x.to(getattr(lib, src))[:, start:]
        v = x.view(getattr(lib, dst))
        bits = v.view(getattr(lib, {1: "uint8", 2: "int16", 4: "int32", 8: "int64"}[v.element_size()]))
        return bits, v.shape, v.stride(), v.storage_offset()
    check(fn, data)


@pytest.mark.parametrize("src,dst", [("uint8", "float32"), ("float32", "int16")])
def test_view_dtype_resized_writes_reach_the_base(src, dst):
    def fn(lib, x):
        base = x.to(getattr(lib, src)).clone()
        v = base.view(getattr(lib, dst))
        v[..., 0] = 7
        base[..., -1] = 3
        return base, v
    check(fn, np.arange(16, dtype=np.float32).reshape(2, 8))


def test_view_dtype_resized_errors():
    check(lambda lib, x: x.t().view(lib.uint8), np.ones((2, 3), np.float32))
    check(lambda lib, x: x.to(lib.uint8).view(lib.float32), np.ones((2, 3), np.float32))
    check(lambda lib, x: x.to(lib.uint8)[:, 1:].view(lib.int16), np.ones((2, 5), np.float32))
    check(lambda lib, x: x.sum().view(lib.uint8), np.ones((2, 3), np.float32))
