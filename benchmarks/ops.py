"""Per-op overhead: microseconds per call on small tensors, mindtorch vs raw MindSpore vs real torch.

    nox -s bench            (or: python benchmarks/ops.py [--repeat N])

Each case is timed as the best of several rounds of many calls; the ratio column is mindtorch over
raw MindSpore (the goal is <= 1.3x)."""
import numpy as np
from mindspore import ops

import mindtorch
from harness import ms, torch, run_table


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


if __name__ == "__main__":
    run_table(cases())
