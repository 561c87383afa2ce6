"""Each optimizer follows torch's parameter trajectory for the same gradients over 20 steps, and its
state_dict round-trips."""
import numpy as np
import pytest
import torch

import mindtorch

STEPS = 20
SHAPES = [(3, 4), (5,), ()]

CONFIGS = {
    "SGD": lambda lib, ps: lib.optim.SGD(ps, lr=0.1),
    "SGD momentum dampening wd": lambda lib, ps: lib.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1,
                                                               weight_decay=0.01),
    "SGD nesterov maximize": lambda lib, ps: lib.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True, maximize=True),
    "Adam": lambda lib, ps: lib.optim.Adam(ps, lr=0.01),
    "Adam wd amsgrad": lambda lib, ps: lib.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True),
    "AdamW": lambda lib, ps: lib.optim.AdamW(ps, lr=0.01, weight_decay=0.05),
    "AdamW amsgrad": lambda lib, ps: lib.optim.AdamW(ps, lr=0.02, amsgrad=True, eps=1e-6),
    "Adagrad": lambda lib, ps: lib.optim.Adagrad(ps, lr=0.1, lr_decay=0.01, weight_decay=0.01,
                                                 initial_accumulator_value=0.1),
    "RMSprop": lambda lib, ps: lib.optim.RMSprop(ps, lr=0.01),
    "RMSprop centered momentum wd": lambda lib, ps: lib.optim.RMSprop(ps, lr=0.01, momentum=0.9, centered=True,
                                                                      weight_decay=0.01),
}


def _trajectory(lib, make, init, grads):
    params = [lib.tensor(a, requires_grad=True) for a in init]
    opt = make(lib, [{"params": params[:2]}, {"params": params[2:], "lr": 0.03}] if len(params) > 2 else params)
    history = []
    for step_grads in grads:
        for p, g in zip(params, step_grads):
            p.grad = lib.tensor(g)
        opt.step()
        history.append([p.detach().numpy().copy() for p in params])
    return history, opt


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_parameter_trajectory_matches_torch(name):
    rng = np.random.default_rng(abs(hash(name)) % 2**32)
    init = [rng.standard_normal(s).astype(np.float32) for s in SHAPES]
    grads = [[rng.standard_normal(s).astype(np.float32) for s in SHAPES] for _ in range(STEPS)]
    expected, t_opt = _trajectory(torch, CONFIGS[name], init, grads)
    actual, m_opt = _trajectory(mindtorch, CONFIGS[name], init, grads)
    for step, (e_step, a_step) in enumerate(zip(expected, actual)):
        for e, a in zip(e_step, a_step):
            np.testing.assert_allclose(a, e, rtol=1e-5, atol=1e-6, err_msg=f"{name}, step {step}")
    t_state, m_state = t_opt.state_dict(), m_opt.state_dict()
    assert m_state["param_groups"] == t_state["param_groups"]
    assert t_state["state"].keys() == m_state["state"].keys()
    for index, t_entry in t_state["state"].items():
        assert t_entry.keys() == m_state["state"][index].keys()
        for key, value in t_entry.items():
            np.testing.assert_allclose(m_state["state"][index][key].numpy(), value.numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", ["SGD momentum dampening wd", "AdamW amsgrad", "RMSprop centered momentum wd"])
def test_state_dict_round_trip_continues_the_same_trajectory(name):
    rng = np.random.default_rng(1)
    init = [rng.standard_normal(s).astype(np.float32) for s in SHAPES]
    grads = [[rng.standard_normal(s).astype(np.float32) for s in SHAPES] for _ in range(6)]
    unbroken, _ = _trajectory(mindtorch, CONFIGS[name], init, grads)
    first, opt = _trajectory(mindtorch, CONFIGS[name], init, grads[:3])
    params = [mindtorch.tensor(a, requires_grad=True) for a in first[-1]]
    groups = [{"params": params[:2]}, {"params": params[2:], "lr": 0.03}]
    resumed = CONFIGS[name](mindtorch, groups)
    resumed.load_state_dict(opt.state_dict())
    for step_grads, expected in zip(grads[3:], unbroken[3:]):
        for p, g in zip(params, step_grads):
            p.grad = mindtorch.tensor(g)
        resumed.step()
        for p, e in zip(params, expected):
            np.testing.assert_allclose(p.detach().numpy(), e, rtol=1e-6)


def test_optimizer_errors_match_torch():
    for lib in (torch, mindtorch):
        p = lib.zeros(2, requires_grad=True)
        with pytest.raises(ValueError):
            lib.optim.Adam([p], lr=-1)
        with pytest.raises(ValueError):
            lib.optim.SGD([], lr=0.1)
        with pytest.raises(TypeError):
            lib.optim.SGD(p, lr=0.1)
        with pytest.raises(ValueError):
            lib.optim.SGD([p], lr=0.1, nesterov=True)


def test_zero_grad_and_step_hooks():
    p = mindtorch.zeros(2, requires_grad=True)
    opt = mindtorch.optim.SGD([p], lr=1.0)
    calls = []
    opt.register_step_pre_hook(lambda o, a, k: calls.append("pre"))
    handle = opt.register_step_post_hook(lambda o, a, k: calls.append("post"))
    p.grad = mindtorch.ones(2)
    opt.step()
    handle.remove()
    opt.step()
    assert calls == ["pre", "post", "pre"]
    opt.zero_grad()
    assert p.grad is None
    np.testing.assert_allclose(p.detach().numpy(), [-2.0, -2.0])
