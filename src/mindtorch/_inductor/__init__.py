"""torch._inductor: no Inductor here (torch.compile returns models unchanged)."""
from .. import compiler as _compiler
from . import config  # noqa: F401


def list_mode_options(mode=None, dynamic=None):
    return {} if mode is None else {}


def list_options():
    return []


def cudagraph_mark_step_begin():
    _compiler.cudagraph_mark_step_begin()


def compile(gm, example_inputs, options=None):
    raise NotImplementedError("mindtorch: torch._inductor.compile is not supported (no Inductor)")
