"""torch.profiler. `record_function` marks a range (an annotation that never changes results; nothing
records it here). The profiler itself is not available: entering `profile` raises, since a profile
that silently recorded nothing would mislead."""
import contextlib
import enum


class ProfilerActivity(enum.Enum):
    CPU = 0
    XPU = 1
    MTIA = 2
    CUDA = 3
    HPU = 4
    PrivateUse1 = 5


class ProfilerAction(enum.Enum):
    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3


def schedule(*, wait, warmup, active, repeat=0, skip_first=0, skip_first_wait=0):
    def fn(step):
        return ProfilerAction.NONE
    return fn


def supported_activities():
    return set()


def tensorboard_trace_handler(dir_name, worker_name=None, use_gzip=False):
    def handler(prof):
        pass
    return handler


class record_function(contextlib.ContextDecorator):
    def __init__(self, name, args=None):
        self.name, self.args = name, args

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class profile:
    def __init__(self, *args, **kwargs):
        self.kwargs = kwargs

    def __enter__(self):
        raise NotImplementedError("mindtorch: torch.profiler.profile is not supported")

    def __exit__(self, *exc):
        return False

    def start(self):
        self.__enter__()

    def step(self):
        pass


class _KinetoProfile(profile):
    pass


class itt:
    @staticmethod
    def is_available():
        return False
