"""torch.multiprocessing: Python's multiprocessing (mindtorch tensors pickle by value; there is no
shared-memory tensor transport), plus torch's spawn helpers."""
import multiprocessing as _mp
from multiprocessing import *  # noqa: F401,F403

from .spawn import spawn, start_processes, ProcessContext, ProcessRaisedException, ProcessExitedException  # noqa: F401

__all__ = ["spawn", "start_processes", "ProcessContext", "ProcessRaisedException", "ProcessExitedException",
           "set_sharing_strategy", "get_sharing_strategy", "get_all_sharing_strategies"] + list(
    getattr(_mp, "__all__", []))

_strategy = ["file_system"]


def set_sharing_strategy(new_strategy):
    if new_strategy not in get_all_sharing_strategies():
        raise ValueError(f"invalid sharing strategy {new_strategy}")
    _strategy[0] = new_strategy


def get_sharing_strategy():
    return _strategy[0]


def get_all_sharing_strategies():
    return {"file_system", "file_descriptor"}
