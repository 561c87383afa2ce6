"""make_tensor: a tensor of the given shape and dtype filled with values drawn uniformly from
[low, high) (torch's defaults and argument checks), from mindtorch's default generator."""
import math

import numpy as np

from .. import _dtype as D

_INTEGRAL = (D.uint8, D.int8, D.int16, D.int32, D.int64, D.uint16, D.uint32, D.uint64)


def _bounds(dtype, low, high, default_low, default_high, lowest, highest):
    for v in (low, high):
        if v is not None and isinstance(v, float) and math.isnan(v):
            raise ValueError(f"`low` and `high` cannot be NaN, but got low={low} and high={high}")
    low = default_low if low is None else low
    high = default_high if high is None else high
    if low > high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    if low == high and dtype not in _INTEGRAL:
        pass
    low, high = max(low, lowest), min(high, highest)
    return low, high


def make_tensor(*shape, dtype, device, low=None, high=None, requires_grad=False, noncontiguous=False,
                exclude_zero=False, memory_format=None):
    from .._ops.random import default_generator
    from .._ops.creation import from_host
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    shape = tuple(int(s) for s in shape)
    if noncontiguous and memory_format is not None:
        raise ValueError(f"The parameters `noncontiguous` and `memory_format` are mutually exclusive, but got "
                         f"noncontiguous={noncontiguous} and memory_format={memory_format}")
    if requires_grad and dtype in (D.bool,) + _INTEGRAL:
        raise ValueError(f"`requires_grad=True` is not supported for boolean and integral dtypes, but got "
                         f"dtype={dtype}")
    gen = default_generator._np
    full_shape = shape[:-1] + (shape[-1] * 2,) if noncontiguous and shape and shape[-1] > 1 else shape
    if dtype is D.bool:
        values = gen.integers(0, 2, size=full_shape).astype(bool)
    elif dtype in _INTEGRAL:
        info = np.iinfo(dtype._np)
        lo, hi = _bounds(dtype, low, high, -9 if info.min < 0 else 0, 10, info.min, info.max)
        values = gen.integers(math.ceil(lo), math.ceil(hi) if hi != lo else math.ceil(hi) + 1, size=full_shape,
                              dtype=np.int64, endpoint=False).astype(dtype._np)
    elif dtype.is_floating_point or dtype.is_complex:
        fin = D.finfo(dtype)
        lo, hi = _bounds(dtype, low, high, -9, 9, fin.min, fin.max)
        if dtype.is_complex:
            values = gen.uniform(lo, hi, size=full_shape) + 1j * gen.uniform(lo, hi, size=full_shape)
        else:
            values = gen.uniform(lo, hi, size=full_shape)
    else:
        raise TypeError(f"The requested dtype '{dtype}' is not supported by torch.testing.make_tensor()."
                        " To request support, file an issue at: https://github.com/pytorch/pytorch/issues")
    if exclude_zero:
        if dtype is D.bool:
            values = np.ones(full_shape, dtype=bool)
        elif dtype in _INTEGRAL:
            values = np.where(values == 0, 1, values)
        else:
            tiny = float(D.finfo(dtype).tiny)
            values = np.where(values == 0, tiny, values)
    np_dtype = dtype._np if dtype._np is not None else np.float32
    t = from_host(np.ascontiguousarray(values.astype(np_dtype)), dtype, device)
    if full_shape != shape:
        t = t[..., ::2]
    if requires_grad:
        t.requires_grad_(True)
    return t
