"""Random ops against torch. mindtorch's stream is not torch's (values differ), so the conformance part
compares dtypes, shapes, strides and errors with torch; the statistical part checks each distribution's
moments and ranges over a sample; the state part checks seeding, generator= and state round trips."""
import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

from oracle import check, LIBS
from strategies import shapes

import mindtorch
import torch

FLOATS = ["float32", "float64", "float16", "bfloat16"]


def meta(t):
    return t.dtype, t.shape, t.stride()


def run_meta(expr):
    """Evaluate `expr` in both libraries: the same error type, or results with the same dtype, shape and
    strides (tensors) / equal values (anything else)."""
    def fn(lib):
        r = eval(expr, {"torch": lib, "np": np, "math": math})
        return meta(r) if isinstance(r, (torch.Tensor, mindtorch.Tensor)) else r
    return check(fn)


META_CASES = [
    # factories
    "torch.rand(2, 3)", "torch.rand((2, 3))", "torch.rand(size=(2, 3))", "torch.rand(2, dtype=torch.float16)",
    "torch.rand(2, dtype=torch.bfloat16)", "torch.rand(2, dtype=torch.complex64)", "torch.rand(2, dtype=torch.float64)",
    "torch.rand(())", "torch.rand(0, 3)", "torch.randn(2, dtype=torch.complex128)", "torch.randn(4, 1, 2)",
    "torch.rand(2, 3, generator=torch.Generator())", "torch.rand(2, out=torch.empty(5, dtype=torch.float64))",
    "torch.rand(2, requires_grad=True).requires_grad", "torch.rand(-1)", "torch.randn(2, -1)",
    "torch.rand(2, dtype=torch.int64)", "torch.randn(2, dtype=torch.int32)", "torch.rand(2, dtype=torch.bool)",
    "torch.rand(2, generator=3)", "torch.rand(2.5)",
    "torch.rand_like(torch.ones(2, dtype=torch.float64))", "torch.randn_like(torch.ones(2, 3, dtype=torch.bfloat16))",
    "torch.rand_like(torch.ones(3, 2).transpose(0, 1))", "torch.rand_like(torch.ones(2, dtype=torch.int64))",
    "torch.randn_like(torch.ones(2, dtype=torch.int64))", "torch.rand_like(torch.ones(2), dtype=torch.float16)",
    # randint
    "torch.randint(10, (3,))", "torch.randint(3, 10, (3,))", "torch.randint(10, (3,), dtype=torch.float32)",
    "torch.randint(0, 2, (3,), dtype=torch.bool)", "torch.randint(0, 256, (3,), dtype=torch.uint8)",
    "torch.randint(0, 2**60, (3,))", "torch.randint(10, size=(3,))", "torch.randint(low=2, high=10, size=(3,))",
    "torch.randint(10, ())", "torch.randint(0, 10, (3,), dtype=torch.float16)", "torch.randint(-5, 5, (2, 2), dtype=torch.int8)",
    "torch.randint(10, (3,), out=torch.empty(1, dtype=torch.int32))", "torch.randint(0, 2**24 + 1, (3,), dtype=torch.float32)",
    "torch.randint(0, 3, (3,), dtype=torch.bool)", "torch.randint(5, 5, (3,))", "torch.randint(5, 3, (3,))",
    "torch.randint(0, 300, (3,), dtype=torch.uint8)", "torch.randint(-1, 3, (3,), dtype=torch.uint8)",
    "torch.randint(-200, 3, (3,), dtype=torch.int8)", "torch.randint(10, 3)", "torch.randint(10.5, (3,))",
    "torch.randint(2.5, 10.5, (3,))", "torch.randint(10, (3,), dtype=torch.complex64)", "torch.randint(10, (-1,))",
    "torch.randint_like(torch.ones(2), 10)", "torch.randint_like(torch.ones(2), 3, 10)",
    "torch.randint_like(torch.ones(2, dtype=torch.int32), 10)", "torch.randint_like(torch.ones(2), high=10)",
    "torch.randint_like(torch.ones(2), low=3, high=10)", "torch.randint_like(torch.ones(2, dtype=torch.uint8), 300)",
    "torch.randint_like(torch.ones(2, 3).transpose(0, 1), 5)",
    # randperm
    "torch.randperm(5)", "torch.randperm(5, dtype=torch.float32)", "torch.randperm(0)", "torch.randperm(256, dtype=torch.uint8)",
    "torch.randperm(128, dtype=torch.int8)", "torch.randperm(2049, dtype=torch.float16)", "torch.randperm(258, dtype=torch.bfloat16)",
    "torch.randperm(torch.tensor(5))", "torch.randperm(5, out=torch.empty(2, dtype=torch.int32))",
    "torch.randperm(-1)", "torch.randperm(300, dtype=torch.int8)", "torch.randperm(257, dtype=torch.uint8)",
    "torch.randperm(2050, dtype=torch.float16)", "torch.randperm(5, dtype=torch.bool)", "torch.randperm(5.5)",
    # normal
    "torch.normal(torch.zeros(3), torch.ones(3))", "torch.normal(torch.zeros(3), torch.ones(2, 3))",
    "torch.normal(torch.zeros(3))", "torch.normal(torch.zeros(3), 2.)", "torch.normal(0., torch.ones(3))",
    "torch.normal(0., 1., (2, 3))", "torch.normal(0., 1., size=(2, 3))", "torch.normal(0, 1, (2,))",
    "torch.normal(0., 1., (2,), dtype=torch.float64)", "torch.normal(torch.zeros(3, dtype=torch.float64), torch.ones(3))",
    "torch.normal(torch.zeros(3, dtype=torch.float16), 1.)", "torch.normal(0., torch.ones(3, dtype=torch.float64))",
    "torch.normal(torch.zeros(3), torch.ones(3, dtype=torch.float64))",
    "torch.normal(torch.zeros(3), torch.ones(3), out=torch.empty(3, dtype=torch.float64))",
    "torch.normal(torch.zeros(()), 1.)", "torch.normal(torch.zeros(3, dtype=torch.complex64), 1.)",
    "torch.normal(torch.zeros(2, 3, dtype=torch.bfloat16), 0.5)",
    "torch.normal(torch.zeros(3), torch.ones(2))", "torch.normal(torch.zeros(4), torch.ones(2, 2))",
    "torch.normal(0., 1., (2,), dtype=torch.int64)", "torch.normal(0., -1., (2,))", "torch.normal(torch.zeros(3), -1.)",
    "torch.normal(torch.zeros(3), torch.full((3,), -1.))", "torch.normal(0., torch.full((3,), -1.))",
    "torch.normal(torch.zeros(3, dtype=torch.int64), 1.)", "torch.normal(torch.zeros(3, dtype=torch.int64), torch.ones(3))",
    "torch.normal(0., 1.)", "torch.normal(0., 1., 3)", "torch.normal(torch.zeros(3), float('nan'))",
    # bernoulli
    "torch.bernoulli(torch.full((3,), 0.5))", "torch.bernoulli(torch.full((3,), 0.5, dtype=torch.float64))",
    "torch.bernoulli(torch.zeros(3), 0.5)", "torch.bernoulli(torch.zeros(3, dtype=torch.int64), 0.5)",
    "torch.bernoulli(torch.zeros(3, dtype=torch.int64), 1.0)", "torch.bernoulli(torch.zeros(3, dtype=torch.bool), 1.0)",
    "torch.bernoulli(torch.full((3,), 0.5), out=torch.empty(3, dtype=torch.int64))",
    "torch.bernoulli(torch.full((3,), 1.5))", "torch.bernoulli(torch.full((3,), -0.5))", "torch.bernoulli(torch.ones(3, dtype=torch.int64))",
    "torch.bernoulli(torch.ones(3, dtype=torch.bool))", "torch.bernoulli(torch.zeros(3), p=1.5)",
    "torch.bernoulli(torch.full((3,), float('nan')))",
    "torch.zeros(3).bernoulli_(0.5)", "torch.zeros(3).bernoulli_(torch.full((3,), 1.))", "torch.zeros(2, 3).bernoulli_(torch.full((3,), 1.))",
    "torch.zeros(3, dtype=torch.int64).bernoulli_(1.)", "torch.zeros(3, dtype=torch.int64).bernoulli_(torch.full((3,), 1.))",
    "torch.zeros(3, dtype=torch.bool).bernoulli_(1.)", "torch.zeros(3).bernoulli(0.5)", "torch.zeros(3).bernoulli(p=1.).tolist()",
    "torch.zeros(3).bernoulli().tolist()", "torch.zeros(3).bernoulli_(1.5)", "torch.zeros(3).bernoulli_(torch.full((2,), 1.))",
    "torch.zeros(3).bernoulli_(torch.full((2, 3), 1.))", "torch.zeros(3).bernoulli_(torch.full((3,), 1.5))",
    "torch.zeros(3).bernoulli_(torch.ones(3, dtype=torch.int64))", "torch.zeros(3).bernoulli(torch.ones(3))",
    # multinomial
    "torch.multinomial(torch.tensor([0.2, 0.8]), 3, True)", "torch.multinomial(torch.tensor([[0.2, 0.8], [0.5, 0.5]]), 2)",
    "torch.multinomial(torch.tensor([0.0, 0.8]), 2)", "torch.multinomial(torch.tensor([1., 2], dtype=torch.float64), 1)",
    "torch.multinomial(torch.tensor([1., 2], dtype=torch.float16), 1)", "torch.multinomial(torch.ones(0, 3), 1)",
    "torch.multinomial(torch.tensor([3., 0., 2.]), 2, replacement=True)", "torch.multinomial(torch.tensor([1., 2]), 4, True, out=torch.empty(1, dtype=torch.int64))",
    "torch.multinomial(torch.tensor([0.2, 0.8]), 3)", "torch.multinomial(torch.tensor([0.0, 0.0]), 1)",
    "torch.multinomial(torch.tensor([-0.1, 0.8]), 1)", "torch.multinomial(torch.tensor([float('inf'), 0.8]), 1)",
    "torch.multinomial(torch.tensor([float('nan'), 0.8]), 1)", "torch.multinomial(torch.tensor([0.2, 0.8]), 0)",
    "torch.multinomial(torch.tensor([0.2, 0.8]), -1)", "torch.multinomial(torch.tensor(0.5), 1)",
    "torch.multinomial(torch.ones(2, 2, 2), 1)", "torch.multinomial(torch.tensor([1, 2]), 1)", "torch.multinomial(torch.ones(2, 0), 1)",
    "torch.multinomial(torch.tensor([1., 2]), 1, out=torch.empty(3, dtype=torch.int32))",
    "torch.multinomial(torch.tensor([[0.2, 0.8], [0.0, 0.0]]), 1)",
    # poisson
    "torch.poisson(torch.tensor([1., 2.]))", "torch.poisson(torch.tensor([1., 2.], dtype=torch.float64))",
    "torch.poisson(torch.tensor([1., 2.], dtype=torch.float16))", "torch.poisson(torch.tensor([1., 2.], dtype=torch.bfloat16))",
    "torch.poisson(torch.tensor([-1., 2.]))", "torch.poisson(torch.tensor([1, 2]))",
    # in-place samplers
    "torch.zeros(3).uniform_(2, 3)", "torch.zeros(3).uniform_(2, 2).tolist()", "torch.zeros(3, dtype=torch.complex64).uniform_()",
    "torch.zeros(3).uniform_(**{'from': 1, 'to': 2})", "torch.zeros(3).uniform_(3, 2)", "torch.zeros(3, dtype=torch.int64).uniform_()",
    "torch.zeros(3).uniform_(0, float('inf'))", "torch.zeros(3).uniform_(-3e38, 3e38)", "torch.zeros(3).uniform_(from_=1, to=2)",
    "torch.zeros(3).uniform_(a=1, b=2)",
    "torch.zeros(3).normal_(2, 3)", "torch.zeros(3).normal_(2, 0).tolist()", "torch.zeros(3, dtype=torch.complex64).normal_()",
    "torch.zeros(3).normal_(mean=1, std=2)", "torch.zeros(3).normal_(2, -3)", "torch.zeros(3, dtype=torch.int64).normal_()",
    "torch.zeros(3).random_()", "torch.zeros(3).random_(5)", "torch.zeros(3).random_(2, 5)", "torch.zeros(3, dtype=torch.bool).random_()",
    "torch.zeros(3, dtype=torch.float16).random_(0, 4000)", "torch.zeros(3).random_(0, 2**24 + 2)", "torch.zeros(3).random_(to=3)",
    "torch.zeros(3).random_(2, None)", "torch.zeros(3).random_(**{'from': 1, 'to': 3})", "torch.zeros(3, dtype=torch.uint8).random_()",
    "torch.zeros(3).random_(5, 2)", "torch.zeros(3).random_(-5)", "torch.zeros(3, dtype=torch.uint8).random_(-1, 5)",
    "torch.zeros(3, dtype=torch.uint8).random_(0, 257)", "torch.zeros(3, dtype=torch.bool).random_(0, 3)",
    "torch.zeros(3, dtype=torch.complex64).random_()", "torch.zeros(3).random_(from_=1, to=3)", "torch.zeros(3).random_(5.5)",
    "torch.zeros(3).exponential_()", "torch.zeros(3).exponential_(lambd=2)", "torch.zeros(3).exponential_(float('inf')).tolist()",
    "torch.zeros(3).exponential_(0)", "torch.zeros(3).exponential_(-1)", "torch.zeros(3, dtype=torch.int64).exponential_()",
    "torch.zeros(3).geometric_(0.5)", "torch.zeros(3, dtype=torch.int64).geometric_(0.5)", "torch.zeros(3).geometric_(0)",
    "torch.zeros(3).geometric_(1)", "torch.zeros(3).geometric_(1.5)", "torch.zeros(3, dtype=torch.bool).geometric_(0.5)",
    "torch.zeros(3).geometric_()",
    "torch.zeros(3).log_normal_()", "torch.zeros(3, dtype=torch.float64).log_normal_(0, 0.5)", "torch.zeros(3).log_normal_(1, 0)",
    "torch.zeros(3).log_normal_(1, -1)", "torch.zeros(3, dtype=torch.int64).log_normal_()",
    "torch.zeros(3).cauchy_()", "torch.zeros(3).cauchy_(median=1, sigma=2)", "torch.zeros(3).cauchy_(0, 0)",
    "torch.zeros(3).cauchy_(0, -1)", "torch.zeros(3, dtype=torch.int64).cauchy_()",
    # empty results: torch skips the kernel (and some of its dtype checks) but not the argument checks
    "torch.rand(0, dtype=torch.int64)",
    "torch.randn(0, dtype=torch.int64)",
    "torch.randn(0, 3, dtype=torch.bool)",
    "torch.rand(0, dtype=torch.bool)",
    "torch.zeros(0, dtype=torch.int64).uniform_()",
    "torch.zeros(0, dtype=torch.int64).normal_()",
    "torch.normal(0., 1., (0,), dtype=torch.int64)",
    "torch.zeros(0, dtype=torch.complex64).random_()",
    "torch.zeros(0, dtype=torch.int64).exponential_()",
    "torch.zeros(0, dtype=torch.int64).log_normal_()",
    "torch.zeros(0, dtype=torch.int64).cauchy_()",
    "torch.zeros(0, dtype=torch.bool).geometric_(0.5)",
    "torch.zeros(0).exponential_(-1)",
    "torch.zeros(0).normal_(0, -1)",
    "torch.zeros(0).uniform_(3, 2)",
    "torch.randint(5, 3, (0,))",
    "torch.randint(0, 300, (0,), dtype=torch.uint8)",
    "torch.rand_like(torch.zeros(0, dtype=torch.int64))",
    "torch.bernoulli(torch.zeros(0, dtype=torch.int64))",
    "torch.poisson(torch.zeros(0, dtype=torch.int64))",
    "torch.zeros(0).bernoulli_(2.0)",
    "torch.normal(torch.zeros(0, dtype=torch.int64), 1.)",
    "torch.zeros(0, dtype=torch.int64).random_(5, 2)",
    # seeding and state
    "torch.manual_seed(3).initial_seed()", "torch.manual_seed(-1).initial_seed()", "torch.manual_seed(-2**63).initial_seed()",
    "torch.manual_seed(torch.tensor(3)).initial_seed()", "torch.manual_seed(2**64)", "torch.manual_seed(-2**63-1)",
    "torch.get_rng_state().dtype", "torch.Generator().initial_seed()", "torch.Generator().manual_seed(5).initial_seed()",
    "torch.set_rng_state(torch.zeros(3, dtype=torch.uint8))", "torch.set_rng_state(torch.get_rng_state().float())",
    "torch.set_rng_state([1, 2])", "torch.Generator().set_state(torch.zeros(3))", "torch.Generator('meta')",
    "str(torch.Generator().device)", "str(torch.Generator('cpu').device)", "type(torch.seed())",
]


@pytest.mark.parametrize("expr", META_CASES)
def test_random_dtypes_shapes_errors(expr):
    run_meta(expr)


@given(shapes(max_dims=4), st.sampled_from(FLOATS + ["complex64", "int64", "bool"]),
       st.sampled_from(["rand", "randn"]))
def test_rand_randn_shapes_dtypes(shape, dtype, name):
    check(lambda lib: meta(getattr(lib, name)(*shape, dtype=getattr(lib, dtype))) if shape else
          meta(getattr(lib, name)((), dtype=getattr(lib, dtype))))


@given(shapes(max_dims=3), st.sampled_from(FLOATS + ["int64", "int32", "int16", "int8", "uint8", "bool"]),
       st.integers(-300, 300), st.integers(-300, 300))
def test_randint_bounds_like_torch(shape, dtype, low, high):
    check(lambda lib: meta(lib.randint(low, high, shape, dtype=getattr(lib, dtype))))


# ---- statistics -------------------------------------------------------------------------------------------
N = 20000


def values(t):
    return np.asarray(t.double().tolist() if not t.is_complex() else t.tolist(), dtype=np.complex128 if
                      t.is_complex() else np.float64)


def near(x, target, tol):
    assert abs(x - target) <= tol, f"{x} is not within {tol} of {target}"


@pytest.mark.parametrize("dtype", FLOATS)
def test_rand_is_uniform_on_unit_interval(dtype):
    v = values(mindtorch.rand(N, dtype=getattr(mindtorch, dtype)))
    assert v.min() >= 0 and v.max() < 1
    near(v.mean(), 0.5, 0.015)
    near(v.std(), 1 / math.sqrt(12), 0.01)
    assert len(np.unique(v)) > (200 if dtype == "bfloat16" else 1500)


@pytest.mark.parametrize("dtype", FLOATS + ["complex64"])
def test_randn_is_standard_normal(dtype):
    v = values(mindtorch.randn(N, dtype=getattr(mindtorch, dtype)))
    if dtype == "complex64":
        near(np.mean(np.abs(v) ** 2), 1.0, 0.04)
        near(v.real.std(), math.sqrt(0.5), 0.02)
        near(v.imag.std(), math.sqrt(0.5), 0.02)
        return
    near(v.mean(), 0.0, 0.03)
    near(v.std(), 1.0, 0.03)
    near(np.mean(np.abs(v) < 1), 0.6827, 0.015)


def test_rand_complex_parts_are_uniform():
    v = values(mindtorch.rand(N, dtype=mindtorch.complex128))
    for part in (v.real, v.imag):
        assert part.min() >= 0 and part.max() < 1
        near(part.mean(), 0.5, 0.015)


@pytest.mark.parametrize("dtype", ["int64", "int32", "int8", "uint8", "float32", "bfloat16", "bool"])
def test_randint_range_and_uniformity(dtype):
    low, high = (0, 2) if dtype == "bool" else (0, 100) if dtype in ("uint8",) else (-20, 80)
    v = values(mindtorch.randint(low, high, (N,), dtype=getattr(mindtorch, dtype)))
    assert v.min() == low and v.max() == high - 1
    assert set(np.unique(v)) == set(range(low, high))
    near(v.mean(), (low + high - 1) / 2, 1.5 if dtype != "bool" else 0.02)


def test_randint_large_range():
    v = values(mindtorch.randint(-2**62, 2**62, (1000,)))
    assert v.min() < -2**60 and v.max() > 2**60


@pytest.mark.parametrize("n,dtype", [(0, "int64"), (1, "int64"), (10, "int32"), (1000, "int64"), (256, "uint8"),
                                     (2049, "float16"), (500, "float32")])
def test_randperm_is_a_permutation(n, dtype):
    v = values(mindtorch.randperm(n, dtype=getattr(mindtorch, dtype)))
    assert sorted(v.tolist()) == list(range(n))
    if n >= 10:
        assert v.tolist() != list(range(n))


def test_normal_overloads_moments():
    g = mindtorch.Generator().manual_seed(0)
    mean = mindtorch.tensor([[-5.0], [0.0], [10.0]])
    std = mindtorch.tensor([0.5, 1.0, 3.0, 0.0])
    for t in (mindtorch.normal(mean.expand(3, N), 2.0, generator=g), mindtorch.normal(2.0, std[2:3].expand(N), generator=g),
              mindtorch.normal(-1.0, 0.25, (N,), generator=g, dtype=mindtorch.float64)):
        v = values(t)
        if v.ndim == 2:
            for row, m in zip(v, (-5.0, 0.0, 10.0)):
                near(row.mean(), m, 0.1)
                near(row.std(), 2.0, 0.06)
        elif t.dtype == mindtorch.float64:
            near(v.mean(), -1.0, 0.01)
            near(v.std(), 0.25, 0.01)
        else:
            near(v.mean(), 2.0, 0.1)
            near(v.std(), 3.0, 0.1)
    both = values(mindtorch.normal(mean, std))  # broadcast (3, 1) with (4,)
    assert both.shape == (3, 4)
    assert both[:, 3].tolist() == [-5.0, 0.0, 10.0]  # std 0 gives the mean exactly


def test_bernoulli_probabilities():
    p = mindtorch.tensor([0.0, 0.25, 0.9, 1.0], dtype=mindtorch.float64).expand(N, 4)
    v = values(mindtorch.bernoulli(p))
    assert set(np.unique(v)) <= {0.0, 1.0}
    assert v[:, 0].max() == 0 and v[:, 3].min() == 1
    near(v[:, 1].mean(), 0.25, 0.015)
    near(v[:, 2].mean(), 0.9, 0.01)
    near(values(mindtorch.bernoulli(mindtorch.zeros(N), 0.3)).mean(), 0.3, 0.015)
    x = mindtorch.zeros(N, dtype=mindtorch.int64)
    near(values(x.bernoulli_(0.7)).mean(), 0.7, 0.015)
    near(values(mindtorch.zeros(N).bernoulli_(mindtorch.full((N,), 0.4))).mean(), 0.4, 0.015)


def test_multinomial_with_replacement_frequencies():
    p = mindtorch.tensor([[1.0, 0.0, 3.0, 4.0], [0.0, 0.0, 0.0, 2.0]])
    v = values(mindtorch.multinomial(p, N, replacement=True)).astype(int)
    counts = np.bincount(v[0], minlength=4) / N
    near(counts[0], 0.125, 0.01)
    near(counts[2], 0.375, 0.015)
    near(counts[3], 0.5, 0.015)
    assert counts[1] == 0
    assert (v[1] == 3).all()


def test_multinomial_without_replacement():
    g = mindtorch.Generator().manual_seed(1)
    p = mindtorch.tensor([[1.0, 2.0, 0.0, 4.0, 8.0], [5.0, 5.0, 5.0, 5.0, 0.0]])
    first = []
    for _ in range(400):
        v = values(mindtorch.multinomial(p, 4, generator=g)).astype(int)
        for row in v:
            assert len(set(row.tolist())) == 4  # no repeats
        assert 2 not in v[0, :3].tolist() and v[1, :4].tolist().count(4) == 0  # zero weight comes last / never
        first.append(v[0, 0])
    near(np.mean(np.array(first) == 4), 8 / 15, 0.07)  # the first pick follows the weights
    full = values(mindtorch.multinomial(p[0], 5, generator=g)).astype(int)
    assert sorted(full.tolist()) == [0, 1, 2, 3, 4] and full[-1] == 2


def test_poisson_moments():
    rates = mindtorch.tensor([0.0, 0.5, 4.0, 50.0]).expand(N, 4)
    v = values(mindtorch.poisson(rates))
    assert (v == np.round(v)).all() and (v[:, 0] == 0).all()
    for j, r in enumerate((0.5, 4.0, 50.0), start=1):
        near(v[:, j].mean(), r, 0.03 * r + 0.02)
        near(v[:, j].var(), r, 0.08 * r + 0.03)


@pytest.mark.parametrize("dtype", FLOATS)
def test_inplace_continuous_samplers(dtype):
    d = getattr(mindtorch, dtype)
    x = mindtorch.empty(N, dtype=d)
    v = values(x.uniform_(-2, 3))
    assert v.min() >= -2 and v.max() < 3
    near(v.mean(), 0.5, 0.05)
    v = values(x.normal_(4, 0.5))
    near(v.mean(), 4, 0.02)
    near(v.std(), 0.5, 0.02)
    v = values(x.exponential_(2.0))
    assert v.min() >= 0
    near(v.mean(), 0.5, 0.02)
    v = values(x.log_normal_(0.5, 0.25))
    assert v.min() > 0
    near(np.log(v).mean(), 0.5, 0.02)
    near(np.log(v).std(), 0.25, 0.02)
    v = values(x.cauchy_(1.0, 2.0))
    near(np.median(v), 1.0, 0.1)
    near(np.percentile(v, 75) - np.percentile(v, 25), 4.0, 0.3)
    v = values(x.geometric_(0.25))
    assert v.min() >= 1 and (v == np.round(v)).all()
    near(v.mean(), 4.0, 0.15)


@pytest.mark.parametrize("dtype,top", [("int64", 2**63 - 1), ("int32", 2**31 - 1), ("int16", 2**15 - 1),
                                       ("uint8", 255), ("int8", 127), ("bool", 1), ("float32", 2**24),
                                       ("float64", 2**53), ("float16", 2**11), ("bfloat16", 2**8)])
def test_random_ranges(dtype, top):
    d = getattr(mindtorch, dtype)
    v = values(mindtorch.empty(N, dtype=d).random_())
    assert v.min() >= 0 and v.max() <= top and (v == np.round(v)).all()
    assert v.max() > top * 0.9
    v = values(mindtorch.empty(N, dtype=d).random_(2))
    assert set(np.unique(v)) == {0, 1}
    if dtype != "bool":
        v = values(mindtorch.empty(N, dtype=d).random_(3, 7))
        assert set(np.unique(v)) == {3, 4, 5, 6}


def test_inplace_samplers_write_through_views():
    for name, args in [("uniform_", ()), ("normal_", ()), ("random_", (1, 5)), ("bernoulli_", (1.0,)),
                       ("exponential_", ()), ("geometric_", (0.5,)), ("log_normal_", ()), ("cauchy_", ()),
                       ("fill_", (3.0,)), ("zero_", ())]:
        for lib in LIBS:
            x = lib.full((4, 6), -7.0)
            v = x.transpose(0, 1)[::2, 1:3]  # rows 1..2 of every other column
            r = getattr(v, name)(*args)
            assert r is v
            got = np.array(x.tolist())
            touched = np.zeros((4, 6), bool)
            touched[1:3, ::2] = True
            assert (got[~touched] == -7.0).all(), (lib.__name__, name)
            assert (got[touched] != -7.0).all() or name == "zero_" and (got[touched] == 0).all(), (lib.__name__, name)
            assert np.array(v.tolist()).tolist() == got[1:3, ::2].T.tolist()


def test_inplace_sampler_on_expanded_tensor_raises_like_torch():
    check(lambda lib: lib.zeros(1, 3).expand(2, 3).normal_())
    check(lambda lib: lib.zeros(1, 3).expand(2, 3).uniform_())


# ---- seeds, generators, states ---------------------------------------------------------------------------------
def draws(lib, generator=None):
    kw = {} if generator is None else {"generator": generator}
    return [lib.rand(3, **kw).tolist(), lib.randn(2, dtype=lib.float64, **kw).tolist(),
            lib.randint(0, 1000, (3,), **kw).tolist(), lib.randperm(6, **kw).tolist(),
            lib.normal(0.0, 1.0, (2,), **kw).tolist(), lib.empty(3).uniform_(**kw).tolist(),
            lib.bernoulli(lib.full((8,), 0.5), **kw).tolist(),
            lib.multinomial(lib.ones(10), 3, **kw).tolist()]


def test_manual_seed_reproduces():
    mindtorch.manual_seed(1234)
    a = draws(mindtorch)
    mindtorch.manual_seed(1234)
    b = draws(mindtorch)
    mindtorch.manual_seed(1235)
    c = draws(mindtorch)
    assert a == b
    assert a != c
    assert mindtorch.initial_seed() == 1235


def test_generator_is_independent_of_the_global_stream():
    g = mindtorch.Generator().manual_seed(7)
    a = draws(mindtorch, g)
    mindtorch.manual_seed(7)
    b = draws(mindtorch)  # the global generator seeded alike gives the same stream
    g.manual_seed(7)
    mindtorch.rand(100)  # global draws do not move g
    c = draws(mindtorch, g)
    assert a == b == c
    assert mindtorch.Generator().initial_seed() == torch.Generator().initial_seed()


def test_rng_state_round_trip():
    mindtorch.manual_seed(99)
    mindtorch.rand(5)
    state = mindtorch.get_rng_state()
    assert state.dtype == mindtorch.uint8 and state.dim() == 1
    a = draws(mindtorch)
    mindtorch.rand(17)
    mindtorch.set_rng_state(state)
    assert draws(mindtorch) == a
    assert mindtorch.initial_seed() == 99

    g = mindtorch.Generator().manual_seed(5)
    mindtorch.randn(3, generator=g)
    st_ = g.get_state()
    a = draws(mindtorch, g)
    h = mindtorch.Generator().set_state(st_)
    assert draws(mindtorch, h) == a
    assert h.initial_seed() == 5
    g.set_state(st_)
    clone = g.clone_state()
    assert draws(mindtorch, g) == draws(mindtorch, clone) == a


def test_corrupt_state_is_refused():
    state = mindtorch.get_rng_state()
    bad = mindtorch.tensor(state.tolist()[:-1] + [7], dtype=mindtorch.uint8)
    raw = state.tolist()
    raw[24] = 0  # the PCG64 increment must be odd
    with pytest.raises(RuntimeError):
        mindtorch.set_rng_state(mindtorch.tensor(raw, dtype=mindtorch.uint8))
    with pytest.raises(RuntimeError):
        mindtorch.set_rng_state(mindtorch.tensor(state.tolist()[:10], dtype=mindtorch.uint8))
    del bad


def test_seed_and_fork_rng():
    s = mindtorch.seed()
    assert isinstance(s, int) and mindtorch.initial_seed() == s
    for lib in LIBS:
        lib.manual_seed(3)
        before = lib.rand(4).tolist()
        lib.manual_seed(3)
        with lib.random.fork_rng():
            lib.rand(10)
        assert lib.rand(4).tolist() == before
        lib.manual_seed(3)
        with lib.random.fork_rng(enabled=False):
            lib.rand(10)
        assert lib.rand(4).tolist() != before


def test_generator_pickles():
    import copy
    import pickle
    g = mindtorch.Generator().manual_seed(11)
    mindtorch.rand(3, generator=g)
    for h in (pickle.loads(pickle.dumps(g)), copy.deepcopy(g)):
        assert h.initial_seed() == 11
        assert mindtorch.rand(5, generator=h).tolist() == mindtorch.rand(5, generator=g.clone_state()).tolist()
