"""gradcheck / gradgradcheck: analytical gradients (the engine) against central finite differences."""
import numpy as np

from . import grad_mode
from .._tensor import Tensor


class GradcheckError(RuntimeError):
    pass


def _as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _numerical_jacobian(fn, inputs, index, eps):
    """d(outputs)/d(inputs[index]) column by column, perturbing the input's storage on the host."""
    x = inputs[index]
    base = x.detach().numpy().copy()
    columns = []
    for k in range(base.size):
        values = []
        for sign in (1, -1):
            perturbed = base.copy().reshape(-1)
            perturbed[k] += sign * eps
            from .._ops.creation import tensor
            args = list(inputs)
            # the perturbed input keeps requires_grad: gradgradcheck's function differentiates inside
            args[index] = tensor(perturbed.reshape(base.shape), dtype=x.dtype, requires_grad=x.requires_grad)
            outs = _as_tuple(fn(*args))
            values.append(np.concatenate([o.detach().numpy().reshape(-1).astype(np.float64)
                                          for o in outs if isinstance(o, Tensor)]))
        columns.append((values[0] - values[1]) / (2 * eps))
    return np.stack(columns, axis=1) if columns else np.zeros((0, 0))


def _analytical_jacobian(fn, inputs, index):
    from . import grad as autograd_grad
    outs = [o for o in _as_tuple(fn(*inputs)) if isinstance(o, Tensor)]
    rows = []
    for out in outs:
        flat = out.reshape(-1)
        for k in range(flat.numel()):
            if not flat._requires_grad:
                rows.append(np.zeros(inputs[index].numel()))
                continue
            g, = autograd_grad(flat[k], inputs[index], retain_graph=True, allow_unused=True)
            rows.append(np.zeros(inputs[index].numel()) if g is None else g.detach().numpy().reshape(-1))
    return np.stack(rows, axis=0) if rows else np.zeros((0, inputs[index].numel()))


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, nondet_tol=0.0,
              check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
              check_batched_forward_grad=False, check_forward_ad=False, check_backward_ad=True,
              fast_mode=False, masked=None):
    inputs = _as_tuple(inputs)
    for i, x in enumerate(inputs):
        if not (isinstance(x, Tensor) and x.requires_grad):
            continue
        if x.dtype.name not in ("float64", "complex128"):
            import warnings
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating point or complex. "
                          "This check will likely fail if all the inputs are not of double precision floating point "
                          "or complex.")
        numerical = _numerical_jacobian(func, inputs, i, eps)
        analytical = _analytical_jacobian(func, inputs, i)
        if numerical.shape != analytical.shape or not np.allclose(analytical, numerical, rtol=rtol, atol=atol):
            if raise_exception:
                raise GradcheckError(f"Jacobian mismatch for output 0 with respect to input {i},\n"
                                     f"numerical:{numerical}\nanalytical:{analytical}\n")
            return False
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3, gen_non_contig_grad_outputs=False,
                  raise_exception=True, nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
                  check_batched_grad=False, check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False,
                  masked=False):
    from . import grad as autograd_grad
    inputs = _as_tuple(inputs)
    with grad_mode.no_grad():
        outs = _as_tuple(func(*inputs))
    if grad_outputs is None:
        from .._ops.random import randn
        grad_outputs = tuple(randn(o.shape, dtype=o.dtype) for o in outs)
    grad_outputs = _as_tuple(grad_outputs)

    def first_grads(*args):
        xs = list(args[:len(inputs)])
        outs = _as_tuple(func(*xs))
        wrt = [x for x in xs if isinstance(x, Tensor) and x.requires_grad]
        return autograd_grad(outs, wrt, args[len(inputs):], create_graph=True, allow_unused=True)
    grad_outputs = tuple(g.detach().requires_grad_(True) for g in grad_outputs)
    return gradcheck(first_grads, tuple(inputs) + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
