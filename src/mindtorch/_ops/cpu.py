"""The CPU table: where MindSpore's CPU kernels are missing for a dtype, or slow, this file replaces
the default kernel. Each entry says why."""
import numpy as np
import mindspore as ms
from mindspore import ops

from .registry import kernel, TABLES

_NUMPY_DTYPES = {ms.bool_, ms.uint8, ms.int8, ms.int16, ms.int32, ms.int64, ms.uint16, ms.uint32, ms.uint64,
                 ms.float16, ms.float32, ms.float64, ms.complex64, ms.complex128}
_HOST_CAST_LIMIT = 1 << 16


@kernel("cast", "cpu")
def _cast_cpu(value, ms_dtype):
    # MindSpore's CPU Cast kernel costs ~600 us per call whatever the size (measured: 4x4 float32 ->
    # float16 620 us, NumPy round trip 9 us); small casts go through the host.
    if value.size <= _HOST_CAST_LIMIT and value.dtype in _NUMPY_DTYPES and ms_dtype in _NUMPY_DTYPES:
        src = value.asnumpy()
        return ms.from_numpy(src.astype(ms.dtype_to_nptype(ms_dtype)))  # a fresh array: safe to share
    return ops.cast(value, ms_dtype)
