"""F.scaled_dot_product_attention, F.multi_head_attention_forward and nn.MultiheadAttention against torch:
outputs, attention weights and gradients of queries/keys/values, float masks and parameters."""
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from seq_helpers import arr, compare, pair

import mindtorch


def _bool_mask(*shape, seed=0, p=0.3):
    m = np.random.default_rng(seed).random(shape) > p
    return m


SDPA_CASES = [
    {}, {"is_causal": True}, {"scale": 0.3}, {"mask": "bool"}, {"mask": "float"}, {"mask": "bool_bcast"},
    {"mask": "bool", "is_causal": True}, {"mask": "dead_rows"}, {"mask": "float_dead_rows"},
]


@pytest.mark.parametrize("case", SDPA_CASES, ids=[str(c) for c in SDPA_CASES])
def test_sdpa(case):
    q, k, v = arr(2, 2, 3, 4), arr(2, 2, 5, 4, seed=1), arr(2, 2, 5, 4, seed=2)
    kind = case.get("mask")
    mask = None
    if kind == "bool":
        mask = _bool_mask(3, 5)
    elif kind == "bool_bcast":
        mask = _bool_mask(2, 1, 1, 5, p=0.2)
        mask[:, :, :, 0] = True
    elif kind == "float":
        mask = arr(2, 1, 3, 5, seed=4)
    elif kind == "dead_rows":
        mask = _bool_mask(2, 2, 3, 5)
        mask[0, 1, 1] = False
    elif kind == "float_dead_rows":
        mask = arr(3, 5, seed=4)
        mask[1] = -np.inf
    kw = {k2: v2 for k2, v2 in case.items() if k2 != "mask"}
    args = (q, k, v) if mask is None else (q, k, v, mask)
    compare(lambda lib, m, q, k, v, *mask: lib.nn.functional.scaled_dot_product_attention(
        q, k, v, attn_mask=mask[0] if mask else None, **kw), None, *args, atol=1e-5)


@given(st.integers(1, 2), st.integers(1, 4), st.integers(1, 4), st.sampled_from([1, 2, 3]),
       st.booleans(), st.integers(0, 10))
def test_sdpa_shapes(b, L, S, E, causal, seed):
    q, k, v = arr(b, L, E, seed=seed), arr(b, S, E, seed=seed + 1), arr(b, S, 2, seed=seed + 2)
    compare(lambda lib, m, q, k, v: lib.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=causal),
            None, q, k, v, atol=1e-5)


def test_sdpa_gqa_unbatched_dropout():
    q, k, v = arr(1, 4, 3, 2), arr(1, 2, 5, 2, seed=1), arr(1, 2, 5, 3, seed=2)
    compare(lambda lib, m, q, k, v: lib.nn.functional.scaled_dot_product_attention(q, k, v, enable_gqa=True),
            None, q, k, v)
    compare(lambda lib, m, q, k, v: lib.nn.functional.scaled_dot_product_attention(q, k, v), None,
            arr(3, 2), arr(5, 2, seed=1), arr(5, 4, seed=2))
    compare(lambda lib, m, q, k, v: lib.nn.functional.scaled_dot_product_attention(q, k, v, dropout_p=1.0),
            None, arr(3, 2), arr(5, 2, seed=1), arr(5, 4, seed=2), grad=False)
    F = mindtorch.nn.functional
    out = F.scaled_dot_product_attention(mindtorch.ones(2, 4, 3), mindtorch.ones(2, 4, 3), mindtorch.ones(2, 4, 3),
                                         dropout_p=0.5)
    vals = set(np.unique(out.numpy()).tolist())
    assert vals <= {0.0, 0.5, 1.0, 1.5, 2.0}
    for lib in (torch, mindtorch):
        with pytest.raises(RuntimeError):
            lib.nn.functional.scaled_dot_product_attention(lib.ones(2, 4, 3, 2), lib.ones(2, 3, 3, 2),
                                                           lib.ones(2, 3, 3, 2))
        with pytest.raises(RuntimeError):
            lib.nn.functional.scaled_dot_product_attention(lib.ones(2, 3), lib.ones(2, 3, dtype=lib.float64),
                                                           lib.ones(2, 3))


MHA_CONFIGS = [{}, {"kdim": 3, "vdim": 5}, {"add_bias_kv": True}, {"add_zero_attn": True, "bias": False},
               {"batch_first": True}, {"add_bias_kv": True, "add_zero_attn": True, "batch_first": True}]


@pytest.mark.parametrize("kw", MHA_CONFIGS, ids=[str(c) for c in MHA_CONFIGS])
def test_mha(kw):
    tm, mm = pair(lambda lib: lib.nn.MultiheadAttention(4, 2, **kw))
    bf = kw.get("batch_first", False)
    sh = (lambda L, E: (2, L, E)) if bf else (lambda L, E: (L, 2, E))
    q, k, v = arr(*sh(3, 4)), arr(*sh(5, kw.get("kdim", 4)), seed=1), arr(*sh(5, kw.get("vdim", 4)), seed=2)
    kpm = np.zeros((2, 5), bool)
    kpm[0, 3:] = True
    am = arr(3, 5, seed=3)
    for nw in (True, False):
        compare(lambda lib, m, q, k, v: m(q, k, v, need_weights=nw), (tm, mm), q, k, v)
        tm.zero_grad(), mm.zero_grad()
        compare(lambda lib, m, q, k, v, kpm, am: m(q, k, v, key_padding_mask=kpm, attn_mask=am, need_weights=nw,
                                                   average_attn_weights=False), (tm, mm), q, k, v, kpm, am,
                grad_inputs=(0, 1, 2))
        tm.zero_grad(), mm.zero_grad()


def test_mha_self_attention_masks_and_unbatched():
    tm, mm = pair(lambda lib: lib.nn.MultiheadAttention(6, 2, batch_first=True))
    x = arr(2, 4, 6)
    causal = np.triu(np.full((4, 4), -np.inf, np.float32), 1)
    bmask = _bool_mask(4, 4, 4, p=0.5)
    bmask[..., 0] = False
    for nw in (True, False):
        compare(lambda lib, m, x, c: m(x, x, x, attn_mask=c, is_causal=True, need_weights=nw), (tm, mm), x,
                causal, grad_inputs=(0,))
        compare(lambda lib, m, x, b: m(x, x, x, attn_mask=b, need_weights=nw), (tm, mm), x, bmask)
        kpm = np.array([[False, False, True, True], [False, False, False, False]])
        compare(lambda lib, m, x, b: m(x, x, x, key_padding_mask=b, need_weights=nw), (tm, mm), x, kpm)
        # unbatched query (L, E) with a 1-D key padding mask
        compare(lambda lib, m, x, b: m(x, x, x, key_padding_mask=b, need_weights=nw), (tm, mm), arr(4, 6),
                kpm[0])
    tm.eval(), mm.eval()
    with torch.no_grad():
        compare(lambda lib, m, x: m(x, x, x), (tm, mm), x, grad=False)
        compare(lambda lib, m, x, b: m(x, x, x, key_padding_mask=b, need_weights=False), (tm, mm), x, kpm,
                grad=False)
        compare(lambda lib, m, x, b: m(x, x, x, attn_mask=b), (tm, mm), x, bmask[0], grad=False)


def test_mha_functional_and_errors():
    E, H = 4, 2
    w_in, b_in, w_out, b_out = arr(3 * E, E), arr(3 * E, seed=1), arr(E, E, seed=2), arr(E, seed=3)
    q, k = arr(3, 2, E, seed=4), arr(5, 2, E, seed=5)

    def run(lib, m, q, k, w_in, b_in, w_out, b_out):
        return lib.nn.functional.multi_head_attention_forward(q, k, k, E, H, w_in, b_in, None, None, False, 0.0,
                                                              w_out, b_out, training=False)
    compare(run, None, q, k, w_in, b_in, w_out, b_out)
    for lib in (torch, mindtorch):
        with pytest.raises(AssertionError):
            lib.nn.MultiheadAttention(5, 2)
        m = lib.nn.MultiheadAttention(4, 2)
        with pytest.raises(RuntimeError):
            m(lib.ones(3, 2, 4), lib.ones(5, 2, 4), lib.ones(5, 2, 4), attn_mask=lib.ones(3, 4))
        with pytest.raises(RuntimeError):
            m(lib.ones(3, 2, 4), lib.ones(3, 2, 4), lib.ones(3, 2, 4), is_causal=True)
        with pytest.raises(AssertionError):
            m(lib.ones(3, 2, 4), lib.ones(5, 2, 4), lib.ones(5, 2, 4),
              key_padding_mask=lib.ones(2, 5, dtype=lib.int64))
        with pytest.raises(AssertionError):
            m(lib.ones(3, 2, 4), lib.ones(5, 4), lib.ones(5, 4))


def test_mha_float64_and_dropout():
    tm, mm = pair(lambda lib: lib.nn.MultiheadAttention(4, 2, dtype=lib.float64))
    x = arr(3, 2, 4, dtype=np.float64)
    compare(lambda lib, m, x: m(x, x, x), (tm, mm), x, rtol=1e-10, atol=1e-12)
    m = mindtorch.nn.MultiheadAttention(4, 2, dropout=0.5)
    x = mindtorch.from_numpy(arr(5, 2, 4))
    w1, w2 = m(x, x, x)[1], m(x, x, x)[1]
    assert not np.allclose(w1.detach().numpy(), w2.detach().numpy())
    m.eval()
    assert np.allclose(m(x, x, x)[1].detach().numpy(), m(x, x, x)[1].detach().numpy())
