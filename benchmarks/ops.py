"""Per-op overhead: microseconds per call on small tensors, mindtorch vs raw MindSpore vs real torch.

    nox -s bench            (or: python benchmarks/ops.py [--repeat N])

Each case is timed as the best of several rounds of many calls; the ratio column is mindtorch over
raw MindSpore (the goal is <= 1.3x)."""
import argparse
import os
import time

import numpy as np

os.environ.setdefault("GLOG_v", "3")
import mindspore as ms  # noqa: E402
from mindspore import ops  # noqa: E402

import mindtorch  # noqa: E402  (sets MindSpore's launch_blocking, as mindtorch always runs)

try:
    import torch
except ImportError:
    torch = None


def per_call_us(fn, calls, rounds):
    fn()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best * 1e6


def cases():
    a4 = np.random.rand(4, 4).astype(np.float32)
    b4 = np.random.rand(4, 4).astype(np.float32)
    m64 = np.random.rand(64, 64).astype(np.float32)
    mask = a4 > 0.5

    mt = dict(a=mindtorch.from_numpy(a4), b=mindtorch.from_numpy(b4), m=mindtorch.from_numpy(m64),
              mask=mindtorch.from_numpy(mask))
    msv = dict(a=ms.Tensor(a4), b=ms.Tensor(b4), m=ms.Tensor(m64), mask=ms.Tensor(mask))
    th = dict(a=torch.from_numpy(a4), b=torch.from_numpy(b4), m=torch.from_numpy(m64),
              mask=torch.from_numpy(mask)) if torch else None

    return [
        ("add 4x4", lambda: mt["a"] + mt["b"], lambda: ops.add(msv["a"], msv["b"]),
         th and (lambda: th["a"] + th["b"])),
        ("mul 4x4", lambda: mt["a"] * mt["b"], lambda: ops.mul(msv["a"], msv["b"]),
         th and (lambda: th["a"] * th["b"])),
        ("matmul 64x64", lambda: mt["m"] @ mt["m"], lambda: ops.matmul(msv["m"], msv["m"]),
         th and (lambda: th["m"] @ th["m"])),
        ("sum 4x4", lambda: mt["a"].sum(), lambda: ops.sum(msv["a"]), th and (lambda: th["a"].sum())),
        # a view's value is read (._ms / a kernel) as any use of it would; MindSpore's slice is its value
        ("slice a[1:3] + read", lambda: mt["a"][1:3]._ms, lambda: msv["a"][1:3], th and (lambda: th["a"][1:3])),
        ("bool-mask index", lambda: mt["a"][mt["mask"]], lambda: ops.masked_select(msv["a"], msv["mask"]),
         th and (lambda: th["a"][th["mask"]])),
        ("cat 2x(4x4)", lambda: mindtorch.cat([mt["a"], mt["b"]]), lambda: ops.cat((msv["a"], msv["b"])),
         th and (lambda: torch.cat([th["a"], th["b"]]))),
        ("view 16", lambda: mt["a"].view(16), lambda: msv["a"].reshape(16), th and (lambda: th["a"].view(16))),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"mindspore {ms.__version__}, torch {torch.__version__ if torch else '(not installed)'}; "
          f"us per call, best of {args.rounds} rounds x {args.calls} calls")
    header = f"{'op':24}{'mindtorch':>12}{'mindspore':>12}{'torch':>10}{'mt/ms':>8}"
    print(header)
    print("-" * len(header))
    for name, mt_fn, ms_fn, th_fn in cases():
        try:
            t_mt = per_call_us(mt_fn, args.calls, args.rounds)
        except Exception as e:  # noqa: BLE001  a missing op is reported, not fatal to the table
            print(f"{name:24}{'error: ' + type(e).__name__:>12}")
            continue
        t_ms = per_call_us(ms_fn, args.calls, args.rounds)
        t_th = per_call_us(th_fn, args.calls, args.rounds) if th_fn else float("nan")
        print(f"{name:24}{t_mt:12.1f}{t_ms:12.1f}{t_th:10.1f}{t_mt / t_ms:8.2f}")


if __name__ == "__main__":
    main()
