"""nn.utils.parametrize, parametrizations.weight_norm/spectral_norm and the legacy weight_norm/spectral_norm
hooks against torch: state_dict keys, class names, forward values, gradients of the originals, removal."""
import warnings

import numpy as np
import pytest
import torch
from oracle import assert_same
from seq_helpers import arr, compare, copy_state, pair

import mindtorch


def _symmetric(lib):
    class Symmetric(lib.nn.Module):
        def forward(self, X):
            return X.triu() + X.triu(1).transpose(-1, -2)

        def right_inverse(self, A):
            return A.triu()
    return Symmetric


def _scale(lib):
    class Scale(lib.nn.Module):
        def forward(self, X):
            return X * 2.0

        def right_inverse(self, A):
            return A / 2.0
    return Scale


def test_register_parametrization_basic():
    def build(lib):
        m = lib.nn.Linear(3, 3)
        lib.nn.utils.parametrize.register_parametrization(m, "weight", _symmetric(lib)())
        return m
    tm, mm = pair(build)
    assert type(mm).__name__ == "ParametrizedLinear" == type(tm).__name__
    assert mindtorch.nn.utils.parametrize.is_parametrized(mm)
    assert mindtorch.nn.utils.parametrize.is_parametrized(mm, "weight")
    assert not mindtorch.nn.utils.parametrize.is_parametrized(mm, "bias")
    assert mindtorch.nn.utils.parametrize.type_before_parametrizations(mm) is mindtorch.nn.Linear
    compare(lambda lib, m, x: m(x), (tm, mm), arr(2, 3))
    w = mm.weight.detach().numpy()
    assert np.allclose(w, w.T)
    assert [n for n, _ in mm.named_parameters()] == ["bias", "parametrizations.weight.original"]
    # assignment goes through right_inverse
    val = arr(3, 3, seed=4)
    for m, lib in ((tm, torch), (mm, mindtorch)):
        with lib.no_grad():
            m.weight = lib.from_numpy(val.copy())
    assert_same(tm.parametrizations.weight.original, mm.parametrizations.weight.original)
    # chained parametrizations, then removal keeping the parametrized value
    for m, lib in ((tm, torch), (mm, mindtorch)):
        lib.nn.utils.parametrize.register_parametrization(m, "weight", _scale(lib)())
        assert len(m.parametrizations.weight) == 2
    assert_same(tm.weight, mm.weight)
    compare(lambda lib, m, x: m(x), (tm, mm), arr(2, 3))
    for m, lib in ((tm, torch), (mm, mindtorch)):
        lib.nn.utils.parametrize.remove_parametrizations(m, "weight")
    assert type(mm) is mindtorch.nn.Linear and not hasattr(mm, "parametrizations")
    assert isinstance(mm.weight, mindtorch.nn.Parameter)
    assert_same(tm.weight, mm.weight)
    assert list(mm.state_dict()) == list(tm.state_dict())


def test_parametrize_cached_unsafe_and_errors():
    P = mindtorch.nn.utils.parametrize
    calls = []

    class Count(mindtorch.nn.Module):
        def forward(self, X):
            calls.append(1)
            return X + 1

    m = mindtorch.nn.Linear(2, 2)
    P.register_parametrization(m, "weight", Count())
    calls.clear()
    with P.cached():
        a = m.weight
        b = m.weight
    assert a is b and len(calls) == 1
    _ = m.weight
    assert len(calls) == 2

    class Shrink(mindtorch.nn.Module):
        def forward(self, X):
            return X[0]
    with pytest.raises(ValueError):
        P.register_parametrization(mindtorch.nn.Linear(2, 2), "weight", Shrink())
    m2 = P.register_parametrization(mindtorch.nn.Linear(2, 2), "weight", Shrink(), unsafe=True)
    assert tuple(m2.weight.shape) == (2,)
    with pytest.raises(ValueError):
        P.register_parametrization(mindtorch.nn.Linear(2, 2), "nothing", Shrink())
    with pytest.raises(ValueError):
        P.remove_parametrizations(mindtorch.nn.Linear(2, 2), "weight")
    # buffers can be parametrized too, and removal without leaving the parametrized value
    bn = mindtorch.nn.BatchNorm1d(3)
    P.register_parametrization(bn, "running_var", _scale(mindtorch)())
    assert "parametrizations.running_var.original" in bn.state_dict()
    assert np.allclose(bn.running_var.numpy(), 1.0)
    P.remove_parametrizations(bn, "running_var", leave_parametrized=False)
    assert np.allclose(bn.running_var.numpy(), 0.5) and "running_var" in dict(bn.named_buffers())


@pytest.mark.parametrize("dim", [0, 1, None, -1])
def test_parametrizations_weight_norm(dim):
    def build(lib):
        return lib.nn.utils.parametrizations.weight_norm(lib.nn.Linear(4, 3), dim=dim)
    tm, mm = pair(build)
    assert tuple(mm.parametrizations.weight.original0.shape) == tuple(tm.parametrizations.weight.original0.shape)
    compare(lambda lib, m, x: m(x), (tm, mm), arr(2, 4))
    assert_same(tm.weight, mm.weight)
    for m, lib in ((tm, torch), (mm, mindtorch)):
        lib.nn.utils.parametrize.remove_parametrizations(m, "weight")
    assert_same(tm.weight, mm.weight)


def test_parametrizations_weight_norm_conv_and_legacy_keys():
    for dim in (0, 2):  # dim=2: wav2vec2's positional convolution
        tm, mm = pair(lambda lib: lib.nn.utils.parametrizations.weight_norm(lib.nn.Conv1d(2, 4, 3, groups=2),
                                                                            dim=dim))
        compare(lambda lib, m, x: m(x), (tm, mm), arr(2, 2, 6))
    # a legacy state dict (weight_g / weight_v) loads into the parametrized module
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        legacy = torch.nn.utils.weight_norm(torch.nn.Linear(3, 2))
    m = mindtorch.nn.utils.parametrizations.weight_norm(mindtorch.nn.Linear(3, 2))
    m.load_state_dict({k: mindtorch.from_numpy(v.detach().numpy().copy()) for k, v in legacy.state_dict().items()})
    assert_same(legacy.weight, m.weight)


@pytest.mark.parametrize("dim", [0, 1, None])
def test_legacy_weight_norm(dim):
    def build(lib):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return lib.nn.utils.weight_norm(lib.nn.Linear(4, 3), dim=dim)
    tm, mm = pair(build)
    assert list(mm.state_dict()) == ["bias", "weight_g", "weight_v"]
    compare(lambda lib, m, x: m(x), (tm, mm), arr(2, 4))
    with pytest.warns(FutureWarning):
        mindtorch.nn.utils.weight_norm(mindtorch.nn.Linear(2, 2))
    for m, lib in ((tm, torch), (mm, mindtorch)):
        lib.nn.utils.remove_weight_norm(m)
    assert list(mm.state_dict()) == list(tm.state_dict()) == ["bias", "weight"]
    assert_same(tm.weight, mm.weight)
    with pytest.raises(ValueError):
        mindtorch.nn.utils.remove_weight_norm(mm)
    with pytest.raises(RuntimeError):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mindtorch.nn.utils.weight_norm(mindtorch.nn.utils.weight_norm(mindtorch.nn.Linear(2, 2)))


@pytest.mark.parametrize("legacy", [False, True])
@pytest.mark.parametrize("module", ["linear", "conv_transpose"])
def test_spectral_norm(legacy, module):
    def build(lib):
        m = lib.nn.Linear(4, 3) if module == "linear" else lib.nn.ConvTranspose1d(2, 3, 3)
        fn = lib.nn.utils.spectral_norm if legacy else lib.nn.utils.parametrizations.spectral_norm
        return fn(m, n_power_iterations=2)
    tm, mm = pair(build)
    x = arr(2, 4) if module == "linear" else arr(2, 2, 5)
    for _ in range(2):  # training: power iterations update the u/v buffers
        tm.zero_grad(), mm.zero_grad()
        compare(lambda lib, m, x: m(x), (tm, mm), x, rtol=1e-4)
        for k, v in tm.state_dict().items():
            assert_same(v, mm.state_dict()[k], 1e-4, 1e-5, path=k)
    tm.eval(), mm.eval()
    compare(lambda lib, m, x: m(x), (tm, mm), x, rtol=1e-4)
    if legacy:
        for m, lib in ((tm, torch), (mm, mindtorch)):
            lib.nn.utils.remove_spectral_norm(m)
        assert list(mm.state_dict()) == list(tm.state_dict())
        assert_same(tm.weight, mm.weight, 1e-4, 1e-5)
    else:
        with torch.no_grad():
            assert_same(tm.weight, mm.weight, 1e-4, 1e-5)


def test_spectral_norm_sigma():
    m = mindtorch.nn.utils.parametrizations.spectral_norm(mindtorch.nn.Linear(5, 4))
    for _ in range(20):
        w = m.weight
    s = np.linalg.svd(w.detach().numpy(), compute_uv=False)
    assert abs(s[0] - 1.0) < 1e-3
    for lib in (torch, mindtorch):
        with pytest.raises(ValueError):
            lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2), n_power_iterations=0)
        with pytest.raises(IndexError):
            lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2), dim=3)


def test_copy_state_helper_roundtrip():
    tm, mm = pair(lambda lib: lib.nn.utils.parametrizations.weight_norm(lib.nn.Linear(2, 2)))
    copy_state(tm, mm)
    import copy
    mm2 = copy.deepcopy(mm)
    assert type(mm2).__name__ == "ParametrizedLinear"
    assert_same(tm.weight, mm2.weight)
