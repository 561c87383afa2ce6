"""torch.cuda.memory."""
from . import _api

globals().update({n: f for n, f in _api.functions().items()
                  if "memory" in n or n in ("empty_cache", "mem_get_info", "reset_peak_memory_stats",
                                            "set_per_process_memory_fraction")})
