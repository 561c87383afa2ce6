"""torch.backends: what each backend is in this MindSpore process. Flags that torch documents as
permissions (allow_tf32, benchmark, the SDPA kernel switches) are kept and read back; MindSpore is free
not to use what they allow, as torch is. Flags that would change results where they cannot be honoured
are not silently accepted (see each module)."""
import types as _types


fp32_precision = "none"


class _FlagModule(_types.ModuleType):
    """A module whose flags are properties (torch.backends.cudnn.deterministic and the like)."""


def flag_module(name, props):
    """Turn module `name` into one whose attributes in `props` ({attr: (getter, setter)}) are properties."""
    import sys
    mod = sys.modules[name]
    cls = type(f"_{name.rsplit('.', 1)[-1]}_module", (_types.ModuleType,),
               {k: property(g, s) for k, (g, s) in props.items()})
    mod.__class__ = cls
    return mod


from . import cpu, cuda, cudnn, mps, mkldnn, mkl, openmp, opt_einsum, quantized, mha, nnpack, cusparselt, \
    kleidiai, miopen  # noqa: E402,F401
