"""torch.fx.experimental.symbolic_shapes. Sizes are plain Python numbers in mindtorch (no symbolic
shapes), so every guard is decided by the value itself and no expression has free symbols."""


class GuardOnDataDependentSymNode(RuntimeError):
    pass


class ShapeEnv:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("mindtorch: ShapeEnv is not supported (no symbolic shapes)")


def guard_or_false(a):
    return bool(a)


def guard_or_true(a):
    return bool(a)


def guard_bool(a):
    return bool(a)


def guard_int(a):
    return int(a)


def guard_float(a):
    return float(a)


def guard_size_oblivious(expr):
    return bool(expr)


def statically_known_true(x):
    return bool(x)


def statically_known_false(x):
    return not bool(x)


def definitely_true(a):
    return bool(a)


def definitely_false(a):
    return not bool(a)


def sym_eq(x, y):
    return x == y


def is_concrete_int(a):
    return isinstance(a, int)


def is_concrete_bool(a):
    return isinstance(a, bool)


def has_free_symbols(val):
    return False


def has_free_unbacked_symbols(x):
    return False


def free_symbols(val):
    return set()


def free_unbacked_symbols(x):
    return set()


def has_hint(a):
    return True


def hint_int(a, fallback=None):
    return int(a)


def expect_true(a, skip=0):
    return bool(a)


def size_hint(x, allow_none=False):
    return x
