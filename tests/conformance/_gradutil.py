"""A vector-Jacobian check that needs no other op's formula: out.backward(w) with the same random w in
torch and mindtorch, then every floating input's .grad compared. (oracle.check_grad builds its loss
with mul and sum, whose formulas land from other branches; this one exercises only the op under test.)"""
import numpy as np
import torch

import mindtorch
from oracle import LIBS, to_lib, assert_same, as_numpy


def _outs(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def check_vjp(fn, *args, dtype=None, rtol=1e-5, atol=1e-6, seed=0, grad_args=None, double=False):
    """Gradients of fn's (floating) outputs against torch's; with double=True also the second
    derivative: autograd.grad(..., create_graph=True), then backward of the grads with a second weight."""
    rng = np.random.default_rng(seed)
    positions = [i for i, a in enumerate(args) if isinstance(a, np.ndarray) and a.dtype.kind == "f"] \
        if grad_args is None else list(grad_args)
    res = {}
    for lib in LIBS:
        inputs = [to_lib(lib, a, dtype, requires_grad=i in positions) if isinstance(a, np.ndarray) else a
                  for i, a in enumerate(args)]
        res[lib] = (inputs, fn(lib, *inputs))
    outs_t = [o for o in _outs(res[torch][1]) if o.dtype.is_floating_point or o.dtype.is_complex]
    ws = [rng.standard_normal(tuple(o.shape)) for o in outs_t]
    grads = {}
    for lib in LIBS:
        inputs, out = res[lib]
        outs = [o for o in _outs(out) if o.dtype.is_floating_point or o.dtype.is_complex]
        assert len(outs) == len(outs_t)
        for o_t, o in zip(outs_t, outs):
            assert_same(o_t.detach(), o.detach(), rtol, atol) if lib is mindtorch else None
        wl = [lib.from_numpy(w).to(o.dtype) for w, o in zip(ws, outs)]
        diff = [inputs[i] for i in positions]
        grads[lib] = lib.autograd.grad(outs, diff, wl, create_graph=double, allow_unused=True)
    for k, (gt, gm) in enumerate(zip(grads[torch], grads[mindtorch])):
        if gt is None:
            assert gm is None or not np.any(as_numpy(gm)), f"grad {k}: torch has none"
            continue
        assert gm is not None, f"grad {k}: mindtorch computed none"
        assert_same(gt.detach(), gm.detach(), rtol, atol, path=f"grad of input {positions[k]}")
    if double:
        vs = [None if g is None else rng.standard_normal(tuple(g.shape)) for g in grads[torch]]
        second = {}
        for lib in LIBS:
            inputs = res[lib][0]
            pairs = [(g, lib.from_numpy(v).to(g.dtype)) for g, v in zip(grads[lib], vs)
                     if g is not None and g.requires_grad]
            diff = [inputs[i] for i in positions]
            second[lib] = lib.autograd.grad([p[0] for p in pairs], diff, [p[1] for p in pairs], allow_unused=True)
        for k, (gt, gm) in enumerate(zip(second[torch], second[mindtorch])):
            if gt is None:
                assert gm is None or not np.any(as_numpy(gm)), f"second grad {k}: torch has none"
                continue
            assert gm is not None, f"second grad {k}: mindtorch computed none"
            assert_same(gt, gm, rtol, atol, path=f"second grad of input {positions[k]}")
