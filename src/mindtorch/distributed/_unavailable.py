"""What torch.distributed cannot do yet in mindtorch says so: the collective backend on MindSpore's
communication is not implemented, so no process group can be created."""

REASON = ("mindtorch: torch.distributed has no backend yet (collectives on MindSpore's communication are not "
          "implemented); {what} is not available")


def error(what):
    return RuntimeError(REASON.format(what=what))


def function(name):
    def unavailable(*args, **kwargs):
        raise error(name)
    unavailable.__name__ = name.rsplit(".", 1)[-1]
    unavailable.__qualname__ = unavailable.__name__
    return unavailable


def cls(name, module):
    """A class for isinstance checks (no instance exists here); constructing one raises."""
    def __init__(self, *args, **kwargs):
        raise error(name)
    short = name.rsplit(".", 1)[-1]
    return type(short, (), {"__init__": __init__, "__module__": module, "__qualname__": short,
                            "__doc__": f"{name}: not available in mindtorch (no distributed backend)."})


def fill(namespace, module, functions=(), classes=()):
    for f in functions:
        namespace[f] = function(f"{module.replace('mindtorch', 'torch')}.{f}")
    for c in classes:
        namespace[c] = cls(f"{module.replace('mindtorch', 'torch')}.{c}", module.replace("mindtorch", "torch"))
