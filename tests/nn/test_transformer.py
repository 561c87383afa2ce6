"""Transformer modules against torch with torch's weights: outputs and gradients in train mode (dropout 0),
eval/no-grad outputs, masks (float, bool, causal, key padding), norm_first, activations, batch_first."""
import numpy as np
import pytest
import torch
from oracle import assert_same
from seq_helpers import arr, compare, pair

import mindtorch

ENC_CONFIGS = [{}, {"norm_first": True, "activation": "gelu"}, {"batch_first": True, "bias": False},
               {"activation": "callable"}]


def _act(lib, kw):
    kw = dict(kw)
    if kw.get("activation") == "callable":
        kw["activation"] = lib.nn.GELU(approximate="tanh")
    return kw


@pytest.mark.parametrize("kw", ENC_CONFIGS, ids=[str(c) for c in ENC_CONFIGS])
def test_encoder_layer_and_encoder(kw):
    tm, mm = pair(lambda lib: lib.nn.TransformerEncoderLayer(8, 2, 16, 0.0, **_act(lib, kw)))
    bf = kw.get("batch_first", False)
    x = arr(2, 5, 8) if bf else arr(5, 2, 8)
    kpm = np.zeros((2, 5), bool)
    kpm[1, 3:] = True
    compare(lambda lib, m, x: m(x), (tm, mm), x)
    tm.zero_grad(), mm.zero_grad()
    compare(lambda lib, m, x, k: m(x, src_key_padding_mask=k), (tm, mm), x, kpm)
    tm, mm = pair(lambda lib: lib.nn.TransformerEncoder(
        lib.nn.TransformerEncoderLayer(8, 2, 16, 0.0, **_act(lib, kw)), 2, norm=lib.nn.LayerNorm(8)))
    causal = np.triu(np.full((5, 5), -np.inf, np.float32), 1)
    compare(lambda lib, m, x, c, k: m(x, mask=c, src_key_padding_mask=k), (tm, mm), x, causal, kpm,
            grad_inputs=(0,))
    tm.zero_grad(), mm.zero_grad()
    compare(lambda lib, m, x, c: m(x, mask=c, is_causal=True), (tm, mm), x, causal, grad_inputs=(0,))


@pytest.mark.parametrize("kw", [{}, {"norm_first": True, "batch_first": True}], ids=["post", "pre"])
def test_decoder_layer_and_decoder(kw):
    tm, mm = pair(lambda lib: lib.nn.TransformerDecoderLayer(8, 2, 16, 0.0, **kw))
    bf = kw.get("batch_first", False)
    t, mem = (arr(2, 4, 8), arr(2, 5, 8, seed=1)) if bf else (arr(4, 2, 8), arr(5, 2, 8, seed=1))
    tmask = np.triu(np.full((4, 4), -np.inf, np.float32), 1)
    mkpm = np.zeros((2, 5), bool)
    mkpm[0, 4] = True
    compare(lambda lib, m, t, mem, c, k: m(t, mem, tgt_mask=c, memory_key_padding_mask=k, tgt_is_causal=True),
            (tm, mm), t, mem, tmask, mkpm, grad_inputs=(0, 1))
    tm, mm = pair(lambda lib: lib.nn.TransformerDecoder(lib.nn.TransformerDecoderLayer(8, 2, 16, 0.0, **kw), 2))
    compare(lambda lib, m, t, mem, c: m(t, mem, tgt_mask=c), (tm, mm), t, mem, tmask, grad_inputs=(0, 1))


def test_transformer_full():
    tm, mm = pair(lambda lib: lib.nn.Transformer(8, 2, 1, 2, 16, 0.0, batch_first=True))
    s, t = arr(2, 5, 8), arr(2, 4, 8, seed=1)
    skpm = np.zeros((2, 5), bool)
    skpm[1, 2:] = True

    def run(lib, m, s, t, k):
        return m(s, t, tgt_mask=lib.nn.Transformer.generate_square_subsequent_mask(4), src_key_padding_mask=k,
                 memory_key_padding_mask=k)
    compare(run, (tm, mm), s, t, skpm, grad_inputs=(0, 1))
    # eval / no grad: the same values (torch may take its fused path)
    tm.eval(), mm.eval()
    with torch.no_grad(), mindtorch.no_grad():
        compare(lambda lib, m, s, t: m(s, t), (tm, mm), s, t, grad=False)
        # the nested-tensor inference path: padded positions come back as zeros
        k2 = np.zeros((2, 5), bool)
        k2[0, 3:] = True
        compare(lambda lib, m, s, k: m.encoder(s, src_key_padding_mask=k), (tm, mm), s, k2, grad=False)
        k3 = np.zeros((2, 5), bool)
        k3[0, 1] = True  # not left aligned: torch keeps the padded layout
        compare(lambda lib, m, s, k: m.encoder(s, src_key_padding_mask=k), (tm, mm), s, k3, grad=False)
    compare(lambda lib, m, s, k: m.encoder(s, src_key_padding_mask=k), (tm, mm), s, k2, grad=False)
    # unbatched inputs
    compare(lambda lib, m, s, t: m(s, t), (tm, mm), s[0], t[0], grad=False)


def test_transformer_init_masks_errors():
    assert_same(torch.nn.Transformer.generate_square_subsequent_mask(4),
                mindtorch.nn.Transformer.generate_square_subsequent_mask(4))
    assert_same(torch.nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64),
                mindtorch.nn.Transformer.generate_square_subsequent_mask(3, dtype=mindtorch.float64))
    m = mindtorch.nn.Transformer(8, 2, 2, 2, 16)
    assert len(m.encoder.layers) == 2 and m.encoder.layers[0] is not m.encoder.layers[1]
    w = m.encoder.layers[0].linear1.weight.detach().numpy()
    bound = np.sqrt(6 / (8 + 16))
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound
    assert not np.allclose(w, m.encoder.layers[1].linear1.weight.detach().numpy())
    assert [n for n, _ in m.named_parameters()] == [n for n, _ in torch.nn.Transformer(8, 2, 2, 2, 16).named_parameters()]
    for lib in (torch, mindtorch):
        with pytest.raises(RuntimeError):
            lib.nn.TransformerEncoderLayer(8, 2, activation="tanh")
        assert [lib.nn.TransformerEncoderLayer(8, 2, activation=a).activation_relu_or_gelu
                for a in ("relu", "gelu", lib.nn.GELU(), lib.tanh)] == [1, 2, 2, 0]
        tr = lib.nn.Transformer(8, 2, 1, 1, 16)
        with pytest.raises(RuntimeError):
            tr(lib.ones(3, 2, 8), lib.ones(3, 3, 8))
        with pytest.raises(RuntimeError):
            tr(lib.ones(3, 2, 8), lib.ones(3, 2, 6))
    with pytest.warns(UserWarning):
        mindtorch.nn.TransformerEncoder(mindtorch.nn.TransformerEncoderLayer(8, 2, norm_first=True), 1)
    # dropout is active in train mode
    layer = mindtorch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.5)
    x = mindtorch.from_numpy(arr(3, 2, 8))
    assert not np.allclose(layer(x).detach().numpy(), layer(x).detach().numpy())
    layer.eval()
    assert np.allclose(layer(x).detach().numpy(), layer(x).detach().numpy())
