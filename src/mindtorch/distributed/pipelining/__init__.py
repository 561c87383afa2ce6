"""torch.distributed.pipelining."""
import enum

from .. import _unavailable as _u


class SplitPoint(enum.Enum):
    BEGINNING = 1
    END = 2


_u.fill(globals(), __name__, functions=("pipeline", "pipe_split", "build_stage"),
        classes=("ScheduleGPipe", "Schedule1F1B", "PipelineStage", "Pipe"))
