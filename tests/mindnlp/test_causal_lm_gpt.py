"""GPT-style causal LMs (BLOOM, Falcon, GPT-2, GPT-Neo, GPT-NeoX, OPT; issue 4): real torch vs mindnlp on tiny
configs (see causal_lm_common.py).
BLOOM and GPT-Neo have no sdpa path in transformers (real torch refuses it too): eager only."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from causal_lm_common import CHECKS, case, make_tests  # noqa: E402

CASES = [
    case("bloom", "BloomConfig", attn=("eager",), vocab_size=100, hidden_size=32, n_layer=2, n_head=4),
    case("falcon", "FalconConfig", vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
         num_kv_heads=2, new_decoder_architecture=True),
    case("gpt2", "GPT2Config", checks=CHECKS + ["greedy_static"], vocab_size=100, n_embd=32, n_layer=2, n_head=4, n_positions=64),
    case("gpt_neo", "GPTNeoConfig", attn=("eager",), vocab_size=100, hidden_size=32, num_layers=2, num_heads=4,
         attention_types=[[["global", "local"], 1]], window_size=4, max_position_embeddings=64),
    case("gpt_neox", "GPTNeoXConfig", vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
         intermediate_size=64, max_position_embeddings=64),
    case("opt", "OPTConfig", vocab_size=100, hidden_size=32, ffn_dim=64, num_hidden_layers=2, num_attention_heads=4,
         word_embed_proj_dim=32, max_position_embeddings=64),
]

make_tests(CASES, globals())
