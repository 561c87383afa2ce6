"""The functions of torch.cuda / torch.npu / torch.xpu / torch.mps for one device type, answering for
this MindSpore process: a device type is available only where MindSpore's device_target runs it
('cuda' -> GPU, 'npu' -> Ascend; 'xpu' and 'mps' never). Where it is not, each function answers as
torch answers on a machine without that device: queries that need no device give their neutral value
(0, False, [], None), the rest raise torch's error."""
import contextlib

import mindspore as ms

from ._device import is_available as _is_available, device as _Device


class DeviceAPI:
    def __init__(self, device_type, ms_target, display):
        self.type, self.ms_target, self.display = device_type, ms_target, display
        self._current = 0

    # -- availability ---------------------------------------------------------------------------------
    def is_available(self):
        return self.ms_target is not None and _is_available(self.type)

    def _check(self):
        if not self.is_available():
            raise AssertionError(f"Torch not compiled with {self.display} enabled (mindtorch: MindSpore's "
                                 f"device_target is {ms.get_context('device_target')})")

    def device_count(self):
        if not self.is_available():
            return 0
        return ms.hal.device_count(self.ms_target)

    def is_initialized(self):
        return self.is_available()

    def init(self):
        self._check()

    def current_device(self):
        self._check()
        return ms.get_context("device_id")

    def set_device(self, device):
        idx = _index(device)
        if idx is None or idx < 0:
            return
        self._check()
        if idx != ms.get_context("device_id"):
            raise RuntimeError(f"mindtorch: MindSpore runs on {self.type}:{ms.get_context('device_id')} in this "
                               f"process; switching to {self.type}:{idx} is not supported (set device_id before start)")

    def get_device_name(self, device=None):
        self._check()
        return ms.hal.get_device_name(_index(device) or 0, self.ms_target)

    def get_device_capability(self, device=None):
        self._check()
        return tuple(ms.hal.get_device_capability(_index(device) or 0, self.ms_target) or (0, 0))

    def get_device_properties(self, device=None):
        self._check()
        return ms.hal.get_device_properties(_index(device) or 0, self.ms_target)

    def is_bf16_supported(self, including_emulation=True):
        if not self.is_available():
            return False
        if self.type == "cuda":
            return self.get_device_capability()[0] >= 8
        return True

    def is_tf32_supported(self):
        return self.is_available() and self.type == "cuda" and self.get_device_capability()[0] >= 8

    def get_arch_list(self):
        return []

    def synchronize(self, device=None):
        self._check()
        ms.runtime.synchronize()

    def ipc_collect(self):
        self._check()

    def can_device_access_peer(self, device, peer_device):
        self._check()
        return False

    # -- memory -------------------------------------------------------------------------------------------
    def empty_cache(self):
        if self.is_available():
            ms.runtime.empty_cache()

    def _memory(self, name):
        def query(device=None):
            return getattr(ms.runtime, name)() if self.is_available() else 0
        query.__name__ = name
        return query

    def memory_stats(self, device=None):
        return dict(ms.runtime.memory_stats()) if self.is_available() else {}

    def memory_summary(self, device=None, abbreviated=False):
        return ms.runtime.memory_summary() if self.is_available() else ""

    def reset_peak_memory_stats(self, device=None):
        self._check()
        ms.runtime.reset_peak_memory_stats()

    def reset_max_memory_allocated(self, device=None):
        self._check()
        ms.runtime.reset_max_memory_allocated()

    def reset_max_memory_cached(self, device=None):
        self._check()
        ms.runtime.reset_max_memory_reserved()

    def reset_accumulated_memory_stats(self, device=None):
        self._check()

    def mem_get_info(self, device=None):
        self._check()
        props = self.get_device_properties(device)
        total = int(getattr(props, "total_memory", 0))
        return total - ms.runtime.memory_reserved(), total

    def set_per_process_memory_fraction(self, fraction, device=None):
        self._check()
        ms.runtime.set_memory(max_size=f"{fraction * self.get_device_properties(device).total_memory / 2**30}GB")

    # -- random -------------------------------------------------------------------------------------------
    # mindtorch draws every device's random numbers from the host Generator (see _ops/random.py), so the
    # device's generator is the default one; where the device is not available, seeding is a no-op, as
    # torch's lazy seeding is on a machine without the device.
    def manual_seed(self, seed):
        if self.is_available():
            from ._ops.random import default_generator
            default_generator.manual_seed(int(seed))

    def manual_seed_all(self, seed):
        self.manual_seed(seed)

    def seed(self):
        if self.is_available():
            from ._ops.random import default_generator
            default_generator.seed()

    def seed_all(self):
        self.seed()

    def initial_seed(self):
        self._check()
        from ._ops.random import default_generator
        return default_generator.initial_seed()

    def get_rng_state(self, device="cuda"):
        self._check()
        from ._ops.random import default_generator
        return default_generator.get_state()

    def set_rng_state(self, new_state, device="cuda"):
        self._check()
        from ._ops.random import default_generator
        default_generator.set_state(new_state)

    def get_rng_state_all(self):
        return [self.get_rng_state() for _ in range(self.device_count())]

    def set_rng_state_all(self, new_states):
        for s in new_states:
            self.set_rng_state(s)

    @property
    def default_generators(self):
        if not self.is_available():
            return ()
        from ._ops.random import default_generator
        return (default_generator,)

    # -- streams and events -------------------------------------------------------------------------------
    def current_stream(self, device=None):
        self._check()
        return self.Stream(_ms_stream=ms.runtime.current_stream())

    def default_stream(self, device=None):
        self._check()
        return self.Stream(_ms_stream=ms.runtime.default_stream())

    def set_stream(self, stream):
        self._check()
        if stream is not None:
            ms.runtime.set_cur_stream(stream._ms)

    def is_current_stream_capturing(self):
        return False

    def stream(self, stream):
        return self.StreamContext(stream)

    def functions(self):
        api = self
        names = ["is_available", "device_count", "is_initialized", "init", "current_device", "set_device",
                 "get_device_name", "get_device_capability", "get_device_properties", "is_bf16_supported",
                 "is_tf32_supported", "get_arch_list", "synchronize", "ipc_collect", "can_device_access_peer",
                 "empty_cache", "memory_stats", "memory_summary", "reset_peak_memory_stats",
                 "reset_max_memory_allocated", "reset_max_memory_cached", "reset_accumulated_memory_stats",
                 "mem_get_info", "set_per_process_memory_fraction", "manual_seed", "manual_seed_all", "seed",
                 "seed_all", "initial_seed", "get_rng_state", "set_rng_state", "get_rng_state_all",
                 "set_rng_state_all", "current_stream", "default_stream", "set_stream", "is_current_stream_capturing",
                 "stream"]
        out = {n: getattr(api, n) for n in names}
        for n in ("memory_allocated", "max_memory_allocated", "memory_reserved", "max_memory_reserved"):
            out[n] = self._memory(n)
        out["memory_cached"] = out["memory_reserved"]
        out["max_memory_cached"] = out["max_memory_reserved"]
        out["Stream"], out["Event"], out["StreamContext"] = self.Stream, self.Event, self.StreamContext
        out["device"], out["device_of"] = self.device_context, self.device_of
        out["default_generators"] = self.default_generators
        out["_is_compiled"] = self.is_available
        out["_lazy_init"] = self.init
        return out

    # classes are built per device type so that isinstance checks tell torch.cuda.Stream from others
    def build_classes(self):
        api = self

        class Stream:
            """A stream on this device type: MindSpore's runtime Stream."""

            def __init__(self, device=None, priority=0, _ms_stream=None, **kwargs):
                if not api.is_available():
                    raise RuntimeError(f"torch.{api.type}.Stream requires {api.display} support (mindtorch: "
                                       f"MindSpore's device_target is {ms.get_context('device_target')})")
                self._ms = _ms_stream if _ms_stream is not None else ms.runtime.Stream(priority)
                self.device = _Device(api.type, ms.get_context("device_id"))

            def wait_stream(self, stream):
                self._ms.wait_stream(stream._ms)

            def wait_event(self, event):
                self._ms.wait_event(event._ms)

            def record_event(self, event=None):
                event = event or api.Event()
                event.record(self)
                return event

            def query(self):
                return self._ms.query()

            def synchronize(self):
                self._ms.synchronize()

            def __eq__(self, other):
                return isinstance(other, Stream) and self._ms == other._ms

            def __hash__(self):
                return hash(id(self._ms))

            def __enter__(self):
                self._ctx = api.StreamContext(self)
                return self._ctx.__enter__()

            def __exit__(self, *exc):
                return self._ctx.__exit__(*exc)

        class Event:
            def __init__(self, enable_timing=False, blocking=False, interprocess=False):
                if not api.is_available():
                    raise RuntimeError(f"torch.{api.type}.Event requires {api.display} support (mindtorch: "
                                       f"MindSpore's device_target is {ms.get_context('device_target')})")
                self._ms = ms.runtime.Event(enable_timing=enable_timing, blocking=blocking)

            def record(self, stream=None):
                self._ms.record(None if stream is None else stream._ms)

            def wait(self, stream=None):
                self._ms.wait(None if stream is None else stream._ms)

            def query(self):
                return self._ms.query()

            def synchronize(self):
                self._ms.synchronize()

            def elapsed_time(self, end_event):
                return self._ms.elapsed_time(end_event._ms)

        class StreamContext:
            def __init__(self, stream):
                self.stream = stream

            def __enter__(self):
                if self.stream is None:
                    return None
                self._prev = ms.runtime.current_stream()
                ms.runtime.set_cur_stream(self.stream._ms)
                return self.stream

            def __exit__(self, *exc):
                if self.stream is not None:
                    ms.runtime.set_cur_stream(self._prev)
                return False

        class device:
            """Context manager selecting a device index (MindSpore runs one device per process)."""

            def __init__(self, device):
                self.idx = _index(device)

            def __enter__(self):
                if self.idx is not None and self.idx >= 0:
                    if not api.is_available():
                        raise RuntimeError(f"PyTorch was compiled without {api.display} support (mindtorch: "
                                           f"MindSpore's device_target is {ms.get_context('device_target')})")
                    api.set_device(self.idx)
                return self

            def __exit__(self, *exc):
                return False

        class device_of(device):
            def __init__(self, obj):
                super().__init__(obj.get_device() if getattr(obj, "is_cuda", False) else -1)

        for cls in (Stream, Event, StreamContext, device, device_of):
            cls.__module__ = f"torch.{api.type}"
        self.Stream, self.Event, self.StreamContext = Stream, Event, StreamContext
        self.device_context, self.device_of = device, device_of
        return self


def _index(device):
    if device is None:
        return None
    if isinstance(device, int):
        return device
    if isinstance(device, str):
        device = _Device(device)
    if isinstance(device, _Device):
        return device.index
    return None


@contextlib.contextmanager
def _nullcontext():
    yield


def make(device_type, ms_target, display):
    return DeviceAPI(device_type, ms_target, display).build_classes()
