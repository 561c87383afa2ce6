"""torch.distributions against real torch: for fixed parameters, log_prob / entropy / mean / variance /
stddev / mode / cdf / icdf, shapes, expand, support, validation errors; sample shapes and moments."""
import math

import numpy as np
import pytest
import torch
import mindtorch

from oracle import assert_same, to_lib

R = np.random.default_rng(0)


def pos(*shape, lo=0.5, hi=3.0):
    return R.uniform(lo, hi, shape).astype(np.float32)


def real(*shape):
    return R.normal(size=shape).astype(np.float32)


def unit(*shape):
    return R.uniform(0.05, 0.95, shape).astype(np.float32)


def simplex(*shape):
    p = R.uniform(0.1, 1.0, shape).astype(np.float32)
    return (p / p.sum(-1, keepdims=True)).astype(np.float32)


def spd(*batch, n=3):
    a = R.normal(size=batch + (n, n))
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(np.float32)


def tril(*batch, n=3):
    a = np.tril(R.normal(size=batch + (n, n)))
    idx = np.arange(n)
    a[..., idx, idx] = np.abs(a[..., idx, idx]) + 0.5
    return a.astype(np.float32)


D = lambda lib: lib.distributions  # noqa: E731

# name -> (constructor(lib, *params), params)
CASES = {
    "Normal": (lambda lib, a, b: D(lib).Normal(a, b), (real(2, 3), pos(3))),
    "Normal_scalar": (lambda lib: D(lib).Normal(0.5, 2.0), ()),
    "Categorical_probs": (lambda lib, p: D(lib).Categorical(probs=p), (simplex(2, 4),)),
    "Categorical_logits": (lambda lib, l: D(lib).Categorical(logits=l), (real(3, 5),)),
    "MVN_cov": (lambda lib, m, c: D(lib).MultivariateNormal(m, covariance_matrix=c), (real(2, 3), spd(2))),
    "MVN_tril": (lambda lib, m, s: D(lib).MultivariateNormal(m, scale_tril=s), (real(3), tril(2))),
    "MVN_prec": (lambda lib, m, p: D(lib).MultivariateNormal(m, precision_matrix=p), (real(2, 3), spd())),
    "Bernoulli_probs": (lambda lib, p: D(lib).Bernoulli(probs=p), (unit(4),)),
    "Bernoulli_logits": (lambda lib, l: D(lib).Bernoulli(logits=l), (real(2, 3),)),
    "Binomial": (lambda lib, p: D(lib).Binomial(5, probs=p), (unit(3),)),
    "Binomial_logits": (lambda lib, n, l: D(lib).Binomial(n, logits=l),
                        (np.array([3.0, 4.0, 6.0], np.float32), real(3))),
    "Uniform": (lambda lib, a, b: D(lib).Uniform(a, a + b), (real(3), pos(3))),
    "Laplace": (lambda lib, a, b: D(lib).Laplace(a, b), (real(3), pos(3))),
    "Exponential": (lambda lib, r: D(lib).Exponential(r), (pos(3),)),
    "Gamma": (lambda lib, a, b: D(lib).Gamma(a, b), (pos(3), pos(3))),
    "Beta": (lambda lib, a, b: D(lib).Beta(a, b), (pos(3), pos(3))),
    "Dirichlet": (lambda lib, a: D(lib).Dirichlet(a), (pos(2, 4),)),
    "StudentT": (lambda lib, d, a, b: D(lib).StudentT(d, a, b), (pos(3, lo=2.5, hi=6), real(3), pos(3))),
    "Poisson": (lambda lib, r: D(lib).Poisson(r), (pos(4),)),
    "NegativeBinomial": (lambda lib, n, p: D(lib).NegativeBinomial(n, probs=p), (pos(3), unit(3))),
    "NegativeBinomial_logits": (lambda lib, n, l: D(lib).NegativeBinomial(n, logits=l), (pos(3), real(3))),
    "LogNormal": (lambda lib, a, b: D(lib).LogNormal(a, b), (real(3), pos(3, hi=1.0))),
    "Gumbel": (lambda lib, a, b: D(lib).Gumbel(a, b), (real(3), pos(3))),
    "Cauchy": (lambda lib, a, b: D(lib).Cauchy(a, b), (real(3), pos(3))),
    "HalfNormal": (lambda lib, s: D(lib).HalfNormal(s), (pos(3),)),
    "HalfCauchy": (lambda lib, s: D(lib).HalfCauchy(s), (pos(3),)),
    "Chi2": (lambda lib, d: D(lib).Chi2(d), (pos(3),)),
    "Geometric": (lambda lib, p: D(lib).Geometric(p), (unit(3),)),
    "OneHotCategorical": (lambda lib, p: D(lib).OneHotCategorical(p), (simplex(2, 4),)),
    "Multinomial": (lambda lib, p: D(lib).Multinomial(6, p), (simplex(2, 3),)),
    "RelaxedBernoulli": (lambda lib, t, p: D(lib).RelaxedBernoulli(t, probs=p),
                         (np.array(0.7, np.float32), unit(3))),
    "RelaxedOneHotCategorical": (lambda lib, t, l: D(lib).RelaxedOneHotCategorical(t, logits=l),
                                 (np.array(0.5, np.float32), real(2, 3))),
    "Pareto": (lambda lib, a, b: D(lib).Pareto(a, b), (pos(3), pos(3, lo=2.5, hi=5))),
    "Weibull": (lambda lib, a, b: D(lib).Weibull(a, b), (pos(3), pos(3, lo=1.0))),
    "InverseGamma": (lambda lib, a, b: D(lib).InverseGamma(a, b), (pos(3, lo=2.5, hi=5), pos(3))),
    "LogisticNormal": (lambda lib, a, b: D(lib).LogisticNormal(a, b), (real(2, 3), pos(2, 3, hi=1.0))),
    "Independent": (lambda lib, a, b: D(lib).Independent(D(lib).Normal(a, b), 1), (real(2, 3), pos(2, 3))),
    "MixtureSameFamily": (lambda lib, w, a, b: D(lib).MixtureSameFamily(
        D(lib).Categorical(logits=w), D(lib).Normal(a, b)), (real(2, 3), real(2, 3), pos(2, 3))),
    "MixtureSameFamily_mvn": (lambda lib, w, a: D(lib).MixtureSameFamily(
        D(lib).Categorical(logits=w), D(lib).Independent(D(lib).Normal(a, lib.ones_like(a)), 1)),
        (real(3), real(3, 2))),
    "Transformed_affine_exp": (lambda lib, a, b, l, s: D(lib).TransformedDistribution(
        D(lib).Normal(a, b), [D(lib).transforms.AffineTransform(l, s), D(lib).transforms.ExpTransform()]),
        (real(3), pos(3), real(3), pos(3))),
    "Transformed_sigmoid_tanh": (lambda lib, a, b: D(lib).TransformedDistribution(
        D(lib).Normal(a, b), [D(lib).transforms.TanhTransform(), D(lib).transforms.AffineTransform(0.0, 0.5),
                              D(lib).transforms.SigmoidTransform()]), (real(3), pos(3, hi=1.0))),
    "Transformed_stickbreaking": (lambda lib, a, b: D(lib).TransformedDistribution(
        D(lib).Independent(D(lib).Normal(a, b), 1), D(lib).transforms.StickBreakingTransform()),
        (real(2, 3), pos(2, 3))),
    "Transformed_power": (lambda lib, a, b: D(lib).TransformedDistribution(
        D(lib).Gamma(a, b), D(lib).transforms.PowerTransform(2.0)), (pos(3), pos(3))),
}

SAMPLE_METHODS = ["log_prob", "cdf"]
PROPS = ["mean", "variance", "stddev", "mode"]


def build(name, lib):
    ctor, params = CASES[name]
    return ctor(lib, *[to_lib(lib, p) for p in params])


def _same_or_both_raise(get_t, get_m, rtol=2e-5, atol=2e-5):
    try:
        expected = get_t()
    except NotImplementedError:
        with pytest.raises(NotImplementedError):
            get_m()
        return
    actual = get_m()
    assert_same(expected, actual, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", sorted(CASES))
def test_against_torch(name):
    torch.manual_seed(1)
    td, md = build(name, torch), build(name, mindtorch)
    assert tuple(md.batch_shape) == tuple(td.batch_shape)
    assert tuple(md.event_shape) == tuple(td.event_shape)
    assert md.has_rsample == td.has_rsample
    assert md.has_enumerate_support == td.has_enumerate_support
    assert type(md.support).__name__ == type(td.support).__name__
    assert md.support.event_dim == td.support.event_dim and md.support.is_discrete == td.support.is_discrete
    value = td.sample((2,))
    mvalue = mindtorch.from_numpy(value.numpy().copy())
    assert_same(td.log_prob(value), md.log_prob(mvalue), rtol=5e-5, atol=5e-5)
    if name not in ("MixtureSameFamily_mvn",):
        _same_or_both_raise(lambda: td.cdf(value), lambda: md.cdf(mvalue))
    for prop in PROPS:
        _same_or_both_raise(lambda: getattr(td, prop), lambda: getattr(md, prop))
    _same_or_both_raise(td.entropy, md.entropy, rtol=1e-4, atol=1e-4)
    q = np.full(tuple(td.batch_shape) + tuple(td.event_shape), 0.3, np.float32)
    _same_or_both_raise(lambda: td.icdf(torch.from_numpy(q)), lambda: md.icdf(mindtorch.from_numpy(q)), rtol=1e-4)
    # support membership of torch's samples, and of mindtorch's own
    assert_same(td.support.check(value), md.support.check(mvalue))
    msample = md.sample((5,))
    assert tuple(msample.shape) == (5,) + tuple(td.batch_shape) + tuple(td.event_shape)
    assert str(msample.dtype) == str(td.sample((5,)).dtype)
    assert bool(md.support.check(msample).all())
    if td.has_rsample:
        assert tuple(md.rsample((2, 1)).shape) == tuple(td.rsample((2, 1)).shape)
    # expand
    new_batch = (2,) + tuple(td.batch_shape)
    te, me = td.expand(new_batch), md.expand(new_batch)
    assert tuple(me.batch_shape) == tuple(te.batch_shape) and tuple(me.event_shape) == tuple(te.event_shape)
    assert_same(te.log_prob(value), me.log_prob(mvalue), rtol=5e-5, atol=5e-5)
    assert tuple(me.sample().shape) == tuple(te.sample().shape)
    if td.has_enumerate_support:
        _same_or_both_raise(td.enumerate_support, md.enumerate_support)
        _same_or_both_raise(lambda: td.enumerate_support(expand=False), lambda: md.enumerate_support(expand=False))


KL_PAIRS = [
    ("Normal", "Normal"), ("Categorical_probs", "Categorical_probs"), ("MVN_cov", "MVN_tril"),
    ("MVN_cov", "MVN_prec"), ("Bernoulli_probs", "Bernoulli_probs"), ("Beta", "Beta"), ("Dirichlet", "Dirichlet"),
    ("Exponential", "Exponential"), ("Gamma", "Gamma"), ("Laplace", "Laplace"), ("Poisson", "Poisson"),
    ("Uniform", "Uniform"), ("Gumbel", "Gumbel"), ("Cauchy", "Cauchy"), ("Independent", "Independent"),
    ("OneHotCategorical", "OneHotCategorical"), ("LogNormal", "LogNormal"), ("Geometric", "Geometric"),
    ("HalfNormal", "HalfNormal"), ("Binomial", "Binomial"), ("Uniform", "Normal"), ("Normal", "Laplace"),
    ("Normal", "Gumbel"), ("Exponential", "Gamma"),
]


def _second(name, lib):
    """A second distribution of the same family with other parameters."""
    ctor, params = CASES[name]
    rng = np.random.default_rng(7)
    shifted = [(p * rng.uniform(0.6, 1.4, p.shape)).astype(np.float32) if p.ndim and p.dtype == np.float32 else p
               for p in params]
    if name.startswith(("Bernoulli", "Geometric")):
        shifted = [np.clip(s, 0.05, 0.95).astype(np.float32) for s in shifted]
    if name.startswith(("Categorical", "OneHot")):
        shifted = [(s / s.sum(-1, keepdims=True)).astype(np.float32) for s in shifted]
    if name == "Uniform":  # q must cover p for a finite value
        shifted = [params[0] - 1, params[1] + 2]
    if name == "Binomial":
        shifted = [rng.uniform(0.05, 0.95, 3).astype(np.float32)]
    if name.startswith("MVN"):
        shifted = [params[0] + 1, params[1]]
    return ctor(lib, *[to_lib(lib, p) for p in shifted])


@pytest.mark.parametrize("p_name,q_name", KL_PAIRS)
def test_kl_divergence(p_name, q_name):
    tp = build(p_name, torch)
    mp = build(p_name, mindtorch)
    tq = _second(q_name, torch)
    mq = _second(q_name, mindtorch)
    if (p_name, q_name) == ("Uniform", "Normal"):
        pass
    expected = torch.distributions.kl_divergence(tp, tq)
    actual = mindtorch.distributions.kl_divergence(mp, mq)
    assert_same(expected, actual, rtol=1e-4, atol=1e-5)


def test_kl_not_implemented_and_register():
    md = mindtorch.distributions
    with pytest.raises(NotImplementedError, match="No KL"):
        md.kl_divergence(md.Cauchy(0.0, 1.0), md.Normal(0.0, 1.0))

    class MyNormal(md.Normal):
        pass

    @md.register_kl(MyNormal, md.Normal)
    def _kl(p, q):
        return mindtorch.tensor(42.0)

    assert md.kl_divergence(MyNormal(0.0, 1.0), md.Normal(0.0, 1.0)).item() == 42.0
    assert md.kl_divergence(md.Normal(0.0, 1.0), md.Normal(0.0, 1.0)).item() == 0.0


INVALID = [
    lambda lib: D(lib).Normal(lib.tensor([0.0]), lib.tensor([-1.0])),
    lambda lib: D(lib).Normal(lib.tensor([float("nan")]), lib.tensor([1.0])),
    lambda lib: D(lib).Categorical(probs=lib.tensor([0.5, -0.1])),
    lambda lib: D(lib).Categorical(),
    lambda lib: D(lib).Categorical(probs=lib.tensor([0.5, 0.5]), logits=lib.tensor([0.0, 0.0])),
    lambda lib: D(lib).Categorical(probs=lib.tensor(0.5)),
    lambda lib: D(lib).Bernoulli(probs=lib.tensor([1.5])),
    lambda lib: D(lib).Uniform(lib.tensor([1.0]), lib.tensor([0.0])),
    lambda lib: D(lib).Gamma(lib.tensor([0.0]), lib.tensor([1.0])),
    lambda lib: D(lib).Beta(lib.tensor([1.0]), lib.tensor([-1.0])),
    lambda lib: D(lib).Dirichlet(lib.tensor(1.0)),
    lambda lib: D(lib).MultivariateNormal(lib.zeros(2)),
    lambda lib: D(lib).MultivariateNormal(lib.tensor(0.0), covariance_matrix=lib.eye(2)),
    lambda lib: D(lib).MultivariateNormal(lib.zeros(2), covariance_matrix=lib.tensor([[1.0, 2.0], [2.0, 1.0]])),
    lambda lib: D(lib).MultivariateNormal(lib.zeros(2), scale_tril=lib.tensor([[1.0, 1.0], [0.0, 1.0]])),
    lambda lib: D(lib).MultivariateNormal(lib.zeros(2), covariance_matrix=lib.ones(2)),
    lambda lib: D(lib).Independent(D(lib).Normal(lib.zeros(2), lib.ones(2)), 2),
    lambda lib: D(lib).Binomial(lib.tensor([2.5]), probs=lib.tensor([0.5])),
    lambda lib: D(lib).Poisson(lib.tensor([-1.0])),
    lambda lib: D(lib).Normal(0.0, 1.0).log_prob(0.5),
    lambda lib: D(lib).Normal(lib.zeros(2), lib.ones(2)).log_prob(lib.zeros(3)),
    lambda lib: D(lib).Exponential(lib.ones(2)).log_prob(lib.tensor([-1.0, 1.0])),
    lambda lib: D(lib).Categorical(logits=lib.zeros(3)).log_prob(lib.tensor(3)),
    lambda lib: D(lib).MultivariateNormal(lib.zeros(2), lib.eye(2)).log_prob(lib.zeros(3)),
    lambda lib: D(lib).MixtureSameFamily(D(lib).Normal(0.0, 1.0), D(lib).Normal(lib.zeros(2), lib.ones(2))),
    lambda lib: D(lib).MixtureSameFamily(D(lib).Categorical(logits=lib.zeros(3)),
                                         D(lib).Normal(lib.zeros(2), lib.ones(2))),
    lambda lib: D(lib).TransformedDistribution(D(lib).Normal(0.0, 1.0), "exp"),
]


@pytest.mark.parametrize("i", range(len(INVALID)))
def test_validation_errors(i):
    with pytest.raises(Exception) as te:
        INVALID[i](torch)
    with pytest.raises(type(te.value)) as me:
        INVALID[i](mindtorch)
    # torch's message, up to the tensor printing it embeds
    t_first = str(te.value).split("\n")[0].replace("torch.Size", "").split(" tensor(")[0]
    m_first = str(me.value).split("\n")[0].replace("torch.Size", "").split(" tensor(")[0]
    assert m_first == t_first


def test_validate_args_switch():
    md = mindtorch.distributions
    d = md.Normal(mindtorch.tensor([0.0]), mindtorch.tensor([-1.0]), validate_args=False)
    assert d.scale.item() == -1.0
    try:
        md.Distribution.set_default_validate_args(False)
        md.Normal(mindtorch.tensor([0.0]), mindtorch.tensor([-1.0]))
    finally:
        md.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError):
        md.Normal(mindtorch.tensor([0.0]), mindtorch.tensor([-1.0]))
    with pytest.raises(ValueError):
        md.Distribution.set_default_validate_args(3)


MOMENTS = [
    ("Normal", 1e-2), ("Categorical_logits", None), ("MVN_cov", 1e-2), ("Bernoulli_probs", None),
    ("Binomial", None), ("Uniform", None), ("Laplace", None), ("Exponential", None), ("Gamma", None),
    ("Beta", None), ("Dirichlet", None), ("StudentT", None), ("Poisson", None), ("NegativeBinomial", None),
    ("LogNormal", None), ("Gumbel", None), ("HalfNormal", None), ("Geometric", None), ("Chi2", None),
    ("OneHotCategorical", None), ("Multinomial", None), ("MixtureSameFamily", None), ("Independent", None),
    ("Weibull", None),
]


@pytest.mark.parametrize("name,_", MOMENTS)
def test_sample_moments(name, _):
    mindtorch.manual_seed(0)
    d = build(name, mindtorch)
    n = 20000
    s = d.sample((n,)).double().numpy()
    mean = d.mean.double().numpy() if name != "Categorical_logits" else \
        (d.probs.double().numpy() * np.arange(d.probs.shape[-1])).sum(-1)
    var = d.variance.double().numpy() if name != "Categorical_logits" else \
        (d.probs.double().numpy() * np.arange(d.probs.shape[-1]) ** 2).sum(-1) - mean ** 2
    se = np.sqrt(var / n)
    assert np.all(np.abs(s.mean(0) - mean) < 6 * se + 1e-3), (s.mean(0), mean)
    assert np.allclose(s.var(0), var, rtol=0.1, atol=1e-3), (s.var(0), var)


def test_seed_reproducible():
    md = mindtorch.distributions
    for make in (lambda: md.Normal(mindtorch.zeros(3), mindtorch.ones(3)), lambda: md.Gamma(mindtorch.ones(3), 1.0),
                 lambda: md.Categorical(logits=mindtorch.zeros(4)), lambda: md.Binomial(4, mindtorch.full((3,), .5))):
        mindtorch.manual_seed(3)
        a = make().sample((4,))
        mindtorch.manual_seed(3)
        b = make().sample((4,))
        assert np.array_equal(a.numpy(), b.numpy())


def test_transforms_against_torch():
    x_np = real(2, 3)
    for make in (lambda T: T.ExpTransform(), lambda T: T.SigmoidTransform(), lambda T: T.TanhTransform(),
                 lambda T: T.SoftplusTransform(), lambda T: T.AffineTransform(1.5, -2.0),
                 lambda T: T.PowerTransform(3.0),
                 lambda T: T.ComposeTransform([T.AffineTransform(0.5, 2.0), T.ExpTransform()]),
                 lambda T: T.StickBreakingTransform(), lambda T: T.SoftmaxTransform(),
                 lambda T: T.IndependentTransform(T.ExpTransform(), 1), lambda T: T.ReshapeTransform((3,), (3, 1))):
        tt, mt = make(torch.distributions.transforms), make(mindtorch.distributions.transforms)
        xin = np.abs(x_np) + 0.1 if isinstance(tt, torch.distributions.transforms.PowerTransform) else x_np
        tx, mx = torch.from_numpy(xin.copy()), mindtorch.from_numpy(xin.copy())
        ty, my = tt(tx), mt(mx)
        assert_same(ty, my, rtol=1e-5, atol=1e-6)
        assert_same(tt.inv(ty), mt.inv(my), rtol=1e-4, atol=1e-5)
        if tt.bijective:
            assert_same(tt.log_abs_det_jacobian(tx, ty), mt.log_abs_det_jacobian(mx, my), rtol=1e-4, atol=1e-5)
        assert tuple(mt.forward_shape((2, 3))) == tuple(tt.forward_shape((2, 3)))
        assert mt.domain.event_dim == tt.domain.event_dim and mt.codomain.event_dim == tt.codomain.event_dim


def test_constraint_registry_and_constraints():
    C_t, C_m = torch.distributions.constraints, mindtorch.distributions.constraints
    x = real(4, 3)
    for cname in ("positive", "real", "unit_interval", "simplex", "real_vector"):
        ct, cm = getattr(C_t, cname), getattr(C_m, cname)
        assert repr(cm) == repr(ct)
        assert_same(ct.check(torch.from_numpy(x)), cm.check(mindtorch.from_numpy(x)))
        tt, mt = torch.distributions.transform_to(ct), mindtorch.distributions.transform_to(cm)
        assert_same(tt(torch.from_numpy(x)), mt(mindtorch.from_numpy(x)), rtol=1e-5)
        bt, bm = torch.distributions.biject_to(ct), mindtorch.distributions.biject_to(cm)
        assert_same(bt(torch.from_numpy(x)), bm(mindtorch.from_numpy(x)), rtol=1e-5)
    for ct, cm in ((C_t.interval(-1.0, 2.0), C_m.interval(-1.0, 2.0)),
                   (C_t.greater_than(1.0), C_m.greater_than(1.0)),
                   (C_t.integer_interval(0, 3), C_m.integer_interval(0, 3)),
                   (C_t.lower_cholesky, C_m.lower_cholesky), (C_t.positive_definite, C_m.positive_definite)):
        assert repr(cm) == repr(ct)
        v = spd(2) if ct.event_dim == 2 else np.round(x * 2)
        assert_same(ct.check(torch.from_numpy(v)), cm.check(mindtorch.from_numpy(v)))
    assert C_m.is_dependent(C_m.dependent) and not C_m.is_dependent(C_m.real)
    with pytest.raises(ValueError):
        C_m.dependent.check(mindtorch.zeros(1))
    assert mindtorch.distributions.Uniform(0.0, 1.0).support.lower_bound.item() == 0.0


def test_import_surface():
    import importlib
    mod = importlib.import_module("mindtorch.distributions.multivariate_normal")
    assert mod.MultivariateNormal is mindtorch.distributions.MultivariateNormal
    assert mindtorch.distributions.constraints.MixtureSameFamilyConstraint
    assert set(torch.distributions.__all__) - set(mindtorch.distributions.__all__) <= {
        "ContinuousBernoulli", "FisherSnedecor", "GeneralizedPareto", "Kumaraswamy", "LKJCholesky",
        "LowRankMultivariateNormal", "VonMises", "Wishart",
        "CumulativeDistributionTransform"}
    assert "Pareto" in mindtorch.distributions.__all__
