"""Per-call cost of shape ops and views: mindtorch vs raw MindSpore vs real torch, small tensors.

    python benchmarks/shape_ops.py [--calls N] [--rounds R]

A view's value is read (`._ms`), as any use of the view would; the raw MindSpore column is the
MindSpore view op that gives the same value. "lazy" rows show what a read costs when no cheap value
was passed (the view is gathered from the storage)."""
import numpy as np
from mindspore import ops, mint

import mindtorch
from harness import ms, torch, run_table


def cases():
    a = np.random.rand(4, 8).astype(np.float32)
    x, m = mindtorch.from_numpy(a), ms.Tensor(a)
    t = torch.from_numpy(a) if torch else None
    a1 = a[:1].copy()
    x1, m1, t1 = mindtorch.from_numpy(a1), ms.Tensor(a1), torch.from_numpy(a1) if torch else None

    def lazy(view):
        """The view's read when its value was not passed: a gather from the storage."""
        def run():
            v = view()
            v._value, v._seen = None, -1
            return v._ms
        return run

    th = (lambda f: f) if torch else (lambda f: None)
    return [
        ("view(8, 4) + read", lambda: x.view(8, 4)._ms, lambda: m.reshape((8, 4)), th(lambda: t.view(8, 4))),
        ("reshape(-1) + read", lambda: x.reshape(-1)._ms, lambda: m.reshape((-1,)), th(lambda: t.reshape(-1))),
        ("transpose + read", lambda: x.transpose(0, 1)._ms, lambda: ops.transpose(m, (1, 0)),
         th(lambda: t.transpose(0, 1))),
        ("permute + read", lambda: x.permute(1, 0)._ms, lambda: mint.permute(m, (1, 0)), th(lambda: t.permute(1, 0))),
        ("unsqueeze + read", lambda: x.unsqueeze(1)._ms, lambda: mint.unsqueeze(m, 1), th(lambda: t.unsqueeze(1))),
        ("squeeze + read", lambda: x.unsqueeze(1).squeeze(1)._ms, lambda: mint.squeeze(mint.unsqueeze(m, 1), 1),
         th(lambda: t.unsqueeze(1).squeeze(1))),
        ("expand + read", lambda: x1.expand(4, 8)._ms, lambda: m1.broadcast_to((4, 8)),
         th(lambda: t1.expand(4, 8))),
        ("slice x[1:3] + read", lambda: x[1:3]._ms, lambda: m[1:3], th(lambda: t[1:3])),
        ("slice x[:, 2] + read", lambda: x[:, 2]._ms, lambda: m[:, 2], th(lambda: t[:, 2])),
        ("narrow + read", lambda: x.narrow(1, 2, 4)._ms, lambda: mint.narrow(m, 1, 2, 4),
         th(lambda: t.narrow(1, 2, 4))),
        ("narrow lazy read", lazy(lambda: x.narrow(1, 2, 4)), lambda: mint.narrow(m, 1, 2, 4),
         th(lambda: t.narrow(1, 2, 4))),
        ("select + read", lambda: x.select(1, 3)._ms, lambda: mint.select(m, 1, 3), th(lambda: t.select(1, 3))),
        ("chunk(4, 1) + reads", lambda: [p._ms for p in x.chunk(4, 1)], lambda: mint.chunk(m, 4, 1),
         th(lambda: t.chunk(4, 1))),
        ("split(2) + reads", lambda: [p._ms for p in x.split(2)], lambda: mint.split(m, 2, 0),
         th(lambda: t.split(2))),
        ("unbind + reads", lambda: [p._ms for p in x.unbind(0)], lambda: mint.unbind(m, 0), th(lambda: t.unbind(0))),
        ("diagonal + read", lambda: x.diagonal()._ms, lambda: ops.diagonal(m), th(lambda: t.diagonal())),
        ("flatten + read", lambda: x.flatten()._ms, lambda: mint.flatten(m), th(lambda: t.flatten())),
        ("cat 2x(4x8)", lambda: mindtorch.cat([x, x]), lambda: mint.cat((m, m)), th(lambda: torch.cat([t, t]))),
        ("stack 2x(4x8)", lambda: mindtorch.stack([x, x]), lambda: ops.stack((m, m)), th(lambda: torch.stack([t, t]))),
        ("flip(0)", lambda: x.flip(0), lambda: mint.flip(m, (0,)), th(lambda: t.flip(0))),
        ("roll(1, 1)", lambda: x.roll(1, 1), lambda: mint.cat((mint.narrow(m, 1, 7, 1), mint.narrow(m, 1, 0, 7)), 1),
         th(lambda: t.roll(1, 1))),
        ("repeat(2, 1)", lambda: x.repeat(2, 1), lambda: ops.tile(m, (2, 1)), th(lambda: t.repeat(2, 1))),
        ("repeat_interleave(2, 0)", lambda: x.repeat_interleave(2, 0), lambda: ops.repeat_interleave(m, 2, 0),
         th(lambda: t.repeat_interleave(2, 0))),
    ]


if __name__ == "__main__":
    run_table(cases())
