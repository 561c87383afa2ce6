"""`ms_dtype=`: MindSpore's name for the dtype argument, accepted wherever transformers takes `dtype=` (or the
older `torch_dtype=`): PreTrainedModel.from_pretrained / from_config, the Auto classes' from_pretrained /
from_config, and pipeline(). The value may be a MindSpore dtype (mindspore.float16), a torch (mindtorch) dtype
or a name ("bfloat16", "auto"); it is passed on as `dtype=`. Giving both ms_dtype and dtype/torch_dtype is an
error.

Mechanism: the only reach into transformers besides the torch alias. When one of the modules that defines
those entry points is imported (or at `import mindnlp`, when it already was), its entry point is wrapped by a
function that renames the keyword and calls the original; nothing else about the call changes. The wrapping
is idempotent and is undone by `uninstall()`."""
import functools
import importlib.abc
import sys

# module -> [(owner attribute path, method name, kind)]; kind: "classmethod" or "function"
TARGETS = {
    "transformers.modeling_utils": [("PreTrainedModel", "from_pretrained", "classmethod"),
                                    ("PreTrainedModel", "_from_config", "classmethod")],
    "transformers.models.auto.auto_factory": [("_BaseAutoModelClass", "from_pretrained", "classmethod"),
                                              ("_BaseAutoModelClass", "from_config", "classmethod")],
    "transformers.pipelines": [(None, "pipeline", "function")],
}
_MARK = "__mindnlp_ms_dtype__"


def to_torch_dtype(value):
    """A dtype named the MindSpore way (or the torch way) as a torch (mindtorch) dtype; "auto" stays."""
    import mindtorch
    from mindtorch import _dtype as D
    if isinstance(value, D.dtype) or value == "auto":
        return value
    if isinstance(value, str):
        found = getattr(mindtorch, value.replace("torch.", "").replace("mindspore.", ""), None)
        if isinstance(found, D.dtype):
            return found
        raise ValueError(f"ms_dtype={value!r}: not a dtype name")
    found = D.FROM_MS_ID.get(id(value))
    if found is None:
        raise TypeError(f"ms_dtype={value!r}: expected a MindSpore dtype, a torch dtype or a dtype name")
    return found


def translate(kwargs):
    """Rename `ms_dtype` to `dtype` in a call's keyword arguments (in place)."""
    if "ms_dtype" in kwargs:
        value = kwargs.pop("ms_dtype")
        clash = [k for k in ("dtype", "torch_dtype") if kwargs.get(k) is not None]
        if clash:
            raise ValueError(f"give either ms_dtype= or {clash[0]}=, not both")
        kwargs["dtype"] = to_torch_dtype(value)
    return kwargs


def _wrap_function(fn):
    @functools.wraps(fn)
    def call(*args, **kwargs):
        return fn(*args, **translate(kwargs))
    setattr(call, _MARK, fn)
    return call


def patch_module(module):
    for owner_name, attr, kind in TARGETS.get(module.__name__, ()):
        owner = module if owner_name is None else getattr(module, owner_name, None)
        if owner is None:
            continue
        current = owner.__dict__.get(attr) if owner_name is not None else getattr(owner, attr, None)
        if current is None:
            continue
        if kind == "classmethod":
            fn = current.__func__
            if hasattr(fn, _MARK):
                continue
            setattr(owner, attr, classmethod(_wrap_function(fn)))
        else:
            if hasattr(current, _MARK):
                continue
            wrapped = _wrap_function(current)
            setattr(owner, attr, wrapped)
            top = sys.modules.get("transformers")
            if attr == "pipeline" and top is not None and top.__dict__.get("pipeline") is current:
                top.__dict__["pipeline"] = wrapped


def unpatch_module(module):
    for owner_name, attr, kind in TARGETS.get(module.__name__, ()):
        owner = module if owner_name is None else getattr(module, owner_name, None)
        current = None if owner is None else owner.__dict__.get(attr)
        if current is None:
            continue
        fn = current.__func__ if kind == "classmethod" else current
        original = getattr(fn, _MARK, None)
        if original is not None:
            setattr(owner, attr, classmethod(original) if kind == "classmethod" else original)


class _PatchAfterImport(importlib.abc.MetaPathFinder):
    """Finds nothing itself: for a TARGETS module it lets the other finders find it, then patches the module
    right after it executes."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in TARGETS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        original = loader.exec_module

        def exec_module(module):
            original(module)
            patch_module(module)
        try:
            loader.exec_module = exec_module
        except AttributeError:
            return spec
        return spec


_FINDER = _PatchAfterImport()


def install():
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    for name in TARGETS:
        module = sys.modules.get(name)
        if module is not None:
            patch_module(module)


def uninstall():
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    for name in TARGETS:
        module = sys.modules.get(name)
        if module is not None:
            unpatch_module(module)
