"""torch.mps: Apple's Metal is not a MindSpore backend, so MPS is never available here; functions answer
as torch does on a machine without MPS."""


def _no_mps(what):
    raise RuntimeError(f"Cannot execute {what}() without MPS backend.")


def is_available():
    return False


def device_count():
    return 0


def synchronize():
    _no_mps("deviceSynchronize")


def empty_cache():
    _no_mps("emptyCache")


def current_allocated_memory():
    _no_mps("getCurrentAllocatedMemory")


def driver_allocated_memory():
    _no_mps("getDriverAllocatedMemory")


def recommended_max_memory():
    _no_mps("getRecommendedMaxMemory")


def set_per_process_memory_fraction(fraction):
    _no_mps("setMemoryFraction")


def manual_seed(seed):
    """No MPS generator exists; as torch without MPS, seeding it does nothing."""


def seed():
    pass


def get_rng_state(device="mps"):
    _no_mps("getDefaultGenerator")


def set_rng_state(new_state, device="mps"):
    _no_mps("getDefaultGenerator")


def clear_graph_cache():
    _no_mps("clearGraphCache")


class Event:
    def __init__(self, enable_timing=False):
        _no_mps("Event")
