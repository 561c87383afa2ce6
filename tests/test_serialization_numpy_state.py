"""torch.load(weights_only=True) of what transformers' Trainer saves as rng_state.pth: Python's and NumPy's
random states (NumPy arrays pickle their bytes through _codecs.encode), under the NumPy safe globals."""
import random

import numpy as np
import torch

import mindtorch


def _allow():
    return [np.core.multiarray._reconstruct, np.ndarray, np.dtype, type(np.dtype(np.uint32))]


def test_load_rng_state_file_saved_by_torch(tmp_path):
    path = str(tmp_path / "rng_state.pth")
    state = {"python": random.getstate(), "numpy": np.random.get_state(), "cpu": torch.random.get_rng_state()}
    torch.save(state, path)
    with torch.serialization.safe_globals(_allow()):
        ref = torch.load(path, weights_only=True)
    with mindtorch.serialization.safe_globals(_allow()):
        got = mindtorch.load(path, weights_only=True)
    assert got["python"] == ref["python"]
    assert got["numpy"][0] == ref["numpy"][0] and np.array_equal(got["numpy"][1], ref["numpy"][1])
    assert got["numpy"][2:] == ref["numpy"][2:]
    assert np.array_equal(got["cpu"].numpy(), ref["cpu"].numpy())


def test_numpy_array_still_refused_without_allowlist(tmp_path):
    path = str(tmp_path / "a.pth")
    torch.save({"a": np.arange(3)}, path)
    for lib in (torch, mindtorch):
        try:
            lib.load(path, weights_only=True)
        except Exception as e:  # noqa: BLE001
            assert "Weights only load failed" in str(e)
        else:
            raise AssertionError(f"{lib.__name__} loaded a NumPy array without an allowlist")
