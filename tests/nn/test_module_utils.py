"""nn.utils against torch: clip_grad_norm_ / clip_grad_value_ / get_total_norm / clip_grads_with_norm_
on the same gradients, parameters_to_vector / vector_to_parameters."""
import math

import numpy as np
import pytest
from hypothesis import given, strategies as st
import torch
import mindtorch

from nn_helpers import assert_same, t
from nn_helpers_errors import same_outcome

NORMS = [2.0, 1.0, math.inf, -math.inf, 0.0, 3.5, 0.5, "inf"]


def _params(lib, grads, dtypes):
    ps = []
    for g, dt in zip(grads, dtypes):
        # zeros then to(): this worktree's mindtorch.zeros(dtype=bfloat16) hits MindSpore's missing CPU
        # FillV2 kernel for bfloat16 (the creation family's business)
        p = lib.nn.Parameter(lib.zeros(g.shape if g is not None else (1,)).to(getattr(lib, dt)))
        if g is not None:
            p.grad = t(lib, g).to(getattr(lib, dt))
        ps.append(p)
    return ps


def _run_clip(lib, grads, dtypes, **kwargs):
    ps = _params(lib, grads, dtypes)
    total = lib.nn.utils.clip_grad_norm_(ps, **kwargs)
    return total, [p.grad for p in ps if p.grad is not None]


_shapes = st.lists(st.integers(0, 4), min_size=0, max_size=3).map(tuple)
_grad = _shapes.flatmap(lambda s: st.builds(
    lambda seed, scale: (np.random.default_rng(seed).standard_normal(s) * scale).astype(np.float32),
    st.integers(0, 2 ** 16), st.sampled_from([1e-3, 1.0, 100.0])))


@given(grads=st.lists(st.one_of(_grad, st.none()), min_size=1, max_size=4),
       norm=st.sampled_from([2.0, 1.0, math.inf, 3.5, 0.0]), max_norm=st.sampled_from([1e-2, 0.5, 1.0, 1e6]),
       dtype=st.sampled_from(["float32", "float64"]))
def test_clip_grad_norm_matches_torch(grads, norm, max_norm, dtype):
    if norm == math.inf and any(g is not None and g.size == 0 for g in grads):
        grads = [g for g in grads if g is None or g.size]  # torch raises for the inf norm of an empty tensor
    dtypes = [dtype] * len(grads)
    e = _run_clip(torch, grads, dtypes, max_norm=max_norm, norm_type=norm)
    a = _run_clip(mindtorch, grads, dtypes, max_norm=max_norm, norm_type=norm)
    assert_same(e, a, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("norm", NORMS)
def test_clip_grad_norm_mixed_dtypes(norm):
    grads = [np.array([[3.0, -4.0], [1.0, 0.5]], np.float32), np.array([0.25, -8.0, 2.0], np.float32),
             None, np.array([1.5, -0.5], np.float32)]
    for dtypes in (["float32", "float64", "float32", "float16"], ["float16", "bfloat16", "float16", "float16"]):
        e = _run_clip(torch, grads, dtypes, max_norm=1.0, norm_type=norm)
        a = _run_clip(mindtorch, grads, dtypes, max_norm=1.0, norm_type=norm)
        assert_same(e, a)


def test_clip_grad_norm_argument_forms():
    def fn(lib):
        g = np.array([3.0, 4.0], np.float32)
        single = lib.nn.Parameter(lib.zeros(2))
        single.grad = t(lib, g)
        r = [lib.nn.utils.clip_grad_norm_(single, 1.0).item(), single.grad.tolist()]
        ps = _params(lib, [g, g], ["float32"] * 2)
        r.append(lib.nn.utils.clip_grad_norm_((p for p in ps), max_norm=2, foreach=False).item())
        r.append([p.grad.tolist() for p in ps])
        with pytest.warns(UserWarning, match="empty generator"):
            r.append(lib.nn.utils.clip_grad_norm_((p for p in []), 1.0).tolist())
        no_grads = _params(lib, [None], ["float32"])
        r.append(lib.nn.utils.clip_grad_norm_(no_grads, 1.0).tolist())
        with pytest.warns(FutureWarning):
            r.append(lib.nn.utils.clip_grad_norm(ps, 1.0).item())
        return r
    e = same_outcome(fn, compare=lambda x, y: np.testing.assert_allclose(
        np.concatenate([np.ravel(v) for v in x]), np.concatenate([np.ravel(v) for v in y]), rtol=1e-6))
    assert e[0] == "ok"


def test_clip_grad_norm_nonfinite():
    for bad in (math.nan, math.inf, -math.inf):
        grads = [np.array([1.0, bad], np.float32), np.array([2.0], np.float32)]

        def raises(lib):
            lib.nn.utils.clip_grad_norm_(_params(lib, grads, ["float32"] * 2), 1.0, error_if_nonfinite=True)
        same_outcome(raises)

        def raises_norm1(lib):
            lib.nn.utils.clip_grad_norm_(_params(lib, grads, ["float32"] * 2), 1.0, norm_type=1,
                                         error_if_nonfinite=True)
        same_outcome(raises_norm1)
        e = _run_clip(torch, grads, ["float32"] * 2, max_norm=1.0)
        a = _run_clip(mindtorch, grads, ["float32"] * 2, max_norm=1.0)
        assert_same(e, a)


def test_foreach_true_on_cpu():
    def fn(lib):
        ps = _params(lib, [np.array([1.0, -3.0], np.float32)], ["float32"])
        total = lib.nn.utils.clip_grad_norm_(ps, 1.0, foreach=True)
        lib.nn.utils.clip_grad_value_(ps, 0.5, foreach=True)
        return total, ps[0].grad
    same_outcome(fn, compare=lambda e, a: assert_same(e, a))


def test_get_total_norm_and_clip_grads_with_norm():
    grads = [np.array([[3.0, -4.0]], np.float32), np.array([12.0], np.float32)]
    for norm in (2.0, 1.0, math.inf):
        res = []
        for lib in (torch, mindtorch):
            ps = _params(lib, grads, ["float32"] * 2)
            total = lib.nn.utils.get_total_norm([p.grad for p in ps], norm_type=norm)
            lib.nn.utils.clip_grads_with_norm_(ps, 2.0, total)
            res.append((total, [p.grad for p in ps], lib.nn.utils.get_total_norm([])))
        assert_same(*res)


@pytest.mark.parametrize("clip", [0.1, 1.0, 2.5, 0])
def test_clip_grad_value(clip):
    grads = [np.array([[3.0, -0.05], [0.5, -2.0]], np.float32), None,
             np.array([-0.2, 0.09, 7.0, np.nan, -np.inf], np.float32)]
    for dtypes in (["float32"] * 3, ["float64", "float32", "float16"], ["bfloat16"] * 3):
        res = []
        for lib in (torch, mindtorch):
            ps = _params(lib, grads, dtypes)
            g0 = ps[0].grad
            assert lib.nn.utils.clip_grad_value_(ps, clip) is None
            assert ps[0].grad is g0  # in place
            res.append([p.grad for p in ps if p.grad is not None])
        assert_same(*res)


def test_clip_grad_value_single_tensor():
    res = []
    for lib in (torch, mindtorch):
        p = lib.nn.Parameter(lib.zeros(3))
        p.grad = lib.tensor([-3.0, 0.5, 3.0])
        lib.nn.utils.clip_grad_value_(p, clip_value=1)
        res.append(p.grad)
    assert_same(*res)


@pytest.mark.skipif(not hasattr(mindtorch, "cat"), reason="torch.cat is not in this worktree yet")
def test_parameters_to_vector():
    res = []
    for lib in (torch, mindtorch):
        ps = [lib.nn.Parameter(t(lib, np.arange(6, dtype=np.float32).reshape(2, 3))),
              lib.nn.Parameter(t(lib, np.array([7.0, 8.0], np.float32)))]
        res.append(lib.nn.utils.parameters_to_vector(ps))
    assert_same(*res)


def test_vector_to_parameters():
    def fn(lib):
        ps = [lib.nn.Parameter(lib.zeros(2, 3)), lib.nn.Parameter(lib.zeros(2))]
        ids = [id(p) for p in ps]
        vec = t(lib, np.arange(10, dtype=np.float32))
        lib.nn.utils.vector_to_parameters(vec, ps)
        return [p.tolist() for p in ps], [id(p) for p in ps] == ids, [p.requires_grad for p in ps]
    same_outcome(fn)
    same_outcome(lambda lib: lib.nn.utils.vector_to_parameters([1.0], [lib.nn.Parameter(lib.zeros(1))]))


def test_skip_init():
    def fn(lib):
        class WithDevice(lib.nn.Module):
            def __init__(self, n, device=None):
                super().__init__()
                self.w = lib.nn.Parameter(lib.ones(n, device=device))
                self.register_buffer("b", lib.zeros(n, device=device))
        m = lib.nn.utils.skip_init(WithDevice, 3)
        return type(m).__name__, m.w.device.type, tuple(m.w.shape), m.w.requires_grad, m.b.device.type
    same_outcome(fn)
    same_outcome(lambda lib: lib.nn.utils.skip_init(int))
    same_outcome(lambda lib: lib.nn.utils.skip_init(lib.nn.Sequential))
