"""torch.fx._compatibility."""


def compatibility(is_backward_compatible=False):
    def mark(fn):
        return fn
    return mark
