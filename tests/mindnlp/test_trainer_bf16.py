"""TrainingArguments(bf16=True) on the CPU: transformers.Trainer under mindnlp, mindnlp.engine.Trainer and
transformers.Trainer under real torch train the same tiny BERT from the same weights with bfloat16 autocast,
and their losses agree to bfloat16 precision (each side in its own process)."""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "src"))

SCENARIO = """
import json, sys, tempfile
import torch
from transformers import BertConfig, BertForSequenceClassification, Trainer, TrainingArguments
from torch.utils.data import Dataset
engine = sys.argv[1] == "engine"
if engine:
    from mindnlp.engine import Trainer, TrainingArguments


class Rows(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        return {"input_ids": torch.tensor([2, 5 + i, 7, 3]), "labels": torch.tensor(i % 2)}


cfg = BertConfig(vocab_size=50, hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=37,
                 num_labels=2, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
torch.manual_seed(0)
model = BertForSequenceClassification(cfg)
state = torch.load(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "-" else None
if state is None:
    torch.save(model.state_dict(), sys.argv[3])
else:
    model.load_state_dict(state)
args = TrainingArguments(output_dir=tempfile.mkdtemp(), max_steps=4, per_device_train_batch_size=4, bf16=True,
                         use_cpu=True, report_to=[], logging_steps=1, save_strategy="no", seed=0)
trainer = Trainer(model=model, args=args, train_dataset=Rows())
trainer.train()
print(json.dumps([h["loss"] for h in trainer.state.log_history if "loss" in h]))
"""


def _run(prefix, *argv):
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    code = prefix + textwrap.dedent(SCENARIO)
    proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_bf16_training_follows_torch(tmp_path):
    weights = str(tmp_path / "init.pt")
    expected = _run("", "hf", "-", weights)
    on_mindnlp = _run("import mindnlp\n", "hf", weights)
    on_engine = _run("import mindnlp\n", "engine", weights)
    assert len(expected) == len(on_mindnlp) == len(on_engine) == 4
    np.testing.assert_allclose(on_mindnlp, expected, rtol=2e-2)
    np.testing.assert_allclose(on_engine, expected, rtol=2e-2)
