"""One training step of a small MLP (forward, backward, AdamW) and forward+backward alone:
mindtorch's tape vs MindSpore's value_and_grad vs real torch, microseconds per step.

    python benchmarks/autograd.py [--calls N] [--rounds R]

The mt/ms column is the cost of recording a graph op by op in Python over MindSpore's own autodiff."""
import numpy as np
import mindspore.nn as msnn
from mindspore import ops

import mindtorch
from harness import ms, torch, run_table

BATCH, WIDTHS = 32, (64, 128, 128, 10)


def _torch_api_step(lib):
    """The MLP step for a library with torch's API (mindtorch, or torch itself, the same code for both)."""
    nn = lib.nn
    model = nn.Sequential(nn.Linear(WIDTHS[0], WIDTHS[1]), nn.ReLU(), nn.Linear(WIDTHS[1], WIDTHS[2]), nn.ReLU(),
                          nn.Linear(WIDTHS[2], WIDTHS[3]))
    opt = lib.optim.AdamW(model.parameters(), lr=1e-3)
    x = lib.randn(BATCH, WIDTHS[0])
    y = lib.randint(0, WIDTHS[3], (BATCH,))

    def fwd_bwd():
        model.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()

    def step():
        fwd_bwd()
        opt.step()
    return fwd_bwd, step


def _mindspore_step():
    model = msnn.SequentialCell(msnn.Dense(WIDTHS[0], WIDTHS[1]), msnn.ReLU(), msnn.Dense(WIDTHS[1], WIDTHS[2]),
                                msnn.ReLU(), msnn.Dense(WIDTHS[2], WIDTHS[3]))
    opt = msnn.AdamWeightDecay(model.trainable_params(), learning_rate=1e-3)
    x = ms.Tensor(np.random.randn(BATCH, WIDTHS[0]).astype(np.float32))
    y = ms.Tensor(np.random.randint(0, WIDTHS[3], BATCH).astype(np.int32))
    grad_fn = ms.value_and_grad(lambda: ops.cross_entropy(model(x), y), None, model.trainable_params())

    def fwd_bwd():
        return grad_fn()

    def step():
        _, grads = grad_fn()
        opt(grads)
    return fwd_bwd, step


def cases():
    mt_fb, mt_step = _torch_api_step(mindtorch)
    ms_fb, ms_step = _mindspore_step()
    th_fb, th_step = _torch_api_step(torch) if torch is not None else (None, None)
    return [("MLP forward+backward", mt_fb, ms_fb, th_fb), ("MLP step (fwd+bwd+AdamW)", mt_step, ms_step, th_step)]


if __name__ == "__main__":
    run_table(cases(), calls=50, rounds=3, label="case")
