"""torch._dynamo.config: settings of a compiler that does not run here; kept and read back."""
cache_size_limit = 8
recompile_limit = 8
accumulated_cache_size_limit = 256
accumulated_recompile_limit = 256
capture_scalar_outputs = False
capture_dynamic_output_shape_ops = False
suppress_errors = False
verbose = False
optimize_ddp = True
automatic_dynamic_shapes = True
assume_static_by_default = True
specialize_int = False
inline_inbuilt_nn_modules = True
skip_fwd_side_effects_in_bwd_under_checkpoint = False
allow_unspec_int_on_nn_module = False
error_on_recompile = False
force_parameter_static_shapes = True
force_nn_module_property_static_shapes = True
guard_nn_modules = False
dynamic_shapes = True
cache_size_limit_warning = True
log_compilation_metrics = False
use_graph_deduplication = False


class _Patch:
    def __init__(self, changes):
        self.changes = changes

    def __enter__(self):
        import sys
        mod = sys.modules[__name__]
        self.prev = {k: getattr(mod, k, None) for k in self.changes}
        for k, v in self.changes.items():
            setattr(mod, k, v)

    def __exit__(self, *exc):
        import sys
        mod = sys.modules[__name__]
        for k, v in self.prev.items():
            setattr(mod, k, v)

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self:
                return fn(*args, **kwargs)
        return wrapper


def patch(arg1=None, arg2=None, **kwargs):
    changes = dict(kwargs)
    if isinstance(arg1, str):
        changes[arg1] = arg2
    elif isinstance(arg1, dict):
        changes.update(arg1)
    return _Patch(changes)
