"""safetensors and checkpoints under mindnlp (issue 4), against real torch:
- safetensors.torch save_file / save / load_file / load / safe_open(framework="pt") / save_model / load_model on
  mindtorch tensors of every dtype the format has here (bf16/fp16/f32/f64/ints/bool): the files are byte for
  byte the ones real torch writes for the same data, and files torch wrote load to the same values;
- from_pretrained of model.safetensors, of a sharded checkpoint (max_shard_size) and of pytorch_model.bin
  (written by torch.save: transformers 5 saves safetensors only), forward outputs vs torch; save_pretrained
  under mindnlp (single and sharded safetensors) and torch.save'd .bin that real torch loads to the same state
  dict;
- `ms_dtype=` (mindnlp/hf_kwargs.py) where transformers takes dtype=; meta-device init.
The mindnlp side is one subprocess (it takes over `torch`)."""
import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from safetensors.torch import load_file, save_file, save_model

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "src"))
RNG = np.random.RandomState(7)
# bf16-exact float32 values, so both libraries' casts agree by construction
DATA = {
    "f32": RNG.standard_normal((3, 5)).astype(np.float32),
    "f64": RNG.standard_normal((2, 2)),
    "bf16": (RNG.randint(-64, 64, (4, 3)) / 8).astype(np.float32),
    "f16": (RNG.randint(-64, 64, (6,)) / 16).astype(np.float32),
    "i64": RNG.randint(-10 ** 6, 10 ** 6, (2, 3)).astype(np.int64),
    "i32": RNG.randint(-1000, 1000, (7,)).astype(np.int32),
    "i16": RNG.randint(-1000, 1000, (3,)).astype(np.int16),
    "i8": RNG.randint(-100, 100, (2, 2)).astype(np.int8),
    "u8": RNG.randint(0, 255, (5,)).astype(np.uint8),
    "bool": RNG.randint(0, 2, (4,)).astype(np.bool_),
    "scalar": np.array(3.5, np.float32),
    "empty": np.zeros((0, 3), np.float32),
}
CAST = {"bf16": "bfloat16", "f16": "float16"}
TINY_BERT = dict(vocab_size=99, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=37,
                 max_position_embeddings=64)

CHILD = r'''
import json, os, sys, hashlib
import numpy as np
import mindnlp, mindspore
import torch
from safetensors import safe_open
from safetensors.torch import save_file, load_file, save, load, save_model, load_model
root = sys.argv[1]
spec = json.load(open(os.path.join(root, "spec.json")))
out = {}

def guard(name, fn):
    try:
        out[name] = fn()
    except Exception:
        import traceback
        out[name] = {"error": traceback.format_exc()[-3000:]}

data = dict(np.load(os.path.join(root, "data.npz")))
def tensors():
    t = {}
    for k, v in data.items():
        x = torch.from_numpy(v)
        if k in spec["cast"]:
            x = x.to(getattr(torch, spec["cast"][k]))
        t[k] = x
    return t

def as_np(t):
    return t.float().numpy() if t.dtype in (torch.bfloat16, torch.float16) else t.numpy()

def saved():
    p = os.path.join(root, "mn.safetensors")
    save_file(tensors(), p, metadata={"format": "pt"})
    b = save(tensors(), metadata={"format": "pt"})
    return {"file": hashlib.sha256(open(p, "rb").read()).hexdigest(), "bytes": hashlib.sha256(b).hexdigest()}
guard("save", saved)

def loaded():
    res = {}
    for k, v in load_file(os.path.join(root, "torch.safetensors")).items():
        res[k] = (str(v.dtype), list(v.shape), as_np(v).tolist())
    b = load(open(os.path.join(root, "torch.safetensors"), "rb").read())
    res["_load_bytes_same"] = all(torch.equal(b[k], v) for k, v in load_file(os.path.join(root, "torch.safetensors")).items())
    return res
guard("load", loaded)

def opened():
    with safe_open(os.path.join(root, "torch.safetensors"), framework="pt") as f:
        return {"keys": sorted(f.keys()), "meta": f.metadata(), "slice": as_np(f.get_slice("f32")[1:, ::2]).tolist(),
                "bf16_row": as_np(f.get_slice("bf16")[2]).tolist(), "tensor": as_np(f.get_tensor("i64")).tolist()}
guard("safe_open", opened)

def model_roundtrip():
    torch.manual_seed(0)
    def make():
        m = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Linear(4, 4))
        m[1].weight = m[0].weight  # tied: save_model keeps one name
        return m
    m = make()
    with torch.no_grad():
        m[0].weight.copy_(torch.from_numpy(data["f32"][:, :4].repeat(2, 0)[:4]))
        m[0].bias.fill_(0.5); m[1].bias.fill_(-1.0)
    p = os.path.join(root, "mn_model.safetensors")
    save_model(m, p)
    m2 = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Linear(4, 4)); m2[1].weight = m2[0].weight
    missing, unexpected = load_model(m2, os.path.join(root, "torch_model.safetensors"))
    return {"sha": hashlib.sha256(open(p, "rb").read()).hexdigest(), "missing": sorted(missing),
            "unexpected": sorted(unexpected), "w": m2[0].weight.detach().numpy().tolist(),
            "tied": m2[1].weight is m2[0].weight}
guard("save_model", model_roundtrip)

from transformers import AutoModel, BertModel, AutoConfig
ids = torch.from_numpy(np.load(os.path.join(root, "ids.npy"))); mask = torch.from_numpy(np.load(os.path.join(root, "mask.npy")))
for form in ("single", "sharded", "bin"):
    def fwd(form=form):
        m = AutoModel.from_pretrained(os.path.join(root, form)).eval()
        with torch.no_grad():
            return m(input_ids=ids, attention_mask=mask).last_hidden_state.numpy()
    guard("forward_" + form, fwd)

def resave():
    m = AutoModel.from_pretrained(os.path.join(root, "single"))
    m.save_pretrained(os.path.join(root, "mn_single"))
    m.save_pretrained(os.path.join(root, "mn_sharded"), max_shard_size="40KB")
    m.config.save_pretrained(os.path.join(root, "mn_bin"))  # transformers 5 writes safetensors only:
    torch.save(m.state_dict(), os.path.join(root, "mn_bin", "pytorch_model.bin"))  # a .bin as torch.save
    return sorted(os.listdir(os.path.join(root, "mn_sharded")))
guard("save_pretrained", resave)

def dtypes():
    p = os.path.join(root, "single")
    res = {
        "ms_f16": str(AutoModel.from_pretrained(p, ms_dtype=mindspore.float16).dtype),
        "ms_bf16_name": str(BertModel.from_pretrained(p, ms_dtype="bfloat16").dtype),
        "dtype_f16": str(AutoModel.from_pretrained(p, dtype=torch.float16).dtype),
        "from_config": str(AutoModel.from_config(AutoConfig.from_pretrained(p), ms_dtype=mindspore.bfloat16).dtype),
    }
    try:
        AutoModel.from_pretrained(p, ms_dtype=mindspore.float16, dtype=torch.float32)
        res["both"] = "accepted"
    except ValueError as e:
        res["both"] = str(e)
    m = AutoModel.from_pretrained(p, ms_dtype=mindspore.float16).eval()
    with torch.no_grad():
        res["f16_out"] = m(input_ids=ids, attention_mask=mask).last_hidden_state.float().numpy()
    return res
guard("dtypes", dtypes)

def meta_init():
    cfg = AutoConfig.from_pretrained(os.path.join(root, "single"))
    with torch.device("meta"):
        m = BertModel(cfg)
    on_meta = all(p.device.type == "meta" for p in m.parameters())
    sd = load_file(os.path.join(root, "single", "model.safetensors"))
    m.load_state_dict(sd, assign=True, strict=False)
    still = [n for n, p in m.named_parameters() if p.device.type == "meta"]
    low = AutoModel.from_pretrained(os.path.join(root, "single"), low_cpu_mem_usage=True).eval()
    with torch.no_grad():
        y = low(input_ids=ids, attention_mask=mask).last_hidden_state.numpy()
    return {"on_meta": on_meta, "still_meta": still, "low_cpu": y}
guard("meta", meta_init)

import pickle
pickle.dump(out, open(os.path.join(root, "out.pkl"), "wb"))
'''


def _torch_tensors():
    out = {}
    for k, v in DATA.items():
        t = torch.from_numpy(v.copy())
        if k in CAST:
            t = t.to(getattr(torch, CAST[k]))
        out[k] = t
    return out


def _as_np(t):
    return t.float().numpy() if t.dtype in (torch.bfloat16, torch.float16) else t.numpy()


def _sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def _tied_model():
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Linear(4, 4))
    m[1].weight = m[0].weight
    with torch.no_grad():
        m[0].weight.copy_(torch.from_numpy(DATA["f32"][:, :4].repeat(2, 0)[:4]))
        m[0].bias.fill_(0.5)
        m[1].bias.fill_(-1.0)
    return m


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    import pickle
    from transformers import BertConfig, BertModel
    root = tmp_path_factory.mktemp("st")
    np.savez(root / "data.npz", **DATA)
    with open(root / "spec.json", "w") as f:
        json.dump({"cast": CAST}, f)
    save_file(_torch_tensors(), str(root / "torch.safetensors"), metadata={"format": "pt"})
    save_model(_tied_model(), str(root / "torch_model.safetensors"))
    torch.manual_seed(0)
    model = BertModel(BertConfig(**TINY_BERT)).eval()
    model.save_pretrained(root / "single")
    model.save_pretrained(root / "sharded", max_shard_size="40KB")
    model.config.save_pretrained(root / "bin")  # transformers 5 saves safetensors only: the .bin by torch.save
    torch.save(model.state_dict(), root / "bin" / "pytorch_model.bin")
    ids = np.random.RandomState(1).randint(3, 99, (2, 7)).astype(np.int64)
    mask = np.ones_like(ids)
    ids[1, -3:] = 0
    mask[1, -3:] = 0
    np.save(root / "ids.npy", ids)
    np.save(root / "mask.npy", mask)
    with torch.no_grad():
        ref = model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).last_hidden_state.numpy()
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True, env=env,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    with open(root / "out.pkl", "rb") as f:
        out = pickle.load(f)
    return {"root": root, "out": out, "ref": ref, "model": model}


def get(run, name):
    got = run["out"][name]
    if isinstance(got, dict) and "error" in got:
        pytest.fail(got["error"])
    return got


def test_save_file_writes_torchs_bytes(run):
    root = run["root"]
    expected = save_file(_torch_tensors(), str(root / "ref.safetensors"), metadata={"format": "pt"})
    assert expected is None
    from safetensors.torch import save
    got = get(run, "save")
    assert got["file"] == _sha(root / "ref.safetensors")
    assert got["bytes"] == hashlib.sha256(save(_torch_tensors(), metadata={"format": "pt"})).hexdigest()
    assert _sha(root / "mn.safetensors") == _sha(root / "ref.safetensors")


def test_load_file_of_torchs_file(run):
    got = get(run, "load")
    assert got.pop("_load_bytes_same") is True
    ref = load_file(str(run["root"] / "torch.safetensors"))
    assert sorted(got) == sorted(ref)
    for k, v in ref.items():
        dtype, shape, values = got[k]
        assert dtype == str(v.dtype) and shape == list(v.shape), k
        np.testing.assert_array_equal(np.array(values, dtype=_as_np(v).dtype).reshape(v.shape), _as_np(v), err_msg=k)


def test_safe_open_pt(run):
    from safetensors import safe_open
    got = get(run, "safe_open")
    with safe_open(str(run["root"] / "torch.safetensors"), framework="pt") as f:
        assert got["keys"] == sorted(f.keys())
        assert got["meta"] == f.metadata()
        assert got["slice"] == _as_np(f.get_slice("f32")[1:, ::2]).tolist()
        assert got["bf16_row"] == _as_np(f.get_slice("bf16")[2]).tolist()
        assert got["tensor"] == f.get_tensor("i64").tolist()


def test_save_model_load_model_with_tied_weights(run):
    got = get(run, "save_model")
    assert got["sha"] == _sha(run["root"] / "torch_model.safetensors")
    assert got["missing"] == [] and got["unexpected"] == []
    assert got["tied"] is True
    np.testing.assert_array_equal(np.array(got["w"], np.float32), _tied_model()[0].weight.detach().numpy())


@pytest.mark.parametrize("form", ["single", "sharded", "bin"])
def test_from_pretrained_forms(run, form):
    if form == "sharded":
        assert (run["root"] / "sharded" / "model.safetensors.index.json").exists()
    if form == "bin":
        assert (run["root"] / "bin" / "pytorch_model.bin").exists()
    np.testing.assert_allclose(get(run, "forward_" + form), run["ref"], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("form", ["mn_single", "mn_sharded", "mn_bin"])
def test_save_pretrained_loads_in_torch_identically(run, form):
    from transformers import BertModel
    files = get(run, "save_pretrained")
    assert "model.safetensors.index.json" in files and len(files) > 3, files
    if form == "mn_bin":
        assert not (run["root"] / form / "model.safetensors").exists()
    m = BertModel.from_pretrained(run["root"] / form)
    ref = run["model"].state_dict()
    got = m.state_dict()
    assert sorted(got) == sorted(ref)
    for k in ref:
        assert got[k].dtype == ref[k].dtype, k
        torch.testing.assert_close(got[k], ref[k], rtol=0, atol=0, msg=k)


def test_ms_dtype_keyword(run):
    got = get(run, "dtypes")
    assert got["ms_f16"] == "torch.float16"
    assert got["ms_bf16_name"] == "torch.bfloat16"
    assert got["dtype_f16"] == "torch.float16"
    assert got["from_config"] == "torch.bfloat16"
    assert "either ms_dtype= or dtype=" in got["both"]
    from transformers import BertModel
    ref = BertModel.from_pretrained(run["root"] / "single", dtype=torch.float16).eval()
    ids, mask = np.load(run["root"] / "ids.npy"), np.load(run["root"] / "mask.npy")
    with torch.no_grad():
        want = ref(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).last_hidden_state.float()
    np.testing.assert_allclose(got["f16_out"], want.numpy(), rtol=0, atol=2e-2)


def test_meta_device_init_and_low_cpu_mem_usage(run):
    got = get(run, "meta")
    assert got["on_meta"] is True
    assert got["still_meta"] == []
    np.testing.assert_allclose(got["low_cpu"], run["ref"], rtol=1e-5, atol=1e-5)
