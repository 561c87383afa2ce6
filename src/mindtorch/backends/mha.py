"""torch.backends.mha: the fast path of nn.MultiheadAttention (mindtorch has no separate fast path;
the switch is kept and read back)."""
_fastpath = [True]


def get_fastpath_enabled():
    return _fastpath[0]


def set_fastpath_enabled(value):
    _fastpath[0] = bool(value)
