"""Flags and availability answers of the torch namespace on this CPU-only machine, against real torch
(same types and values), and mindtorch's documented answers where they differ from a torch build."""
import warnings

import pytest
import torch

import mindtorch


def both(expr):
    """`expr` (a function of the library) evaluated on torch and mindtorch: (value or exception type)."""
    out = []
    for lib in (torch, mindtorch):
        try:
            out.append(expr(lib))
        except Exception as e:  # noqa: BLE001
            out.append(type(e))
    return out


QUERIES = {
    "cuda.is_available": lambda t: t.cuda.is_available(),
    "cuda.device_count": lambda t: t.cuda.device_count(),
    "cuda.is_initialized": lambda t: t.cuda.is_initialized(),
    "cuda.is_bf16_supported": lambda t: t.cuda.is_bf16_supported(),
    "cuda.memory_allocated": lambda t: t.cuda.memory_allocated(),
    "cuda.max_memory_allocated": lambda t: t.cuda.max_memory_allocated(),
    "cuda.memory_reserved": lambda t: t.cuda.memory_reserved(),
    "cuda.empty_cache": lambda t: t.cuda.empty_cache(),
    "cuda.get_rng_state_all": lambda t: t.cuda.get_rng_state_all(),
    "cuda.manual_seed": lambda t: t.cuda.manual_seed(3),
    "cuda.manual_seed_all": lambda t: t.cuda.manual_seed_all(3),
    "cuda.current_device": lambda t: t.cuda.current_device(),
    "cuda.get_device_capability": lambda t: t.cuda.get_device_capability(),
    "cuda.get_device_name": lambda t: t.cuda.get_device_name(),
    "cuda.synchronize": lambda t: t.cuda.synchronize(),
    "cuda.get_rng_state": lambda t: t.cuda.get_rng_state(),
    "cuda.mem_get_info": lambda t: t.cuda.mem_get_info(),
    "cuda.current_stream": lambda t: t.cuda.current_stream(),
    "cuda.Stream": lambda t: t.cuda.Stream(),
    "cuda.default_generators": lambda t: t.cuda.default_generators,
    "cuda.is_tf32_supported": lambda t: t.cuda.is_tf32_supported(),
    "cuda.get_arch_list": lambda t: t.cuda.get_arch_list(),
    "cuda.amp.GradScaler.is_enabled": lambda t: t.cuda.amp.GradScaler().is_enabled(),
    "xpu.is_available": lambda t: t.xpu.is_available(),
    "xpu.device_count": lambda t: t.xpu.device_count(),
    "xpu.memory_allocated": lambda t: t.xpu.memory_allocated(),
    "xpu.empty_cache": lambda t: t.xpu.empty_cache(),
    "xpu.current_device": lambda t: t.xpu.current_device(),
    "xpu.is_bf16_supported": lambda t: t.xpu.is_bf16_supported(),
    "mps.is_available": lambda t: t.mps.is_available(),
    "mps.device_count": lambda t: t.mps.device_count(),
    "mps.synchronize": lambda t: t.mps.synchronize(),
    "mps.empty_cache": lambda t: t.mps.empty_cache(),
    "mps.manual_seed": lambda t: t.mps.manual_seed(1),
    "accelerator.is_available": lambda t: t.accelerator.is_available(),
    "accelerator.device_count": lambda t: t.accelerator.device_count(),
    "accelerator.current_accelerator": lambda t: t.accelerator.current_accelerator(),
    "accelerator.current_device_index": lambda t: t.accelerator.current_device_index(),
    "accelerator.synchronize": lambda t: t.accelerator.synchronize(),
    "_C._get_accelerator": lambda t: str(t._C._get_accelerator()),
    "backends.mps.is_available": lambda t: t.backends.mps.is_available(),
    "backends.mps.is_built": lambda t: t.backends.mps.is_built(),
    "backends.cuda.is_built": lambda t: t.backends.cuda.is_built(),
    "backends.cudnn.is_available": lambda t: t.backends.cudnn.is_available(),
    "backends.cudnn.enabled": lambda t: t.backends.cudnn.enabled,
    "backends.cudnn.benchmark": lambda t: t.backends.cudnn.benchmark,
    "backends.cudnn.deterministic": lambda t: t.backends.cudnn.deterministic,
    "backends.cudnn.allow_tf32": lambda t: t.backends.cudnn.allow_tf32,
    "backends.cudnn.version": lambda t: t.backends.cudnn.version(),
    "backends.cuda.matmul.allow_tf32": lambda t: t.backends.cuda.matmul.allow_tf32,
    "backends.cuda.matmul.allow_fp16_reduced_precision_reduction":
        lambda t: t.backends.cuda.matmul.allow_fp16_reduced_precision_reduction,
    "backends.cuda.flash_sdp_enabled": lambda t: t.backends.cuda.flash_sdp_enabled(),
    "backends.cuda.math_sdp_enabled": lambda t: t.backends.cuda.math_sdp_enabled(),
    "backends.cuda.mem_efficient_sdp_enabled": lambda t: t.backends.cuda.mem_efficient_sdp_enabled(),
    "backends.mps.is_macos_or_newer": lambda t: t.backends.mps.is_macos_or_newer(14, 0),
    "backends.mha.get_fastpath_enabled": lambda t: t.backends.mha.get_fastpath_enabled(),
    "backends.cpu.get_cpu_capability": lambda t: t.backends.cpu.get_cpu_capability(),
    "distributed.is_initialized": lambda t: t.distributed.is_initialized(),
    "distributed.is_nccl_available": lambda t: t.distributed.is_nccl_available(),
    "distributed.is_mpi_available": lambda t: t.distributed.is_mpi_available(),
    "distributed.is_torchelastic_launched": lambda t: t.distributed.is_torchelastic_launched(),
    "distributed.get_rank": lambda t: t.distributed.get_rank(),
    "distributed.get_world_size": lambda t: t.distributed.get_world_size(),
    "distributed.barrier": lambda t: t.distributed.barrier(),
    "distributed.ReduceOp.SUM": lambda t: repr(t.distributed.ReduceOp.SUM),
    "distributed.group.WORLD": lambda t: t.distributed.group.WORLD,
    "version.cuda": lambda t: t.version.cuda,
    "version.hip": lambda t: t.version.hip,
    "version.__version__": lambda t: str(t.version.__version__).split("+")[0],
    "jit.is_tracing": lambda t: t.jit.is_tracing(),
    "jit.is_scripting": lambda t: t.jit.is_scripting(),
    "compiler.is_compiling": lambda t: t.compiler.is_compiling(),
    "compiler.is_dynamo_compiling": lambda t: t.compiler.is_dynamo_compiling(),
    "compiler.is_exporting": lambda t: t.compiler.is_exporting(),
    "_dynamo.is_compiling": lambda t: t._dynamo.is_compiling(),
    "onnx.is_in_onnx_export": lambda t: t.onnx.is_in_onnx_export(),
    "get_num_threads": lambda t: t.get_num_threads(),
    "get_num_interop_threads": lambda t: type(t.get_num_interop_threads()),
    "are_deterministic_algorithms_enabled": lambda t: t.are_deterministic_algorithms_enabled(),
    "is_deterministic_algorithms_warn_only_enabled": lambda t: t.is_deterministic_algorithms_warn_only_enabled(),
    "get_deterministic_debug_mode": lambda t: t.get_deterministic_debug_mode(),
    "get_float32_matmul_precision": lambda t: t.get_float32_matmul_precision(),
    "is_inference_mode_enabled": lambda t: t.is_inference_mode_enabled(),
    "is_autocast_enabled()": lambda t: t.is_autocast_enabled(),
    "is_autocast_enabled(cpu)": lambda t: t.is_autocast_enabled("cpu"),
    "get_autocast_dtype(cpu)": lambda t: str(t.get_autocast_dtype("cpu")),
    "get_autocast_dtype(cuda)": lambda t: str(t.get_autocast_dtype("cuda")),
    "get_autocast_cpu_dtype": lambda t: str(t.get_autocast_cpu_dtype()),
    "get_autocast_gpu_dtype": lambda t: str(t.get_autocast_gpu_dtype()),
    "is_autocast_cache_enabled": lambda t: t.is_autocast_cache_enabled(),
    "amp.is_autocast_available(cpu)": lambda t: t.amp.is_autocast_available("cpu"),
    "is_warn_always_enabled": lambda t: t.is_warn_always_enabled(),
    "overrides.has_torch_function": lambda t: t.overrides.has_torch_function((t.ones(1),)),
    "overrides.is_tensor_like": lambda t: t.overrides.is_tensor_like(t.ones(1)),
    "sym_max": lambda t: t.sym_max(1, 2),
    "sym_min": lambda t: t.sym_min(1, 2),
    "sym_float": lambda t: t.sym_float(3),
    "sym_int": lambda t: (t.sym_int(3.7), t.sym_int(-3.7)),
    "sym_not": lambda t: t.sym_not(True),
    "sym_ite": lambda t: t.sym_ite(False, 1, 2),
    "sym_sum": lambda t: t.sym_sum([1, 2, 3]),
    "isinstance SymInt": lambda t: isinstance(3, t.SymInt),
    "hub.get_dir": lambda t: t.hub.get_dir(),
    "random.initial_seed type": lambda t: type(t.random.initial_seed()),
    "fx.experimental.guard_or_false": lambda t: t.fx.experimental.symbolic_shapes.guard_or_false(3 > 2),
    "fx.experimental.statically_known_true": lambda t: t.fx.experimental.symbolic_shapes.statically_known_true(1 == 1),
    "jit.script identity": lambda t: t.jit.script(len) is len if t is mindtorch else True,
    "nn.attention.SDPBackend.MATH": lambda t: (int(t.nn.attention.SDPBackend.MATH),
                                               str(t.nn.attention.SDPBackend.FLASH_ATTENTION)),
    "multiprocessing.get_context": lambda t: type(t.multiprocessing.get_context("spawn")).__name__,
    "types.Number": lambda t: sorted(a.__name__ for a in t.types.Number.__args__),
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_flag_matches_torch(name):
    import torch.nn.attention  # noqa: F401  (a submodule torch does not import by itself)
    import torch.fx.experimental.symbolic_shapes  # noqa: F401
    import mindtorch.fx.experimental.symbolic_shapes  # noqa: F401
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected, actual = both(QUERIES[name])
    if isinstance(expected, type) and issubclass(expected, Exception) and expected is AttributeError:
        pytest.skip("torch itself fails with AttributeError here (no CUDA in this torch build)")
    assert actual == expected, f"{name}: mindtorch {actual!r} != torch {expected!r}"


def test_flags_roundtrip_like_torch():
    for lib in (torch, mindtorch):
        lib.use_deterministic_algorithms(True, warn_only=True)
        assert lib.are_deterministic_algorithms_enabled() and lib.is_deterministic_algorithms_warn_only_enabled()
        assert lib.get_deterministic_debug_mode() == 1
        lib.use_deterministic_algorithms(False)
        lib.set_float32_matmul_precision("high")
        assert lib.get_float32_matmul_precision() == "high"
        lib.set_float32_matmul_precision("highest")
        lib.backends.cudnn.deterministic = True
        assert lib.backends.cudnn.deterministic is True
        lib.backends.cudnn.deterministic = False
        with lib.backends.cudnn.flags(enabled=False, benchmark=True):
            assert lib.backends.cudnn.enabled is False and lib.backends.cudnn.benchmark is True
        assert lib.backends.cudnn.enabled is True and lib.backends.cudnn.benchmark is False


def test_invalid_flag_arguments_raise_as_torch():
    for lib in (torch, mindtorch):
        with pytest.raises(RuntimeError):
            lib.set_num_threads(0)
        with pytest.warns(UserWarning):
            lib.set_float32_matmul_precision("bogus")
        assert lib.get_float32_matmul_precision() == "highest"
        with pytest.raises(TypeError):
            lib.use_deterministic_algorithms("yes")


def test_inference_mode_flag_like_torch():
    for lib in (torch, mindtorch):
        assert lib.is_inference_mode_enabled() is False
        with lib.inference_mode():
            assert lib.is_inference_mode_enabled() is True
            with lib.inference_mode(False):
                assert lib.is_inference_mode_enabled() is False
            assert lib.is_inference_mode_enabled() is True
        assert lib.is_inference_mode_enabled() is False

        @lib.inference_mode()
        def f():
            return lib.is_inference_mode_enabled()
        assert f() is True


@pytest.mark.parametrize("call", [
    lambda t: t._assert(False, "boom"),
    lambda t: t._assert(True, "fine"),
    lambda t: t._check(False),
    lambda t: t._check(False, lambda: "custom"),
    lambda t: t._check(True),
    lambda t: t._check_index(False, lambda: "idx"),
    lambda t: t._check_value(False),
    lambda t: t._check_type(False),
    lambda t: t._check_not_implemented(False),
    lambda t: t._check_with(ValueError, False, lambda: "v"),
    lambda t: t._check_is_size(-1),
    lambda t: t._check("yes"),
])
def test_checks_raise_like_torch(call):
    results = []
    for lib in (torch, mindtorch):
        try:
            call(lib)
            results.append(None)
        except Exception as e:  # noqa: BLE001
            results.append((type(e), str(e)))
    assert results[1] == results[0]


def test_compile_returns_the_model_unchanged():
    m = mindtorch.nn.Module()
    assert mindtorch.compile(m) is m
    assert mindtorch.compile(mode="max-autotune")(m) is m
    assert mindtorch.compiler.disable(len) is len
    with pytest.raises(RuntimeError):
        mindtorch.compile(m, mode="default", options={})


def test_not_available_features_say_so():
    with pytest.raises(RuntimeError, match="no backend"):
        mindtorch.distributed.init_process_group("gloo")
    assert mindtorch.distributed.is_available() is False  # until the MindSpore communication backend lands
    with pytest.raises(NotImplementedError, match="export"):
        mindtorch.export.export(None, ())
    with pytest.raises(NotImplementedError, match="symbolic_trace"):
        mindtorch.fx.symbolic_trace(mindtorch.nn.Module())
    with pytest.raises(NotImplementedError, match="trace"):
        mindtorch.jit.trace(len, ())
    with pytest.raises(NotImplementedError, match="TorchFunctionMode"):
        with mindtorch.overrides.TorchFunctionMode():
            pass
    with pytest.raises(RuntimeError, match="download"):
        mindtorch.hub.load_state_dict_from_url("https://example.invalid/nothing-here-xyz.pt", model_dir="/tmp/none")
    with pytest.raises(NotImplementedError):
        mindtorch.cuda.CUDAGraph()
    assert mindtorch.backends.mkldnn.is_available() is False  # no oneDNN tensor layout in mindtorch


def test_deterministic_switches_mindspore():
    import mindspore
    mindtorch.use_deterministic_algorithms(True)
    assert mindspore.get_context("deterministic") == "ON"
    mindtorch.use_deterministic_algorithms(False)
    assert mindspore.get_context("deterministic") == "OFF"
    mindtorch.backends.cudnn.deterministic = True
    assert mindspore.get_context("deterministic") == "ON"
    mindtorch.backends.cudnn.deterministic = False
    assert mindspore.get_context("deterministic") == "OFF"


def test_allow_tf32_is_the_matmul_precision():
    mindtorch.backends.cuda.matmul.allow_tf32 = True
    assert mindtorch.get_float32_matmul_precision() == "high"
    mindtorch.backends.cuda.matmul.allow_tf32 = False
    assert mindtorch.get_float32_matmul_precision() == "highest"


def test_storage_types_for_isinstance():
    t = mindtorch.ones(3)
    assert isinstance(t.untyped_storage(), mindtorch.UntypedStorage)
    assert not isinstance(t, mindtorch.UntypedStorage)


def test_version_compares_as_torch():
    for lib in (torch, mindtorch):
        v = lib.__version__
        assert v >= "2.0" and v > (2, 1) and v < "3.0" and v.split("+")[0] == "2.13.0" and isinstance(v, str)


def test_fork_rng_restores_state():
    mindtorch.manual_seed(5)
    a = mindtorch.rand(3)
    mindtorch.manual_seed(5)
    with mindtorch.random.fork_rng():
        mindtorch.rand(10)
    b = mindtorch.rand(3)
    assert a.tolist() == b.tolist()


def test_distributed_placements_and_dtensor_class():
    from mindtorch.distributed.tensor import Shard, Replicate, DTensor
    import torch.distributed.tensor as tdt
    assert repr(Shard(1)) == repr(tdt.Shard(1)) and repr(Replicate()) == repr(tdt.Replicate())
    assert Shard(1) == Shard(1) and Shard(0) != Shard(1)
    assert not isinstance(mindtorch.ones(1), DTensor)
    with pytest.raises(RuntimeError):
        DTensor()
