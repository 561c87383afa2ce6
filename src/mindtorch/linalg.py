"""torch.linalg: the linear algebra namespace. The functions live in _ops/linalg.py with the rest of
the family; this module only names them as torch.linalg does."""
from ._ops.linalg import LINALG as _LINALG, LinAlgError  # noqa: F401

globals().update(_LINALG)

__all__ = sorted(_LINALG)
