"""Encoder families (issue 4): BERT, RoBERTa, ALBERT, DeBERTa, DeBERTa-v2, ELECTRA, XLNet, Longformer, BigBird;
the base model and the sequence-classification, token-classification, masked-LM (XLNet: LM head) and
question-answering heads, on tiny configs: forward outputs vs real torch on a right-padded batch, and gradients
of a fixed projection of each base model's output (enc_harness.py; one mindnlp subprocess for the module)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
import enc_harness as H  # noqa: E402

COMMON = dict(vocab_size=99, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=37,
              max_position_embeddings=64, num_labels=3, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
FAMILIES = {
    "bert": ("BertConfig", "Bert", COMMON),
    "roberta": ("RobertaConfig", "Roberta", dict(COMMON, pad_token_id=1)),
    "albert": ("AlbertConfig", "Albert", dict(COMMON, embedding_size=16)),
    "deberta": ("DebertaConfig", "Deberta", dict(COMMON, relative_attention=True, pos_att_type=["c2p", "p2c"],
                                                 max_relative_positions=16)),
    "deberta-v2": ("DebertaV2Config", "DebertaV2", dict(COMMON, relative_attention=True, position_buckets=8,
                                                        pos_att_type=["p2c", "c2p"], max_relative_positions=16)),
    "electra": ("ElectraConfig", "Electra", dict(COMMON, embedding_size=16)),
    "xlnet": ("XLNetConfig", "XLNet", dict(vocab_size=99, d_model=32, n_layer=2, n_head=4, d_inner=37, num_labels=3,
                                           dropout=0.0)),
    "longformer": ("LongformerConfig", "Longformer", dict(COMMON, attention_window=4, pad_token_id=1)),
    "bigbird": ("BigBirdConfig", "BigBird", dict(COMMON, attention_type="original_full")),
}
HEADS = {"base": "Model", "seqcls": "ForSequenceClassification", "tokcls": "ForTokenClassification",
         "mlm": "ForMaskedLM", "qa": "ForQuestionAnswering"}
CLASS_OVERRIDES = {("xlnet", "mlm"): "XLNetLMHeadModel", ("xlnet", "qa"): "XLNetForQuestionAnsweringSimple"}

# LongformerForQuestionAnswering needs three separator tokens per row (real torch refuses these random ids)
SKIP = {("longformer", "qa")}
CASES = []
for fam, (config, prefix, kwargs) in FAMILIES.items():
    for head, suffix in HEADS.items():
        if (fam, head) in SKIP:
            continue
        CASES.append({"name": f"{fam}-{head}", "config": config,
                      "config_kwargs": dict(kwargs, num_labels=2) if head == "qa" else kwargs,
                      "model": CLASS_OVERRIDES.get((fam, head), prefix + suffix),
                      "checks": ["out", "grads"] if head == "base" else ["out"]})
CASES.append({"name": "bert-base-eager", "config": "BertConfig", "config_kwargs": COMMON, "model": "BertModel",
              "checks": ["out", "grads"], "attn": "eager"})

# known divergences, each a strict xfail with its reason: {(case name, quantity): reason}
XFAILS = {}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return H.run_all(CASES, tmp_path_factory.mktemp("encoders"))


def _params(quantity):
    out = []
    for c in CASES:
        if quantity not in c["checks"]:
            continue
        reason = XFAILS.get((c["name"], quantity))
        out.append(pytest.param(c["name"], marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else []))
    return out


@pytest.mark.parametrize("name", _params("out"))
def test_forward_matches_torch(results, name):
    H.assert_close(results, name, "out")


@pytest.mark.parametrize("name", _params("grads"))
def test_gradients_match_torch(results, name):
    H.assert_close(results, name, "grads", rtol=1e-4, atol=1e-5)
