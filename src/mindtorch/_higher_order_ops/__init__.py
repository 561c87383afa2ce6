"""torch._higher_order_ops."""
from . import associative_scan  # noqa: F401
