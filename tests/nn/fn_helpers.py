"""Forward and gradient comparison of nn functions and modules, torch vs mindtorch.

`check_fn(fn, *args)` calls fn(lib, *tensors) for both libraries: NumPy arguments become tensors (floating
ones requiring grad), the results are compared (values, dtype, shape), then both libraries backpropagate
the same random cotangents through every differentiable output (autograd.backward, so the test depends only
on the op under test) and the gradients of the inputs are compared."""
import warnings

import numpy as np
import torch
import mindtorch

from oracle import assert_same, to_lib, _differentiable_outputs

LIBS = (torch, mindtorch)


def arr(*shape, seed=0, dtype=np.float32, low=None, high=None):
    rng = np.random.default_rng(seed)
    if low is not None:
        return np.asarray(rng.uniform(low, high, shape)).astype(dtype)
    return np.asarray(rng.standard_normal(shape)).astype(dtype)


def ints(*shape, high, seed=0, low=0):
    return np.random.default_rng(seed).integers(low, high, shape).astype(np.int64)


def _inputs(lib, args, grad, dtype, frozen=()):
    out = []
    for i, a in enumerate(args):
        if isinstance(a, np.generic):
            a = np.asarray(a)
        if isinstance(a, np.ndarray):
            req = grad and a.dtype.kind == "f" and i not in frozen
            t = to_lib(lib, a, dtype if a.dtype.kind == "f" else None)
            if req:
                t.requires_grad_(True)
            out.append(t)
        else:
            out.append(to_lib(lib, a))
    return out


def check_fn(fn, *args, grad=True, dtype=None, rtol=1e-5, atol=1e-6, grad_rtol=None, grad_atol=None, seed=1,
             create_graph=False, frozen=()):
    """Compare fn(torch, ...) with fn(mindtorch, ...) and the input gradients of a random projection.
    Returns torch's result or the exception type torch raised (mindtorch must raise the same type).
    `frozen`: positions of floating arguments that do not require grad."""
    results = {}
    errors = {}
    for lib in LIBS:
        inputs = _inputs(lib, args, grad, dtype, frozen)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out = fn(lib, *inputs)
        except Exception as e:
            if lib is torch:
                errors[lib] = e
                continue
            if torch in errors:
                expected = type(errors[torch])
                assert isinstance(e, expected) or issubclass(expected, type(e)) and type(e) is not Exception, \
                    f"mindtorch raised {type(e).__name__}: {e}; torch raised {expected.__name__}: {errors[torch]}"
                return expected
            raise
        if lib is mindtorch and torch in errors:
            raise AssertionError(f"torch raised {type(errors[torch]).__name__}: {errors[torch]}; mindtorch raised "
                                 "nothing")
        results[lib] = (out, inputs)
    assert_same(results[torch][0], results[mindtorch][0], rtol, atol)
    if not grad:
        return results[torch][0]
    rng = np.random.default_rng(seed)
    outs_t = _differentiable_outputs(results[torch][0])
    outs_t = [o for o in outs_t if o.requires_grad]
    if not outs_t:
        return results[torch][0]
    weights = [rng.standard_normal(tuple(o.shape)) for o in outs_t]
    grads = {}
    for lib in LIBS:
        out, inputs = results[lib]
        outs = [o for o in _differentiable_outputs(out) if o.requires_grad]
        assert len(outs) == len(outs_t), "differentiable outputs differ"
        leaves = [t for t in inputs if isinstance(t, (torch.Tensor, mindtorch.Tensor)) and t.requires_grad]
        cot = [lib.from_numpy(w.astype(np.float64)).to(o.dtype) for w, o in zip(weights, outs)]
        g = lib.autograd.grad(outs, leaves, cot, allow_unused=True, create_graph=create_graph)
        grads[lib] = g
    gr, ga = grad_rtol or rtol, grad_atol or atol
    for i, (e, a) in enumerate(zip(grads[torch], grads[mindtorch])):
        if e is None:
            assert a is None or not np.any(a.detach().numpy()), f"grad {i}: torch has none"
            continue
        assert a is not None, f"grad {i}: mindtorch computed none"
        assert_same(e, a, gr, ga, path=f"grad of input {i}")
    return results[torch][0]
