"""Dense Llama-style causal LMs (issue 4): real torch vs mindnlp on tiny configs (see causal_lm_common.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from causal_lm_common import CHECKS, case, make_tests  # noqa: E402

TINY = dict(vocab_size=100, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, max_position_embeddings=64)

CASES = [
    case("llama", "LlamaConfig", checks=CHECKS + ["greedy_static"], **TINY),
    case("qwen2", "Qwen2Config", checks=CHECKS + ["greedy_static"], **TINY),
    case("qwen3", "Qwen3Config", head_dim=16, **TINY),
    case("mistral", "MistralConfig", sliding_window=4, **TINY),
]

make_tests(CASES, globals())
