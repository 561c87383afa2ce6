"""torch.torch_version: TorchVersion, the type of torch.__version__."""


class TorchVersion(str):
    """A version string that compares with strings and tuples as versions (as torch.torch_version)."""

    def _parts(self):
        out = []
        for p in self.split("+")[0].split("."):
            digits = "".join(c for c in p if c.isdigit())
            out.append(int(digits) if digits else 0)
        return tuple(out)

    def _other(self, other):
        if isinstance(other, tuple):
            return other
        return TorchVersion(str(other))._parts()

    def __lt__(self, other):
        return self._parts() < self._other(other)

    def __le__(self, other):
        return self._parts() <= self._other(other)

    def __gt__(self, other):
        return self._parts() > self._other(other)

    def __ge__(self, other):
        return self._parts() >= self._other(other)

    def __eq__(self, other):
        if isinstance(other, (tuple, TorchVersion)) or isinstance(other, str):
            try:
                return self._parts() == self._other(other)
            except ValueError:
                return str.__eq__(self, other)
        return NotImplemented

    def __hash__(self):
        return str.__hash__(self)


__version__ = TorchVersion("2.13.0")
