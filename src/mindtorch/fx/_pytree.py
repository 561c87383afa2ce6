"""torch.fx._pytree: flattening a pytree following a given spec."""
from ..utils._pytree import tree_flatten, TreeSpec  # noqa: F401

SUPPORTED_NODES = {}


def register_pytree_flatten_spec(cls, flatten_fn_spec, flatten_fn_exact_match_spec=None):
    SUPPORTED_NODES[cls] = flatten_fn_spec


def tree_flatten_spec(pytree, spec, exact_structural_match=False):
    return spec.flatten_up_to(pytree)
