"""Shape ops that return new tensors, against torch: values, dtype (promotion across inputs), shape,
strides of the result (contiguous, or the input's layout where torch preserves it), errors, `out=`,
and that the result does not alias its input."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from oracle import check
from strategies import arrays, shapes, ALL_DTYPES
from shape_layouts import layout, layouts

dtypes = st.sampled_from(ALL_DTYPES)


def _a(dtype="float32", **kw):
    return arrays("float32" if dtype == "bfloat16" else dtype, shapes(**kw))


def copy_check(fn, a, how, dtype=None, **kw):
    """check fn(lib, x) with x in layout `how`; then that writing into the result leaves x unchanged."""
    check(lambda lib, x: fn(lib, layout(x, how)), a, check_stride=True, dtype=dtype, **kw)

    def no_alias(lib, x):
        x = layout(x, how)
        r = fn(lib, x)
        r = r[0] if isinstance(r, (tuple, list)) else r
        if r.numel():
            r.copy_(lib.zeros(()).to(r.dtype).expand(r.shape))
        return x
    check(no_alias, a, dtype=dtype, **kw)


@st.composite
def cat_inputs(draw, max_n=4):
    """Arrays that concatenate along some dim (sometimes not), with dtypes of their own, and 1-d
    empty arrays (skipped by torch's legacy rule) mixed in."""
    base = draw(shapes(min_dims=1, max_dims=3, max_side=3))
    nd = len(base)
    dim = draw(st.integers(-nd - 1, nd))
    n = draw(st.integers(1, max_n))
    out = []
    for _ in range(n):
        kind = draw(st.sampled_from(["same", "same", "same", "empty1d", "other"]))
        if kind == "empty1d":
            shape = (0,)
        elif kind == "other":
            shape = draw(shapes(min_dims=0, max_dims=3, max_side=3))
        else:
            shape = list(base)
            if -nd <= dim < nd:
                shape[dim] = draw(st.integers(0, 3))
        dt = draw(st.sampled_from(["float32", "int64", "int32", "bool", "float64", "uint8", "int8", "float16"]))
        out.append(draw(arrays(dt, tuple(shape))))
    return out, dim


@given(cat_inputs(), layouts, st.sampled_from(["cat", "concat", "concatenate"]))
def test_cat(inputs, how, name):
    arrs, dim = inputs
    check(lambda lib, *xs: getattr(lib, name)([layout(x, how) for x in xs], dim), *arrs, check_stride=True)
    check(lambda lib, *xs: getattr(lib, name)(tuple(layout(x, how) for x in xs), dim=dim), *arrs, check_stride=True)


@given(st.data(), dtypes, layouts)
def test_cat_same_dtype_and_out(data, dtype, how):
    a = data.draw(_a(dtype, min_dims=1, max_dims=3))
    d = data.draw(st.integers(-a.ndim, a.ndim - 1))
    copy_check(lambda lib, x: lib.cat([x, x.flip(d), x], d), a, how, dtype)
    copy_check(lambda lib, x: lib.cat([x], d), a, how, dtype)
    out_dtype = data.draw(st.sampled_from(["float32", "float64", "int64", "bool"]))

    def with_out(lib, x):
        out = lib.zeros(data_shape_zero, dtype=getattr(lib, out_dtype))
        r = lib.cat([layout(x, how), layout(x, how)], d, out=out)
        return r is out, out
    data_shape_zero = (0,)
    check(with_out, a, check_stride=True, dtype=dtype)


def test_cat_errors():
    a, b = np.zeros((2, 3), np.float32), np.zeros((2, 4), np.float32)
    check(lambda lib: lib.cat([]))
    check(lambda lib, x, y: lib.cat([x, y]), a, b)
    check(lambda lib, x, y: lib.cat([x, y], 1), a, b)
    check(lambda lib, x: lib.cat([x, x[0]]), a)
    check(lambda lib, x: lib.cat([x, x[0, 0]]), a)
    check(lambda lib, x: lib.cat([x], 2), a)
    check(lambda lib, x: lib.cat((x, 1)), a)
    check(lambda lib, x: lib.cat(x), a)
    check(lambda lib, x: lib.cat([x], out=lib.zeros(0, dtype=lib.int64)), a)
    check(lambda lib, x: lib.cat([x.long()], out=lib.zeros(0, dtype=lib.bool)), a)
    check(lambda lib, x: lib.cat([x[0, :0], x[0, :0].long()], 5), a)
    check(lambda lib, x: lib.cat([x[0, :0], x], 5), a)


@given(st.data(), layouts)
def test_stack(data, how):
    shape = data.draw(shapes(max_dims=3, max_side=3))
    n = data.draw(st.integers(1, 3))
    dts = [data.draw(st.sampled_from(["float32", "int64", "bool", "int32", "float16"])) for _ in range(n)]
    arrs = [data.draw(arrays(dt, shape)) for dt in dts]
    if data.draw(st.booleans()) and n > 1:
        arrs[-1] = data.draw(arrays(dts[-1], shapes(max_dims=3, max_side=3)))
    d = data.draw(st.integers(-len(shape) - 2, len(shape) + 1))
    check(lambda lib, *xs: lib.stack([layout(x, how) for x in xs], d), *arrs, check_stride=True)
    check(lambda lib, *xs: lib.stack(tuple(layout(x, how) for x in xs), dim=d,
                                     out=lib.zeros(0, dtype=lib.float64)), *arrs, check_stride=True)


@given(st.data(), dtypes, layouts)
def test_stack_one_dtype(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=3))
    d = data.draw(st.integers(-a.ndim - 1, a.ndim))
    copy_check(lambda lib, x: lib.stack([x, x.flip(0) if x.dim() else x, x], d), a, how, dtype)
    copy_check(lambda lib, x: lib.stack([x], d), a, how, dtype)


def test_stack_errors():
    check(lambda lib: lib.stack([]))
    check(lambda lib, x, y: lib.stack([x, y]), np.zeros((2, 3)), np.zeros((3, 2)))
    check(lambda lib, x: lib.stack([x], 2), np.zeros(2))
    check(lambda lib, x: lib.stack(x), np.zeros(2))


@given(st.data(), layouts, st.sampled_from(["hstack", "vstack", "dstack", "column_stack", "row_stack"]))
def test_hstack_vstack_dstack_column_stack(data, how, name):
    s = data.draw(shapes(max_dims=3, max_side=3))
    n = data.draw(st.integers(1, 3))
    vary = data.draw(st.sampled_from([None, 0, 1, 2]))
    arrs = []
    for _ in range(n):
        shape = list(s)
        if vary is not None and vary < len(shape):
            shape[vary] = data.draw(st.integers(0, 3))
        arrs.append(data.draw(arrays(data.draw(st.sampled_from(["float32", "int64", "bool"])), tuple(shape))))
    if data.draw(st.booleans()):
        arrs.append(data.draw(arrays("float32", shapes(max_dims=2, max_side=3))))
    check(lambda lib, *xs: getattr(lib, name)([layout(x, how) for x in xs]), *arrs, check_stride=True)


def test_stack_family_errors():
    for name in ("hstack", "vstack", "dstack", "column_stack"):
        check(lambda lib: getattr(lib, name)([]))
        check(lambda lib, x: getattr(lib, name)(x), np.zeros(2))


@given(st.data(), dtypes, layouts)
def test_flip(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=4))
    nd = max(a.ndim, 1)
    dims = data.draw(st.lists(st.integers(-nd - 1, nd), max_size=3))
    copy_check(lambda lib, x: x.flip(dims), a, how, dtype)
    copy_check(lambda lib, x: lib.flip(x, dims), a, how, dtype)
    if dims:
        copy_check(lambda lib, x: x.flip(*dims), a, how, dtype)
    copy_check(lambda lib, x: lib.fliplr(x), a, how, dtype)
    copy_check(lambda lib, x: x.flipud(), a, how, dtype)


@given(st.data(), dtypes, layouts)
def test_flip_preserves_permuted_layouts(data, dtype, how):
    a = data.draw(_a(dtype, min_dims=1, max_dims=4))
    perm = data.draw(st.permutations(range(a.ndim)))
    copy_check(lambda lib, x: x.permute(*perm).flip(0), a, how, dtype)
    copy_check(lambda lib, x: x.permute(*perm)[..., :1].flip(-1), a, how, dtype)
    copy_check(lambda lib, x: x.permute(*perm)[..., ::2].flip(0), a, how, dtype)
    copy_check(lambda lib, x: x.unsqueeze(1).expand(x.shape[0], 2, *x.shape[1:]).permute(
        *([1, 0] + list(range(2, x.dim() + 1)))).flip(0), a, how, dtype)


@given(st.data(), dtypes, layouts)
def test_rot90(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=4))
    nd = max(a.ndim, 1)
    k = data.draw(st.integers(-5, 5))
    dims = data.draw(st.one_of(st.just((0, 1)), st.lists(st.integers(-nd - 1, nd), min_size=1, max_size=3)))
    copy_check(lambda lib, x: lib.rot90(x, k, dims), a, how, dtype)
    copy_check(lambda lib, x: x.rot90(k), a, how, dtype)


@given(st.data(), dtypes, layouts)
def test_roll(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=3))
    nd = max(a.ndim, 1)
    n = data.draw(st.integers(0, 3))
    shifts = data.draw(st.one_of(st.integers(-7, 7), st.lists(st.integers(-7, 7), min_size=n, max_size=n)))
    dims = data.draw(st.one_of(st.none(), st.integers(-nd - 1, nd),
                               st.lists(st.integers(-nd, nd - 1), min_size=n, max_size=n)))
    copy_check(lambda lib, x: x.roll(shifts, dims), a, how, dtype)
    copy_check(lambda lib, x: lib.roll(x, shifts), a, how, dtype)


@given(st.data(), dtypes, layouts)
def test_repeat_tile(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=3, max_side=3))
    reps = data.draw(st.lists(st.integers(-1, 3), min_size=max(a.ndim - 1, 0), max_size=a.ndim + 2))
    copy_check(lambda lib, x: x.repeat(*reps) if reps else x.repeat(reps), a, how, dtype)
    copy_check(lambda lib, x: x.repeat(reps), a, how, dtype)
    copy_check(lambda lib, x: lib.tile(x, reps), a, how, dtype)
    if reps:
        copy_check(lambda lib, x: x.tile(*reps), a, how, dtype)


@given(st.data(), dtypes, layouts)
def test_repeat_interleave(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=3, max_side=3))
    nd = max(a.ndim, 1)
    dim = data.draw(st.one_of(st.none(), st.integers(-nd - 1, nd)))
    size = a.size if dim is None else (a.shape[dim] if -a.ndim <= dim < a.ndim else 1)
    kind = data.draw(st.sampled_from(["int", "tensor", "tensor1", "tensor0"]))
    if kind == "int":
        reps = data.draw(st.integers(-1, 3))
        copy_check(lambda lib, x: x.repeat_interleave(reps, dim), a, how, dtype)
        copy_check(lambda lib, x: lib.repeat_interleave(x, reps, dim=dim, output_size=None), a, how, dtype)
        return
    n = {"tensor": data.draw(st.sampled_from([size, size, size + 1])), "tensor1": 1, "tensor0": None}[kind]
    counts = data.draw(st.integers(0, 3)) if n is None else data.draw(
        st.lists(st.integers(-1 if data.draw(st.booleans()) else 0, 3), min_size=n, max_size=n))
    rdt = data.draw(st.sampled_from(["int64", "int32", "float32"]))
    counts = np.asarray(counts, dtype=np.int64)

    def fn(lib, x, r):
        x = layout(x.to(lib.bfloat16) if dtype == "bfloat16" else x, how)
        return x.repeat_interleave(r.to(getattr(lib, rdt)), dim)
    check(fn, a, counts, check_stride=True)


@given(st.lists(st.integers(-1, 4), max_size=5), st.sampled_from(["int64", "int32", "float32", "uint8"]))
def test_repeat_interleave_of_repeats(counts, dt):
    check(lambda lib, r: lib.repeat_interleave(r.to(getattr(lib, dt))), np.asarray(counts, dtype=np.int64),
          check_stride=True)
    check(lambda lib, r: lib.repeat_interleave(r.reshape(1, -1)), np.asarray(counts, dtype=np.int64))


@given(st.data(), dtypes, layouts)
def test_diag_diag_embed_diagflat(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=3, max_side=4))
    offset = data.draw(st.integers(-5, 5))
    copy_check(lambda lib, x: lib.diag(x, offset), a, how, dtype)
    copy_check(lambda lib, x: x.diag(diagonal=offset), a, how, dtype)
    copy_check(lambda lib, x: lib.diagflat(x, offset), a, how, dtype)
    n = a.ndim + 1
    d1, d2 = data.draw(st.integers(-n - 1, n)), data.draw(st.integers(-n, n - 1))
    copy_check(lambda lib, x: lib.diag_embed(x, offset, d1, d2), a, how, dtype)
    copy_check(lambda lib, x: x.diag_embed(offset), a, how, dtype)

    def with_out(lib, x):
        out = lib.zeros(0).to(x.dtype)
        return lib.diag(layout(x, how), offset, out=out) is out, out
    check(with_out, a, check_stride=True, dtype=dtype)


@given(st.integers(-1, 6), st.integers(-1, 6), st.integers(-8, 8),
       st.sampled_from(["int64", "int32", "int16", "float32"]))
def test_tril_triu_indices(row, col, offset, dt):
    check(lambda lib: lib.tril_indices(row, col, offset, dtype=getattr(lib, dt)), check_stride=True)
    check(lambda lib: lib.triu_indices(row, col, offset=offset, dtype=getattr(lib, dt)), check_stride=True)
    check(lambda lib: (lib.tril_indices(row, col), lib.triu_indices(row, col)), check_stride=True)


def test_copies_of_zero_dim_and_zero_size():
    def fn(lib, x, e):
        x, e = layout(x, "offset"), layout(e, "strided")
        return (x.flip(()), x.flip(0), x.roll(1), x.repeat(2, 3), x.tile(2), x.repeat_interleave(2), lib.diagflat(x),
                lib.stack([x, x]), lib.hstack([x, x]), lib.vstack([x, x]), lib.dstack([x, x]), lib.column_stack([x, x]),
                e.flip(1), e.roll(2, 1), e.repeat(1, 2, 0, 2), e.repeat_interleave(3, 1), lib.cat([e, e], 2),
                lib.stack([e, e], 3), lib.diag_embed(e), lib.rot90(e, 1, (1, 2)), lib.diagflat(e))
    check(fn, np.array(2.5, np.float32), np.zeros((2, 0, 3), np.float32), check_stride=True)


@given(st.data(), layouts)
def test_block_diag(data, how):
    n = data.draw(st.integers(0, 3))
    arrs = [data.draw(arrays(data.draw(st.sampled_from(["float32", "int64", "bool", "float64"])),
                             shapes(max_dims=3 if data.draw(st.integers(0, 9)) == 0 else 2, max_side=3)))
            for _ in range(n)]
    check(lambda lib, *xs: lib.block_diag(*[layout(x, how) for x in xs]), *arrs, check_stride=True)


@given(st.data(), layouts)
def test_cartesian_prod(data, how):
    n = data.draw(st.integers(0, 3))
    dt = data.draw(st.sampled_from(["float32", "int64", "bool"]))
    arrs = [data.draw(arrays(dt, shapes(min_dims=1, max_dims=1 if data.draw(st.integers(0, 9)) else 2,
                                        max_side=3))) for _ in range(n)]

    def fn(lib, *xs):
        xs = [layout(x, how) for x in xs]
        r = lib.cartesian_prod(*xs)
        return r, r is xs[0] if len(xs) == 1 else None
    check(fn, *arrs, check_stride=True)


_COMPLEX_CASES = {
    "reshape of transposed": lambda lib, x: x.t().reshape(-1),
    "narrow": lambda lib, x: x.narrow(1, 1, 2),
    "split": lambda lib, x: x.split(2, 1),
    "unbind": lambda lib, x: x.unbind(1),
    "diagonal": lambda lib, x: x.diagonal(1),
    "expand": lambda lib, x: x[:1].expand(3, 4),
    "unfold": lambda lib, x: x.unfold(1, 2, 1),
    "cat": lambda lib, x: lib.cat([x, x], 1),
    "stack": lambda lib, x: lib.stack([x, x], 1),
    "flip": lambda lib, x: x.t().flip(0),
    "roll": lambda lib, x: x.roll(1, 1),
    "repeat": lambda lib, x: x.repeat(2, 1),
    "repeat_interleave": lambda lib, x: x.repeat_interleave(lib.tensor([1, 0, 2]), 0),
    "diag_embed": lambda lib, x: lib.diag_embed(x, -1),
    "write through a view": lambda lib, x: (x.t()[1].copy_(x[1:, 2].clone().repeat(2)[:3]), x.diagonal().mul_(2), x),
}


@pytest.mark.parametrize("case", sorted(_COMPLEX_CASES))
def test_complex64(case):
    a = (np.arange(12) + 1j * np.arange(12, 0, -1)).astype(np.complex64).reshape(3, 4)
    check(_COMPLEX_CASES[case], a, check_stride=True)
