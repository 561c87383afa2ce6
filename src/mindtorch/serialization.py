"""torch.save / torch.load in PyTorch's own formats.

Writing: the zip format of torch >= 1.6 (`<archive>/data.pkl`, one record per storage under
`<archive>/data/`, 64-byte aligned and uncompressed, plus version records), pickled with the same
globals torch uses (`torch._utils._rebuild_tensor_v2`, `torch.FloatStorage`, ...), so real torch loads
it. Tensors that share a Storage share one record, and each keeps its offset and strides, so views,
non-contiguous tensors and shared weights round-trip exactly.

Reading: that zip format and the legacy (pre-1.6) stream format. `weights_only=True` (the default, as in
torch >= 2.6) resolves only an allowlist of globals, so a malicious pickle cannot run code.
"""
import codecs
import collections
import io
import os
import pickle
import struct
import sys
import zipfile
from contextlib import contextmanager

import numpy as np
import mindspore as ms

from . import _dtype as D
from ._device import device as Device, as_device, is_available
from ._storage import Storage
from ._tensor import Tensor, Size

_STORAGE_TYPES = {
    D.float32: "FloatStorage", D.float64: "DoubleStorage", D.float16: "HalfStorage", D.bfloat16: "BFloat16Storage",
    D.int64: "LongStorage", D.int32: "IntStorage", D.int16: "ShortStorage", D.int8: "CharStorage",
    D.uint8: "ByteStorage", D.bool: "BoolStorage", D.complex64: "ComplexFloatStorage",
    D.complex128: "ComplexDoubleStorage"}
_STORAGE_DTYPES = {name: dtype for dtype, name in _STORAGE_TYPES.items()}
MAGIC_NUMBER = 0x1950A86A20F9469CFC6C
PROTOCOL_VERSION = 1001
_ALIGNMENT = 64


class _Global:
    """A global that the pickle names by torch's module path (torch need not be installed)."""

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, *args):  # pickle requires a reduce function to be callable; it is only ever written
        raise TypeError(f"{self.module}.{self.name} is a name in a checkpoint, not a function")


_REBUILD_TENSOR = _Global("torch._utils", "_rebuild_tensor_v2")
_REBUILD_PARAMETER = _Global("torch._utils", "_rebuild_parameter")
_ORDERED_DICT = collections.OrderedDict


class _StorageRef:
    __slots__ = ("storage", "dtype")

    def __init__(self, storage, dtype):
        self.storage, self.dtype = storage, dtype


# ---- saving -------------------------------------------------------------------------------------
class _Pickler(pickle._Pickler):
    """Pickles mindtorch objects under torch's global names, with storages as persistent ids."""

    def __init__(self, file, storages):
        super().__init__(file, protocol=2)
        self._storages = storages  # id(storage) -> (key, _StorageRef, location)
        self._globals = {}

    def _torch_global(self, module, name):
        return self._globals.setdefault((module, name), _Global(module, name))

    def save(self, obj, save_persistent_id=True):
        if isinstance(obj, D.dtype):
            obj = self._torch_global("torch", obj.name)
        if isinstance(obj, _Global):
            memo = self.memo.get(id(obj))
            if memo is not None:
                return self.write(self.get(memo[0]))
            self.write(pickle.GLOBAL + obj.module.encode() + b"\n" + obj.name.encode() + b"\n")
            return self.memoize(obj)
        return super().save(obj, save_persistent_id)

    def persistent_id(self, obj):
        if not isinstance(obj, _StorageRef):
            return None
        entry = self._storages.get(id(obj.storage))
        if entry is None:
            entry = (str(len(self._storages)), obj, "cpu")
            self._storages[id(obj.storage)] = entry
        key, ref, location = entry
        if ref.dtype is not obj.dtype:
            raise RuntimeError("Cannot save multiple tensors or storages that view the same data as different types")
        return ("storage", self._torch_global("torch", _STORAGE_TYPES[ref.dtype]), key, location,
                _numel_as(ref.storage, ref.dtype))

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            func, args = _reduce_tensor(obj)
            return self._torch_global(func.module, func.name), args
        if isinstance(obj, Size):
            return self._torch_global("torch", "Size"), (tuple(obj),)
        if isinstance(obj, Device):
            args = (obj.type,) if obj.index is None else (obj.type, obj.index)
            return self._torch_global("torch", "device"), args
        return NotImplemented


def _storage_dtype(t):
    """The typed storage torch writes for t: the tensor's own dtype (a view(dtype) saves its storage's bytes
    as that dtype, as torch does)."""
    return t._dtype


def _numel_as(storage, dtype):
    """The storage's size in elements of `dtype` (its bytes over the element size)."""
    return storage.nbytes() // dtype.itemsize if storage.value is not None else storage.numel


def _reduce_tensor(t):
    if t._device.type == "meta":
        raise NotImplementedError("mindtorch: saving 'meta' tensors is not supported (they carry no data)")
    dtype = _storage_dtype(t)
    if dtype not in _STORAGE_TYPES:
        raise NotImplementedError(f"mindtorch: torch.save of {dtype} tensors is not supported")
    if type(t).__name__ == "Parameter":
        return (_REBUILD_PARAMETER, (Tensor._make_subclass(Tensor, t), t._requires_grad, _ORDERED_DICT()))
    return (_REBUILD_TENSOR, (_StorageRef(t._storage, dtype), t._offset, tuple(t._shape), tuple(t.stride()),
                              t._requires_grad, _ORDERED_DICT()))


def reduce_tensor(t):
    """Tensor.__reduce_ex__ for plain pickling (copy, multiprocessing): values, dtype and layout."""
    dtype = _storage_dtype(t)
    return (_rebuild_from_bytes, (_storage_bytes(t._storage, dtype), dtype.name, _numel_as(t._storage, dtype),
                                  t._offset,
                                  tuple(t._shape), tuple(t.stride()), t._requires_grad, str(t._device),
                                  type(t) if type(t) is not Tensor else None))


def _rebuild_from_bytes(data, dtype_name, numel, offset, shape, stride, requires_grad, device, cls=None):
    dtype = D.BY_NAME[dtype_name]
    t = _tensor_on(_storage_from_bytes(data, dtype, numel), dtype, offset, shape, stride, as_device(device))
    t._requires_grad = requires_grad
    return Tensor._make_subclass(cls, t, requires_grad) if cls is not None else t


def _storage_bytes(storage, dtype):
    """The storage's bytes (whatever dtype its MindSpore value has; `dtype` is how they are read back)."""
    value = storage.value
    if value.dtype == ms.bfloat16:
        value = storage.flat_as(ms.int16)  # the bits travel as int16 (MindSpore's bf16 NumPy export varies)
    return np.ascontiguousarray(value.asnumpy()).tobytes()


def _storage_from_bytes(data, dtype, numel):
    if dtype is D.bfloat16:
        host = np.frombuffer(data, dtype=np.int16, count=numel).copy()
        value = ms.Tensor(host).view(ms.bfloat16)
    else:
        host = np.frombuffer(data, dtype=dtype._np, count=numel).copy()
        if sys.byteorder != "little":
            host = host.byteswap()
        value = ms.Tensor(host)
    return Storage(value, numel)


def _tensor_on(storage, dtype, offset, shape, stride, device):
    """A tensor over `storage` with the given layout (its values are read from the storage on first use)."""
    owner = Tensor._make_meta((storage.numel,), dtype, device)
    owner._storage = storage
    t = owner._view(shape, stride, offset)
    t._base = None
    return t


class _AlignedZipWriter:
    """A zip archive torch's reader accepts: stored records, data records aligned to 64 bytes."""

    def __init__(self, file, archive_name):
        self.zip = zipfile.ZipFile(file, "w", compression=zipfile.ZIP_STORED, allowZip64=True)
        self.prefix = archive_name

    def write(self, name, data):
        info = zipfile.ZipInfo(f"{self.prefix}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED
        header_len = 30 + len(info.filename.encode())
        start = self.zip.fp.tell() if hasattr(self.zip.fp, "tell") else 0
        pad = (-(start + header_len + 4)) % _ALIGNMENT
        info.extra = struct.pack("<HH", 0x4654, pad) + b"Z" * pad  # 'FT' padding field, as torch writes
        self.zip.writestr(info, data)

    def close(self):
        self.zip.close()


def save(obj, f, pickle_module=pickle, pickle_protocol=2, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False):
    if not _use_new_zipfile_serialization:
        raise NotImplementedError("mindtorch: torch.save writes only the zip format (_use_new_zipfile_serialization)")
    storages = {}
    data = io.BytesIO()
    _Pickler(data, storages).dump(obj)
    opened = isinstance(f, (str, os.PathLike))
    stream = open(f, "wb") if opened else f
    archive = os.path.splitext(os.path.basename(os.fspath(f)))[0] if opened else "archive"
    try:
        writer = _AlignedZipWriter(stream, archive or "archive")
        writer.write("data.pkl", data.getvalue())
        writer.write(".format_version", b"1")
        writer.write(".storage_alignment", b"64")
        writer.write("byteorder", b"little")
        for key, ref, _ in storages.values():
            writer.write(f"data/{key}", _storage_bytes(ref.storage, ref.dtype))
        writer.write("version", b"3\n")
        writer.write(".data/serialization_id", b"0" * 40)
        writer.close()
    finally:
        if opened:
            stream.close()


# ---- loading ------------------------------------------------------------------------------------
_user_safe_globals = {}


def add_safe_globals(safe_globals):
    for g in safe_globals:
        obj, name = g if isinstance(g, tuple) else (g, f"{g.__module__}.{g.__qualname__}")
        _user_safe_globals[name] = obj


def get_safe_globals():
    return list(_user_safe_globals.values())


def clear_safe_globals():
    _user_safe_globals.clear()


@contextmanager
def safe_globals(globals_list):
    saved = dict(_user_safe_globals)
    add_safe_globals(globals_list)
    try:
        yield
    finally:
        _user_safe_globals.clear()
        _user_safe_globals.update(saved)


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False, backward_hooks=None,
                       metadata=None):
    storage, dtype, device = storage
    t = _tensor_on(storage, dtype, storage_offset, tuple(size), tuple(stride), device)
    t._requires_grad = bool(requires_grad)
    return t


def _rebuild_parameter(data, requires_grad, backward_hooks=None):
    from .nn import Parameter
    return Parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    p = _rebuild_parameter(data, requires_grad)
    p.__dict__.update(state or {})
    return p


class _StorageType:
    """What the pickle's `torch.FloatStorage` (etc.) global resolves to: the storage's dtype."""

    def __init__(self, dtype):
        self.dtype = dtype


_TORCH_GLOBALS = {
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter_with_state,
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("torch", "Size"): Size,
    ("torch", "device"): Device,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "slice"): slice,
    ("builtins", "complex"): complex,
    ("_codecs", "encode"): codecs.encode,  # bytes in pickle protocol 2 (NumPy arrays' data); torch allows it too
}


def _weights_only_error(module, name):
    return pickle.UnpicklingError(
        "Weights only load failed. This file can still be loaded, to do so you have two options, do those steps only "
        "if you trust the source of the checkpoint.\n\t(1) In PyTorch 2.6, we changed the default value of the "
        "`weights_only` argument in `torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` "
        "set to `False` will likely succeed, but it can result in arbitrary code execution. Do it only if you got the "
        "file from a trusted source.\n\t(2) Alternatively, to load with `weights_only=True` please check the "
        f"recommended steps in the following error message.\n\tWeightsUnpickler error: Unsupported global: GLOBAL "
        f"{module}.{name} was not an allowed global by default. Please use `torch.serialization.add_safe_globals"
        f"([{name}])` to allowlist this global if you trust it.")


def _map_location(location, map_location):
    """The device a storage saved at `location` loads onto."""
    if map_location is None:
        target = location
    elif isinstance(map_location, dict):
        target = map_location.get(location, location)
    elif callable(map_location) and not isinstance(map_location, (str, Device)):
        target = map_location(_StorageType(D.uint8), location)
        target = getattr(target, "device", None) or (target if isinstance(target, (str, Device)) else "cpu")
    else:
        target = map_location
    d = as_device(target)
    if d.type not in ("cpu", "meta") and not is_available(d.type):
        if d.type == "cuda":
            raise RuntimeError("Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is "
                               "False. If you are running on a CPU-only machine, please use torch.load with "
                               "map_location=torch.device('cpu') to map your storages to the CPU.")
        raise RuntimeError(f"Attempting to deserialize object on device '{d}', which is not available here; use "
                           "map_location='cpu'.")
    return d


class _Unpickler(pickle.Unpickler):
    """Resolves torch's globals to mindtorch's and storages through `load_storage(key, dtype, numel, device)`."""

    def __init__(self, file, load_storage, map_location, weights_only):
        super().__init__(file)
        self._load_storage = load_storage
        self._map_location = map_location
        self._weights_only = weights_only
        self._storages = {}

    def find_class(self, module, name):
        if (module, name) in _TORCH_GLOBALS:
            return _TORCH_GLOBALS[(module, name)]
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(_STORAGE_DTYPES[name])
        if module == "torch" and name in D.BY_NAME:
            return D.BY_NAME[name]
        if f"{module}.{name}" in _user_safe_globals:
            return _user_safe_globals[f"{module}.{name}"]
        if self._weights_only:
            raise _weights_only_error(module, name)
        if module == "torch" or module.startswith("torch."):
            module = "mindtorch" + module[5:]
        return super().find_class(module, name)

    def persistent_load(self, pid):
        if pid[0] != "storage":
            raise pickle.UnpicklingError(f"Unknown persistent id {pid[0]!r}")
        storage_type, key, location, numel = pid[1:5]
        if len(pid) > 5 and pid[5] is not None:
            raise NotImplementedError("mindtorch: legacy checkpoints with storage views are not supported")
        dtype = storage_type.dtype
        if key not in self._storages:
            device = _map_location(location, self._map_location)
            storage = Storage(None, numel) if device.type == "meta" else self._load_storage(key, dtype, numel)
            self._storages[key] = (storage, dtype, device)
        return self._storages[key]


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    if weights_only is None:
        weights_only = os.environ.get("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "0") not in ("1", "true", "True")
    opened = isinstance(f, (str, os.PathLike))
    stream = open(f, "rb") if opened else f
    try:
        start = stream.tell()
        is_zip = zipfile.is_zipfile(stream)
        stream.seek(start)
        if is_zip:
            return _load_zip(stream, map_location, weights_only, os.fspath(f) if mmap and opened else None)
        if mmap:
            raise RuntimeError("mmap can only be used with files saved with `torch.save(_use_new_zipfile_serialization"
                               "=True), please torch.save your checkpoint with this option in order to use mmap.")
        return _load_legacy(stream, map_location, weights_only)
    finally:
        if opened:
            stream.close()


def _load_zip(stream, map_location, weights_only, mmap_path):
    archive = zipfile.ZipFile(stream)
    pkl = next(n for n in archive.namelist() if n.endswith("data.pkl"))
    prefix = pkl[: -len("data.pkl")]

    def load_storage(key, dtype, numel):
        name = f"{prefix}data/{key}"
        if mmap_path:  # read the record in place instead of through a bytes copy of the archive member
            offset = _data_offset(stream, archive.getinfo(name))
            width = np.int16 if dtype is D.bfloat16 else dtype._np
            return _storage_from_bytes(np.memmap(mmap_path, dtype=width, mode="r", offset=offset, shape=(numel,)),
                                       dtype, numel)
        return _storage_from_bytes(archive.read(name), dtype, numel)

    return _Unpickler(io.BytesIO(archive.read(pkl)), load_storage, map_location, weights_only).load()


def _data_offset(stream, info):
    stream.seek(info.header_offset)
    name_len, extra_len = struct.unpack("<HH", stream.read(30)[26:30])
    return info.header_offset + 30 + name_len + extra_len


def _load_legacy(stream, map_location, weights_only):
    """The pre-1.6 stream: magic, protocol, sys_info, the object pickle, storage keys, then each storage's
    element count (int64) and bytes. Storages are filled in after the object pickle names them."""
    if pickle.load(stream) != MAGIC_NUMBER:
        raise RuntimeError("Invalid magic number; corrupt file?")
    if pickle.load(stream) != PROTOCOL_VERSION:
        raise RuntimeError("Invalid protocol version")
    pickle.load(stream)  # sys_info
    pending = {}

    def placeholder(key, dtype, numel):
        pending[key] = (Storage(None, numel), dtype)
        return pending[key][0]

    result = _Unpickler(stream, placeholder, map_location, weights_only).load()
    for key in pickle.load(stream):
        storage, dtype = pending[key]
        (numel,) = struct.unpack("<q", stream.read(8))
        filled = _storage_from_bytes(stream.read(numel * dtype.itemsize), dtype, numel)
        storage.value, storage.numel = filled.value, numel
    return result
