"""mindnlp.engine beyond the loss curves: the opt-in compiled step and its fallback message, fp16 loss scaling of
the value_and_grad step, parameters kept intact around the step, frozen and tied parameters, evaluation with
compute_metrics, predict and prediction_step, the `tokenizer=` alias, and transformers' TrainingArguments
surface, and gradient accumulation against transformers.Trainer on real torch. One mindnlp subprocess
(trainer_scenarios.py engine) computes everything; checks here."""
import json
import os
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import trainer_scenarios as S
from test_trainer import RTOL, _check_grads, _load, _run_mindnlp


@pytest.fixture(scope="module")
def checks(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("engine"))
    S.build_models(workdir)
    proc = _run_mindnlp("engine", workdir)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    with open(os.path.join(workdir, "engine_checks.json")) as f:
        out = json.load(f)
    out["workdir"] = workdir
    return out


def test_compiled_step_falls_back_with_message(checks):
    ast = checks["jit_ast"]
    assert not ast["compiled"]
    assert len(ast["messages"]) == 1
    msg = ast["messages"][0]
    assert "mindspore.jit" in msg and "falling back to the eager value_and_grad step" in msg
    assert ast["losses"] == checks["eager_losses"]  # the fallback is the eager step, exactly


def test_compiled_step_same_losses(checks):
    jit = checks["jit_bytecode"]
    assert len(jit["losses"]) == len(checks["eager_losses"])
    for a, b in zip(jit["losses"], checks["eager_losses"]):
        assert abs(a - b) <= 1e-5 * abs(b)
    if not jit["compiled"]:
        assert jit["messages"], "a refused compile must say why"


def test_loss_scaling(checks):
    loss, scaled_loss = checks["scale"]["loss"]
    assert loss == scaled_loss  # the loss comes back unscaled
    assert checks["scale"]["ratio_err"] < 1e-6  # gradients of 1024 * loss are 1024 * gradients


def test_parameters_intact_and_frozen(checks):
    assert checks["params_unchanged"] and checks["grad_none_after_step_call"]
    assert checks["frozen_excluded"] and checks["frozen_unchanged"] and checks["others_changed"]
    n_before, n_after, n_grads = checks["refreshed"]
    assert n_after == n_grads == n_before - 1
    trainable, params = checks["tied_once"]
    assert trainable == params


def test_evaluation_and_prediction(checks):
    ev = checks["eval"]
    assert {"eval_loss", "eval_accuracy", "eval_runtime"} <= set(ev["keys"])
    assert ev["pred_shape"] == [20, 3] and ev["label_shape"] == [20]
    assert {"test_loss", "test_accuracy"} <= set(ev["pred_metrics"])
    loss, logits_shape, labels = checks["prediction_step"]
    assert loss > 0 and logits_shape == [4, 3] and len(labels) == 4


def test_argument_surface_is_transformers(checks):
    assert checks["args_missing"] == [] and checks["args_default_diff"] == []
    assert checks["args_extra"] == ["mindspore_jit", "mindspore_jit_capture_mode"]
    assert checks["tokenizer_alias"] == "Proc"
    assert checks["torch_is_mindtorch"] == "mindtorch"


def test_gradient_accumulation_matches_torch(checks):
    """2 micro-batches per optimizer step: losses, first-step (accumulated, clipped) gradients and the final
    parameters equal transformers.Trainer's on real torch."""
    import transformers
    transformers.logging.set_verbosity_error()
    ref_losses, ref_grads, ref_params = S.train_ga(transformers.Trainer, transformers.TrainingArguments,
                                                   checks["workdir"], "torch")
    losses, saved, _ = _load(checks["workdir"], "ga", "engine")
    assert len(ref_losses) == 2 * S.GA_STEPS
    np.testing.assert_allclose(losses, ref_losses, rtol=RTOL)
    grads = {k: v for k, v in saved.items() if not k.startswith("param:")}
    params = {k[6:]: v for k, v in saved.items() if k.startswith("param:")}
    _check_grads(grads, ref_grads)
    for name, ref in ref_params.items():
        np.testing.assert_allclose(params[name], ref, rtol=RTOL, atol=1e-6, err_msg=name)
