"""UntypedStorage.from_file + torch.asarray(storage[a:b], dtype=uint8).view(dtype): how safetensors reads."""
import numpy as np
import torch

import mindtorch


def test_from_file_slices_read_as_torch(tmp_path):
    path = tmp_path / "blob"
    data = np.arange(-8, 8, dtype=np.float32)
    path.write_bytes(b"\x01\x02\x03\x04" + data.tobytes())
    out = []
    for t in (torch, mindtorch):
        s = t.UntypedStorage.from_file(str(path), shared=False, nbytes=4 + data.nbytes).untyped()
        x = t.asarray(s[4:4 + data.nbytes], dtype=t.uint8).view(dtype=t.float32).reshape([4, 4])
        head = t.asarray(s[0:4], dtype=t.uint8)
        out.append((x.tolist(), head.tolist(), str(x.dtype), isinstance(s, t.UntypedStorage)))
    assert out[0] == out[1]


def test_safetensors_torch_load(tmp_path):
    from safetensors.numpy import save_file
    import subprocess, sys, os
    path = str(tmp_path / "m.safetensors")
    save_file({"a": np.arange(6, dtype=np.float16).reshape(2, 3), "b": np.ones(3, np.int64)}, path)
    src = os.path.join(os.path.dirname(__file__), "..", "src")
    code = f"""
import mindnlp, torch
from safetensors import safe_open
with safe_open({path!r}, framework="pt") as f:
    a = f.get_tensor("a"); b = f.get_slice("b")[1:]
print(a.dtype, a.tolist(), b.tolist())
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=os.path.abspath(src)), timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == ["torch.float16", "[[0.0,", "1.0,", "2.0],", "[3.0,", "4.0,", "5.0]]", "[1,", "1]"]
