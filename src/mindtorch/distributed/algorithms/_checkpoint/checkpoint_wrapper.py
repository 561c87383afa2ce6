"""torch.distributed.algorithms._checkpoint.checkpoint_wrapper: activation checkpointing of submodules.
It needs no process group: the wrapper runs its module through torch.utils.checkpoint."""
import enum
import functools

from ....nn import Module


class CheckpointImpl(enum.Enum):
    REENTRANT = enum.auto()
    NO_REENTRANT = enum.auto()


class CheckpointWrapper(Module):
    def __init__(self, mod, checkpoint_impl=CheckpointImpl.NO_REENTRANT, checkpoint_fn=None, **checkpoint_fn_kwargs):
        super().__init__()
        self._checkpoint_wrapped_module = mod
        self.checkpoint_impl = checkpoint_impl
        if checkpoint_fn is None:
            from ....utils.checkpoint import checkpoint
            checkpoint_fn = functools.partial(checkpoint, use_reentrant=checkpoint_impl is CheckpointImpl.REENTRANT,
                                              **checkpoint_fn_kwargs)
        self.checkpoint_fn = checkpoint_fn

    def forward(self, *args, **kwargs):
        return self.checkpoint_fn(self._checkpoint_wrapped_module, *args, **kwargs)


def checkpoint_wrapper(module, checkpoint_impl=CheckpointImpl.NO_REENTRANT, checkpoint_fn=None,
                       **checkpoint_fn_kwargs):
    return CheckpointWrapper(module, checkpoint_impl, checkpoint_fn, **checkpoint_fn_kwargs)


def offload_wrapper(module):
    raise NotImplementedError("mindtorch: offload_wrapper (saving activations on the host) is not supported")


def apply_activation_checkpointing(model, checkpoint_wrapper_fn=checkpoint_wrapper, check_fn=lambda _: True,
                                   auto_wrap_policy=None):
    for name, child in list(model.named_children()):
        if check_fn(child):
            setattr(model, name, checkpoint_wrapper_fn(child))
        else:
            apply_activation_checkpointing(child, checkpoint_wrapper_fn, check_fn, auto_wrap_policy)
