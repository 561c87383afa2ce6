"""torch.distributed.elastic.multiprocessing.errors."""
import functools


class ChildFailedError(Exception):
    def __init__(self, name, failures):
        super().__init__(f"{name} failed: {failures}")
        self.name, self.failures = name, failures


def record(fn=None, error_handler=None):
    """Decorator recording a worker's error; with no elastic agent here it runs `fn` as is."""
    if fn is None:
        return functools.partial(record, error_handler=error_handler)
    return fn
