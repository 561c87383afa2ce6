"""Every scheduler gives torch's learning-rate sequence for the same settings."""
import numpy as np
import pytest
import torch

import mindtorch

STEPS = 40


def _lrs(lib, make, groups=2, metrics=None):
    params = [lib.zeros(2, requires_grad=True) for _ in range(groups)]
    opt = lib.optim.SGD([{"params": [p], "lr": 0.1 * (i + 1)} for i, p in enumerate(params)], lr=0.1, momentum=0.9)
    sched = make(lib, opt)
    seq = []
    for step in range(STEPS):
        opt.step()
        if metrics is not None:
            sched.step(metrics[step])
        else:
            sched.step()
        seq.append([g["lr"] for g in opt.param_groups] + [g.get("momentum", 0) for g in opt.param_groups])
    return np.array(seq)


L = lambda lib: lib.optim.lr_scheduler  # noqa: E731

CASES = {
    "LambdaLR": lambda lib, o: L(lib).LambdaLR(o, lambda e: 0.95 ** e),
    "LambdaLR per group": lambda lib, o: L(lib).LambdaLR(o, [lambda e: 1 / (e + 1), lambda e: 0.9 ** e]),
    "MultiplicativeLR": lambda lib, o: L(lib).MultiplicativeLR(o, lambda e: 0.97),
    "StepLR": lambda lib, o: L(lib).StepLR(o, step_size=7, gamma=0.5),
    "MultiStepLR": lambda lib, o: L(lib).MultiStepLR(o, milestones=[5, 12, 12, 30], gamma=0.3),
    "ConstantLR": lambda lib, o: L(lib).ConstantLR(o, factor=0.25, total_iters=6),
    "LinearLR": lambda lib, o: L(lib).LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=15),
    "ExponentialLR": lambda lib, o: L(lib).ExponentialLR(o, gamma=0.93),
    "PolynomialLR": lambda lib, o: L(lib).PolynomialLR(o, total_iters=25, power=2.0),
    "CosineAnnealingLR": lambda lib, o: L(lib).CosineAnnealingLR(o, T_max=9, eta_min=0.001),
    "CosineAnnealingWarmRestarts": lambda lib, o: L(lib).CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=1e-3),
    "OneCycleLR": lambda lib, o: L(lib).OneCycleLR(o, max_lr=[1.0, 2.0], total_steps=STEPS + 1),
    "OneCycleLR three-phase linear": lambda lib, o: L(lib).OneCycleLR(
        o, max_lr=0.5, epochs=4, steps_per_epoch=11, three_phase=True, anneal_strategy="linear"),
    "SequentialLR": lambda lib, o: L(lib).SequentialLR(
        o, [L(lib).LinearLR(o, start_factor=0.2, total_iters=5), L(lib).ExponentialLR(o, gamma=0.9),
            L(lib).StepLR(o, step_size=4)], milestones=[5, 20]),
    "ChainedScheduler": lambda lib, o: L(lib).ChainedScheduler(
        [L(lib).ConstantLR(o, factor=0.5, total_iters=4), L(lib).ExponentialLR(o, gamma=0.95)]),
}


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", sorted(CASES))
def test_learning_rate_sequence_matches_torch(name):
    np.testing.assert_allclose(_lrs(mindtorch, CASES[name]), _lrs(torch, CASES[name]), rtol=1e-12, atol=0)


@pytest.mark.parametrize("mode,threshold_mode", [("min", "rel"), ("max", "abs")])
def test_reduce_lr_on_plateau_matches_torch(mode, threshold_mode):
    rng = np.random.default_rng(0)
    metrics = list(np.round(rng.random(STEPS), 1))

    def make(lib, o):
        return L(lib).ReduceLROnPlateau(o, mode=mode, factor=0.5, patience=2, threshold=0.05,
                                        threshold_mode=threshold_mode, cooldown=1, min_lr=[0.001, 0.01])
    np.testing.assert_allclose(_lrs(mindtorch, make, metrics=metrics), _lrs(torch, make, metrics=metrics))


def test_scheduler_state_dict_round_trip_continues_the_sequence():
    def run(lib):
        p = lib.zeros(1, requires_grad=True)
        opt = lib.optim.SGD([p], lr=1.0)
        s = L(lib).CosineAnnealingLR(opt, T_max=10)
        for _ in range(4):
            s.step()
        state = s.state_dict()
        opt2 = lib.optim.SGD([p], lr=1.0)
        s2 = L(lib).CosineAnnealingLR(opt2, T_max=10)
        s2.load_state_dict(state)
        opt2.param_groups[0]["lr"] = opt.param_groups[0]["lr"]
        return [s2.step() or s2.get_last_lr()[0] for _ in range(5)]
    np.testing.assert_allclose(run(mindtorch), run(torch))
