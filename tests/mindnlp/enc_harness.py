"""Harness for encoder and encoder-decoder families (issue 4): like hf_harness.py (real torch in the pytest
process, mindnlp in ONE subprocess per test module, the same `compute` code run under either `torch`), with
the quantities these families have.

A case: {"name": "bert-mlm", "config": "BertConfig", "config_kwargs": {...}, "model": "BertForMaskedLM",
         "checks": ["out", "grads", ...], "attn": None or "eager"/"sdpa"}
Quantities:
  out        the head's outputs on a batch of 2 whose second row is right-padded (attention mask): every
             floating tensor of the output object (last_hidden_state, logits, start_logits, ...), by name
  grads      gradients of sum(first output * P) (P fixed, padding masked) wrt the first, middle and last
             parameter, plus the model's input embedding matrix
  greedy     generate (greedy, 8 new tokens) on the padded batch (encoder-decoders)
  beam       generate with num_beams=3 on the padded batch (encoder-decoders)
"""
import json
import os
import pickle
import subprocess
import sys
import time
import traceback

import numpy as np

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "src"))
SEED = 1234
PAD_RIGHT = 3


def inputs(vocab, batch=2, seq=9, pad_id=0, low=5):
    rng = np.random.RandomState(SEED)
    ids = rng.randint(low, vocab, size=(batch, seq)).astype(np.int64)
    mask = np.ones((batch, seq), dtype=np.int64)
    ids[1, seq - PAD_RIGHT:] = pad_id
    mask[1, seq - PAD_RIGHT:] = 0
    return ids, mask


def projection(shape):
    return np.random.RandomState(SEED + 1).standard_normal(shape).astype(np.float32)


def _outputs(torch, out):
    res = {}
    for k, v in out.items():
        if isinstance(v, torch.Tensor) and v.dtype.is_floating_point:
            res[k] = v.detach().float().numpy()
    return res


def compute(torch, transformers, case, path):
    out = {}

    def run(name, fn):
        if name not in case["checks"]:
            return
        try:
            out[name] = fn()
        except Exception:  # noqa: BLE001 - recorded; the test reading it fails with the traceback
            out[name] = {"error": traceback.format_exc()[-4000:]}

    try:
        kwargs = {} if case.get("attn") is None else {"attn_implementation": case["attn"]}
        model = getattr(transformers, case["model"]).from_pretrained(path, **kwargs).eval()
    except Exception:  # noqa: BLE001
        err = {"error": traceback.format_exc()[-4000:]}
        return {q: err for q in case["checks"]}
    cfg = model.config
    pad = cfg.pad_token_id if cfg.pad_token_id is not None else 0
    ids_np, mask_np = inputs(cfg.vocab_size, pad_id=pad)
    ids, mask = torch.tensor(ids_np), torch.tensor(mask_np)
    feed = {"input_ids": ids, "attention_mask": mask}
    if cfg.is_encoder_decoder:
        dec = np.roll(ids_np, 1, axis=1)
        dec[:, 0] = cfg.decoder_start_token_id if cfg.decoder_start_token_id is not None else pad
        feed["decoder_input_ids"] = torch.tensor(dec)

    def forward():
        with torch.no_grad():
            return _outputs(torch, model(**feed))

    def grads():
        params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
        chosen = sorted({params[0][0], params[len(params) // 2][0], params[-1][0]}, key=[n for n, _ in params].index)
        emb = model.get_input_embeddings().weight
        by_name = dict(params)
        model.zero_grad()
        model.train(False)
        y = next(v for v in model(**feed).values() if isinstance(v, torch.Tensor) and v.dtype.is_floating_point)
        p = torch.tensor(projection(tuple(y.shape)))
        if y.dim() >= 2 and y.shape[:2] == ids.shape and not cfg.is_encoder_decoder:
            p = p * mask.reshape(tuple(mask.shape) + (1,) * (y.dim() - 2)).float()
        (y.float() * p).sum().backward()
        res = {n: (None if by_name[n].grad is None else by_name[n].grad.float().numpy()) for n in chosen}
        res["<input embeddings>"] = None if emb.grad is None else emb.grad.float().numpy()
        return res

    def generate(**kw):
        with torch.no_grad():
            return model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=8, do_sample=False,
                                  pad_token_id=pad, **kw).numpy()

    run("out", forward)
    run("grads", grads)
    run("greedy", generate)
    run("beam", lambda: generate(num_beams=3, early_stopping=True))
    return out


def build(torch, transformers, case, root):
    torch.manual_seed(SEED)
    config = getattr(transformers, case["config"])(**case.get("config_kwargs", {}))
    model = getattr(transformers, case["model"])(config)
    path = os.path.join(str(root), case["name"])
    model.save_pretrained(path)
    return path


def run_all(cases, root, timeout=900):
    import torch
    import transformers
    ref = {}
    for case in cases:
        path = build(torch, transformers, case, root)
        ref[case["name"]] = compute(torch, transformers, case, path)
    spec = os.path.join(str(root), "spec.json")
    out = os.path.join(str(root), "mindnlp.pkl")
    with open(spec, "w") as f:
        json.dump({"root": str(root), "cases": cases}, f)
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    try:
        proc = subprocess.run([sys.executable, os.path.abspath(__file__), spec, out], capture_output=True, text=True,
                              env=env, timeout=timeout)
        child = (proc.returncode, proc.stderr[-6000:])
    except subprocess.TimeoutExpired as e:
        child = ("timeout", str(e.stderr)[-6000:])
    mn = {}
    if os.path.exists(out):
        with open(out, "rb") as f:
            mn = pickle.load(f)
    return {"ref": ref, "mn": mn, "child": child}


def get(results, name, quantity):
    import pytest
    ref = results["ref"][name][quantity]
    if isinstance(ref, dict) and "error" in ref:
        pytest.fail(f"reference (real torch) failed for {name}/{quantity}:\n{ref['error']}")
    case = results["mn"].get(name)
    if case is None:
        rc, err = results["child"]
        pytest.fail(f"mindnlp subprocess produced no result for {name} (rc={rc}):\n{err}")
    got = case.get(quantity)
    if isinstance(got, dict) and "error" in got:
        pytest.fail(f"mindnlp raised for {name}/{quantity}:\n{got['error']}")
    return ref, got


def assert_close(results, name, quantity, rtol=1e-4, atol=1e-4):
    ref, got = get(results, name, quantity)
    assert sorted(ref) == sorted(got), (sorted(ref), sorted(got))
    for k in ref:
        assert (ref[k] is None) == (got[k] is None), f"{name}/{quantity}[{k}]: None on one side only"
        if ref[k] is not None:
            assert got[k].shape == ref[k].shape, (k, got[k].shape, ref[k].shape)
            np.testing.assert_allclose(got[k], ref[k], rtol=rtol, atol=atol, err_msg=f"{name}/{quantity}/{k}")


def assert_equal_ids(results, name, quantity):
    ref, got = get(results, name, quantity)
    np.testing.assert_array_equal(got, ref, err_msg=f"{name}/{quantity}")


def _child(spec_path, out_path):
    import mindnlp  # noqa: F401  (torch is mindtorch from here on)
    import torch
    import transformers
    with open(spec_path) as f:
        spec = json.load(f)
    results = {}
    for case in spec["cases"]:
        start = time.time()
        results[case["name"]] = compute(torch, transformers, case, os.path.join(spec["root"], case["name"]))
        print(f"[enc_harness] {case['name']}: {time.time() - start:.1f}s", file=sys.stderr, flush=True)
        with open(out_path + ".tmp", "wb") as f:
            pickle.dump(results, f)
        os.replace(out_path + ".tmp", out_path)


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
