"""`torch` as an alias of mindtorch: sys.modules entries, an import finder for every `torch.*`
submodule, and the `torch` distribution metadata that libraries check (importlib.metadata)."""
import importlib
import importlib.abc
import importlib.machinery
import importlib.metadata
import importlib.util
import sys
import warnings

import mindtorch

ALIAS, TARGET = "torch", "mindtorch"


class _AliasLoader(importlib.abc.Loader):
    """Loads `torch.x` as the already-importable `mindtorch.x`, keeping that module's own spec."""

    def __init__(self, target):
        self.target = target

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        self._own_spec = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = self._own_spec  # the import system set the alias spec; the module keeps its own


class _TorchDistribution(importlib.metadata.Distribution):
    """The `torch` distribution as importlib.metadata reports it: mindtorch's torch version."""

    def read_text(self, filename):
        if filename in ("METADATA", "PKG-INFO"):
            return f"Metadata-Version: 2.1\nName: torch\nVersion: {mindtorch.__version__}\n" \
                   "Summary: mindtorch (the torch API on MindSpore) standing in for torch\n"
        if filename == "top_level.txt":
            return "torch\n"
        return None

    def locate_file(self, path):
        return importlib.util.find_spec(TARGET).submodule_search_locations[0] + "/" + str(path)


class ModuleAliasFinder(importlib.abc.MetaPathFinder):
    """Imports `alias` and every `alias.x` as the module `target` / `target.x` (the same module objects)."""

    def __init__(self, alias, target, missing_hint=None):
        self.alias, self.target, self.missing_hint = alias, target, missing_hint

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.alias and not fullname.startswith(self.alias + "."):
            return None
        real = self.target + fullname[len(self.alias):]
        try:
            real_spec = importlib.util.find_spec(real)
        except ModuleNotFoundError:
            real_spec = None
        if real_spec is None:
            if fullname == self.alias and self.missing_hint:
                raise ModuleNotFoundError(f"{self.alias} needs {self.missing_hint}", name=fullname)
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(real),
                                              is_package=real_spec.submodule_search_locations is not None)


class TorchAliasFinder(ModuleAliasFinder):
    """`torch.*` as mindtorch, and the `torch` distribution metadata."""

    def __init__(self):
        super().__init__(ALIAS, TARGET)

    def find_distributions(self, context=importlib.metadata.DistributionFinder.Context()):
        name = (context.name or "").replace("-", "_").lower()
        if name == ALIAS:
            return iter([_TorchDistribution()])
        return iter(())


_FINDER = TorchAliasFinder()
# `from mindnlp.transformers import AutoModel` (the style of upstream mindnlp docs) is transformers itself
_LIBRARY_FINDERS = (ModuleAliasFinder("mindnlp.transformers", "transformers", "the transformers package"),
                    ModuleAliasFinder("mindnlp.diffusers", "diffusers", "the diffusers package (pip install diffusers)"))


def install():
    """Make `import torch` (and every `torch.*`) give mindtorch; idempotent."""
    real = [name for name, mod in sys.modules.items()
            if (name == ALIAS or name.startswith(ALIAS + ".")) and not getattr(mod, "__name__", "").startswith(TARGET)]
    if real:
        warnings.warn("mindnlp: real torch was imported before mindnlp; its modules are replaced by mindtorch. "
                      "Import mindnlp first.", RuntimeWarning, stacklevel=3)
        for name in real:
            del sys.modules[name]
    for finder in (_FINDER,) + _LIBRARY_FINDERS:
        if finder not in sys.meta_path:
            sys.meta_path.insert(0, finder)
    for name, module in list(sys.modules.items()):
        if name == TARGET or name.startswith(TARGET + "."):
            sys.modules[ALIAS + name[len(TARGET):]] = module
    _refresh_cached_checks()


def _refresh_cached_checks():
    """transformers caches `is_torch_available()` and friends; if it was imported before the alias, the
    cached answers said no torch. Clearing the caches lets them ask again (the only reach into it)."""
    import_utils = sys.modules.get("transformers.utils.import_utils")
    if import_utils is None:
        return
    for value in vars(import_utils).values():
        clear = getattr(value, "cache_clear", None)
        if clear is not None:
            clear()
