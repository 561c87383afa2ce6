"""The _copy view variants and the _scatter ops against torch: values, dtypes, strides (fresh contiguous
results), errors, gradients (incl. double backward)."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import mindtorch
from oracle import check, check_grad, to_lib
from strategies import arrays, shapes

DTYPES = ["float32", "float64", "int64", "bool", "bfloat16"]


def _draw_call(data, nd):
    """(name, args) of a _copy variant that fits an array of `nd` dims (args may be invalid: torch's error)."""
    dim = data.draw(st.integers(-nd - 1, nd) if nd else st.integers(-1, 0))
    options = [("permute_copy", (tuple(data.draw(st.permutations(range(nd)))),)), ("squeeze_copy", ()),
               ("unsqueeze_copy", (dim,)), ("detach_copy", ()), ("alias_copy", ()), ("view_copy", ((-1,),)),
               ("expand_copy", ((2,) + (-1,) * nd,))]
    if nd <= 2:
        options.append(("t_copy", ()))
    if nd:
        options += [("transpose_copy", (dim, 0)), ("select_copy", (dim, data.draw(st.integers(-2, 2)))),
                    ("slice_copy", (dim, data.draw(st.none() | st.integers(-3, 3)),
                                    data.draw(st.none() | st.integers(-3, 6)), data.draw(st.integers(1, 3)))),
                    ("split_copy", (data.draw(st.integers(1, 3)), dim)), ("unbind_copy", (dim,)),
                    ("unfold_copy", (dim, data.draw(st.integers(0, 3)), data.draw(st.integers(1, 2)))),
                    ("as_strided_copy", ((2, 2), (1, 1), data.draw(st.integers(0, 1))))]
    if nd >= 2:
        options += [("diagonal_copy", (data.draw(st.integers(-2, 2)), 0, -1)),
                    ("split_with_sizes_copy", ([1, -1 + 1] if False else [1], 0))]
    return data.draw(st.sampled_from(options))


@given(st.data())
def test_copy_variants_match_torch(data):
    dtype = data.draw(st.sampled_from(DTYPES))
    a = data.draw(arrays("float32" if dtype == "bfloat16" else dtype, shapes(max_dims=3, max_side=4)))
    name, args = _draw_call(data, a.ndim)
    transposed = data.draw(st.booleans()) and a.ndim >= 2

    def fn(lib, x):
        if transposed:
            x = x.transpose(0, 1)
        out = getattr(lib, name)(x, *args)
        return out
    check(fn, a, dtype=dtype, check_stride=True)


def test_copy_variants_are_fresh():
    for lib in (torch, mindtorch):
        x = lib.arange(6.).reshape(2, 3)
        y = lib.permute_copy(x, (1, 0))
        y.fill_(0)
        assert x.sum().item() == 15 and y.is_contiguous()


@given(st.data())
@settings(max_examples=10)
def test_copy_variant_grads(data):
    a = data.draw(arrays("float64", shapes(min_dims=2, max_dims=3, min_side=2, max_side=4)))
    name, args = data.draw(st.sampled_from([
        ("permute_copy", ((1, 0) + tuple(range(2, a.ndim)),)), ("t_copy", ()) if a.ndim == 2 else ("squeeze_copy", ()),
        ("transpose_copy", (0, -1)), ("expand_copy", ((3,) + a.shape,)), ("select_copy", (1, -1)),
        ("slice_copy", (1, 0, 5, 2)), ("split_copy", (1, 0)), ("split_with_sizes_copy", ([1, a.shape[1] - 1], 1)),
        ("unbind_copy", (-1,)), ("diagonal_copy", (1, 0, 1)), ("as_strided_copy", ((2, 2), (1, 2), 1)),
        ("alias_copy", ()), ("unfold_copy", (0, 2, 1)), ("view_copy", ((-1,),)), ("unsqueeze_copy", (0,))]))
    check_grad(lambda lib, x: getattr(lib, name)(x, *args), a)


def test_detach_copy_requires_grad_but_has_no_derivative():
    for lib in (torch, mindtorch):
        x = lib.ones(2, requires_grad=True)
        y = lib.detach_copy(x)
        assert y.requires_grad
        with pytest.raises(RuntimeError, match="derivative"):
            y.sum().backward()


def test_copy_variant_out():
    check(lambda lib, x: lib.permute_copy(x, (1, 0), out=lib.empty(0)), np.arange(6.).reshape(2, 3))
    check(lambda lib, x: lib.permute_copy(x, (1, 0), out=lib.empty(0, dtype=lib.float64)), np.arange(6.).reshape(2, 3))
    check(lambda lib, x: lib.select_copy(x, 0, 1, out=lib.empty(3, dtype=lib.float64)), np.arange(6.).reshape(2, 3))


# ---- _scatter ---------------------------------------------------------------------------------------------------
def _region(a, data):
    """A scatter op, its view region's args, and the region's shape (drawn from numpy's views)."""
    nd = a.ndim
    kind = data.draw(st.sampled_from(["select", "slice", "diagonal", "as_strided"] if nd >= 2 else
                                     ["select", "slice", "as_strided"]))
    x = torch.from_numpy(a)
    if kind == "select":
        d = data.draw(st.integers(-nd, nd - 1))
        args = (d, data.draw(st.integers(-a.shape[d], a.shape[d] - 1)))
        shape = x.select(*args).shape
    elif kind == "slice":
        args = (data.draw(st.integers(-nd, nd - 1)), data.draw(st.none() | st.integers(-3, 3)),
                data.draw(st.none() | st.integers(-3, 6)), data.draw(st.integers(1, 3)))
        shape = torch.slice_copy(x, *args).shape
    elif kind == "diagonal":
        args = (data.draw(st.integers(-2, 2)), 0, -1)
        shape = x.diagonal(*args).shape
    else:
        n = x.numel()
        size = (data.draw(st.integers(0, max(n // 2, 0))),)
        args = (size, (2,), 0) if n % 2 or True else None
        args = ((min(size[0], (n + 1) // 2),), (2,), 0)
        shape = torch.Size(args[0])
    return kind + "_scatter", args, tuple(shape)


@given(st.data())
def test_scatter_ops_match_torch(data):
    a = data.draw(arrays("float32", shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)))
    name, args, shape = _region(a, data)
    src_dtype = data.draw(st.sampled_from(["float32", "float64", "int64"]))
    src = data.draw(arrays(src_dtype, shape))
    method = data.draw(st.booleans())
    check(lambda lib, x, s: getattr(x, name)(s, *args) if method else getattr(lib, name)(x, s, *args), a, src)


@given(st.data())
@settings(max_examples=15)
def test_scatter_ops_grads(data):
    a = data.draw(arrays("float64", shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)))
    name, args, shape = _region(a, data)
    src = data.draw(arrays("float64", shape))
    check_grad(lambda lib, x, s: getattr(lib, name)(x, s, *args), a, src)


def test_scatter_errors():
    x, bad = np.zeros((3, 4), np.float32), np.zeros(3, np.float32)
    check(lambda lib, x, s: lib.select_scatter(x, s, 0, 1), x, bad)
    check(lambda lib, x, s: lib.select_scatter(x, s, 2, 0), x, bad)
    check(lambda lib, x, s: lib.slice_scatter(x, s, 0, 0, 2), x, bad)
    check(lambda lib, x, s: lib.diagonal_scatter(x, s, 0, 0, 0), x, bad)
    check(lambda lib, x, s: lib.as_strided_scatter(x, s, (2,), (1,), 20), x, bad)


def test_scatter_double_backward():
    x, s = np.random.default_rng(0).standard_normal((3, 4)), np.random.default_rng(1).standard_normal(4)
    res = {}
    for lib in (torch, mindtorch):
        xt, st_ = to_lib(lib, x, requires_grad=True), to_lib(lib, s, requires_grad=True)
        y = lib.select_scatter(xt * xt, st_ * st_, 0, 1)
        gx, gs = lib.autograd.grad((y * y).sum(), (xt, st_), create_graph=True)
        (gx.sum() + gs.sum()).backward()
        res[lib] = (xt.grad.numpy(), st_.grad.numpy())
    np.testing.assert_allclose(res[mindtorch][0], res[torch][0], rtol=1e-10)
    np.testing.assert_allclose(res[mindtorch][1], res[torch][1], rtol=1e-10)
