"""'meta' tensors: ops give meta results of torch's shape and dtype; every way to their data refuses."""
import pytest
import torch

import mindtorch

EXPRS = [
    "t.arange(0, 8, 2, dtype=t.float32, device='meta') / 8",
    "1.0 / (10000 ** (t.arange(0, 8, 2, dtype=t.int64, device='meta').float() / 8))",
    "t.empty(2, 3, device='meta') @ t.empty(3, 4, device='meta')",
    "t.empty(2, 3, device='meta', dtype=t.float16).softmax(-1).sum(0)",
    "t.empty(4, 6, device='meta').view(2, 12).transpose(0, 1)[1:5]",
    "t.cat([t.empty(2, 3, device='meta'), t.zeros(1, 3, device='meta')])",
    "t.empty(2, 3, device='meta').add_(1).mul_(2)",
    "t.empty(2, 3, device='meta', dtype=t.int32) > 1",
    "t.empty(8, device='meta', dtype=t.uint8).view(t.float32)",
    "t.nn.functional.linear(t.empty(2, 3, device='meta'), t.empty(5, 3, device='meta'))",
    "t.ones(2, 2).to('meta') + 1",
]


@pytest.mark.parametrize("expr", EXPRS)
def test_ops_on_meta_tensors(expr):
    want = eval(expr, {"t": torch})
    got = eval(expr, {"t": mindtorch})
    assert got.device.type == "meta"
    assert tuple(got.shape) == tuple(want.shape) and str(got.dtype) == str(want.dtype)


EXITS = [
    ("tolist", lambda t, x: x.tolist()),
    ("item", lambda t, x: x[0, 0].item()),
    ("to cpu", lambda t, x: x.to("cpu")),
    ("copy_ into cpu", lambda t, x: t.zeros(2, 3).copy_(x)),
    ("numpy", lambda t, x: x.numpy()),
]


@pytest.mark.parametrize("name,fn", EXITS, ids=[e[0] for e in EXITS])
def test_meta_data_is_unreachable(name, fn):
    errors = []
    for t in (torch, mindtorch):
        with pytest.raises(Exception) as info:
            fn(t, t.empty(2, 3, device="meta") * 2)
        errors.append(type(info.value))
    assert errors[0] is errors[1], errors


def test_meta_writes_leave_the_meta_tensor_meta():
    x = mindtorch.empty(2, 3, device="meta")
    x[0] = 1
    x.zero_()
    mindtorch.nn.init.normal_(x)
    assert x.device.type == "meta" and x.shape == (2, 3)
