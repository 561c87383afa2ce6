"""Gradients through distributions vs real torch: log_prob / entropy / kl wrt parameters, and rsample
pathwise gradients (the noise differs from torch's, so those are checked against closed forms)."""
import numpy as np
import pytest
import torch
import mindtorch

from oracle import assert_same, to_lib
from test_distributions import CASES, _second, build  # noqa: F401

GRAD_CASES = ["Normal", "Categorical_probs", "Categorical_logits", "MVN_cov", "MVN_tril", "Bernoulli_logits",
              "Binomial", "Laplace", "Exponential", "Gamma", "Beta", "Dirichlet", "StudentT", "Poisson",
              "NegativeBinomial", "LogNormal", "Gumbel", "Cauchy", "Independent", "MixtureSameFamily",
              "Transformed_affine_exp", "RelaxedBernoulli", "RelaxedOneHotCategorical", "Uniform"]


def _build_grad(name, lib):
    ctor, params = CASES[name]
    ts = [to_lib(lib, p, requires_grad=True) for p in params]
    return ctor(lib, *ts), ts


@pytest.mark.parametrize("name", GRAD_CASES)
def test_log_prob_entropy_grad(name):
    torch.manual_seed(2)
    td, tparams = _build_grad(name, torch)
    md, mparams = _build_grad(name, mindtorch)
    value = td.sample((3,)).detach()
    mvalue = mindtorch.from_numpy(value.numpy().copy())
    w = np.random.default_rng(1).normal(size=tuple(td.log_prob(value).shape)).astype(np.float32)
    t_out = (td.log_prob(value) * torch.from_numpy(w)).sum()
    m_out = (md.log_prob(mvalue) * mindtorch.from_numpy(w)).sum()
    try:
        t_ent = td.entropy().sum()
        m_ent = md.entropy().sum()
        t_out, m_out = t_out + t_ent, m_out + m_ent
    except NotImplementedError:
        pass
    tg = torch.autograd.grad(t_out, tparams, allow_unused=True)
    mg = mindtorch.autograd.grad(m_out, mparams, allow_unused=True)
    for i, (a, b) in enumerate(zip(tg, mg)):
        if a is None:
            assert b is None or float(b.abs().sum()) == 0.0
        else:
            assert b is not None, f"param {i}: no gradient"
            assert_same(a, b, rtol=2e-4, atol=2e-4, path=f"grad of param {i}")


@pytest.mark.parametrize("p_name,q_name", [("Normal", "Normal"), ("MVN_cov", "MVN_tril"), ("Beta", "Beta"),
                                           ("Categorical_logits", "Categorical_logits"), ("Gamma", "Gamma")])
def test_kl_grad(p_name, q_name):
    tp, tparams = _build_grad(p_name, torch)
    mp, mparams = _build_grad(p_name, mindtorch)
    tq, mq = _second(q_name, torch), _second(q_name, mindtorch)
    tg = torch.autograd.grad(torch.distributions.kl_divergence(tp, tq).sum(), tparams)
    mg = mindtorch.autograd.grad(mindtorch.distributions.kl_divergence(mp, mq).sum(), mparams)
    for a, b in zip(tg, mg):
        assert_same(a, b, rtol=2e-4, atol=2e-4)


def test_rsample_pathwise_grads():
    """d E[f(x)] / d params by rsample matches the closed form (mindtorch's own noise)."""
    mindtorch.manual_seed(0)
    md = mindtorch.distributions
    n = 20000
    loc = mindtorch.tensor([0.5, -1.0], requires_grad=True)
    scale = mindtorch.tensor([1.5, 0.5], requires_grad=True)
    x = md.Normal(loc, scale).rsample((n,))
    (x ** 2).mean(0).sum().backward()  # E[x^2] = loc^2 + scale^2
    np.testing.assert_allclose(loc.grad.numpy(), 2 * loc.detach().numpy(), atol=0.05)
    np.testing.assert_allclose(scale.grad.numpy(), 2 * scale.detach().numpy(), atol=0.05)
    # Gamma: E[x] = a / b, gradient through the implicit reparameterization
    a = mindtorch.tensor([0.7, 3.0], requires_grad=True)
    b = mindtorch.tensor([2.0, 1.0], requires_grad=True)
    md.Gamma(a, b).rsample((n,)).mean(0).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), 1 / b.detach().numpy(), rtol=0.05)
    np.testing.assert_allclose(b.grad.numpy(), -a.detach().numpy() / b.detach().numpy() ** 2, rtol=0.05)
    # Dirichlet: E[x_0] = c_0 / sum(c)
    c = mindtorch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    md.Dirichlet(c).rsample((n,))[:, 0].mean().backward()
    expected = np.array([5 / 36, -1 / 36, -1 / 36])
    np.testing.assert_allclose(c.grad.numpy(), expected, atol=0.01)
    # MVN: E[sum x] = sum loc
    m = mindtorch.zeros(3, requires_grad=True)
    md.MultivariateNormal(m, scale_tril=mindtorch.eye(3)).rsample((4,)).sum().backward()
    np.testing.assert_allclose(m.grad.numpy(), np.full(3, 4.0))
