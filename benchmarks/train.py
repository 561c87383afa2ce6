"""Training throughput (samples/s): one full train step (forward, gradients, global-norm clipping, AdamW) of a
BERT-base-sized classifier and a ~100M-parameter Llama-shaped causal LM at short sequence length, by

    value_and_grad   mindnlp.engine's step: MindSpore value_and_grad over the parameters (eager PyNative)
    compiled         the same step under mindspore.jit (falls back to eager when the model cannot compile:
                     the table says so)
    backward()       transformers-style: loss.backward() on mindtorch's autograd
    torch            real torch (CPU), loss.backward()

    nox -s bench          (or: python benchmarks/train.py [--steps N] [--batch B] [--seq S] [--models bert,llama])

Each side runs in its own process (mindnlp replaces sys.modules['torch']); weights are random, dropout 0.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(os.path.dirname(HERE), "src")


def configs():
    from transformers import BertConfig, LlamaConfig
    return {
        "bert-base": BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                                intermediate_size=3072, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
                                num_labels=2),
        "llama-100m": LlamaConfig(vocab_size=32000, hidden_size=768, intermediate_size=2048, num_hidden_layers=8,
                                  num_attention_heads=12, num_key_value_heads=12, max_position_embeddings=512,
                                  tie_word_embeddings=False),
    }


def build(name, torch):
    from transformers import BertForSequenceClassification, LlamaForCausalLM
    cfg = configs()[name]
    cfg._attn_implementation = "eager"
    torch.manual_seed(0)
    model = (BertForSequenceClassification if name.startswith("bert") else LlamaForCausalLM)(cfg)
    model.train()
    return model


def batch(name, torch, b, s):
    g = torch.Generator().manual_seed(0)
    vocab = configs()[name].vocab_size
    ids = torch.randint(0, vocab, (b, s), generator=g)
    labels = torch.randint(0, 2, (b,), generator=g) if name.startswith("bert") else ids.clone()
    return {"input_ids": ids, "attention_mask": torch.ones(b, s, dtype=torch.long), "labels": labels}


def time_steps(step, steps):
    step()  # warm-up (and, for the compiled step, compilation)
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - start) / steps


def side_torch(names, steps, b, s):
    import torch
    torch.set_num_threads(os.cpu_count() or 1)
    out = {}
    for name in names:
        model = build(name, torch)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
        inputs = batch(name, torch, b, s)

        def step(model=model, opt=opt, inputs=inputs):
            loss = model(**inputs).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            opt.zero_grad()
        out[name] = {"torch": b / time_steps(step, steps)}
    return out


def side_mindnlp(names, steps, b, s, roads):
    import warnings

    # isort: off
    import mindnlp  # noqa: F401  (first: `torch` is mindtorch from here on)
    import torch
    from mindnlp.engine import ValueAndGradStep
    # isort: on
    out = {}
    for name in names:
        model = build(name, torch)
        inputs = batch(name, torch, b, s)
        res = out[name] = {}
        for road in roads:
            opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
            try:
                if road == "backward()":
                    def step(model=model, opt=opt, inputs=inputs):
                        loss = model(**inputs).loss
                        loss.backward()
                        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                        opt.step()
                        opt.zero_grad()
                else:
                    vag = ValueAndGradStep(model, jit=road == "compiled", jit_capture_mode="bytecode")

                    def step(model=model, opt=opt, inputs=inputs, vag=vag):
                        _, grads = vag(lambda: model(**inputs).loss)
                        vag.accumulate(grads)
                        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                        opt.step()
                        opt.zero_grad()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    res[road] = b / time_steps(step, steps)
                if road == "compiled" and not vag.compiled:
                    res[road + " note"] = "fell back to eager: " + (vag.fallback_reason or "")[:80]
            except Exception as e:  # noqa: BLE001 - reported in the table
                res[road] = f"error: {type(e).__name__}: {str(e).splitlines()[0][:60] if str(e) else ''}"
                opt.zero_grad()
    return out


def run_side(side, args):
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("GLOG_v", "3")
    proc = subprocess.run([sys.executable, __file__, "--side", side, "--steps", str(args.steps), "--batch",
                           str(args.batch), "--seq", str(args.seq), "--models", args.models, "--roads", args.roads],
                          env=env, capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines()[::-1]:
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    sys.stderr.write(proc.stderr[-3000:])
    return {}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--seq", type=int, default=32)
    parser.add_argument("--models", default="bert-base,llama-100m")
    parser.add_argument("--roads", default="value_and_grad,compiled,backward()")
    parser.add_argument("--side", default=None)
    args = parser.parse_args()
    names = args.models.split(",")
    if args.side == "torch":
        print("RESULT " + json.dumps(side_torch(names, args.steps, args.batch, args.seq)))
        return
    if args.side == "mindnlp":
        print("RESULT " + json.dumps(side_mindnlp(names, args.steps, args.batch, args.seq, args.roads.split(","))))
        return
    ours, ref = run_side("mindnlp", args), run_side("torch", args)
    roads = args.roads.split(",") + ["torch"]
    print(f"training throughput, samples/s (batch {args.batch}, seq {args.seq}, {args.steps} timed steps after one "
          f"warm-up; full step: forward, gradients, clip, AdamW; CPU)")
    header = f"{'model':12}" + "".join(f"{r:>18}" for r in roads)
    print(header)
    print("-" * len(header))
    notes = []
    for name in names:
        row = {**ours.get(name, {}), **ref.get(name, {})}
        cells = []
        for r in roads:
            v = row.get(r)
            if isinstance(v, float):
                cells.append(f"{v:18.2f}")
            else:
                cells.append(f"{'n/a':>18}")
                if v:
                    notes.append(f"{name} {r}: {v}")
            if row.get(r + " note"):
                notes.append(f"{name} {r}: {row[r + ' note']}")
        print(f"{name:12}" + "".join(cells))
    for n in notes:
        print("  " + n)


if __name__ == "__main__":
    main()
