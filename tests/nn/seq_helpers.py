"""Helpers of the sequence-layer tests (rnn, attention, transformer, parametrize): build the same module in
torch and mindtorch with torch's weights, run a call in both, compare outputs and the gradients of a random
projection of every floating output with respect to the inputs and parameters."""
import os
import warnings

import numpy as np
import torch
from oracle import assert_same

import mindtorch

LIBS = (torch, mindtorch)


def arr(*shape, seed=0, dtype=np.float32, scale=1.0):
    return (np.random.default_rng(seed).standard_normal(shape) * scale).astype(dtype)


def to(lib, x, requires_grad=False):
    if isinstance(x, np.ndarray):
        t = lib.from_numpy(x.copy())
        if requires_grad and x.dtype.kind == "f":
            t.requires_grad_(True)
        return t
    if isinstance(x, list):
        return [to(lib, v, requires_grad) for v in x]
    if isinstance(x, tuple):
        return tuple(to(lib, v, requires_grad) for v in x)
    return x


def copy_state(tm, mm):
    mm.load_state_dict({k: mindtorch.from_numpy(v.detach().numpy().copy()) for k, v in tm.state_dict().items()})


def pair(factory, check_repr=True):
    """factory(lib) builds a module; the mindtorch one gets torch's state after checking the names."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tm, mm = factory(torch), factory(mindtorch)
    if check_repr:
        assert repr(mm) == repr(tm)
    ts, ms_ = tm.state_dict(), mm.state_dict()
    assert list(ms_.keys()) == list(ts.keys())
    for k in ts:
        assert tuple(ms_[k].shape) == tuple(ts[k].shape), k
        assert str(ms_[k].dtype) == str(ts[k].dtype), k
    assert [n for n, _ in mm.named_parameters()] == [n for n, _ in tm.named_parameters()]
    copy_state(tm, mm)
    return tm, mm


def flat_tensors(x):
    if isinstance(x, (torch.Tensor, mindtorch.Tensor)):
        return [x]
    if isinstance(x, (tuple, list)):
        return [t for v in x for t in flat_tensors(v)]
    return []


def compare(fn, modules, *inputs, grad=True, rtol=1e-5, atol=1e-5, grad_inputs=None, seed=1):
    """fn(lib, module, *lib_inputs) in both libraries (modules: (torch_module, mindtorch_module) or None).
    Floating NumPy inputs require grad (or only those at positions grad_inputs)."""
    res = {}
    for k, lib in enumerate(LIBS):
        xs = [to(lib, x, grad and (grad_inputs is None or i in grad_inputs)) for i, x in enumerate(inputs)]
        m = modules[k] if modules is not None else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = fn(lib, m, *xs)
        res[lib] = (out, xs)
    assert_same(res[torch][0], res[mindtorch][0], rtol, atol)
    if not grad or os.environ.get("SEQ_FORWARD_ONLY"):
        return res[torch][0]
    outs_t = [o for o in flat_tensors(res[torch][0]) if o.requires_grad]
    outs_m = [o for o in flat_tensors(res[mindtorch][0]) if o.dtype.is_floating_point]
    outs_m = [o for o, ot in zip(outs_m, [o for o in flat_tensors(res[torch][0]) if o.dtype.is_floating_point])
              if ot.requires_grad]
    rng = np.random.default_rng(seed)
    ws = [rng.standard_normal(tuple(o.shape)).astype(np.float32) for o in outs_t]
    torch.autograd.backward(outs_t, [torch.from_numpy(w).to(o.dtype) for w, o in zip(ws, outs_t)])
    assert all(o.requires_grad for o in outs_m), "mindtorch output does not require grad"
    mindtorch.autograd.backward(outs_m, [mindtorch.from_numpy(w).to(o.dtype) for w, o in zip(ws, outs_m)])
    if modules is not None:
        for (name, p_t), (_, p_m) in zip(modules[0].named_parameters(), modules[1].named_parameters()):
            if p_t.grad is None:
                assert p_m.grad is None or not np.any(p_m.grad.numpy()), name
            else:
                assert p_m.grad is not None, f"no grad for {name}"
                assert_same(p_t.grad, p_m.grad, rtol, atol, path=f"grad of {name}")
    for i, (x_t, x_m) in enumerate(zip(flat_tensors(res[torch][1]), flat_tensors(res[mindtorch][1]))):
        if x_t.requires_grad:
            assert x_m.grad is not None, f"no grad for input {i}"
            assert_same(x_t.grad, x_m.grad, rtol, atol, path=f"grad of input {i}")
    return res[torch][0]
