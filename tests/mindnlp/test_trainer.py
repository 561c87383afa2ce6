"""Acceptance of issue 6: a tiny BERT sequence classifier and a tiny Llama causal LM fine-tuned for 30 steps from
the same initial weights by
  (a) mindnlp.engine.Trainer (MindSpore value_and_grad),
  (b) transformers.Trainer under mindnlp (loss.backward() on mindtorch's autograd),
  (c) transformers.Trainer under real torch (here, in the pytest process),
give the same loss curve step by step (1e-4 relative, fp32) and the same first-step gradients per parameter;
and a run killed mid-way resumes from its last checkpoint to the same losses as an unbroken run.

The pytest process never imports mindnlp; the mindnlp side runs trainer_scenarios.py in subprocesses."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(os.path.dirname(os.path.dirname(HERE)), "src")
sys.path.insert(0, HERE)
import trainer_scenarios as S  # noqa: E402

RTOL = 1e-4


def _run_mindnlp(*argv, timeout=600):
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, os.path.join(HERE, "trainer_scenarios.py"), *argv], env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("trainer"))
    S.build_models(workdir)
    proc = _run_mindnlp("curves", workdir)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    return workdir


@pytest.fixture(scope="module")
def reference(work):
    """Road (c): transformers.Trainer on real torch."""
    import transformers
    transformers.logging.set_verbosity_error()
    return {f: S.train_curve(transformers.Trainer, transformers.TrainingArguments, f, work, "torch")
            for f in S.FAMILIES}


def _load(work, road, family):
    path = os.path.join(work, f"{road}_{family}.npz")
    data = np.load(path)
    grads = {k[5:]: data[k] for k in data.files if k.startswith("grad/")}
    meta = json.load(open(path + ".json")) if os.path.exists(path + ".json") else {}
    return data["losses"], grads, meta


def _check_curve(losses, ref_losses):
    assert losses.shape == ref_losses.shape, (losses.shape, ref_losses.shape)
    np.testing.assert_allclose(losses, ref_losses, rtol=RTOL, atol=0)
    assert not np.allclose(ref_losses[:4], ref_losses[-4:], rtol=1e-2)  # training moved the loss


def _check_grads(grads, ref_grads):
    assert sorted(grads) == sorted(ref_grads)
    for name, ref in ref_grads.items():
        scale = max(float(np.abs(ref).max()), 1e-8)
        np.testing.assert_allclose(grads[name], ref, rtol=RTOL, atol=RTOL * scale, err_msg=name)


@pytest.mark.parametrize("family", S.FAMILIES)
def test_engine_trainer_matches_torch(work, reference, family):
    losses, grads, _ = _load(work, "engine", family)
    ref_losses, ref_grads = reference[family]
    micro = S.STEPS * (2 if family == "llama" else 1)
    assert len(ref_losses) == micro
    _check_grads(grads, ref_grads)
    _check_curve(losses, ref_losses)


@pytest.mark.parametrize("family", S.FAMILIES)
def test_hf_trainer_under_mindnlp_matches_torch(work, reference, family):
    losses, grads, meta = _load(work, "hf", family)
    assert meta.get("error") is None, meta["error"]
    ref_losses, ref_grads = reference[family]
    _check_grads(grads, ref_grads)
    _check_curve(losses, ref_losses)


def test_engine_and_hf_roads_agree(work):
    """(a) and (b) side by side on mindnlp: the same first-step gradients."""
    for family in S.FAMILIES:
        _, g_engine, _ = _load(work, "engine", family)
        _, g_hf, meta = _load(work, "hf", family)
        assert meta.get("error") is None, meta["error"]
        _check_grads(g_engine, g_hf)


# ---- kill and resume -------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def resumed(work):
    full = _run_mindnlp("resume", work, "full")
    assert full.returncode == 0, full.stderr[-6000:]
    killed = _run_mindnlp("resume", work, "killed")
    assert killed.returncode == 17, (killed.returncode, killed.stderr[-6000:])
    resumed = _run_mindnlp("resume", work, "resumed")
    assert resumed.returncode == 0, resumed.stderr[-6000:]
    out = {p: json.load(open(os.path.join(work, f"resume_{p}.json"))) for p in ("full", "resumed")}
    out["resumed_log"] = resumed.stderr + resumed.stdout
    out["killed_log"] = killed.stderr + killed.stdout
    return out


def test_kill_and_resume_reaches_same_losses(resumed):
    full, res = resumed["full"], resumed["resumed"]
    # the resumed run logs the steps after its checkpoint (6): the same losses as the unbroken run
    steps = sorted(int(s) for s in res["losses"])
    assert steps[0] == 7 and steps[-1] == S.RESUME_STEPS
    for s in steps:
        np.testing.assert_allclose(res["losses"][str(s)], full["losses"][str(s)], rtol=RTOL)
    np.testing.assert_allclose(res["final_eval"]["eval_loss"], full["final_eval"]["eval_loss"], rtol=RTOL)
    assert res["final_eval"]["eval_accuracy"] == full["final_eval"]["eval_accuracy"]


def test_checkpoints_rotation_and_best_model(resumed):
    full = resumed["full"]
    # save_total_limit=2 keeps the two latest, and the best one when it is older
    assert len(full["checkpoints"]) <= 3 and f"checkpoint-{S.RESUME_STEPS}" in full["checkpoints"]
    assert full["best_checkpoint"] is not None and os.path.basename(full["best_checkpoint"]) in full["checkpoints"]
    for f in ("model.safetensors", "optimizer.pt", "scheduler.pt", "rng_state.pth", "trainer_state.json"):
        assert f in full["files"], full["files"]
    # load_best_model_at_end: the final evaluation is the best checkpoint's
    best = max(full["evals"].values())
    assert full["final_eval"]["eval_accuracy"] == best
    # the progress bar and log lines, as transformers prints them
    log = resumed["resumed_log"]
    assert "it/s]" in log or "s/it]" in log
    assert "'loss'" in log and "'eval_accuracy'" in log
