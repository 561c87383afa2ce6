"""Tensors as bytes, against real torch: view(dtype) across element sizes (sharing the storage both ways),
torch.frombuffer, UntypedStorage (bytes, from_file, slices) read by torch.asarray, and data_ptr() as the
address of the values (safetensors' save reads it through ctypes)."""
import ctypes

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import mindtorch
import torch
from oracle import check, LIBS

SIZED = ["uint8", "int8", "int16", "float16", "bfloat16", "int32", "float32", "int64", "float64"]


@settings(deadline=None)
@given(src=st.sampled_from(SIZED), dst=st.sampled_from(SIZED), rows=st.integers(1, 3),
       cols=st.sampled_from([0, 8, 16]), sliced=st.booleans(), seed=st.integers(0, 2 ** 16))
def test_view_dtype_across_element_sizes(src, dst, rows, cols, sliced, seed):
    raw = np.random.default_rng(seed).integers(0, 256, size=(rows, cols * 8), dtype=np.uint8)
    raw[..., 1::2] &= 0x3F  # keep halves and bfloats finite, so values compare

    def fn(lib, x):
        t = x.view(getattr(lib, src))
        if sliced:
            t = t[:, : t.shape[1] // 2] if t.shape[1] >= 2 else t
        return t.view(getattr(lib, dst))
    check(fn, raw, check_stride=True, rtol=0, atol=0)


@pytest.mark.parametrize("src,dst", [("uint8", "float32"), ("float32", "uint8"), ("int16", "int64"),
                                     ("float64", "bfloat16")])
def test_writes_through_a_resized_dtype_view_reach_the_base_and_back(src, dst):
    raw = np.arange(32, dtype=np.uint8)

    def fn(lib, x):
        base = x.view(getattr(lib, src)).clone()
        v = base.view(getattr(lib, dst))
        v[1:2] = 0
        base[:1] = 7
        return base.view(lib.uint8), v.view(lib.uint8), v._version == base._version
    check(fn, raw)


@pytest.mark.parametrize("case", ["stride", "size", "offset", "zero_dim"])
def test_view_dtype_across_sizes_errors(case):
    def fn(lib, x):
        t = x.view(lib.uint8)
        if case == "stride":
            return t.view(4, 8).t().view(lib.int32)
        if case == "size":
            return t[:6].view(lib.int32)
        if case == "offset":
            return t[2:6].view(lib.int32)
        return t[0].view(lib.int32)
    check(fn, np.zeros(32, np.uint8))


@pytest.mark.parametrize("dtype", ["uint8", "int16", "bfloat16", "float32", "float64", "bool"])
@pytest.mark.parametrize("count,offset", [(-1, 0), (2, 8), (1, 0)])
def test_frombuffer(dtype, count, offset):
    data = bytes(np.random.default_rng(0).integers(0, 64, 48, dtype=np.uint8) & (1 if dtype == "bool" else 0x3F))
    check(lambda lib: lib.frombuffer(bytearray(data), dtype=getattr(lib, dtype), count=count, offset=offset),
          rtol=0, atol=0)


@pytest.mark.parametrize("data,kw", [(b"abc", {"dtype": "int16"}), (b"", {"dtype": "uint8"}),
                                     (b"abcd", {"dtype": "int16", "count": 3}),
                                     (b"abcd", {"dtype": "int16", "offset": 4})])
def test_frombuffer_errors(data, kw):
    kw = dict(kw)
    name = kw.pop("dtype")
    check(lambda lib: lib.frombuffer(bytearray(data), dtype=getattr(lib, name), **kw))


@pytest.mark.parametrize("shared", [False, True])
def test_storage_from_file_sliced_and_read_as_tensors(tmp_path, shared):
    values = np.arange(-6, 6, dtype=np.float32)
    path = tmp_path / "data.bin"
    path.write_bytes(b"\x01\x02\x03\x04" + values.tobytes())
    out = []
    for lib in LIBS:
        s = lib.UntypedStorage.from_file(str(path), shared=shared, nbytes=4 + values.nbytes)
        part = s[4:4 + 16]
        t = lib.asarray(part, dtype=lib.uint8).view(dtype=lib.float32).reshape(2, 2)
        out.append((s.nbytes(), len(s), s[1], part.nbytes(), t.tolist(), str(t.dtype), isinstance(s, lib.UntypedStorage)))
    assert out[0] == out[1]
    sizes = []  # (torch also zeroes the first byte here; not compared)
    for lib in LIBS:
        grown = tmp_path / f"grown_{lib.__name__}.bin"
        grown.write_bytes(b"abc")
        if shared:  # torch grows the file to the mapping
            s = lib.UntypedStorage.from_file(str(grown), shared=True, nbytes=64)
            s[3] = 7
            del s
            data = grown.read_bytes()
            sizes.append((len(data), data[3], data[1:3]))
        else:
            with pytest.raises(RuntimeError):
                lib.UntypedStorage.from_file(str(grown), shared=False, nbytes=64)
    assert len(set(sizes)) <= 1


def test_storage_from_bytes_and_asarray_dtypes():
    for name in ["uint8", "int16", "float32", "bfloat16"]:
        got = [lib.asarray(lib.UntypedStorage([0, 0, 128, 63, 0, 0, 0, 64]), dtype=getattr(lib, name)) for lib in LIBS]
        assert str(got[0].dtype) == str(got[1].dtype)
        assert got[0].float().tolist() == got[1].float().tolist()


@pytest.mark.parametrize("dtype", ["float32", "bfloat16", "int64", "float16", "bool"])
def test_data_ptr_reads_the_values_and_is_stable(dtype):
    """data_ptr() points at the values (a host mirror in mindtorch), shared by views, fixed across writes."""
    for lib in LIBS:
        d = getattr(lib, dtype)
        t = lib.arange(6).to(d)
        view = t[2:]
        assert view.data_ptr() - t.data_ptr() == 2 * t.element_size()
        assert t.untyped_storage().data_ptr() == t.data_ptr()
        nbytes = t.numel() * t.element_size()
        before = t.data_ptr()
        t.mul_(2) if dtype != "bool" else t.logical_not_()
        assert t.data_ptr() == before
        raw = np.ctypeslib.as_array(ctypes.cast(t.data_ptr(), ctypes.POINTER(ctypes.c_ubyte)), (nbytes,)).copy()
        expected = t.view(lib.uint8).tolist() if dtype != "bool" else t.to(lib.uint8).tolist()
        assert raw.tolist() == expected, lib.__name__
    assert mindtorch.empty(0).data_ptr() == torch.empty(0).data_ptr() == 0
    assert mindtorch.empty(3, device="meta").data_ptr() == torch.empty(3, device="meta").data_ptr() == 0


def test_bytes_of_a_zero_dim_tensor():
    """A 0-dim storage read as bytes through a reshape (MindSpore crashes on view(dtype) of such a reshape)."""
    def fn(lib, x):
        s = x.reshape(())
        b = s.reshape(1).view(lib.uint8)
        b[0] = 7
        return b, s, s.data_ptr() != 0
    check(fn, np.array([3.5], np.float32), rtol=0, atol=0)
