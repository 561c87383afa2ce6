"""torch._dynamo.eval_frame: OptimizedModule is what torch.compile wraps a module in. mindtorch's compile
returns modules unchanged, so no OptimizedModule is ever made; the class exists for isinstance checks."""
from ..nn import Module


class OptimizedModule(Module):
    def __init__(self, mod, dynamo_ctx=None):
        super().__init__()
        self._orig_mod = mod
        self.dynamo_ctx = dynamo_ctx

    def forward(self, *args, **kwargs):
        return self._orig_mod(*args, **kwargs)


def innermost_fn(fn):
    while hasattr(fn, "_torchdynamo_orig_callable"):
        fn = fn._torchdynamo_orig_callable
    return fn


def _is_skip_guard_eval_unsafe_stance():
    return False
