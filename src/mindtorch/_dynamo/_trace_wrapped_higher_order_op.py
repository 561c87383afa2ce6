"""torch._dynamo._trace_wrapped_higher_order_op."""


class TransformGetItemToIndex:
    """In torch, a mode that turns `tensor[scalar_tensor]` into an index op so vmap can batch it.
    mindtorch's vmap runs a Python loop in which such indexing works as it is, so the mode has nothing
    to change."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
