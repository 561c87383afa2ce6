"""torch.distributed.checkpoint.stateful."""
from typing import Protocol, runtime_checkable


@runtime_checkable
class Stateful(Protocol):
    def state_dict(self):
        ...

    def load_state_dict(self, state_dict):
        ...
