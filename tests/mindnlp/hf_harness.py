"""Harness for HuggingFace drop-in tests: the same model code run by real torch (the oracle, in the pytest
process) and by mindnlp (mindtorch as `torch`, in ONE subprocess per test module).

A case is a plain dict (JSON), so the subprocess can rebuild it:
    {"name": "llama", "config": "LlamaConfig", "config_kwargs": {...},
     "model": "AutoModelForCausalLM",            # any transformers class name
     "attn": ["eager", "sdpa"],                   # attn_implementation values to run (None: the model's default)
     "checks": ["logits", "greedy", ...],         # quantities to compute (see QUANTITIES)
     "grad_params": None}                         # parameter names; None: first, middle and last parameter

How a test module uses it:
    CASES = [...]
    @pytest.fixture(scope="module")
    def results(tmp_path_factory):
        return hf_harness.run_all(CASES, tmp_path_factory.mktemp("hf"))
    def test_logits(results): hf_harness.assert_close(results, "llama", "eager", "logits")

run_all builds every case with real torch under a fixed seed, saves it with save_pretrained (safetensors),
computes the reference quantities, then runs `python hf_harness.py <spec.json> <out.pkl>` once under
`import mindnlp`, which loads each saved dir with from_pretrained and computes the same quantities with the
same code (`compute` below takes the torch module as an argument). Every quantity is computed on its own:
an exception is stored as {"error": traceback, "type": name} and fails only the tests that read it. Where real
torch itself raises (a model without an sdpa path, say), mindnlp must raise the same exception type, and the
test is skipped with that said.

Another module (encoders, say) reuses it with its own `checks`: "hidden" gives the base model's last hidden state;
"model" may be any transformers class name (AutoModel, BertForMaskedLM, ...).
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
VOCAB_LOW = 3  # input ids drawn from [VOCAB_LOW, vocab): 0-2 are usually pad/bos/eos
PAD = 0

# ---- quantities ------------------------------------------------------------------------------------------
# logits           forward logits on a batch of 2 with the second row left-padded (attention mask)
# hidden           last hidden state of the base model output (encoders: last_hidden_state)
# greedy           greedy generate of 8 new tokens from one unpadded prompt (DynamicCache)
# greedy_static    the same with cache_implementation="static"
# batch_greedy     greedy generate on the left-padded batch
# sample           do_sample (top_k/top_p/temperature) twice under torch.manual_seed(0): both runs
# grads            gradients of sum(logits * P) (P fixed, padding masked) wrt grad_params (base models:
#                  the last hidden state instead of logits)
# flash            from_pretrained(attn_implementation="flash_attention_2"): the error text (or "loaded")
QUANTITIES = ("logits", "hidden", "greedy", "greedy_static", "batch_greedy", "sample", "grads", "flash")


def inputs(vocab, batch=2, seq=7, pad_left=2):
    rng = np.random.RandomState(SEED)
    ids = rng.randint(VOCAB_LOW, vocab, size=(batch, seq)).astype(np.int64)
    mask = np.ones((batch, seq), dtype=np.int64)
    if batch > 1 and pad_left:
        ids[1, :pad_left] = PAD
        mask[1, :pad_left] = 0
    return ids, mask


def projection(shape):
    return np.random.RandomState(SEED + 1).standard_normal(shape).astype(np.float32)


def _vocab(config):
    return getattr(config, "vocab_size", None) or config.get_text_config().vocab_size


def _grad_names(model, wanted):
    names = [n for n, p in model.named_parameters() if p.requires_grad]
    if wanted:
        return list(wanted)
    return sorted({names[0], names[len(names) // 2], names[-1]}, key=names.index)


def _load(transformers, case, path, attn):
    cls = getattr(transformers, case["model"])
    kwargs = {} if attn is None else {"attn_implementation": attn}
    model = cls.from_pretrained(path, **kwargs)
    model.eval()
    return model


def _gen_kwargs(case):
    return dict(max_new_tokens=case.get("max_new_tokens", 8), pad_token_id=PAD, **case.get("gen_kwargs", {}))


def compute(torch, transformers, case, path, attn):
    """Every quantity of `case` for one attn implementation, under whichever `torch` is given. Returns
    {quantity: array | dict of arrays | {"error": text}}."""
    out = {}

    def run(name, fn):
        if name not in case["checks"]:
            return
        try:
            out[name] = fn()
        except Exception as e:  # noqa: BLE001 - recorded, and reported by the test that reads it
            out[name] = {"error": traceback.format_exc()[-4000:], "type": type(e).__name__}

    if "flash" in case["checks"]:
        def flash():
            try:
                _load(transformers, case, path, "flash_attention_2")
            except Exception as e:  # noqa: BLE001
                return {"raised": f"{type(e).__name__}: {e}"}
            return {"raised": ""}
        run("flash", flash)
    try:
        model = _load(transformers, case, path, attn)
    except Exception as e:  # noqa: BLE001
        err = {"error": traceback.format_exc()[-4000:], "type": type(e).__name__}
        for q in case["checks"]:
            out.setdefault(q, err)
        return out
    vocab = _vocab(model.config)
    ids_np, mask_np = inputs(vocab)
    ids, mask = torch.tensor(ids_np), torch.tensor(mask_np)
    gen = _gen_kwargs(case)

    def logits():
        with torch.no_grad():
            return model(input_ids=ids, attention_mask=mask).logits.float().numpy()

    def hidden():
        with torch.no_grad():
            o = model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
        h = o.hidden_states[-1] if getattr(o, "hidden_states", None) is not None else o.last_hidden_state
        return h.float().numpy()

    def greedy(**extra):
        with torch.no_grad():
            return model.generate(ids[:1], attention_mask=mask[:1], do_sample=False, **gen, **extra).numpy()

    def batch_greedy():
        with torch.no_grad():
            return model.generate(ids, attention_mask=mask, do_sample=False, **gen).numpy()

    def sample():
        runs = []
        for _ in range(2):
            torch.manual_seed(0)
            with torch.no_grad():
                runs.append(model.generate(ids, attention_mask=mask, do_sample=True, top_k=20, top_p=0.9,
                                           temperature=0.7, **gen).numpy())
        return {"first": runs[0], "second": runs[1]}

    def grads():
        names = _grad_names(model, case.get("grad_params"))
        params = dict(model.named_parameters())
        model.zero_grad()
        extra = {"use_cache": False} if getattr(model.config, "use_cache", None) is not None else {}  # as in training
        o = model(input_ids=ids, attention_mask=mask, **extra)
        logit = (o.logits if getattr(o, "logits", None) is not None else o.last_hidden_state).float()
        p = torch.tensor(projection(tuple(logit.shape))) * mask[..., None].float()
        (logit * p).sum().backward()
        res = {}
        for n in names:
            g = params[n].grad
            res[n] = None if g is None else g.float().numpy()
        return res

    run("logits", logits)
    run("hidden", hidden)
    run("greedy", greedy)
    run("greedy_static", lambda: greedy(cache_implementation="static"))
    run("batch_greedy", batch_greedy)
    run("sample", sample)
    run("grads", grads)
    return out


def build(torch, transformers, case, root):
    """Build the case's tiny model with real torch under a fixed seed and save it; returns its dir."""
    torch.manual_seed(SEED)
    config = getattr(transformers, case["config"])(**case.get("config_kwargs", {}))
    model = getattr(transformers, case["model"]).from_config(config) if case["model"].startswith("Auto") else \
        getattr(transformers, case["model"])(config)
    path = os.path.join(str(root), case["name"])
    model.save_pretrained(path)
    return path


def _attns(case):
    return case.get("attn", [None])


def _key(attn):
    return "default" if attn is None else attn


def run_all(cases, root, timeout=900):
    """Reference (real torch, here) and mindnlp (one subprocess) results for every case:
    {"ref": {name: {attn: {q: ...}}}, "mn": {...}, "times": {...}, "child": (rc, stderr tail)}."""
    import torch
    import transformers
    ref, times = {}, {}
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny models: torch's thread pool only contends (25 ms per softmax on 2 busy cores)
    try:
        start = time.time()
        for case in cases:
            path = build(torch, transformers, case, root)
            ref[case["name"]] = {_key(a): compute(torch, transformers, case, path, a) for a in _attns(case)}
        times["reference_total"] = time.time() - start
    finally:
        torch.set_num_threads(threads)
    spec = os.path.join(str(root), "spec.json")
    out = os.path.join(str(root), "mindnlp.pkl")
    with open(spec, "w") as f:
        json.dump({"root": str(root), "cases": cases}, f)
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.time()
    try:
        proc = subprocess.run([sys.executable, os.path.abspath(__file__), spec, out], capture_output=True, text=True,
                              env=env, timeout=timeout)
        child = (proc.returncode, proc.stderr[-6000:])
    except subprocess.TimeoutExpired as e:
        child = ("timeout", (e.stderr or b"")[-6000:] if isinstance(e.stderr, bytes) else str(e.stderr)[-6000:])
    times["mindnlp_total"] = time.time() - start
    mn = {}
    if os.path.exists(out):
        with open(out, "rb") as f:
            mn = pickle.load(f)
    return {"ref": ref, "mn": mn, "times": times, "child": child}


# ---- assertions ------------------------------------------------------------------------------------------
def get(results, name, attn, quantity):
    """(reference, mindnlp) values of one quantity; fails with the mindnlp traceback where it raised."""
    import pytest
    key = _key(attn)
    ref = results["ref"][name][key][quantity]
    refused = isinstance(ref, dict) and "error" in ref
    mn_case = results["mn"].get(name, {}).get(key)
    if refused:  # torch refuses: mindnlp must refuse the same way (then there is nothing to compare)
        got = (mn_case or {}).get(quantity)
        if isinstance(got, dict) and got.get("type") == ref.get("type"):
            pytest.skip(f"torch and mindnlp both raise {ref['type']} for {name}/{key}/{quantity}")
        pytest.fail(f"reference (real torch) raised for {name}/{key}/{quantity} and mindnlp did not raise the same "
                    f"({got.get('type') if isinstance(got, dict) else 'no error'}):\n{ref['error']}")
    if mn_case is None:
        rc, err = results["child"]
        pytest.fail(f"mindnlp subprocess produced no result for {name}/{key} (rc={rc}):\n{err}")
    got = mn_case.get(quantity)
    if got is None:
        pytest.fail(f"mindnlp computed no {quantity} for {name}/{key}")
    if isinstance(got, dict) and "error" in got:
        pytest.fail(f"mindnlp raised for {name}/{key}/{quantity}:\n{got['error']}")
    return ref, got


def assert_close(results, name, attn, quantity, rtol=1e-4, atol=1e-4, scaled=False):
    """Values within rtol/atol of torch's; `scaled`: atol relative to the largest |value| of each array (gradients
    span magnitudes: float32 rounding differs by sum order, at the scale of the largest term)."""
    ref, got = get(results, name, attn, quantity)

    def tol(r):
        return atol * max(float(np.abs(r).max()) if r.size else 0.0, 1e-6) if scaled else atol
    if isinstance(ref, dict):
        assert set(ref) == set(got), (sorted(ref), sorted(got))
        for k in ref:
            assert (ref[k] is None) == (got[k] is None), f"{quantity}[{k}]: grad None on one side only"
            if ref[k] is not None:
                np.testing.assert_allclose(got[k], ref[k], rtol=rtol, atol=tol(ref[k]), err_msg=f"{name}/{attn}/{k}")
    else:
        assert got.shape == ref.shape, (got.shape, ref.shape)
        np.testing.assert_allclose(got, ref, rtol=rtol, atol=tol(ref), err_msg=f"{name}/{attn}/{quantity}")


def assert_equal_ids(results, name, attn, quantity):
    ref, got = get(results, name, attn, quantity)
    np.testing.assert_array_equal(got, ref, err_msg=f"{name}/{attn}/{quantity}")


def assert_sampling(results, name, attn, vocab):
    """Sampling runs, keeps the prompt, stays in the vocabulary, and repeats under the same seed."""
    ref, got = get(results, name, attn, "sample")
    first, second = got["first"], got["second"]
    np.testing.assert_array_equal(first, second, err_msg="sampling under the same torch.manual_seed differs")
    prompt = inputs(vocab)[0]
    assert first.shape[0] == prompt.shape[0] and first.shape[1] > prompt.shape[1], first.shape
    np.testing.assert_array_equal(first[:, :prompt.shape[1]], prompt, err_msg="the prompt is kept")
    assert ((first >= 0) & (first < vocab)).all()


def assert_flash_refused(results, name, attn):
    ref, got = get(results, name, attn, "flash")
    assert got["raised"], "flash_attention_2 loaded under mindnlp"
    assert "flash" in got["raised"].lower(), got["raised"]
    assert got["raised"].split(":")[0] == ref["raised"].split(":")[0], (got["raised"], ref["raised"])


# ---- the mindnlp side ------------------------------------------------------------------------------------
def _child(spec_path, out_path):
    import mindnlp  # noqa: F401  (torch is mindtorch from here on)
    import torch
    import transformers
    with open(spec_path) as f:
        spec = json.load(f)
    results = {}
    for case in spec["cases"]:
        path = os.path.join(spec["root"], case["name"])
        results[case["name"]] = {}
        for attn in _attns(case):
            start = time.time()
            results[case["name"]][_key(attn)] = compute(torch, transformers, case, path, attn)
            print(f"[hf_harness] {case['name']}/{_key(attn)}: {time.time() - start:.1f}s", file=sys.stderr,
                  flush=True)
            with open(out_path + ".tmp", "wb") as f:  # partial results survive a crash or timeout
                pickle.dump(results, f)
            os.replace(out_path + ".tmp", out_path)


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
