"""assert_close: inputs are paired recursively (sequences, mappings), then compared as tensors, numbers,
booleans or None. Mismatches raise AssertionError with torch's message; inputs no pair handles raise
TypeError. Values are compared on the host with NumPy in the promoted dtype (bfloat16 arithmetic is
emulated by rounding float32 results)."""
import collections.abc
import math

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor

# dtype -> (rtol, atol); dtypes not listed compare exactly
_TOLERANCES = {D.float16: (1e-3, 1e-5), D.bfloat16: (1.6e-2, 1e-5), D.float32: (1.3e-6, 1e-5),
               D.float64: (1e-7, 1e-7), D.complex64: (1.3e-6, 1e-5), D.complex128: (1e-7, 1e-7)}


class _Mismatch(Exception):
    def __init__(self, type_, msg, path=()):
        super().__init__(msg)
        self.type, self.msg, self.path = type_, msg, path

    def to_error(self, msg=None):
        text = self.msg
        if callable(msg):
            text = msg(text)
        elif msg is not None:
            text = msg
        if self.path and msg is None:
            text += "\n\nThe failure occurred for item " + "".join(f"[{p!r}]" for p in self.path)
        return self.type(text)


def _tname(x):
    if isinstance(x, Tensor):
        return "<class 'torch.Tensor'>"
    return str(type(x))


def _is_tensor_like(x):
    return isinstance(x, (Tensor, np.ndarray))


def _is_number(x):
    return isinstance(x, (int, float, complex, np.number)) and not isinstance(x, (bool, np.bool_))


def _is_bool(x):
    return isinstance(x, (bool, np.bool_))


def _dtype_of(x):
    if isinstance(x, Tensor):
        return x._dtype
    return D.FROM_NP.get(np.dtype(x.dtype)) or _np_to_dtype(x.dtype)


def _np_to_dtype(npd):
    for dt in (D.bool, D.uint8, D.int8, D.int16, D.int32, D.int64, D.float16, D.float32, D.float64, D.complex64,
               D.complex128, D.uint16, D.uint32, D.uint64):
        if dt._np is not None and np.dtype(dt._np) == npd:
            return dt
    raise TypeError(f"No comparison pair was able to handle inputs of type {npd}")


def _tolerances(dtypes, rtol, atol):
    if (rtol is None) != (atol is None):
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got no "
                         f"{'rtol' if rtol is None else 'atol'}.")
    if rtol is not None:
        return rtol, atol
    pairs = [_TOLERANCES.get(d, (0.0, 0.0)) for d in dtypes]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _to_numpy(x):
    if isinstance(x, np.ndarray):
        return x
    t = x.detach() if hasattr(x, "detach") else x
    if t._dtype is D.bfloat16:
        return t.to(D.float32).numpy()
    return t.numpy()


def _round_bf16(a):
    a = np.asarray(a, dtype=np.float32)
    bits = a.view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    out = rounded.astype(np.uint32).view(np.float32)
    return np.where(np.isnan(a), a, out)


def _np_dtype(dtype):
    if dtype is D.bfloat16:
        return np.float32
    return dtype._np


def _compare_tensors(actual, expected, rtol, atol, equal_nan, check_device, check_dtype, check_stride):
    a_shape = tuple(actual.shape)
    e_shape = tuple(expected.shape)
    if a_shape != e_shape:
        from .._tensor import Size
        raise _Mismatch(AssertionError, f"The values for attribute 'shape' do not match: {Size(a_shape)} != "
                                        f"{Size(e_shape)}.")
    if check_device and isinstance(actual, Tensor) and isinstance(expected, Tensor) and \
            actual.device != expected.device:
        raise _Mismatch(AssertionError, f"The values for attribute 'device' do not match: {actual.device} != "
                                        f"{expected.device}.")
    a_dt, e_dt = _dtype_of(actual), _dtype_of(expected)
    if check_dtype and a_dt is not e_dt:
        raise _Mismatch(AssertionError, f"The values for attribute 'dtype' do not match: {a_dt} != {e_dt}.")
    if check_stride and isinstance(actual, Tensor) and isinstance(expected, Tensor) and \
            actual.stride() != expected.stride():
        raise _Mismatch(AssertionError, f"The values for attribute 'stride()' do not match: {actual.stride()} != "
                                        f"{expected.stride()}.")
    rtol, atol = _tolerances((a_dt, e_dt), rtol, atol)
    dtype = a_dt if a_dt is e_dt else D.promote_types(a_dt, e_dt)
    a, e = _to_numpy(actual), _to_numpy(expected)
    if a.size == 0:
        return
    if dtype is D.bool or not (dtype.is_floating_point or dtype.is_complex):
        a, e = a.astype(np.int64), e.astype(np.int64)
        matches = a == e
        exact = True
    else:
        npd = _np_dtype(dtype)
        a, e = a.astype(npd), e.astype(npd)
        exact = False
        with np.errstate(invalid="ignore", over="ignore"):
            matches = (a == e) | (np.abs(a - e) <= atol + rtol * np.abs(e))
            if equal_nan:
                matches |= np.isnan(a) & np.isnan(e) if not np.iscomplexobj(a) else (np.isnan(a) & np.isnan(e))
            matches &= ~(np.isinf(a) | np.isinf(e)) | (a == e)
    if matches.all():
        return
    if a.ndim == 0:
        raise _Mismatch(AssertionError, _scalar_msg(a.item(), e.item(), rtol, atol, exact))
    raise _Mismatch(AssertionError, _tensor_msg(a, e, matches, rtol, atol, exact, dtype))


def _fmt(v):
    return repr(v) if isinstance(v, float) else str(v)


def _scalar_msg(actual, expected, rtol, atol, exact):
    if exact:
        abs_diff = abs(actual - expected)
        rel = abs_diff / abs(expected) if expected != 0 else (math.inf if abs_diff else math.nan)
        return (f"Scalars are not equal!\n\nExpected {expected} but got {actual}.\nAbsolute difference: {abs_diff}\n"
                f"Relative difference: {rel}")
    abs_diff = abs(actual - expected)
    if abs(expected) != 0:
        rel = abs_diff / abs(expected)
    else:
        rel = math.inf if abs_diff != 0 else math.nan
        if math.isnan(abs_diff):
            rel = math.nan
    return (f"Scalars are not close!\n\nExpected {expected} but got {actual}.\n"
            f"Absolute difference: {abs_diff} (up to {_fmt(atol)} allowed)\n"
            f"Relative difference: {rel} (up to {_fmt(rtol)} allowed)")


def _tensor_msg(a, e, matches, rtol, atol, exact, dtype):
    total = matches.size
    n_mismatch = int((~matches).sum())
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        if exact:
            abs_diff = np.abs(a - e)
            rel_diff = abs_diff.astype(np.float32) / np.abs(e).astype(np.float32)
        else:
            abs_diff = np.abs(a - e)
            if dtype is D.bfloat16:
                abs_diff = _round_bf16(abs_diff)
            rel_diff = abs_diff / np.abs(e)
            if dtype is D.bfloat16:
                rel_diff = _round_bf16(rel_diff)
        abs_diff = np.where(matches, 0, abs_diff)
        rel_diff = np.where(matches, 0, rel_diff)
    ai = int(np.argmax(abs_diff.reshape(-1)))
    ri = int(np.argmax(rel_diff.reshape(-1)))
    a_idx = tuple(int(i) for i in np.unravel_index(ai, a.shape))
    r_idx = tuple(int(i) for i in np.unravel_index(ri, a.shape))
    max_abs = abs_diff.reshape(-1)[ai].item()
    max_rel = rel_diff.reshape(-1)[ri].item()
    head = "Tensor-likes are not equal!" if exact else "Tensor-likes are not close!"
    msg = f"{head}\n\nMismatched elements: {n_mismatch} / {total} ({n_mismatch / total * 100:.1f}%)\n"
    if exact:
        msg += f"Greatest absolute difference: {max_abs} at index {a_idx}\n"
        msg += f"Greatest relative difference: {max_rel} at index {r_idx}"
    else:
        msg += f"Greatest absolute difference: {max_abs} at index {a_idx} (up to {_fmt(atol)} allowed)\n"
        msg += f"Greatest relative difference: {max_rel} at index {r_idx} (up to {_fmt(rtol)} allowed)"
    return msg


def _compare_numbers(actual, expected, rtol, atol, equal_nan, check_dtype):
    a_t, e_t = type(actual), type(expected)
    if isinstance(actual, np.number):
        actual = actual.item()
    if isinstance(expected, np.number):
        expected = expected.item()
    if check_dtype and type(actual) is not type(expected):
        raise _Mismatch(AssertionError, f"The (d)types do not match: {a_t} != {e_t}.")
    kinds = {int: D.int64, float: D.float64, complex: D.complex128}
    rtol, atol = _tolerances((kinds[type(actual)], kinds[type(expected)]), rtol, atol)
    exact = isinstance(actual, int) and isinstance(expected, int)
    if actual == expected:
        return
    if not exact:
        if equal_nan and _isnan(actual) and _isnan(expected):
            return
        if not (_isinf(actual) or _isinf(expected)) and abs(actual - expected) <= atol + rtol * abs(expected):
            return
    raise _Mismatch(AssertionError, _scalar_msg(actual, expected, rtol, atol, exact))


def _isnan(x):
    return x != x


def _isinf(x):
    return isinstance(x, (float, complex)) and (math.isinf(x.real) or math.isinf(x.imag) if isinstance(x, complex)
                                                else math.isinf(x))


def _compare(actual, expected, path, **kw):
    try:
        _compare_one(actual, expected, path, **kw)
    except _Mismatch as m:
        if not m.path:
            m.path = path
        raise


def _is_sequence(x):
    return isinstance(x, collections.abc.Sequence) and not isinstance(x, (str, bytes))


def _compare_one(actual, expected, path, rtol, atol, equal_nan, check_device, check_dtype, check_stride):
    kw = dict(rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=check_device, check_dtype=check_dtype,
              check_stride=check_stride)
    if _is_sequence(actual) and _is_sequence(expected):
        if len(actual) != len(expected):
            raise _Mismatch(AssertionError, f"The length of the sequences mismatch: {len(actual)} != "
                                            f"{len(expected)}", path)
        for i, (a, e) in enumerate(zip(actual, expected)):
            _compare(a, e, path + (i,), **kw)
        return
    if isinstance(actual, collections.abc.Mapping) and isinstance(expected, collections.abc.Mapping):
        a_keys, e_keys = set(actual), set(expected)
        if a_keys != e_keys:
            missing = sorted(e_keys - a_keys, key=repr)
            extra = sorted(a_keys - e_keys, key=repr)
            lines = ["The keys of the mappings do not match:"]
            if missing:
                lines.append(f"Missing keys in the actual mapping: {missing}")
            if extra:
                lines.append(f"Additional keys in the actual mapping: {extra}")
            raise _Mismatch(AssertionError, "\n".join(lines), path)
        keys = list(actual)
        try:
            keys = sorted(keys)
        except TypeError:
            pass
        for k in keys:
            _compare(actual[k], expected[k], path + (k,), **kw)
        return
    if actual is None or expected is None:
        if actual is None and expected is None:
            return
        if actual is None or expected is None:
            if (actual is None) != (expected is None) and (actual is None or expected is None):
                raise _Mismatch(AssertionError, f"None mismatch: {actual} is not {expected}", path)
    if _is_bool(actual) and _is_bool(expected):
        if bool(actual) != bool(expected):
            raise _Mismatch(AssertionError, f"Booleans mismatch: {actual} is not {expected}", path)
        return
    if _is_number(actual) and _is_number(expected):
        _compare_numbers(actual, expected, rtol, atol, equal_nan, check_dtype)
        return
    if _is_tensor_like(actual) and _is_tensor_like(expected) and type(actual) is type(expected):
        _compare_tensors(actual, expected, rtol, atol, equal_nan, check_device, check_dtype, check_stride)
        return
    raise _Mismatch(TypeError, f"No comparison pair was able to handle inputs of type {_tname(actual)} and "
                               f"{_tname(expected)}.", path)


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False, check_device=True,
                 check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Asserts that `actual` and `expected` are close (see torch.testing.assert_close)."""
    if (rtol is None) != (atol is None):
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got no "
                         f"{'rtol' if rtol is None else 'atol'}.")
    try:
        _compare(actual, expected, (), rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=check_device,
                 check_dtype=check_dtype, check_stride=check_stride)
    except _Mismatch as m:
        raise m.to_error(msg) from None


def assert_allclose(actual, expected, rtol=None, atol=None, equal_nan=True, msg=""):
    """Deprecated torch.testing.assert_allclose: assert_close without dtype checks, NaNs equal."""
    import warnings
    warnings.warn("`torch.testing.assert_allclose()` is deprecated since 1.12 and will be removed in a future "
                  "release. Please use `torch.testing.assert_close()` instead.", FutureWarning)
    from .._ops.creation import as_tensor
    if not isinstance(actual, Tensor):
        actual = as_tensor(actual)
    if not isinstance(expected, Tensor):
        expected = as_tensor(expected, dtype=actual.dtype)
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=True, check_dtype=False,
                 check_stride=False, msg=msg or None)
