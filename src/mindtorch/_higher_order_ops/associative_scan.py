"""torch._higher_order_ops.associative_scan."""


def associative_scan(combine_fn, xs, dim, reverse=False, combine_mode="pointwise"):
    raise NotImplementedError("mindtorch: torch._higher_order_ops.associative_scan is not supported")
