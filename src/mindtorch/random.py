"""torch.random: the default generator's seeding and state (mindtorch/_ops/random.py), and fork_rng."""
import contextlib

from ._ops.random import (  # noqa: F401
    Generator, default_generator, manual_seed, seed, initial_seed, get_rng_state, set_rng_state)

__all__ = ["manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state", "fork_rng", "Generator",
           "default_generator"]


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type="cuda"):
    """Restore the random state on exit. mindtorch draws every device's numbers from the host default
    generator (see _ops/random.py), so saving and restoring it covers every device."""
    if not enabled:
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)
