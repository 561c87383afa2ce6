"""Storage: the values one tensor and all its views share, and their version counter.

MindSpore tensors are values here, never mutated: a write through any view computes the new
values of the whole storage (a scatter into it) and bumps `version`; each view holds a cached
MindSpore value and the storage version it was computed at, and recomputes it from the storage
(a gather by its offset and strides) when the storage has moved on. This keeps torch's view
semantics exact although MindSpore's own views do not write through to their base.
"""
import numpy as np
import mindspore as ms
from mindspore import ops

from ._dtype import FROM_MS_ID as _FROM_MS_ID


def ms_itemsize(value):
    """Bytes per element of a MindSpore tensor, from its dtype (MindSpore's `itemsize` is stale on the
    results of Tensor.view(dtype): a uint8 tensor viewed as float32 still says 1)."""
    return _FROM_MS_ID[id(value.dtype)].itemsize


def reinterpret_flat(value, ms_dtype):
    """`value`'s bytes, flattened, read as `ms_dtype`. MindSpore's Tensor.view(dtype) crashes on a reshape of
    a 0-dim tensor and on a broadcast (stride-0) value, so those are copied first."""
    flat = value.reshape(-1).copy() if value.ndim == 0 else (value if value.ndim == 1 else value.reshape(-1))
    if not flat.is_contiguous():
        flat = flat.contiguous()
    return flat.view(ms_dtype)


class Storage:
    __slots__ = ("value", "version", "numel", "host", "host_seen", "__weakref__")

    def __init__(self, value, numel):
        self.value = value  # a MindSpore tensor with `numel` elements, in any shape; None on 'meta'
        self.version = 0
        self.numel = numel
        self.host = None  # the host mirror data_ptr() points into (host_address)
        self.host_seen = None

    def flat(self):
        v = self.value
        return v if v.ndim == 1 else v.reshape(-1)

    def flat_as(self, ms_dtype):
        """The storage's bytes read as `ms_dtype` (a dtype of another element size), flat."""
        return reinterpret_flat(self.value, ms_dtype)

    def nbytes(self):
        v = self.value
        return 0 if v is None else self.numel * ms_itemsize(v)

    def host_address(self, sync):
        """The address of a host buffer of this storage's bytes, fixed for the storage's life: what
        data_ptr() answers (torch's is the address of the data, and code reads it through ctypes, as
        safetensors' save does). The buffer is allocated on first use (uncommitted until written); with
        `sync` it is refreshed to the current values when the storage moved on since. It mirrors the
        values: writes through the address do not reach the tensor (MindSpore owns the memory)."""
        n = self.nbytes()
        if n == 0:
            return 0
        if self.host is None:
            self.host = np.empty(n, np.uint8)
        if sync:
            stamp = (self.version, id(self.value))
            if self.host_seen != stamp:
                self.host[:] = np.ascontiguousarray(self.value.asnumpy()).reshape(-1).view(np.uint8)
                self.host_seen = stamp
        return self.host.ctypes.data


_CONTIGUOUS = {}


def contiguous_strides(shape):
    """Row-major strides of `shape`; memoized for tuples (every view op asks for them, ~2 us each)."""
    try:
        return _CONTIGUOUS[shape]
    except (KeyError, TypeError):  # not seen yet, or a list
        pass
    strides = []
    acc = 1
    for s in reversed(shape):
        strides.append(acc)
        acc *= max(s, 1)
    strides = tuple(reversed(strides))
    if isinstance(shape, tuple):
        if len(_CONTIGUOUS) >= 8192:
            _CONTIGUOUS.clear()
        _CONTIGUOUS[shape] = strides
    return strides


def is_contiguous_layout(shape, stride):
    """torch's rule: size-1 dims may have any stride; empty tensors are contiguous."""
    if 0 in shape:
        return True
    expected = 1
    for size, st in zip(reversed(shape), reversed(stride)):
        if size != 1:
            if st != expected:
                return False
            expected *= size
    return True


def flat_indices(shape, stride, offset):
    """Storage positions of every element of a strided view, in row-major order."""
    idx = np.full((), offset, dtype=np.int64)
    for dim, (size, st) in enumerate(zip(shape, stride)):
        axis_shape = [1] * len(shape)
        axis_shape[dim] = size
        idx = idx + (np.arange(size, dtype=np.int64) * st).reshape(axis_shape)
    return np.ascontiguousarray(np.broadcast_to(idx, shape)).reshape(-1)


# Data movement is dtype-blind, so dtypes without a gather/scatter kernel move as same-width ints.
_BITCAST = {ms.bfloat16: ms.int16, ms.float16: ms.int16, ms.complex64: ms.int64, ms.bool_: ms.uint8}


def gather_flat(flat, index):
    as_int = _BITCAST.get(flat.dtype)
    if as_int is None:
        return ops.gather(flat, index, 0)
    return ops.gather(flat.view(as_int), index, 0).view(flat.dtype)


def scatter_flat(flat, index, values):
    as_int = _BITCAST.get(flat.dtype)
    if as_int is None:
        return ops.tensor_scatter_elements(flat, index, values, 0)
    return ops.tensor_scatter_elements(flat.view(as_int), index, values.view(as_int), 0).view(flat.dtype)
