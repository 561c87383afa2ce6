"""The train step of mindnlp.engine: MindSpore's `value_and_grad` over a function of the model's parameters.

A mindtorch Tensor is a MindSpore value in a Storage (mindtorch/_tensor.py, _storage.py). The step binds each
trainable parameter's storage to the MindSpore value MindSpore differentiates with respect to, runs the
model's forward and loss with mindtorch's own autograd recording off (`no_grad`) and with every kernel on
MindSpore ops (`mindspore_autodiff()`: no NumPy host shortcuts, which MindSpore's autodiff cannot see), and
returns the loss's MindSpore value. MindSpore differentiates the kernels that ran; the gradients come back as
MindSpore values, one per parameter.

Optionally (`jit=True`) the value-and-grad function is compiled with `mindspore.jit`. A model whose forward
cannot be compiled (mindtorch's Python tensor wrapper is not a graph type) falls back to the eager step with a
warning saying why; a compiled step that compiles but disagrees with the eager one on the first batch is
refused the same way, so a compile never changes the numbers.
"""
import warnings

import mindspore as ms
import numpy as np
from mindspore import ops

import mindtorch
from mindtorch._runtime import mindspore_autodiff
from mindtorch._tensor import Tensor

__all__ = ["ValueAndGradStep", "bind_parameter", "trainable_parameters"]


def trainable_parameters(model):
    """(name, Parameter) of the parameters that require grad, one per storage (tied weights once)."""
    seen, out = set(), []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        key = id(p._storage)
        if key in seen:
            continue
        seen.add(key)
        out.append((name, p))
    return out


def bind_parameter(p, value):
    """Make `value` (a MindSpore tensor of p's shape and dtype) the value of parameter `p`, in place of its
    storage's value, so every reader of p (views, tied names) sees it. Nothing is copied."""
    st = p._storage
    if p._is_whole():
        if st.value is value:
            return
        st.value = value
        st.version += 1
        p._value, p._seen = value, st.version
    else:  # a parameter that is a view of a larger storage: a write through the view (a scatter)
        p._write(value)


class ValueAndGradStep:
    """loss and gradients of `loss_fn()` (a function running `model` that returns a mindtorch scalar) with
    respect to the model's trainable parameters, by `mindspore.value_and_grad`.

    `step(loss_fn)` -> (loss as a mindtorch Tensor, list of MindSpore gradients in `self.params` order).
    `loss_scale` multiplies the loss before differentiation (fp16 loss scaling); the gradients returned are
    those of the scaled loss (unscale them with `unscale`)."""

    def __init__(self, model, jit=False, jit_capture_mode="ast"):
        self.model = model
        self.named_params = trainable_parameters(model)
        self.params = [p for _, p in self.named_params]
        self._loss_fn = None
        self._scale = None
        self._vag = ms.value_and_grad(self._forward, grad_position=tuple(range(len(self.params))))
        self.jit_requested = bool(jit)
        self.jit_capture_mode = jit_capture_mode
        self._compiled = None  # None: untried; False: refused (fallback); else the compiled function
        self.fallback_reason = None

    # the differentiated function: parameters' values in, the loss's MindSpore value out
    def _forward(self, *values):
        for p, v in zip(self.params, values):
            bind_parameter(p, v)
        with mindtorch.no_grad():
            loss = self._loss_fn()
        if not isinstance(loss, Tensor):
            raise TypeError(f"mindnlp.engine: the loss function must return a mindtorch Tensor, got {type(loss)}")
        value = loss._ms
        if value.ndim:
            if value.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            value = value.reshape(())
        if self._scale is not None:
            value = value * self._scale
        return value

    def _run(self, fn, values):
        try:
            with mindspore_autodiff():
                loss, grads = fn(*values)
        finally:
            for p, v in zip(self.params, values):  # the parameters keep their own values
                bind_parameter(p, v)
        if not isinstance(grads, (tuple, list)):
            grads = (grads,)
        return loss, list(grads)

    def _refresh(self):
        """Parameters replaced (a loaded state dict with assign=True) or frozen/unfrozen since the last step:
        differentiate with respect to the current ones (and compile again if asked)."""
        named = trainable_parameters(self.model)
        if len(named) != len(self.params) or any(p is not q for (_, p), q in zip(named, self.params)):
            self.named_params = named
            self.params = [p for _, p in named]
            self._vag = ms.value_and_grad(self._forward, grad_position=tuple(range(len(self.params))))
            self._compiled = None if self.jit_requested and self._compiled else self._compiled

    def __call__(self, loss_fn, loss_scale=None):
        self._refresh()
        if not self.params:
            raise RuntimeError("mindnlp.engine: the model has no parameters that require grad")
        self._loss_fn = loss_fn
        self._scale = None if loss_scale is None else ms.Tensor(np.float32(loss_scale))
        values = [p._ms for p in self.params]
        try:
            if self.jit_requested and self._compiled is None:
                loss, grads = self._try_compile(values)
            elif self._compiled:
                loss, grads = self._run(self._compiled, values)
            else:
                loss, grads = self._run(self._vag, values)
        finally:
            self._loss_fn = None
        if self._scale is not None:
            loss = loss / self._scale
        return Tensor._make(loss, self.params[0]._device), grads

    def _try_compile(self, values):
        """Compile the step, check it on this first batch against the eager step, keep it only if it agrees."""
        eager_loss, eager_grads = self._run(self._vag, values)
        try:
            compiled = ms.jit(self._vag, capture_mode=self.jit_capture_mode)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                loss, grads = self._run(compiled, values)
            same = np.allclose(loss.asnumpy(), eager_loss.asnumpy(), rtol=1e-5, atol=1e-6) and all(
                np.allclose(g.asnumpy(), e.asnumpy(), rtol=1e-4, atol=1e-6) for g, e in zip(grads, eager_grads))
            if not same:
                raise RuntimeError("the compiled step's loss or gradients differ from the eager step's")
        except Exception as e:  # noqa: BLE001 - any failure to compile means: run eagerly, and say why
            reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            self.fallback_reason = f"{type(e).__name__}: {reason}"
            self._compiled = False
            warnings.warn(f"mindnlp.engine: the compiled train step (mindspore.jit, capture_mode="
                          f"'{self.jit_capture_mode}') is not available for {type(self.model).__name__} "
                          f"({self.fallback_reason}); falling back to the eager value_and_grad step.",
                          RuntimeWarning, stacklevel=3)
            return eager_loss, eager_grads
        self._compiled = compiled
        return loss, grads

    @property
    def compiled(self):
        return bool(self._compiled)

    # ---- gradients into the parameters' .grad (accumulating), as loss.backward() would ------------------
    def accumulate(self, grads, scale=None):
        for p, g in zip(self.params, grads):
            if scale is not None:
                g = g * scale
            if g.dtype != p._dtype._ms:
                g = ops.cast(g, p._dtype._ms)
            if p._grad is None:
                p._grad = Tensor._make(g, p._device)
            else:
                p._grad = Tensor._make(p._grad._ms + g, p._device)

    @staticmethod
    def all_finite(grads):
        return all(bool(ops.isfinite(g).all()) for g in grads)
