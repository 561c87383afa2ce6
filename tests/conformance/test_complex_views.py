"""view_as_real / view_as_complex against torch: values, shapes, strides, storage offsets, aliasing (writes
reach both ways), errors, and gradients (incl. double backward)."""
import numpy as np
import pytest
from hypothesis import assume, given, strategies as st
from hypothesis.extra import numpy as hnp

import mindtorch
from oracle import check
from _gradutil import check_vjp


@st.composite
def complex_arrays(draw, dtype=np.complex64):
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    rng = np.random.default_rng(draw(st.integers(0, 1000)))
    return np.asarray(rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)


LAYOUTS = [lambda t: t, lambda t: t.transpose(0, -1) if t.dim() > 1 else t, lambda t: t[..., ::2] if t.dim() else t,
           lambda t: t[1:] if t.dim() and t.shape[0] > 1 else t]


@given(x=st.sampled_from([np.complex64, np.complex128]).flatmap(complex_arrays), layout=st.sampled_from(LAYOUTS))
def test_view_as_real(x, layout):
    check(lambda lib, t: lib.view_as_real(layout(t)), x, check_stride=True)
    check(lambda lib, t: lib.view_as_real(layout(t)).storage_offset(), x)


@given(x=complex_arrays(), layout=st.sampled_from(LAYOUTS))
def test_view_as_complex_round_trip(x, layout):
    check(lambda lib, t: lib.view_as_complex(lib.view_as_real(layout(t))), x, check_stride=True)


@given(shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4), dtype=st.sampled_from(["float32",
                                                                                                       "float64"]))
def test_view_as_complex(shape, dtype):
    x = np.random.default_rng(0).standard_normal(shape + (2,)).astype(dtype)
    check(lambda lib, t: lib.view_as_complex(t), x, check_stride=True)
    check(lambda lib, t: lib.view_as_complex(t[1:]) if t.dim() > 1 else t, x, check_stride=True)


@pytest.mark.parametrize("call", [
    lambda lib: lib.view_as_real(lib.ones(3)),
    lambda lib: lib.view_as_complex(lib.ones(3)),
    lambda lib: lib.view_as_complex(lib.ones(2, 3)),
    lambda lib: lib.view_as_complex(lib.ones(2, 4).t()),
    lambda lib: lib.view_as_complex(lib.ones(4, 3)[:, 1:]),
    lambda lib: lib.view_as_complex(lib.ones(7)[1:5].view(2, 2)),
    lambda lib: lib.view_as_complex(lib.ones(2, dtype=lib.int32)),
    lambda lib: lib.view_as_complex(lib.tensor(1.0)),
])
def test_errors(call):
    assert check(call) is RuntimeError


def test_aliasing():
    for lib in (mindtorch,):
        x = lib.zeros(3, dtype=lib.complex64)
        r = lib.view_as_real(x)
        r[1, 1] = 5.0
        assert x[1].item() == 5j
        x[2] = 1 + 2j
        assert r[2].tolist() == [1.0, 2.0]
        y = lib.zeros(2, 2)
        c = lib.view_as_complex(y)
        c.mul_(0).add_(3 - 1j)
        assert y.tolist() == [[3.0, -1.0], [3.0, -1.0]]
        assert lib.view_as_complex(lib.ones(5)[:4].view(2, 2)).tolist() == [1 + 1j, 1 + 1j]


@given(x=complex_arrays(np.complex128))
def test_grads(x):
    assume(x.size)  # torch's own backward of view_as_real refuses zero-size grads (stride rule)
    check_vjp(lambda lib, t: lib.view_as_real(t * t), x, grad_args=[0], rtol=1e-10, atol=1e-10)
    r = np.ascontiguousarray(np.stack([x.real, x.imag], -1))
    check_vjp(lambda lib, t: lib.view_as_real(lib.view_as_complex(t) * lib.view_as_complex(t).exp()), r,
              rtol=1e-10, atol=1e-10)


def test_double_backward():
    r = np.random.default_rng(1).standard_normal((3, 2))
    check_vjp(lambda lib, t: lib.view_as_real(lib.view_as_complex(t) ** 3), r, double=True, rtol=1e-10, atol=1e-10)
