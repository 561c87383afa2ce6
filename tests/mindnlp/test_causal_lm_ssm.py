"""State-space / recurrent causal LMs (Mamba, RWKV; issue 4): real torch vs mindnlp on tiny configs (see
causal_lm_common.py). They have no attention, so no attn_implementation to vary."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from causal_lm_common import case, make_tests  # noqa: E402

CHECKS = ["logits", "greedy", "batch_greedy", "sample", "grads"]

CASES = [
    case("mamba", "MambaConfig", attn=(None,), checks=CHECKS, vocab_size=100, hidden_size=32, state_size=8,
         num_hidden_layers=2, expand=2, conv_kernel=4),
    case("rwkv", "RwkvConfig", attn=(None,), checks=CHECKS, vocab_size=100, hidden_size=32, num_hidden_layers=2,
         attention_hidden_size=32, intermediate_size=64, context_length=64),
]

make_tests(CASES, globals())
