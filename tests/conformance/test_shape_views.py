"""Shape ops that return views, against torch: values, dtype, shape, strides, storage offset and
contiguity of the result for inputs in several layouts, torch's error types, and that a write through
the view reaches the base (and a write to the base reaches the view)."""
import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st

import mindtorch
from oracle import check, LIBS
from strategies import arrays, shapes, ALL_DTYPES
from shape_layouts import layout, layouts, write_through, layout_of

dtypes = st.sampled_from(ALL_DTYPES)
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated on 0-D tensors:UserWarning")


def _a(dtype="float32", **kw):
    return arrays("float32" if dtype == "bfloat16" else dtype, shapes(**kw))


def view_check(fn, a, how, dtype, write=True):
    """check fn(lib, x) -> view on x in layout `how`; then write through the view and compare the base."""
    def run(lib, x):
        x = layout(x, how)
        v = fn(lib, x)
        return (v,) + layout_of(v)
    check(run, a, check_stride=True, dtype=dtype)
    if write:
        def written(lib, x):
            x = layout(x, how)
            before = x.reshape(-1) if x.is_contiguous() else x[...]
            v = fn(lib, x)
            write_through(lib, v)
            return x, v, before, x._version == v._version
        check(written, a, check_stride=True, dtype=dtype)

        def base_written(lib, x):
            x = layout(x, how)
            v = fn(lib, x)
            v2 = fn(lib, x)
            w = v2.reshape(-1) if v2.is_contiguous() else v2[...]  # a view of the view, made before the write
            write_through(lib, x)
            return v, w, x._version == v._version
        check(base_written, a, check_stride=True, dtype=dtype)


def _sub_shapes(shape):
    """Shapes with the same number of elements as `shape`: merges and splits of its dims."""
    n = int(np.prod(shape)) if shape else 1
    out = [(n,), (-1,), tuple(shape), tuple(shape)[::-1], (1,) + tuple(shape), tuple(shape) + (1,)]
    if len(shape) >= 2:
        out.append((shape[0] * shape[1],) + tuple(shape[2:]))
        out.append(tuple(shape[:-2]) + (shape[-2] * shape[-1],))
    if n and n % 2 == 0:
        out.append((2, -1))
    return out


@given(st.data(), dtypes, layouts)
def test_view_and_reshape(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=4))
    new = data.draw(st.sampled_from(_sub_shapes(a.shape)))
    view_check(lambda lib, x: x.reshape(new), a, how, dtype)
    check(lambda lib, x: layout(x, how).view(*new), a, check_stride=True, dtype=dtype)
    check(lambda lib, x: lib.reshape(layout(x, how), new), a, check_stride=True, dtype=dtype)


@given(st.data(), layouts)
def test_view_as_reshape_as(data, how):
    a = data.draw(_a(max_dims=3))
    new = data.draw(st.sampled_from(_sub_shapes(a.shape)))
    other = np.zeros([s if s != -1 else int(np.prod(a.shape)) for s in new], np.float32)
    check(lambda lib, x, o: layout(x, how).view_as(o), a, other, check_stride=True)
    check(lambda lib, x, o: layout(x, how).reshape_as(o), a, other, check_stride=True)


def test_view_errors():
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    check(lambda lib, x: x.t().view(12), a)
    check(lambda lib, x: x.view(5), a)
    check(lambda lib, x: x.view(-1, -1), a)
    check(lambda lib, x: x.view(-2, 6), a)
    check(lambda lib, x: x.view(-1, 0), a)
    check(lambda lib, x: x[:0].view(-1, 0), a)
    check(lambda lib, x: x.reshape(7, -1), a)
    check(lambda lib, x: x.view(2.0, 6), a)


_SAME_SIZE = {"int32": ["float32", "int32"], "float32": ["int32"], "int16": ["float16", "bfloat16"],
              "float16": ["int16", "bfloat16"], "bfloat16": ["int16", "float16"], "uint8": ["int8", "bool"],
              "int8": ["uint8"], "bool": ["uint8", "int8"]}
_BITS = {"int32": "int32", "float32": "int32", "int16": "int16", "float16": "int16", "bfloat16": "int16",
         "uint8": "uint8", "int8": "uint8", "bool": "uint8"}


@given(st.data(), st.sampled_from(sorted(_SAME_SIZE)), layouts)
def test_view_dtype_same_size_shares_storage(data, src, how):
    bits = _BITS[src]
    a = data.draw(arrays(bits, shapes(max_dims=3), elements=st.integers(0, 1) if src == "bool" else None))
    target = data.draw(st.sampled_from(_SAME_SIZE[src]))

    def fn(lib, x):
        x = layout(x.view(getattr(lib, src)), how)
        v = x.view(getattr(lib, target))
        return v.view(getattr(lib, bits)), v.dtype, layout_of(v)  # compare the exact bits
    check(fn, a, check_stride=True)

    def written(lib, x):
        x = layout(x.view(getattr(lib, src)), how)
        v = x.view(getattr(lib, target))
        write_through(lib, v)
        return x.view(getattr(lib, bits)), v._base is not None, x._version == v._version
    check(written, a, check_stride=True)


def test_view_dtype_errors():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    check(lambda lib, x: x[0, 0].view(lib.int16), a)


@given(st.data(), dtypes, layouts)
def test_flatten_ravel(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=4))
    nd = max(a.ndim, 1)
    s = data.draw(st.integers(-nd - 1, nd))
    e = data.draw(st.integers(-nd - 1, nd))

    def fn(lib, x):
        x = layout(x, how)
        r = x.flatten(s, e)
        return r, r is x, r._base is None
    check(fn, a, check_stride=True, dtype=dtype)
    check(lambda lib, x: lib.flatten(layout(x, how)), a, check_stride=True, dtype=dtype)
    view_check(lambda lib, x: x.ravel(), a, how, dtype, write=False)

    def ravel_aliases(lib, x):
        x = layout(x, how)
        r = lib.ravel(x)
        return r, r._base is None
    check(ravel_aliases, a, check_stride=True, dtype=dtype)


@given(st.data(), layouts)
def test_unflatten(data, how):
    a = data.draw(_a(min_dims=1, max_dims=3))
    d = data.draw(st.integers(-a.ndim - 1, a.ndim))
    n = a.shape[d] if -a.ndim <= d < a.ndim else 1
    sizes = data.draw(st.sampled_from([(n,), (1, n), (n, 1), (-1, 1), (1, -1), (2, -1), (n, 2), (-1, -1), ()]))
    view_check(lambda lib, x: x.unflatten(d, sizes), a, how, None)
    check(lambda lib, x: lib.unflatten(layout(x, how), d, sizes), a, check_stride=True)


def test_unflatten_zero_dim_error():
    check(lambda lib, x: x.unflatten(0, (1,)), np.float32(1.0))


@given(st.data(), dtypes, layouts)
def test_squeeze(data, dtype, how):
    a = data.draw(arrays("float32" if dtype == "bfloat16" else dtype,
                         shapes(max_dims=4, max_side=3).map(lambda s: tuple(1 if i % 2 else v for i, v in enumerate(s)))))
    nd = max(a.ndim, 1)
    dim = data.draw(st.one_of(st.none(), st.integers(-nd - 1, nd),
                              st.lists(st.integers(-nd, nd - 1), max_size=3).map(tuple)))
    if dim is None:
        view_check(lambda lib, x: x.squeeze(), a, how, dtype)
    else:
        view_check(lambda lib, x: lib.squeeze(x, dim), a, how, dtype)

    def inplace(lib, x):
        x = layout(x, how)
        v = x[...]
        r = v.squeeze_() if dim is None else v.squeeze_(dim)
        return r is v, v, x, v._version
    check(inplace, a, check_stride=True, dtype=dtype)


@given(st.data(), dtypes, layouts)
def test_unsqueeze(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=3))
    d = data.draw(st.integers(-a.ndim - 2, a.ndim + 1))
    view_check(lambda lib, x: x.unsqueeze(d), a, how, dtype)

    def inplace(lib, x):
        x = layout(x, how)
        v = x[...]
        return v.unsqueeze_(d) is v, v, x, v._version
    check(inplace, a, check_stride=True, dtype=dtype)


@given(st.data(), dtypes, layouts)
def test_permute_transpose_movedim(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=4))
    nd = a.ndim
    perm = data.draw(st.permutations(range(nd)))
    view_check(lambda lib, x: x.permute(*perm), a, how, dtype)
    check(lambda lib, x: lib.permute(layout(x, how), perm), a, check_stride=True, dtype=dtype)
    d0, d1 = data.draw(st.integers(-max(nd, 1) - 1, max(nd, 1))), data.draw(st.integers(-max(nd, 1), max(nd, 1) - 1))
    view_check(lambda lib, x: x.transpose(d0, d1), a, how, dtype)
    check(lambda lib, x: lib.swapaxes(layout(x, how), d0, d1), a, check_stride=True, dtype=dtype)
    check(lambda lib, x: lib.swapdims(layout(x, how), d0, d1), a, check_stride=True, dtype=dtype)

    def inplace(lib, x):
        x = layout(x, how)
        v = x[...]
        return v.transpose_(d0, d1) is v, v, x, v._version, v.swapaxes_(d0, d1), v.swapdims_(d0, d1)
    check(inplace, a, check_stride=True, dtype=dtype)
    if nd:
        src = data.draw(st.lists(st.integers(-nd, nd - 1), min_size=1, max_size=nd, unique_by=lambda i: i % nd))
        dst = data.draw(st.lists(st.integers(-nd, nd - 1), min_size=len(src), max_size=len(src),
                                 unique_by=lambda i: i % nd))
        view_check(lambda lib, x: lib.movedim(x, src, dst), a, how, dtype)
        view_check(lambda lib, x: x.moveaxis(src[0], dst[0]), a, how, dtype)


def test_permute_movedim_errors():
    a = np.zeros((2, 3), np.float32)
    check(lambda lib, x: x.permute(0), a)
    check(lambda lib, x: x.permute(0, 0), a)
    check(lambda lib, x: x.permute(0, 2), a)
    check(lambda lib, x: x.transpose(0, 2), a)
    check(lambda lib, x: lib.movedim(x, (0, 1), (1,)), a)
    check(lambda lib, x: lib.movedim(x, (0, 0), (1, 0)), a)
    check(lambda lib, x: lib.movedim(x, (0, 1), (1, 1)), a)
    check(lambda lib, x: lib.movedim(x, 2, 0), a)


@given(st.data(), dtypes, layouts)
def test_t_T_mT(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=4))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        view_check(lambda lib, x: x.T, a, how, dtype)
    view_check(lambda lib, x: x.t(), a, how, dtype)
    view_check(lambda lib, x: x.mT, a, how, dtype)
    view_check(lambda lib, x: x.H, a, how, dtype)
    view_check(lambda lib, x: x.mH, a, how, dtype)
    view_check(lambda lib, x: lib.adjoint(x), a, how, dtype)
    view_check(lambda lib, x: lib.t(x), a, how, dtype)

    def inplace(lib, x):
        x = layout(x, how)
        v = x[...]
        return v.t_() is v, v, x, v._version
    check(inplace, a, check_stride=True, dtype=dtype)


def test_T_warns_for_non_matrices():
    # torch warns once per process (TORCH_WARN_ONCE), so only mindtorch is asked here
    with pytest.warns(UserWarning, match="x.T"):
        mindtorch.zeros(2, 3, 4).T
    with pytest.warns(UserWarning, match="deprecated on 0-D"):
        mindtorch.tensor(1.0).mT
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mindtorch.zeros(2, 3).T


@given(st.data(), dtypes, layouts)
def test_expand_broadcast_to(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=3, max_side=3))
    lead = data.draw(st.lists(st.integers(0, 3), max_size=2))
    target = [data.draw(st.sampled_from([s, -1, 3, 0]) if s == 1 else st.sampled_from([s, -1, s + 1]))
              for s in a.shape]
    sizes = lead + target
    view_check(lambda lib, x: x.expand(*sizes), a, how, dtype)
    check(lambda lib, x: lib.broadcast_to(layout(x, how), sizes), a, check_stride=True, dtype=dtype)
    check(lambda lib, x: layout(x, how).expand(sizes), a, check_stride=True, dtype=dtype)


def test_expand_errors():
    a = np.zeros((2, 1), np.float32)
    check(lambda lib, x: x.expand(3), a)
    check(lambda lib, x: x.expand(-1, 2, 3), a)
    check(lambda lib, x: x.expand(3, 3), a)
    check(lambda lib, x: x.expand(2, 3).add_(1), a)


@given(st.data(), layouts)
def test_broadcast_tensors_and_shapes(data, how):
    s1, s2, s3 = data.draw(__import__("hypothesis.extra.numpy", fromlist=["x"]).mutually_broadcastable_shapes(
        num_shapes=3, max_dims=3, max_side=3)).input_shapes
    a, b, c = (np.arange(int(np.prod(s)), dtype=np.float32).reshape(s) for s in (s1, s2, s3))
    check(lambda lib, x, y, z: lib.broadcast_tensors(layout(x, how), layout(y, how), layout(z, how)), a, b, c,
          check_stride=True)
    check(lambda lib: lib.broadcast_shapes(s1, s2, s3))
    check(lambda lib, x, y: layout(x, how).expand_as(lib.broadcast_tensors(layout(x, how), layout(y, how))[1]), a, b,
          check_stride=True)


def test_broadcast_errors():
    check(lambda lib: lib.broadcast_shapes((2, 1), (3, 4)))
    check(lambda lib: lib.broadcast_shapes((2, -1)))
    check(lambda lib: lib.broadcast_shapes(3, [1, 1, 1], (2, 1)))
    check(lambda lib: lib.broadcast_shapes())
    check(lambda lib, x, y: lib.broadcast_tensors(x, y), np.zeros((2, 1)), np.zeros((3, 4)))


@given(st.data(), dtypes, layouts)
def test_narrow_select(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=3))
    nd = max(a.ndim, 1)
    d = data.draw(st.integers(-nd - 1, nd))
    size = a.shape[d] if -a.ndim <= d < a.ndim else 1
    start = data.draw(st.integers(-size - 1, size + 1))
    length = data.draw(st.integers(-1, size + 1))
    view_check(lambda lib, x: x.narrow(d, start, length), a, how, dtype)
    check(lambda lib, x: lib.narrow(layout(x, how), d, lib.tensor(start), length), a, check_stride=True, dtype=dtype)
    check(lambda lib, x: lib.narrow_copy(layout(x, how), d, start, length), a, check_stride=True, dtype=dtype)
    index = data.draw(st.integers(-size - 1, size))
    view_check(lambda lib, x: x.select(d, index), a, how, dtype)
    check(lambda lib, x: lib.select(layout(x, how), d, index), a, check_stride=True, dtype=dtype)


def test_narrow_start_tensor_errors():
    a = np.zeros(4, np.float32)
    check(lambda lib, x: x.narrow(0, lib.tensor(1.0), 1), a)
    check(lambda lib, x: x.narrow(0, lib.tensor([1]), 1), a)


def _split_args(size):
    return st.one_of(st.integers(-1, size + 2), st.lists(st.integers(-1, size), max_size=4))


@given(st.data(), dtypes, layouts)
def test_split_chunk_unbind(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=3))
    nd = max(a.ndim, 1)
    d = data.draw(st.integers(-nd - 1, nd))
    size = a.shape[d] if -a.ndim <= d < a.ndim else 1
    arg = data.draw(_split_args(size))
    if isinstance(arg, list) and data.draw(st.booleans()) and size:
        arg = arg + [size - sum(arg)]  # sizes that add up

    def fn(lib, x):
        parts = layout(x, how).split(arg, d)
        return parts, [layout_of(p) for p in parts]
    check(fn, a, check_stride=True, dtype=dtype)
    check(lambda lib, x: lib.split(layout(x, how), arg, dim=d), a, check_stride=True, dtype=dtype)
    if isinstance(arg, list):
        check(lambda lib, x: layout(x, how).split_with_sizes(arg, d), a, check_stride=True, dtype=dtype)
    chunks = data.draw(st.integers(-1, size + 2))

    def chunked(lib, x):
        parts = layout(x, how).chunk(chunks, d)
        return parts, [layout_of(p) for p in parts]
    check(chunked, a, check_stride=True, dtype=dtype)

    def unbound(lib, x):
        parts = lib.unbind(layout(x, how), d)
        return parts, [layout_of(p) for p in parts], list(layout(x, how)) if x.dim() else 0
    check(unbound, a, check_stride=True, dtype=dtype)


@given(st.data(), dtypes, layouts)
def test_tensor_split_and_directional_splits(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=4))
    nd = max(a.ndim, 1)
    d = data.draw(st.integers(-nd, nd - 1))
    size = a.shape[d] if a.ndim else 1
    arg = data.draw(st.one_of(st.integers(-1, size + 2), st.lists(st.integers(-size - 2, size + 2), max_size=4)))

    def fn(lib, x):
        parts = layout(x, how).tensor_split(arg, d)
        return parts, [layout_of(p) for p in parts]
    check(fn, a, check_stride=True, dtype=dtype)
    as_tensor = data.draw(st.sampled_from(["int64", "int32", "float32"]))
    check(lambda lib, x: lib.tensor_split(layout(x, how), lib.tensor(arg, dtype=getattr(lib, as_tensor)), dim=d), a,
          check_stride=True, dtype=dtype)
    for name in ("hsplit", "vsplit", "dsplit"):
        check(lambda lib, x: getattr(lib, name)(layout(x, how), arg), a, check_stride=True, dtype=dtype)
        check(lambda lib, x: getattr(layout(x, how), name)(arg), a, check_stride=True, dtype=dtype)


def test_split_errors():
    a = np.zeros(5, np.float32)
    check(lambda lib, x: x.split([2, 2]), a)
    check(lambda lib, x: x.split(0), a)
    check(lambda lib, x: x.split(-1), a)
    check(lambda lib, x: x[:0].split(0), a)
    check(lambda lib, x: x.chunk(0), a)
    check(lambda lib, x: x[0].chunk(1), a)
    check(lambda lib, x: x[0].split(1), a)
    check(lambda lib, x: x[0].unbind(), a)
    check(lambda lib, x: x[0].tensor_split(1), a)
    check(lambda lib, x: x.tensor_split(lib.tensor([[1]])), a)


@given(st.data(), dtypes, layouts)
def test_diagonal(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=4))
    nd = max(a.ndim, 1)
    d1, d2 = data.draw(st.integers(-nd - 1, nd)), data.draw(st.integers(-nd, nd - 1))
    offset = data.draw(st.integers(-6, 6))
    view_check(lambda lib, x: x.diagonal(offset, d1, d2), a, how, dtype)
    check(lambda lib, x: lib.diagonal(layout(x, how), offset=offset, dim1=d1, dim2=d2), a, check_stride=True,
          dtype=dtype)


@given(st.data(), dtypes, layouts)
def test_as_strided(data, dtype, how):
    a = data.draw(_a(dtype, min_dims=1, max_dims=3))
    n = a.size
    size = data.draw(st.lists(st.integers(0, 4), max_size=3))
    stride = data.draw(st.lists(st.integers(-1, 5), min_size=len(size), max_size=len(size)))
    offset = data.draw(st.one_of(st.none(), st.integers(0, n)))
    view_check(lambda lib, x: x.as_strided(size, stride, offset), a, how, dtype, write=False)

    def inplace(lib, x):
        x = layout(x, how)
        v = x[...]
        return lib.as_strided_(v, size, stride, offset) is v, v, v.storage_offset()
    check(inplace, a, check_stride=True, dtype=dtype)
    if all(s > 0 for s in stride) and len(set(stride)) == len(stride) and sorted(stride, reverse=True) == stride \
            and all(stride[i] >= stride[i + 1] * size[i + 1] for i in range(len(size) - 1)):
        view_check(lambda lib, x: lib.as_strided(x, size, stride, offset), a, how, dtype)


@given(st.data(), dtypes, layouts)
def test_unfold(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=3))
    nd = max(a.ndim, 1)
    d = data.draw(st.integers(-nd - 1, nd))
    dim_size = a.shape[d] if -a.ndim <= d < a.ndim else 1
    size = data.draw(st.integers(-1, dim_size + 1))
    step = data.draw(st.integers(0, 3))
    view_check(lambda lib, x: x.unfold(d, size, step), a, how, dtype, write=step >= size)


@given(st.data(), dtypes)
def test_meshgrid(data, dtype):
    n = data.draw(st.integers(1, 3))
    arrs = [data.draw(_a(dtype, max_dims=1)) for _ in range(n)]
    indexing = data.draw(st.sampled_from(["ij", "xy"]))
    check(lambda lib, *xs: lib.meshgrid(*[layout(x, "contiguous") for x in xs], indexing=indexing), *arrs,
          check_stride=True, dtype=dtype)
    check(lambda lib, *xs: lib.meshgrid([layout(x, "strided") for x in xs], indexing=indexing), *arrs,
          check_stride=True, dtype=dtype)

    def written(lib, *xs):
        xs = [layout(x, "offset") for x in xs]
        grids = lib.meshgrid(*xs, indexing=indexing)
        write_through(lib, grids[0])
        return grids, xs
    check(written, *arrs, check_stride=True, dtype=dtype)


def test_meshgrid_errors_and_warning():
    x, y = np.zeros(2, np.float32), np.zeros(3, np.int64)
    check(lambda lib, x, y: lib.meshgrid(x, y, indexing="ij"), x, y)
    check(lambda lib, x: lib.meshgrid(x.reshape(1, 2), indexing="ij"), x)
    check(lambda lib, x: lib.meshgrid(x, indexing="foo"), x)
    check(lambda lib: lib.meshgrid([], indexing="ij"))
    with pytest.warns(UserWarning, match="indexing"):  # torch warns once per process
        mindtorch.meshgrid(mindtorch.zeros(2), mindtorch.zeros(3))


@given(st.data(), dtypes, layouts)
def test_atleast_nd(data, dtype, how):
    a = data.draw(_a(dtype, max_dims=4))
    b = data.draw(_a(dtype, max_dims=2))
    for name in ("atleast_1d", "atleast_2d", "atleast_3d"):
        def one(lib, x):
            x = layout(x, how)
            r = getattr(lib, name)(x)
            return r, r is x, layout_of(r)
        check(one, a, check_stride=True, dtype=dtype)
        check(lambda lib, x, y: getattr(lib, name)(layout(x, how), layout(y, how)), a, b, check_stride=True,
              dtype=dtype)
        check(lambda lib, x, y: getattr(lib, name)([layout(x, how), layout(y, how)]), a, b, check_stride=True,
              dtype=dtype)


def test_views_chain_and_interleaved_writes():
    """Views of views, writes through each, reads of views made before the writes."""
    base = np.arange(24, dtype=np.float32).reshape(2, 3, 4)

    def fn(lib, x):
        a = x.permute(2, 0, 1)            # (4, 2, 3)
        b = a.diagonal(0, 1, 2)           # (4, 2)
        c = x.unfold(2, 2, 2)             # (2, 3, 2, 2)
        d = x.view(6, 4).t().narrow(0, 1, 2)
        e, f = x.split([1, 1], 0)
        b.mul_(10)
        d.add_(1000)
        f.squeeze_(0)
        f.t_()
        f.sub_(1)
        g = x.flatten()[::5]
        return x, a, b, c, d, e, f, g, [t.storage_offset() for t in (a, b, c, d, e, f, g)], x._version
    check(fn, base, check_stride=True)


def test_view_ops_on_zero_dim_and_zero_size():
    check(lambda lib, x: (lambda x: (x.view(1), x.reshape(1, 1), x.unsqueeze(0), x.squeeze(), x.t(), x.T, x.flatten(),
                          x.expand(2, 3), x.permute(), x.squeeze(0), x.squeeze(-1), x.transpose(0, -1),
                          x.unfold(0, 1, 1), x.ravel(), lib.atleast_3d(x)))(layout(x, "offset")),
          np.array(3.0, np.float32), check_stride=True)
    check(lambda lib, x: (lambda x: (x.view(0, 5), x.reshape(3, 0, 2), x.transpose(0, 2), x.unsqueeze(1), x.narrow(1, 0, 0),
                          x.split(2, 2), x.chunk(3, 1), x.unbind(2), x.diagonal(1, 0, 2), x.flatten(), x.expand(2, 0, 3, 2),
                          x.unfold(2, 2, 1), x.movedim(1, 0)))(layout(x, "contiguous")),
          np.zeros((0, 3, 2), np.float32), check_stride=True)
