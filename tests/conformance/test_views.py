"""Views and writes through them, against torch: layout (shape, strides, offset, contiguity) and
that a write through any view reaches the base and every other view."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from oracle import check, assert_same, to_lib, LIBS
from strategies import arrays, shapes


def test_write_through_slice_transpose_and_select_reaches_base():
    base = np.arange(12, dtype=np.float32).reshape(3, 4)

    def fn(lib, x):
        t = x.transpose(0, 1)
        row = x[1]
        row.add_(5)
        t[2] = 7.0
        x[0, 1:3] = -1.0
        return x, t, row, t[1:3]
    check(fn, base, check_stride=True)


@given(arrays("float32", shapes(min_dims=2, max_dims=4, min_side=1)), st.data())
def test_permute_then_view_matches_torch_layout_or_error(a, data):
    perm = data.draw(st.permutations(range(a.ndim)))
    new_shape = data.draw(st.sampled_from([(-1,), (a.shape[perm[0]], -1), a.shape[::-1]]))
    check(lambda lib, x: x.permute(*perm).view(*new_shape), a, check_stride=True)


@given(arrays("float32", shapes(min_dims=1, max_dims=3, min_side=1)), st.data())
def test_basic_index_views(a, data):
    index = tuple(data.draw(st.one_of(st.integers(-a.shape[i], a.shape[i] - 1),
                                      st.slices(a.shape[i]).filter(lambda s: (s.step or 1) > 0),
                                      st.none())) for i in range(a.ndim))

    def fn(lib, x):
        v = x[index]
        return v, v.storage_offset(), x
    check(fn, a, check_stride=True)


def test_expand_then_inplace_raises_like_torch():
    check(lambda lib, x: x.expand(3, 4).add_(1), np.ones((1, 4), np.float32))


def test_version_counter_is_shared_by_views():
    for lib in LIBS:
        x = lib.zeros(4)
        v = x[1:3]
        before = x._version
        v.add_(1)
        assert x._version == v._version == before + 1
