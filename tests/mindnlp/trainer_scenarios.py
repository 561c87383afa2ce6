"""Training scenarios shared by the real-torch reference (imported in the pytest process) and the mindnlp side
(run as a script in a subprocess, with `import mindnlp` first so `torch` is mindtorch):

    python trainer_scenarios.py curves WORKDIR            roads (a) mindnlp.engine.Trainer and (b) transformers.Trainer
    python trainer_scenarios.py resume WORKDIR PHASE      kill-and-resume: PHASE is 'full', 'killed' or 'resumed'
    python trainer_scenarios.py engine WORKDIR            mindnlp.engine checks (compiled step, loss scale, ...)

Everything here uses `torch` as whatever `import torch` gives, so the same code drives both sides."""
import json
import os
import sys

import numpy as np

STEPS = 30
FAMILIES = ("bert", "llama")
N_SAMPLES = 64
SEQ = 8
VOCAB = 96


# ---- models and data (built once by the reference side, loaded by both) ------------------------------------
def build_models(workdir):
    """Tiny BERT sequence classifier and tiny Llama causal LM with fixed seeds, saved as safetensors."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, LlamaConfig, LlamaForCausalLM
    torch.manual_seed(0)
    bert = BertForSequenceClassification(BertConfig(
        vocab_size=VOCAB, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=32, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, num_labels=3,
        classifier_dropout=0.0))
    bert.save_pretrained(os.path.join(workdir, "bert"))
    torch.manual_seed(1)
    llama = LlamaForCausalLM(LlamaConfig(
        vocab_size=VOCAB, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
        num_key_value_heads=2, max_position_embeddings=32, attention_dropout=0.0, tie_word_embeddings=False))
    llama.save_pretrained(os.path.join(workdir, "llama"))


def samples(family):
    """The training set as a list of dicts of Python lists (the default collator makes tensors of them):
    padded sequences with an attention mask; labels -100 on padding for the LM."""
    rng = np.random.default_rng(7 if family == "bert" else 8)
    out = []
    for i in range(N_SAMPLES):
        length = int(rng.integers(4, SEQ + 1))
        ids = rng.integers(1, VOCAB, SEQ)
        ids[length:] = 0
        mask = [1] * length + [0] * (SEQ - length)
        item = {"input_ids": ids.tolist(), "attention_mask": mask}
        if family == "bert":
            item["labels"] = int(rng.integers(0, 3))
        else:
            item["labels"] = [int(t) if m else -100 for t, m in zip(ids, mask)]
        out.append(item)
    return out


def load(family, workdir):
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification
    cls = AutoModelForSequenceClassification if family == "bert" else AutoModelForCausalLM
    return cls.from_pretrained(os.path.join(workdir, family), attn_implementation="eager")


def training_args(args_cls, family, output_dir, **over):
    """The acceptance runs: AdamW with weight decay, warmup, a scheduler per family, clipping, sequential
    batches (the two torches' RNG streams differ). Gradient accumulation: `ga_args`."""
    kw = {"output_dir": output_dir, "max_steps": STEPS, "per_device_train_batch_size": 4, "learning_rate": 3e-3,
          "weight_decay": 0.01, "adam_beta1": 0.9, "adam_beta2": 0.98, "adam_epsilon": 1e-7, "max_grad_norm": 1.0,
          "warmup_steps": 3, "logging_steps": 10, "save_strategy": "no", "report_to": [], "use_cpu": True,
          "seed": 0, "train_sampling_strategy": "sequential", "disable_tqdm": True, "dataloader_num_workers": 0}
    if family == "bert":
        kw.update(lr_scheduler_type="linear", gradient_accumulation_steps=1)
    else:
        kw.update(lr_scheduler_type="cosine", gradient_accumulation_steps=1)
    kw.update(over)
    return args_cls(**kw)


GA_STEPS = 3


def ga_args(args_cls, output_dir):
    """Gradient accumulation (2 micro-batches of 4 per step) with the LM's cosine schedule, on the classifier."""
    return training_args(args_cls, "bert", output_dir, max_steps=GA_STEPS, gradient_accumulation_steps=2,
                         lr_scheduler_type="cosine", warmup_steps=1)


def train_ga(trainer_cls, args_cls, workdir, tag):
    import transformers
    cls = recorder(trainer_cls)
    trainer = cls(model=load("bert", workdir), args=ga_args(args_cls, os.path.join(workdir, f"ga_{tag}")),
                  train_dataset=samples("bert"), data_collator=transformers.default_data_collator)
    trainer.train()
    params = {n: p.detach().float().numpy().copy() for n, p in trainer.model.named_parameters()}
    return np.array(trainer.losses, np.float64), trainer.first.grads, params


def recorder(trainer_cls):
    """`trainer_cls` recording each micro-batch's loss and the first optimizer step's (clipped) gradients."""
    from transformers import TrainerCallback

    class FirstGrads(TrainerCallback):
        def __init__(self):
            self.grads = None

        def on_pre_optimizer_step(self, args, state, control, model=None, **kw):
            if self.grads is None:
                self.grads = {n: p.grad.detach().float().numpy().copy() for n, p in model.named_parameters()
                              if p.grad is not None}

    class Recording(trainer_cls):
        def __init__(self, *a, **k):
            self.first = FirstGrads()
            k["callbacks"] = list(k.get("callbacks") or []) + [self.first]
            super().__init__(*a, **k)
            self.losses = []

        def training_step(self, *a, **k):
            loss = super().training_step(*a, **k)
            self.losses.append(float(loss))
            return loss

    return Recording


def train_curve(trainer_cls, args_cls, family, workdir, tag):
    import transformers
    model = load(family, workdir)
    cls = recorder(trainer_cls)
    trainer = cls(model=model, args=training_args(args_cls, family, os.path.join(workdir, f"out_{tag}_{family}")),
                  train_dataset=samples(family), data_collator=transformers.default_data_collator)
    trainer.train()
    return np.array(trainer.losses, np.float64), trainer.first.grads


def save_result(path, losses, grads, extra=None):
    arrays = {"losses": losses}
    arrays.update({"grad/" + k: v for k, v in (grads or {}).items()})
    np.savez(path, **arrays)
    if extra is not None:
        with open(path + ".json", "w") as f:
            json.dump(extra, f)


# ---- kill and resume ---------------------------------------------------------------------------------------
RESUME_STEPS = 8
KILL_AT = 5  # the process dies after this optimizer step (the last checkpoint is step 4)


def resume_args(args_cls, output_dir):
    return args_cls(output_dir=output_dir, max_steps=RESUME_STEPS, per_device_train_batch_size=4,
                    per_device_eval_batch_size=8, learning_rate=3e-3, weight_decay=0.01, warmup_steps=2,
                    lr_scheduler_type="linear", max_grad_norm=1.0, logging_steps=1, eval_strategy="steps",
                    eval_steps=2, save_strategy="steps", save_steps=2, save_total_limit=2,
                    load_best_model_at_end=True, metric_for_best_model="accuracy", greater_is_better=True,
                    report_to=[], use_cpu=True, seed=0, disable_tqdm=False, dataloader_num_workers=0)


def compute_metrics(pred):
    logits, labels = pred.predictions, pred.label_ids
    return {"accuracy": float((np.argmax(logits, -1) == labels).mean())}


def run_resume(workdir, phase):
    import transformers

    from mindnlp.engine import Trainer, TrainerCallback, TrainingArguments

    class Kill(TrainerCallback):
        def on_step_end(self, args, state, control, **kw):
            if state.global_step == KILL_AT:
                sys.stdout.flush()
                os._exit(17)  # as a crash would: no cleanup, no save

    class FirstStep(TrainerCallback):
        first = None

        def on_step_begin(self, args, state, control, **kw):
            if FirstStep.first is None:
                FirstStep.first = state.global_step

    out = os.path.join(workdir, "resume_full" if phase == "full" else "resume_broken")
    data = samples("bert")
    trainer = Trainer(model=load("bert", workdir), args=resume_args(TrainingArguments, out),
                      train_dataset=data[:32], eval_dataset=data[48:], compute_metrics=compute_metrics,
                      data_collator=transformers.default_data_collator,
                      callbacks=[FirstStep()] + ([Kill()] if phase == "killed" else []))
    result = trainer.train(resume_from_checkpoint=True if phase == "resumed" else None)
    losses = {int(h["step"]): h["loss"] for h in trainer.state.log_history if "loss" in h}
    evals = {int(h["step"]): h["eval_accuracy"] for h in trainer.state.log_history if "eval_accuracy" in h}
    final_eval = trainer.evaluate()
    with open(os.path.join(workdir, f"resume_{phase}.json"), "w") as f:
        json.dump({"first_step": FirstStep.first, "losses": losses, "evals": evals, "train_loss": result.training_loss,
                   "best_checkpoint": trainer.state.best_model_checkpoint, "final_eval": final_eval,
                   "checkpoints": sorted(d for d in os.listdir(out) if d.startswith("checkpoint-")),
                   "files": sorted(os.listdir(os.path.join(out, f"checkpoint-{RESUME_STEPS}")))}, f)


# ---- engine checks (mindnlp side): compiled step, loss scaling, binding, evaluation, argument surface ----------
def run_engine_checks(workdir):
    import dataclasses
    import warnings

    import torch
    import transformers

    from mindnlp.engine import Trainer, TrainingArguments, ValueAndGradStep, trainable_parameters
    out = {}
    data = samples("bert")

    def short_run(**over):
        args = training_args(TrainingArguments, "bert", os.path.join(workdir, "engine_checks"), max_steps=3, **over)
        trainer = recorder(Trainer)(model=load("bert", workdir), args=args, train_dataset=data,
                                    data_collator=transformers.default_data_collator)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            trainer.train()
        messages = [str(w.message) for w in caught if "mindnlp.engine" in str(w.message)]
        return trainer, messages

    eager, _ = short_run()
    out["eager_losses"] = eager.losses
    for mode in ("ast", "bytecode"):
        trainer, messages = short_run(mindspore_jit=True, mindspore_jit_capture_mode=mode)
        out[f"jit_{mode}"] = {"losses": trainer.losses, "messages": messages,
                              "compiled": trainer._ms_step.compiled}

    # loss scaling: gradients of the scaled loss, the loss itself unscaled
    model = load("bert", workdir)
    batch = transformers.default_data_collator(data[:4])
    step = ValueAndGradStep(model)
    before = {n: p.detach().numpy().copy() for n, p in model.named_parameters()}
    l1, g1 = step(lambda: model(**batch).loss)
    l2, g2 = step(lambda: model(**batch).loss, loss_scale=1024.0)
    out["scale"] = {"loss": [float(l1), float(l2)],
                    "ratio_err": max(float(np.abs(b.asnumpy() / 1024.0 - a.asnumpy()).max()) for a, b in zip(g1, g2))}
    out["params_unchanged"] = all(np.array_equal(before[n], p.detach().numpy()) for n, p in model.named_parameters())
    out["grad_none_after_step_call"] = all(p.grad is None for p in model.parameters())

    # frozen parameters are not differentiated (the same step object follows a freeze); tied weights are one
    n_before = len(step.params)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    _, g3 = step(lambda: model(**batch).loss)
    out["refreshed"] = [n_before, len(step.params), len(g3)]
    names = [n for n, _ in trainable_parameters(model)]
    out["frozen_excluded"] = "bert.embeddings.word_embeddings.weight" not in names and len(names) == len(
        [p for p in model.parameters() if p.requires_grad])
    args = training_args(TrainingArguments, "bert", os.path.join(workdir, "engine_frozen"), max_steps=2)
    Trainer(model=model, args=args, train_dataset=data, data_collator=transformers.default_data_collator).train()
    out["frozen_unchanged"] = np.array_equal(before["bert.embeddings.word_embeddings.weight"],
                                             model.bert.embeddings.word_embeddings.weight.detach().numpy())
    out["others_changed"] = not np.array_equal(before["classifier.weight"], model.classifier.weight.detach().numpy())
    from transformers import LlamaConfig, LlamaForCausalLM
    tied = LlamaForCausalLM(LlamaConfig(vocab_size=VOCAB, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                                        num_attention_heads=2, tie_word_embeddings=True))
    out["tied_once"] = [len(trainable_parameters(tied)), len(list(tied.parameters()))]

    # evaluation, prediction_step, metrics
    args = training_args(TrainingArguments, "bert", os.path.join(workdir, "engine_eval"), max_steps=2,
                         per_device_eval_batch_size=8)
    trainer = Trainer(model=load("bert", workdir), args=args, train_dataset=data, eval_dataset=data[:20],
                      data_collator=transformers.default_data_collator, compute_metrics=compute_metrics,
                      tokenizer=None)
    metrics = trainer.evaluate()
    pred = trainer.predict(data[:20])
    out["eval"] = {"keys": sorted(metrics), "pred_shape": list(pred.predictions.shape),
                   "label_shape": list(pred.label_ids.shape), "pred_metrics": sorted(pred.metrics)}
    loss, logits, labels = trainer.prediction_step(trainer.model, transformers.default_data_collator(data[:4]),
                                                   prediction_loss_only=False)
    out["prediction_step"] = [float(loss), list(logits.shape), labels.tolist()]

    class Proc:
        def save_pretrained(self, path):
            pass
    out["tokenizer_alias"] = Trainer(model=load("bert", workdir), args=args, tokenizer=Proc()).processing_class \
        .__class__.__name__

    # the argument surface is transformers' own
    theirs = {f.name: f.default for f in dataclasses.fields(transformers.TrainingArguments)}
    ours = {f.name: f.default for f in dataclasses.fields(TrainingArguments)}
    out["args_missing"] = sorted(set(theirs) - set(ours))
    out["args_default_diff"] = sorted(k for k in theirs if k in ours and repr(theirs[k]) != repr(ours[k]))
    out["args_extra"] = sorted(set(ours) - set(theirs))
    out["torch_is_mindtorch"] = torch.__name__
    losses, grads, params = train_ga(Trainer, TrainingArguments, workdir, "engine")
    save_result(os.path.join(workdir, "ga_engine.npz"), losses, {**grads, **{"param:" + k: v for k, v in params.items()}})
    with open(os.path.join(workdir, "engine_checks.json"), "w") as f:
        json.dump(out, f)


# ---- the mindnlp side ----------------------------------------------------------------------------------------
def main(argv):
    # isort: off
    import mindnlp  # noqa: F401  (first: torch is mindtorch from here on)
    import transformers
    # isort: on
    transformers.logging.set_verbosity_error()
    what, workdir = argv[0], argv[1]
    if what == "resume":
        run_resume(workdir, argv[2])
        return
    if what == "engine":
        run_engine_checks(workdir)
        return
    from mindnlp.engine import Trainer, TrainingArguments
    for family in FAMILIES:
        losses, grads = train_curve(Trainer, TrainingArguments, family, workdir, "engine")
        save_result(os.path.join(workdir, f"engine_{family}.npz"), losses, grads)
        try:  # road (b): loss.backward() on mindtorch's autograd
            losses, grads = train_curve(transformers.Trainer, transformers.TrainingArguments, family, workdir, "hf")
            save_result(os.path.join(workdir, f"hf_{family}.npz"), losses, grads, {"error": None})
        except Exception as e:  # noqa: BLE001 - reported by the test, with the message
            save_result(os.path.join(workdir, f"hf_{family}.npz"), np.zeros(0), None,
                        {"error": f"{type(e).__name__}: {e}"[:2000]})


if __name__ == "__main__":
    main(sys.argv[1:])
