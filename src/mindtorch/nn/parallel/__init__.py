"""torch.nn.parallel: DataParallel and DistributedDataParallel.

mindtorch runs one process on one device, so DataParallel wraps its module and runs it on that device
(torch does the same when it sees fewer than two GPUs), and DistributedDataParallel requires an initialized
process group, which mindtorch.distributed does not provide: constructing one raises, naming why. Both exist
so that libraries can test `isinstance(model, (DistributedDataParallel, DataParallel))`."""
from ..modules.module import Module

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel"]


class DataParallel(Module):
    """torch.nn.DataParallel on a single device: forward runs `module` unchanged."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module
        self.device_ids = [] if device_ids is None else list(device_ids)
        self.output_device = output_device
        self.dim = dim

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0, module_kwargs=None):
    if not isinstance(inputs, tuple):
        inputs = (inputs,)
    return module(*inputs, **(module_kwargs or {}))


class DistributedDataParallel(Module):
    """torch.nn.parallel.DistributedDataParallel: needs a process group (not available in mindtorch)."""

    def __init__(self, module, *args, **kwargs):
        from ... import distributed as dist
        if not (dist.is_available() and dist.is_initialized()):
            raise RuntimeError("Default process group has not been initialized, please make sure to call "
                               "init_process_group. (mindtorch: DistributedDataParallel needs a process group; "
                               "mindtorch runs a single process)")
        super().__init__()
        self.module = module

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)
