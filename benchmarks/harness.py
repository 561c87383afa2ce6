"""What every benchmark table shares: the per-call timer and the mindtorch / MindSpore / torch table.

Importing it sets MindSpore's log level and imports mindtorch (which sets launch_blocking, as mindtorch
always runs), so raw MindSpore rows run under the same settings; real torch is optional."""
import argparse
import os
import time

os.environ.setdefault("GLOG_v", "3")
import mindspore as ms  # noqa: E402

import mindtorch  # noqa: E402, F401

try:
    import torch
except ImportError:
    torch = None


def per_call_us(fn, calls, rounds):
    """Best of `rounds` rounds of `calls` calls, in microseconds per call (after one warm-up call)."""
    fn()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best * 1e6


def run_table(cases, calls=2000, rounds=5, label="op", unit="us per call"):
    """Print one row per (name, mindtorch fn, MindSpore fn, torch fn or None) case; a case whose
    mindtorch side raises is reported in its row, not fatal to the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=calls)
    parser.add_argument("--rounds", type=int, default=rounds)
    args = parser.parse_args()
    print(f"mindspore {ms.__version__}, torch {torch.__version__ if torch else '(not installed)'}; "
          f"{unit}, best of {args.rounds} rounds x {args.calls} calls")
    header = f"{label:28}{'mindtorch':>12}{'mindspore':>12}{'torch':>10}{'mt/ms':>8}"
    print(header)
    print("-" * len(header))
    for name, mt_fn, ms_fn, th_fn in cases:
        try:
            t_mt = per_call_us(mt_fn, args.calls, args.rounds)
        except Exception as e:  # noqa: BLE001
            print(f"{name:28}{'error: ' + type(e).__name__:>12}")
            continue
        t_ms = per_call_us(ms_fn, args.calls, args.rounds)
        t_th = per_call_us(th_fn, args.calls, args.rounds) if th_fn else float("nan")
        print(f"{name:28}{t_mt:12.1f}{t_ms:12.1f}{t_th:10.1f}{t_mt / t_ms:8.2f}")
