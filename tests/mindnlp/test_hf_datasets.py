"""HuggingFace `datasets` objects under mindnlp behave as under torch (issue 6): with_format("torch") hands out
mindtorch tensors with torch's dtypes and values, and a DataLoader batches them as torch's does. The mindnlp
side runs in a subprocess (it takes over `torch`); the reference is real torch in this process."""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

datasets = pytest.importorskip("datasets", reason="pip install 'datasets<4' 'pyarrow<16' (the `test` extra)")

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "src"))

SCENARIO = """
import json, sys
import datasets
import torch
from torch.utils.data import DataLoader
data = {"x": [[1.5, 2.0], [3.0, 4.25], [5.0, 6.0]], "label": [0, 1, 2], "mask": [[1, 0], [1, 1], [0, 1]]}
ds = datasets.Dataset.from_dict(data).with_format("torch")
item = ds[1]
mapped = ds.map(lambda row: {"y": row["x"] * 2})
batches = [{k: (v.tolist(), str(v.dtype), type(v).__module__.split(".")[0]) for k, v in b.items()}
           for b in DataLoader(ds, batch_size=2)]
out = {"item": {k: (v.tolist(), str(v.dtype), type(v).__module__.split(".")[0]) for k, v in item.items()},
       "column": ds["label"].tolist(), "mapped": mapped[2]["y"].tolist(), "batches": batches}
print(json.dumps(out))
"""


def _run(under_mindnlp):
    code = ("import mindnlp\n" if under_mindnlp else "") + textwrap.dedent(SCENARIO)
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_datasets_torch_format_matches_torch():
    expected, actual = _run(False), _run(True)
    for key in ("item",):
        for name, (values, dtype, module) in expected[key].items():
            assert actual[key][name][:2] == [values, dtype], name
            assert module == "torch" and actual[key][name][2] == "mindtorch"
    assert actual["column"] == expected["column"]
    np.testing.assert_array_equal(actual["mapped"], expected["mapped"])
    assert [{k: v[:2] for k, v in b.items()} for b in actual["batches"]] == \
        [{k: v[:2] for k, v in b.items()} for b in expected["batches"]]
