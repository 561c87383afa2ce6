"""Shared test body for the causal LM modules (test_causal_lm_*.py): each module lists its CASES and calls
make_tests(CASES, globals()) to get the module-scoped fixture and the tests, parametrized by family and
attn_implementation. xfails: {(family, attn or None, quantity): reason} marks known failures (strict)."""
import pytest

import hf_harness as H

CHECKS = ["logits", "greedy", "batch_greedy", "sample", "grads", "flash"]


def case(name, config, attn=("eager", "sdpa"), checks=CHECKS, **config_kwargs):
    return {"name": name, "config": config, "config_kwargs": config_kwargs, "model": "AutoModelForCausalLM",
            "attn": list(attn), "checks": list(checks)}


def make_tests(cases, ns, xfails=None, grad_tol=(1e-4, 1e-4)):
    xfails = xfails or {}
    params = []
    for c in cases:
        for attn in c["attn"]:
            params.append((c["name"], attn))

    def marks(q):
        out = []
        for name, attn in params:
            reason = xfails.get((name, attn, q)) or xfails.get((name, None, q))
            m = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(name, attn, marks=m, id=f"{name}-{attn}"))
        return out

    by_name = {c["name"]: c for c in cases}

    @pytest.fixture(scope="module")
    def results(tmp_path_factory):
        return H.run_all(cases, tmp_path_factory.mktemp("causal_lm"))

    def vocab(name):
        return by_name[name]["config_kwargs"].get("vocab_size", 100)

    def has(name, q):
        if q not in by_name[name]["checks"]:
            pytest.skip(f"{q} not checked for {name}")

    @pytest.mark.parametrize("name,attn", marks("logits"))
    def test_logits(results, name, attn):
        has(name, "logits")
        H.assert_close(results, name, attn, "logits")

    @pytest.mark.parametrize("name,attn", marks("greedy"))
    def test_greedy_generate(results, name, attn):
        has(name, "greedy")
        H.assert_equal_ids(results, name, attn, "greedy")

    @pytest.mark.parametrize("name,attn", marks("greedy_static"))
    def test_greedy_generate_static_cache(results, name, attn):
        has(name, "greedy_static")
        H.assert_equal_ids(results, name, attn, "greedy_static")

    @pytest.mark.parametrize("name,attn", marks("batch_greedy"))
    def test_batch_generate_left_padding(results, name, attn):
        has(name, "batch_greedy")
        H.assert_equal_ids(results, name, attn, "batch_greedy")

    @pytest.mark.parametrize("name,attn", marks("sample"))
    def test_sampling_reproducible(results, name, attn):
        has(name, "sample")
        H.assert_sampling(results, name, attn, vocab(name))

    @pytest.mark.parametrize("name,attn", marks("grads"))
    def test_gradients(results, name, attn):
        has(name, "grads")
        H.assert_close(results, name, attn, "grads", rtol=grad_tol[0], atol=grad_tol[1], scaled=True)

    @pytest.mark.parametrize("name,attn", marks("flash"))
    def test_flash_attention_2_refused(results, name, attn):
        has(name, "flash")
        H.assert_flash_refused(results, name, attn)

    ns.update(results=results, test_logits=test_logits, test_greedy_generate=test_greedy_generate,
              test_greedy_generate_static_cache=test_greedy_generate_static_cache,
              test_batch_generate_left_padding=test_batch_generate_left_padding,
              test_sampling_reproducible=test_sampling_reproducible, test_gradients=test_gradients,
              test_flash_attention_2_refused=test_flash_attention_2_refused)
