"""torch.export: not supported by mindtorch (there is no graph capture). Every entry raises
NotImplementedError naming it; the classes exist for isinstance checks."""

__all__ = ["export", "save", "load", "draft_export", "ExportedProgram", "Dim", "dims", "ShapesCollection",
           "ExportBackwardSignature", "ExportGraphSignature", "ModuleCallSignature", "ModuleCallEntry",
           "register_dataclass", "unflatten", "FlatArgsAdapter", "UnflattenedModule", "AdditionalInputs"]


def _unsupported(name):
    def unsupported(*args, **kwargs):
        raise NotImplementedError(f"mindtorch: torch.export.{name} is not supported (no graph capture)")
    unsupported.__name__ = name
    return unsupported


export = _unsupported("export")
save = _unsupported("save")
load = _unsupported("load")
draft_export = _unsupported("draft_export")
unflatten = _unsupported("unflatten")
dims = _unsupported("dims")


class _Unconstructible:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError(f"mindtorch: torch.export.{type(self).__name__} is not supported (no graph capture)")


class ExportedProgram(_Unconstructible):
    pass


class ExportGraphSignature(_Unconstructible):
    pass


class ExportBackwardSignature(_Unconstructible):
    pass


class ModuleCallSignature(_Unconstructible):
    pass


class ModuleCallEntry(_Unconstructible):
    pass


class UnflattenedModule(_Unconstructible):
    pass


class FlatArgsAdapter(_Unconstructible):
    pass


class ShapesCollection(_Unconstructible):
    pass


class AdditionalInputs(_Unconstructible):
    pass


class _DimHint:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"DimHint({self.name})"

    def __call__(self, min=None, max=None):
        return self


class Dim:
    """torch.export.Dim: a named dynamic dimension (a description; nothing exports it here)."""
    AUTO = _DimHint("AUTO")
    STATIC = _DimHint("STATIC")
    DYNAMIC = _DimHint("DYNAMIC")

    def __init__(self, name, *, min=None, max=None):
        self.__name__ = name
        self.min, self.max = min, max

    def __repr__(self):
        return f"Dim('{self.__name__}')"


def register_dataclass(cls, *, serialized_type_name=None):
    from ..utils._pytree import register_dataclass as _reg
    _reg(cls, serialized_type_name=serialized_type_name)
