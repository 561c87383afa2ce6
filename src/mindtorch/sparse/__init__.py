"""torch.sparse: mindtorch has no sparse layouts; the functions raise, naming themselves."""


def _unsupported(name):
    def unsupported(*args, **kwargs):
        raise NotImplementedError(f"mindtorch: torch.sparse.{name} is not supported (no sparse tensors)")
    unsupported.__name__ = name
    return unsupported


for _n in ("mm", "addmm", "sampled_addmm", "sum", "softmax", "log_softmax", "spdiags", "as_sparse_gradcheck",
           "to_sparse_semi_structured", "spsolve"):
    globals()[_n] = _unsupported(_n)


class check_sparse_tensor_invariants:
    def __init__(self, enable=True):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    @staticmethod
    def is_enabled():
        return False

    @staticmethod
    def enable():
        pass

    @staticmethod
    def disable():
        pass
