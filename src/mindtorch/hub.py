"""torch.hub: the cache directory and the checkpoint loader. No network is used by mindtorch: a
checkpoint already in the hub cache loads (torch.load); anything that needs downloading raises,
naming the URL."""
import os
import urllib.parse

__all__ = ["get_dir", "set_dir", "load_state_dict_from_url", "download_url_to_file", "load", "list", "help"]

ENV_TORCH_HOME = "TORCH_HOME"
ENV_XDG_CACHE_HOME = "XDG_CACHE_HOME"
DEFAULT_CACHE_DIR = "~/.cache"
_hub_dir = None


def _get_torch_home():
    return os.path.expanduser(os.getenv(ENV_TORCH_HOME, os.path.join(os.getenv(ENV_XDG_CACHE_HOME, DEFAULT_CACHE_DIR),
                                                                     "torch")))


def get_dir():
    if _hub_dir is not None:
        return _hub_dir
    return os.path.join(_get_torch_home(), "hub")


def set_dir(d):
    global _hub_dir
    _hub_dir = os.path.expanduser(d)


def _no_network(what, url):
    return RuntimeError(f"mindtorch: torch.hub.{what} needs to download {url}, and mindtorch does not download; "
                        "place the file in the hub cache (torch.hub.get_dir()) first")


def download_url_to_file(url, dst, hash_prefix=None, progress=True):
    raise _no_network("download_url_to_file", url)


def load_state_dict_from_url(url, model_dir=None, map_location=None, progress=True, check_hash=False, file_name=None,
                             weights_only=False):
    if model_dir is None:
        model_dir = os.path.join(get_dir(), "checkpoints")
    filename = file_name or os.path.basename(urllib.parse.urlparse(url).path)
    cached = os.path.join(model_dir, filename)
    if not os.path.exists(cached):
        raise _no_network("load_state_dict_from_url", url)
    from .serialization import load as _load
    return _load(cached, map_location=map_location, weights_only=weights_only)


def load(repo_or_dir, model, *args, source="github", trust_repo=None, force_reload=False, verbose=True,
         skip_validation=False, **kwargs):
    if source != "local":
        raise _no_network("load", repo_or_dir)
    import importlib.util
    import sys
    path = os.path.join(repo_or_dir, "hubconf.py")
    spec = importlib.util.spec_from_file_location("hubconf", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, repo_or_dir)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(repo_or_dir)
    fn = getattr(module, model, None)
    if not callable(fn):
        raise RuntimeError(f"Cannot find callable {model} in hubconf")
    return fn(*args, **kwargs)


def list(github, force_reload=False, skip_validation=False, trust_repo=None, verbose=True):
    raise _no_network("list", github)


def help(github, model, force_reload=False, skip_validation=False, trust_repo=None):
    raise _no_network("help", github)
