"""torch.jit._state."""
_enabled = False


def disable():
    pass


def enable():
    pass
