"""torch.device against torch: parsing, printing, equality, hashing, pickling, errors by type, the
default device and its context manager, Tensor.device, and meta tensors."""
import copy
import pickle

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import mindtorch


def outcome(fn, lib):
    try:
        r = fn(lib)
    except Exception as e:  # noqa: BLE001
        return type(e)
    return repr(r) if not isinstance(r, (bool, str, int, type(None))) else r


def same(fn):
    e, r = outcome(fn, torch), outcome(fn, mindtorch)
    assert r == e, f"mindtorch {r!r} != torch {e!r}"


SPECS = ["cpu", "cuda", "cuda:0", "cuda:1", "cuda:12", "meta", "meta:0", "cpu:0", "mps", "xla:1", "xpu",
         "privateuseone", "hpu:3", "foo", "gpu", "CUDA", " cuda", "cuda:", "cuda:x", "cuda:-1", "cuda:01",
         "cuda:1:2", "cuda1", "", ":0", "cuda :1"]


@pytest.mark.parametrize("spec", SPECS)
def test_parse_string(spec):
    same(lambda lib: lib.device(spec))
    same(lambda lib: str(lib.device(spec)))
    same(lambda lib: (lib.device(spec).type, lib.device(spec).index))


@pytest.mark.parametrize("args", [("cuda", 1), ("cpu", 0), ("cuda", -1), ("meta", 2), ("cuda:1", 2), ("cuda", "1"),
                                  ("cuda", True), ("cuda", None), (None,), (True,), (1.5,), ([],)])
def test_parse_type_and_index(args):
    same(lambda lib: lib.device(*args))


def test_keywords_copy_and_device_argument():
    same(lambda lib: lib.device(type="cuda", index=2))
    same(lambda lib: lib.device(lib.device("cuda:3")))
    same(lambda lib: lib.device("cuda", index=0))


def test_integer_device_means_the_accelerator():
    # torch and MindSpore here both have no accelerator: torch refuses with RuntimeError
    e = outcome(lambda lib: lib.device(1), torch)
    if e is RuntimeError and mindtorch._device._ms_target() == "CPU":
        assert outcome(lambda lib: lib.device(1), mindtorch) is RuntimeError


def test_npu_is_a_mindtorch_device_type():
    d = mindtorch.device("npu:1")
    assert (d.type, d.index, str(d), repr(d)) == ("npu", 1, "npu:1", "device(type='npu', index=1)")
    assert mindtorch.device("npu") != mindtorch.device("npu:0")


@given(st.sampled_from(["cpu", "cuda", "cuda:0", "cuda:1", "meta", "mps", "cpu:0"]),
       st.sampled_from(["cpu", "cuda", "cuda:0", "cuda:1", "meta", "mps", "cpu:0"]))
def test_equality_and_hash(a, b):
    same(lambda lib: lib.device(a) == lib.device(b))
    same(lambda lib: lib.device(a) != lib.device(b))
    same(lambda lib: hash(lib.device(a)) == hash(lib.device(b)))
    same(lambda lib: lib.device(a) == a)
    same(lambda lib: lib.device(a) == 0)
    same(lambda lib: lib.device(a) < lib.device(b))


@pytest.mark.parametrize("spec", ["cpu", "cuda:1", "meta", "cuda", "mps"])
def test_pickle_copy_and_dict_keys(spec):
    same(lambda lib: pickle.loads(pickle.dumps(lib.device(spec))))
    same(lambda lib: copy.deepcopy(lib.device(spec)))
    same(lambda lib: {lib.device(spec): 1}[lib.device(spec)])


def test_default_device_and_context_manager():
    def fn(lib):
        before = lib.get_default_device()
        with lib.device("meta"):
            inner = (lib.get_default_device(), lib.zeros(2).device, lib.ones(1, 3).is_meta,
                     lib.zeros(2, device="cpu").device)
            with lib.device("cpu"):
                nested = lib.zeros(1).device
            after_nested = lib.get_default_device()
        return before, inner, nested, after_nested, lib.get_default_device(), lib.zeros(1).device
    same(fn)

    def set_get(lib):
        try:
            lib.set_default_device("meta")
            got = (lib.get_default_device(), lib.zeros(2).device, lib.tensor([1.0]).device, lib.arange(3).device)
        finally:
            lib.set_default_device(None)
        return got, lib.get_default_device(), lib.zeros(1).device
    same(set_get)

    def context_restores_after_error(lib):
        try:
            with lib.device("meta"):
                raise KeyError
        except KeyError:
            pass
        return lib.get_default_device()
    same(context_restores_after_error)


def test_cuda_default_device_reports_index():
    # torch (a CUDA build) answers cuda:0, the current device; a CPU build of torch cannot say
    try:
        mindtorch.set_default_device("cuda")
        d = mindtorch.get_default_device()
    finally:
        mindtorch.set_default_device(None)
    assert repr(d) == "device(type='cuda', index=0)"


def test_tensor_device_reporting():
    same(lambda lib: lib.ones(2).device)
    same(lambda lib: lib.ones(2).to("cpu").device)
    same(lambda lib: lib.ones(2).to("cpu:0").device)
    same(lambda lib: lib.ones(2, device="cpu").get_device())
    same(lambda lib: lib.ones(2, device="meta").device)
    same(lambda lib: lib.ones(2).to("meta").device)
    same(lambda lib: lib.ones(2, device=lib.device("meta")).is_meta)
    same(lambda lib: (lib.ones(2).is_cpu, lib.ones(2).is_cuda, lib.ones(2).is_meta))
    same(lambda lib: lib.ones(2, device="cuda"))
    same(lambda lib: lib.ones(2).cuda())
    same(lambda lib: lib.ones(2).to("cuda:1"))


@pytest.mark.parametrize("dtype", ["float32", "int64", "float16", "bool", "float64"])
@pytest.mark.parametrize("shape", [(), (0,), (2, 3), (4, 0, 2)])
def test_meta_tensors_have_shape_and_dtype_but_no_data(dtype, shape):
    def make(lib):
        return lib.empty(shape, dtype=getattr(lib, dtype), device="meta")
    same(lambda lib: (tuple(make(lib).shape), str(make(lib).dtype), make(lib).numel(), make(lib).stride(),
                      make(lib).is_meta, make(lib).device.type, make(lib).element_size(), make(lib).dim()))
    same(lambda lib: repr(make(lib)))
    same(lambda lib: make(lib).item())
    same(lambda lib: make(lib).tolist())
    same(lambda lib: make(lib).numpy())
    same(lambda lib: make(lib).cpu())
    same(lambda lib: repr(make(lib).to(lib.float64)))
    same(lambda lib: repr(make(lib).to("meta")))
    same(lambda lib: repr(make(lib).detach()))
    same(lambda lib: repr(copy.deepcopy(make(lib))))
    same(lambda lib: bool(make(lib)))
    same(lambda lib: float(make(lib)))
    same(lambda lib: make(lib).type())


def test_meta_via_to_and_like():
    same(lambda lib: repr(lib.from_numpy(np.ones((2, 3), np.float32)).to("meta")))
    same(lambda lib: repr(lib.ones(2, 3).to(device="meta", dtype=lib.float16)))
