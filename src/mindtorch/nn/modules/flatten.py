"""Flatten and Unflatten."""
from ..._tensor import Size
from .module import Module

__all__ = ["Flatten", "Unflatten"]


def _flatten(input, start_dim, end_dim):
    nd = input.dim()
    if nd == 0:
        return input.reshape(1)
    s, e = start_dim % nd if start_dim < 0 else start_dim, end_dim % nd if end_dim < 0 else end_dim
    if not (0 <= s < nd and 0 <= e < nd):
        bad = start_dim if not 0 <= s < nd else end_dim
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {bad})")
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shape = list(input.shape)
    n = 1
    for d in shape[s:e + 1]:
        n *= d
    return input.reshape(shape[:s] + [n] + shape[e + 1:])


class Flatten(Module):
    __constants__ = ["start_dim", "end_dim"]

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        flatten = getattr(input, "flatten", None)
        if flatten is not None:
            return flatten(self.start_dim, self.end_dim)
        return _flatten(input, self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    NamedShape = tuple
    __constants__ = ["dim", "unflattened_size"]

    def __init__(self, dim, unflattened_size):
        super().__init__()
        if isinstance(dim, int):
            self._require_tuple_int(unflattened_size)
        elif isinstance(dim, str):
            self._require_tuple_tuple(unflattened_size)
        else:
            raise TypeError("invalid argument type for dim parameter")
        self.dim = dim
        self.unflattened_size = unflattened_size

    def _require_tuple_tuple(self, input):
        if isinstance(input, tuple):
            for idx, elem in enumerate(input):
                if not isinstance(elem, tuple):
                    raise TypeError("unflattened_size must be tuple of tuples, "
                                    + f"but found element of type {type(elem).__name__} at pos {idx}")
            return
        raise TypeError("unflattened_size must be a tuple of tuples, " + f"but found type {type(input).__name__}")

    def _require_tuple_int(self, input):
        if isinstance(input, (tuple, list)):
            for idx, elem in enumerate(input):
                if not isinstance(elem, int):
                    raise TypeError("unflattened_size must be tuple of ints, "
                                    + f"but found element of type {type(elem).__name__} at pos {idx}")
            return
        raise TypeError(f"unflattened_size must be a tuple of ints, but found type {type(input).__name__}")

    def forward(self, input):
        unflatten = getattr(input, "unflatten", None)
        if unflatten is not None:
            return unflatten(self.dim, self.unflattened_size)
        nd = input.dim()
        dim = self.dim % nd if self.dim < 0 else self.dim
        sizes = list(self.unflattened_size)
        if -1 in sizes:
            known = 1
            for s in sizes:
                if s != -1:
                    known *= s
            sizes[sizes.index(-1)] = input.shape[dim] // known
        shape = list(input.shape)
        return input.reshape(Size(shape[:dim] + sizes + shape[dim + 1:]))

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
