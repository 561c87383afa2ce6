"""Trainer: transformers' Trainer (same constructor, arguments, loop, evaluation, logging, callbacks,
checkpoints, resume, best-model loading) whose train step is MindSpore's `value_and_grad` over a function
of the model's parameters instead of `loss.backward()` on mindtorch's autograd.

What transformers' loop does around the step is kept as is: gradient accumulation (the step adds its
gradients into the parameters' `.grad`, scaled as transformers scales the loss), global-norm clipping
(`max_grad_norm`), the optimizer (AdamW by default: mindtorch.optim.AdamW, torch's update rule), the
scheduler chosen by `lr_scheduler_type` with warmup, checkpoints (model.safetensors, optimizer.pt,
scheduler.pt, rng_state.pth, trainer_state.json), `resume_from_checkpoint`, `save_total_limit`,
`load_best_model_at_end`, evaluation with `compute_metrics` and `prediction_step`, the tqdm bar and logs.
"""
import transformers

from .train_step import ValueAndGradStep
from .training_args import TrainingArguments

__all__ = ["Trainer"]


class Trainer(transformers.Trainer):
    """transformers.Trainer with a MindSpore `value_and_grad` train step (see the module docstring).
    `tokenizer=` is accepted as the older name of `processing_class`."""

    def __init__(self, model=None, args=None, *pos, tokenizer=None, **kwargs):
        if tokenizer is not None:
            if kwargs.get("processing_class") is not None:
                raise ValueError("Pass either `tokenizer` or `processing_class`, not both")
            kwargs["processing_class"] = tokenizer
        if args is None:
            import tempfile
            args = TrainingArguments(output_dir=tempfile.mkdtemp(prefix="mindnlp_trainer_"))
        super().__init__(model, args, *pos, **kwargs)
        self._ms_step = None

    # ---- the train step ------------------------------------------------------------------------------
    def _value_and_grad_step(self, model):
        step = self._ms_step
        if step is None or step.model is not model:
            step = self._ms_step = ValueAndGradStep(
                model, jit=getattr(self.args, "mindspore_jit", False),
                jit_capture_mode=getattr(self.args, "mindspore_jit_capture_mode", "ast"))
        return step

    def training_step(self, model, inputs, num_items_in_batch=None):
        """One micro-batch: loss and gradients by MindSpore's value_and_grad; the gradients are added into
        the parameters' `.grad` (accumulating over micro-batches until the optimizer step), as
        `loss.backward()` would. Returns the (accumulation-scaled) loss, detached, as transformers' does."""
        model.train()
        if hasattr(self.optimizer, "train") and callable(self.optimizer.train):
            self.optimizer.train()
        inputs = self._prepare_inputs(inputs)
        if self.loss_is_scaled_for_ga is not None:
            scaled_for_ga = self.loss_is_scaled_for_ga
        else:
            scaled_for_ga = (self.model_accepts_loss_kwargs and num_items_in_batch is not None) \
                or self.compute_loss_func is not None

        def loss_fn():
            with self.compute_loss_context_manager():
                loss = self.compute_loss(model, inputs, num_items_in_batch=num_items_in_batch)
            if self.args.n_gpu > 1:
                loss = loss.mean()
            if not scaled_for_ga:
                loss = loss / self.current_gradient_accumulation_steps
            return loss

        step = self._value_and_grad_step(model)
        # fp16 loss scaling: where accelerate keeps a GradScaler (fp16 on an accelerator; on CPU it keeps none),
        # the gradients are those of the scaled loss, as `scaler.scale(loss).backward()` leaves them; the
        # scaler's unscale_/step/update around the optimizer (accelerate's) then run unchanged.
        scaler = getattr(self.accelerator, "scaler", None)
        loss_scale = float(scaler.get_scale()) if scaler is not None and scaler.is_enabled() else None
        loss, grads = step(loss_fn, loss_scale=loss_scale)
        step.accumulate(grads)
        return loss.detach()


Trainer.__init__.__doc__ = transformers.Trainer.__init__.__doc__
