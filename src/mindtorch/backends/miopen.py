"""torch.backends.miopen: not a backend of this MindSpore process."""


def is_available():
    return False


immediate = False
