"""torch.random: the default generator's seed and state, and fork_rng.

mindtorch has one default generator; every device type draws from it (values are drawn on the host, see
_ops/random.py), so forking it forks the random state of every device."""
import contextlib

from ._ops.random import (Generator, default_generator, manual_seed, seed, initial_seed, get_rng_state,  # noqa: F401
                          set_rng_state)

__all__ = ["Generator", "default_generator", "fork_rng", "get_rng_state", "initial_seed", "manual_seed", "seed",
           "set_rng_state"]


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type="cuda"):
    """Run the body with the random state saved on entry and restored on exit."""
    if not enabled:
        yield
        return
    state = default_generator.get_state()
    try:
        yield
    finally:
        default_generator.set_state(state)
