"""torch.distributed.fsdp.wrap: the auto-wrap policies are plain predicates over modules."""
import functools


def always_wrap_policy(*args, **kwargs):
    return True


def lambda_auto_wrap_policy(module, recurse, nonwrapped_numel, lambda_fn):
    return True if recurse else lambda_fn(module)


def transformer_auto_wrap_policy(module, recurse, nonwrapped_numel, transformer_layer_cls):
    return True if recurse else isinstance(module, tuple(transformer_layer_cls))


def size_based_auto_wrap_policy(module, recurse, nonwrapped_numel, min_num_params=int(1e8), force_leaf_modules=None,
                                exclude_wrap_modules=None):
    if recurse:
        return True
    return nonwrapped_numel >= min_num_params


def _or_policy(module, recurse, nonwrapped_numel, policies):
    return any(p(module=module, recurse=recurse, nonwrapped_numel=nonwrapped_numel) for p in policies)


class ModuleWrapPolicy:
    def __init__(self, module_classes):
        self._module_classes = set(module_classes)


def enable_wrap(*args, **kwargs):
    from .. import _unavailable as _u
    raise _u.error("torch.distributed.fsdp.wrap.enable_wrap")


def wrap(module, **kwargs):
    from .. import _unavailable as _u
    raise _u.error("torch.distributed.fsdp.wrap.wrap")


_ = functools
