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
import trainer_scenarios as S

RTOL = 1e-4


class _Mindnlp:
    """A trainer_scenarios.py subprocess on mindnlp, started now, waited for with `result()`."""

    def __init__(self, *argv):
        env = dict(os.environ)
        env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "trainer_scenarios.py"), *argv], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def result(self, timeout=600):
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        return subprocess.CompletedProcess(self.proc.args, self.proc.returncode, out, err)


def _run_mindnlp(*argv, timeout=600):
    return _Mindnlp(*argv).result(timeout)


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    """The models, then every mindnlp run of this module started at once (they overlap the reference run)."""
    workdir = str(tmp_path_factory.mktemp("trainer"))
    S.build_models(workdir)
    runs = {"curves": _Mindnlp("curves", workdir), "full": _Mindnlp("resume", workdir, "full"),
            "killed": _Mindnlp("resume", workdir, "killed")}
    yield workdir, runs
    for run in runs.values():
        if run.proc.poll() is None:
            run.proc.kill()
            run.proc.communicate()


@pytest.fixture(scope="module")
def work(started, reference_first):
    workdir, runs = started
    proc = runs["curves"].result()
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    return workdir


@pytest.fixture(scope="module")
def reference_first(started):
    """Road (c): transformers.Trainer on real torch (while the mindnlp runs go on)."""
    import transformers
    transformers.logging.set_verbosity_error()
    return {f: S.train_curve(transformers.Trainer, transformers.TrainingArguments, f, started[0], "torch")
            for f in S.FAMILIES}


@pytest.fixture(scope="module")
def reference(work, reference_first):
    return reference_first


def _load(work, road, family):
    path = os.path.join(work, f"{road}_{family}.npz")
    data = np.load(path)
    grads = {k[5:]: data[k] for k in data.files if k.startswith("grad/")}
    meta = {}
    if os.path.exists(path + ".json"):
        with open(path + ".json") as f:
            meta = json.load(f)
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
    assert len(ref_losses) == S.STEPS
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
def resumed(started):
    work, runs = started
    killed = runs["killed"].result()
    assert killed.returncode == 17, (killed.returncode, killed.stderr[-6000:])
    resumed = _run_mindnlp("resume", work, "resumed")
    full = runs["full"].result()
    assert full.returncode == 0, full.stderr[-6000:]
    assert resumed.returncode == 0, resumed.stderr[-6000:]
    out = {}
    for p in ("full", "resumed"):
        with open(os.path.join(work, f"resume_{p}.json")) as f:
            out[p] = json.load(f)
    out["resumed_log"] = resumed.stderr + resumed.stdout
    out["killed_log"] = killed.stderr + killed.stdout
    return out


def test_kill_and_resume_reaches_same_losses(resumed):
    full, res = resumed["full"], resumed["resumed"]
    # the resumed process started at its last checkpoint (step 4: it died after step 5) and logged the
    # same losses as the unbroken run, the checkpoint's history (steps 1-4) and its own (5-8)
    assert full["first_step"] == 0 and res["first_step"] == S.KILL_AT - 1
    steps = sorted(int(s) for s in res["losses"])
    assert steps == list(range(1, S.RESUME_STEPS + 1))
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
