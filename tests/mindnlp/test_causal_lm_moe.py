"""Mixture-of-experts causal LMs (issue 4): real torch vs mindnlp on tiny configs (see causal_lm_common.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from causal_lm_common import CHECKS, case, make_tests  # noqa: E402

TINY = dict(vocab_size=100, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, max_position_embeddings=64)

CASES = [
    case("qwen2_moe", "Qwen2MoeConfig", moe_intermediate_size=16, shared_expert_intermediate_size=32, num_experts=4,
         num_experts_per_tok=2, **TINY),
    case("qwen3_moe", "Qwen3MoeConfig", moe_intermediate_size=16, num_experts=4, num_experts_per_tok=2, head_dim=16,
         **TINY),
    case("mixtral", "MixtralConfig", checks=CHECKS + ["greedy_static"], num_local_experts=4, num_experts_per_tok=2, **TINY),
]

make_tests(CASES, globals())
