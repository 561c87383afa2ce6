"""torch.npu.amp: autocast and GradScaler for 'npu'."""
from ..amp import autocast_mode as _am
from ..amp.grad_scaler import GradScaler as _GradScaler


class autocast(_am.autocast):
    def __init__(self, enabled=True, dtype=None, cache_enabled=True):
        super().__init__("npu", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)


class GradScaler(_GradScaler):
    def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000,
                 enabled=True, **kwargs):
        super().__init__("npu", init_scale=init_scale, growth_factor=growth_factor, backoff_factor=backoff_factor,
                         growth_interval=growth_interval, enabled=enabled)
