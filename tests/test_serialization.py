"""torch.save / torch.load: checkpoints cross between real torch and mindtorch bit for bit, in both
directions, with shared storages, views and layouts intact; weights_only refuses arbitrary globals."""
import collections
import io
import os
import pickle
import zipfile

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import mindtorch

DTYPES = ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool",
          "complex64"]


def _bits(t):
    """The exact bits of a torch or mindtorch tensor's values, as a NumPy array."""
    if str(t.dtype) == "torch.bfloat16":
        return t.view(t.__class__.__module__.startswith("torch") and torch.int16 or mindtorch.int16).numpy() \
            if isinstance(t, torch.Tensor) else t.view(mindtorch.int16).numpy()
    return t.detach().numpy().view(np.uint8) if t.numel() else t.detach().numpy()


def _sample(lib, dtype, rng):
    values = rng.standard_normal((3, 4)) * 100
    if dtype == "bool":
        return lib.from_numpy(values > 0)
    if dtype.startswith(("int", "uint")):
        return lib.from_numpy(np.abs(values).astype(np.int64)).to(getattr(lib, dtype))
    if dtype == "complex64":
        return lib.from_numpy((values + 1j * values[::-1]).astype(np.complex64))
    return lib.from_numpy(values).to(getattr(lib, dtype))


def _checkpoint(lib, dtype):
    rng = np.random.default_rng(0)
    base = _sample(lib, dtype, rng)
    return collections.OrderedDict(
        weight=base, transposed=base.transpose(0, 1), row=base[1], strided=base[:, ::2],
        nested={"list": [base[0, 1:3], 7, "text"], "tuple": (1.5, base)}, size=base.shape, dtype=base.dtype)


def _roundtrip(saver, loader, obj, **load_kwargs):
    buf = io.BytesIO()
    saver.save(obj, buf)
    buf.seek(0)
    return loader.load(buf, **load_kwargs)


def _assert_same_checkpoint(expected, actual):
    assert list(expected) == list(actual)
    for key in ("weight", "transposed", "row", "strided"):
        e, a = expected[key], actual[key]
        assert str(e.dtype) == str(a.dtype) and tuple(e.shape) == tuple(a.shape)
        assert tuple(e.stride()) == tuple(a.stride()) and e.storage_offset() == a.storage_offset()
        np.testing.assert_array_equal(_bits(a.contiguous()), _bits(e.contiguous()))
    assert tuple(actual["size"]) == tuple(expected["size"]) and str(actual["dtype"]) == str(expected["dtype"])
    assert actual["nested"]["list"][1:] == [7, "text"] and actual["nested"]["tuple"][0] == 1.5


def _shares_storage(a, b):
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


@pytest.mark.parametrize("dtype", DTYPES)
def test_mindtorch_checkpoint_loads_in_torch_bit_for_bit(dtype):
    saved = _checkpoint(mindtorch, dtype)
    loaded = _roundtrip(mindtorch, torch, saved)
    _assert_same_checkpoint(_checkpoint(torch, dtype), loaded)
    assert _shares_storage(loaded["weight"], loaded["transposed"]) and _shares_storage(loaded["weight"], loaded["row"])


@pytest.mark.parametrize("dtype", DTYPES)
def test_torch_checkpoint_loads_in_mindtorch_bit_for_bit(dtype):
    loaded = _roundtrip(torch, mindtorch, _checkpoint(torch, dtype))
    _assert_same_checkpoint(_checkpoint(torch, dtype), loaded)
    assert _shares_storage(loaded["weight"], loaded["nested"]["tuple"][1])


def test_loaded_views_still_share_their_storage():
    loaded = _roundtrip(torch, mindtorch, _checkpoint(torch, "float32"))
    loaded["weight"][1, 2] = 1234.0
    assert loaded["transposed"][2, 1].item() == 1234.0 and loaded["row"][2].item() == 1234.0


def test_legacy_format_loads():
    buf = io.BytesIO()
    torch.save(_checkpoint(torch, "float32"), buf, _use_new_zipfile_serialization=False)
    buf.seek(0)
    _assert_same_checkpoint(_checkpoint(torch, "float32"), mindtorch.load(buf))


def test_mmap_and_map_location(tmp_path):
    path = tmp_path / "ckpt.pt"
    torch.save(_checkpoint(torch, "float16"), path)
    _assert_same_checkpoint(_checkpoint(torch, "float16"), mindtorch.load(path, mmap=True))
    _assert_same_checkpoint(_checkpoint(torch, "float16"), mindtorch.load(path, map_location="cpu"))
    meta = mindtorch.load(path, map_location="meta")
    assert meta["weight"].device.type == "meta" and tuple(meta["weight"].shape) == (3, 4)
    cuda_saved = tmp_path / "cuda.pt"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(cuda_saved, "w") as dst:
        for info in src.infolist():  # the same checkpoint, its storages recorded as saved on cuda:0
            data = src.read(info)
            if info.filename.endswith("data.pkl"):
                data = data.replace(b"X\x03\x00\x00\x00cpu", b"X\x06\x00\x00\x00cuda:0")
            dst.writestr(info.filename, data)
    with pytest.raises(RuntimeError, match="CUDA"):
        mindtorch.load(cuda_saved)
    assert mindtorch.load(cuda_saved, map_location="cpu")["weight"].device.type == "cpu"


class _Payload:
    def __reduce__(self):
        return (os.system, (f"touch {_Payload.target}",))


def test_weights_only_refuses_arbitrary_globals_and_runs_no_code(tmp_path):
    _Payload.target = tmp_path / "pwned"
    buf = io.BytesIO()
    torch.save({"x": torch.ones(2), "evil": _Payload()}, buf)
    buf.seek(0)
    with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
        mindtorch.load(buf)
    assert not _Payload.target.exists()
    buf.seek(0)
    with pytest.raises(pickle.UnpicklingError):
        torch.load(buf)  # the oracle agrees


def test_add_safe_globals_allows_a_listed_class():
    buf = io.BytesIO()
    torch.save({"od": collections.Counter(a=1)}, buf)
    buf.seek(0)
    with pytest.raises(pickle.UnpicklingError):
        mindtorch.load(buf)
    buf.seek(0)
    with mindtorch.serialization.safe_globals([collections.Counter]):
        assert mindtorch.load(buf)["od"] == collections.Counter(a=1)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=1, max_size=20))
def test_float32_values_survive_both_directions_exactly(values):
    arr = np.array(values, dtype=np.float32)
    there = _roundtrip(mindtorch, torch, mindtorch.from_numpy(arr))
    back = _roundtrip(torch, mindtorch, there)
    assert arr.tobytes() == there.numpy().tobytes() == back.numpy().tobytes()


def test_save_of_dtype_views_writes_the_tensors_dtype(tmp_path):
    """A view(dtype) (same or another element size; what safetensors' loading gives) saves its storage's
    bytes as the tensor's dtype, as torch does; real torch loads it."""
    import numpy as np
    import torch
    import mindtorch
    raw = np.arange(8, dtype=np.float32).tobytes()
    x = mindtorch.frombuffer(bytearray(raw), dtype=mindtorch.uint8).view(mindtorch.float32)
    y = mindtorch.arange(4, dtype=mindtorch.int32).view(mindtorch.float32)
    z = mindtorch.tensor(1.5, dtype=mindtorch.bfloat16)
    mindtorch.save({"x": x, "y": y, "z": z}, tmp_path / "v.pt")
    got = torch.load(tmp_path / "v.pt")
    assert got["x"].dtype == torch.float32 and got["x"].tolist() == list(range(8))
    assert torch.equal(got["y"], torch.arange(4, dtype=torch.int32).view(torch.float32))
    assert got["z"].dtype == torch.bfloat16 and got["z"].item() == 1.5
    with pytest.raises(RuntimeError):
        mindtorch.save([y, y.view(mindtorch.int32)], tmp_path / "w.pt")
