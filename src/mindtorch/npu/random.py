"""torch.npu.random."""
from . import _api

globals().update({n: f for n, f in _api.functions().items()
                  if n in ("get_rng_state", "get_rng_state_all", "set_rng_state", "set_rng_state_all", "manual_seed",
                           "manual_seed_all", "seed", "seed_all", "initial_seed")})
