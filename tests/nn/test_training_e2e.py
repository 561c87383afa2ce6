"""End to end: a small MLP and a small CNN trained for 50 steps from the same initial weights on the
same batches reach torch's loss curve step by step (fp32, 1e-4 relative), with SGD and with AdamW."""
import numpy as np
import pytest
import torch

import mindtorch

STEPS = 50


def _mlp(lib):
    nn = lib.nn
    return nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 16), nn.GELU(), nn.Linear(16, 5))


def _cnn(lib):
    nn = lib.nn
    return nn.Sequential(nn.Conv2d(2, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(4, 6, 3), nn.Tanh(), nn.Flatten(), nn.Dropout(0.0), nn.Linear(6 * 2 * 2, 5))


def _batches(model_name):
    rng = np.random.default_rng(7)
    shape = (8, 12) if model_name == "mlp" else (8, 2, 8, 8)
    data = [(rng.standard_normal(shape).astype(np.float32), rng.integers(0, 5, 8)) for _ in range(4)]
    return [data[step % len(data)] for step in range(STEPS)]


def _optimizer(lib, name, params):
    if name == "sgd":
        return lib.optim.SGD(params, lr=0.05, momentum=0.9, weight_decay=1e-4)
    return lib.optim.AdamW(params, lr=3e-3, weight_decay=0.01)


def _curve(lib, model, opt_name, batches):
    opt = _optimizer(lib, opt_name, model.parameters())
    loss_fn = lib.nn.CrossEntropyLoss()
    losses = []
    for x, y in batches:
        opt.zero_grad()
        loss = loss_fn(model(lib.from_numpy(x)), lib.from_numpy(y))
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return np.array(losses)


@pytest.mark.parametrize("opt_name", ["sgd", "adamw"])
@pytest.mark.parametrize("model_name", ["mlp", "cnn"])
def test_loss_curve_matches_torch(model_name, opt_name):
    build = _mlp if model_name == "mlp" else _cnn
    torch.manual_seed(0)
    reference = build(torch)
    model = build(mindtorch)
    model.load_state_dict({k: mindtorch.from_numpy(v.detach().numpy().copy())
                           for k, v in reference.state_dict().items()})
    batches = _batches(model_name)
    expected = _curve(torch, reference, opt_name, batches)
    actual = _curve(mindtorch, model, opt_name, batches)
    assert expected[-4:].mean() < 0.8 * expected[:4].mean()  # the run trains at all
    np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-6)
    for name, value in reference.state_dict().items():
        np.testing.assert_allclose(model.state_dict()[name].numpy(), value.numpy(), rtol=1e-3, atol=1e-5,
                                   err_msg=name)
