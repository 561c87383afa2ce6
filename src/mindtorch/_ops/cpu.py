"""The CPU table: where MindSpore's CPU kernels are missing for a dtype, or slow, this file replaces
the default kernel. Each entry says why."""
import numpy as np
import mindspore as ms
from mindspore import ops

from .registry import kernel, TABLES
from .._runtime import HOST_KERNELS

_NUMPY_DTYPES = {ms.bool_, ms.uint8, ms.int8, ms.int16, ms.int32, ms.int64, ms.uint16, ms.uint32, ms.uint64,
                 ms.float16, ms.float32, ms.float64, ms.complex64, ms.complex128}
_HOST_CAST_LIMIT = 1 << 16


@kernel("cast", "cpu")
def _cast_cpu(value, ms_dtype):
    # MindSpore's CPU Cast kernel costs ~600 us per call whatever the size (measured: 4x4 float32 ->
    # float16 620 us, NumPy round trip 9 us); small casts go through the host.
    if value.size <= _HOST_CAST_LIMIT and HOST_KERNELS[0]:  # off while MindSpore differentiates
        src = value.dtype
        if src in _NUMPY_DTYPES and ms_dtype in _NUMPY_DTYPES:
            return ms.from_numpy(value.asnumpy().astype(ms.dtype_to_nptype(ms_dtype)))  # a fresh array: safe to share
        # bfloat16 has no NumPy dtype: its bits are float32's upper half (measured: 4x4 25 us this way, 620 us
        # through Cast), so it goes through float32 on the host with round-to-nearest-even.
        if src == ms.bfloat16 and ms_dtype in _NUMPY_DTYPES:
            return ms.from_numpy(_bf16_bits_to_f32(value.view(ms.int16).asnumpy()).astype(ms.dtype_to_nptype(ms_dtype)))
        if ms_dtype == ms.bfloat16 and src in _NUMPY_DTYPES and src not in (ms.complex64, ms.complex128):
            return ms.from_numpy(_f32_to_bf16_bits(value.asnumpy().astype(np.float32))).view(ms.bfloat16)
    return ops.cast(value, ms_dtype)


def _bf16_bits_to_f32(bits):
    wide = bits.reshape(-1).view(np.uint16).astype(np.uint32) << np.uint32(16)  # 1-d: no NumPy scalar promotion
    return wide.view(np.float32).reshape(bits.shape)


def _f32_to_bf16_bits(x):
    u = np.ascontiguousarray(x, dtype=np.float32).reshape(-1).view(np.uint32)
    one, half = np.uint32(1), np.uint32(0x7FFF)
    rounded = ((u + (half + ((u >> np.uint32(16)) & one))) >> np.uint32(16)).astype(np.uint16)
    nan = np.isnan(u.view(np.float32))
    if nan.any():
        rounded[nan] = 0x7FC0  # canonical quiet NaN (torch gives this for 0-dim tensors, 0xFFFF from its vectorized path)
    return rounded.view(np.int16).reshape(np.shape(x))
