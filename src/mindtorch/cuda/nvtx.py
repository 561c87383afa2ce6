"""torch.cuda.nvtx: profiler range markers. mindtorch has no NVTX; markers are accepted and mark
nothing (they never change results)."""
import contextlib


def range_push(msg):
    return 0


def range_pop():
    return 0


def mark(msg):
    pass


@contextlib.contextmanager
def range(msg, *args, **kwargs):
    yield
