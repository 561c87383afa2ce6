"""GLM, Phi and Gemma causal LMs (issue 4): real torch vs mindnlp on tiny configs (see causal_lm_common.py).
Gemma2 has no sdpa path in transformers (it refuses attn_implementation="sdpa" under real torch too)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from causal_lm_common import CHECKS, case, make_tests  # noqa: E402

TINY = dict(vocab_size=100, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, max_position_embeddings=64)

CASES = [
    case("glm", "GlmConfig", head_dim=8, pad_token_id=0, eos_token_id=2, **TINY),
    case("glm4", "Glm4Config", head_dim=8, pad_token_id=0, eos_token_id=2, **TINY),
    case("phi", "PhiConfig", **TINY),
    case("phi3", "Phi3Config", pad_token_id=0, eos_token_id=2, **TINY),
    case("gemma", "GemmaConfig", checks=CHECKS + ["greedy_static"], head_dim=8, **TINY),
    case("gemma2", "Gemma2Config", attn=("eager",), head_dim=8, sliding_window=4, **TINY),
]

make_tests(CASES, globals())
