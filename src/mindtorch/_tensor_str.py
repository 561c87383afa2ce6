"""Tensor.__repr__ in torch's layout, and torch.set_printoptions.

Everything is computed on a host NumPy copy of the values (only the summarized part of a large
tensor is formatted). The rules, from torch's documented output:
- floats: 'int mode' when every finite nonzero value is an integer (printed '1.', '-3.'), scientific
  notation when the largest finite |x| over the smallest is above 1000, or the largest is above 1e8,
  or the smallest is below 1e-4; otherwise fixed with `precision` digits. Every element is padded to
  the widest one; nan/inf are never widened by the trailing dot.
- above `threshold` elements, `edgeitems` rows/elements are shown at each end of every dimension.
- a line holds as many elements as fit in `linewidth` after the indent.
"""
import contextlib
import math

import numpy as np
import mindspore as ms
from mindspore import ops

from . import _dtype as D


class _PrintOptions:
    __slots__ = ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")

    def __init__(self):
        self.precision, self.threshold, self.edgeitems, self.linewidth, self.sci_mode = 4, 1000, 3, 80, None


PRINT_OPTS = _PrintOptions()
_PROFILES = {"default": (4, 1000, 3, 80), "short": (2, 1000, 2, 80), "full": (4, math.inf, 3, 80)}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                     sci_mode=None):
    """torch.set_printoptions: `profile` ('default', 'short', 'full') first, then each option given;
    `sci_mode` is always set (None: chosen per tensor)."""
    if profile is not None and profile in _PROFILES:
        PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = _PROFILES[profile]
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions():
    return {k: getattr(PRINT_OPTS, k) for k in _PrintOptions.__slots__}


@contextlib.contextmanager
def printoptions(**kwargs):
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


# ---- element formatting ------------------------------------------------------------------------
class _Formatter:
    """How every element of one tensor (or of the real or imaginary parts) is written: a format and
    the common width, chosen from the (summarized) values."""

    def __init__(self, values, floating):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = values.reshape(-1)
        if not floating:
            if flat.size:
                if flat.dtype == np.bool_:
                    self.max_width = 5 if not flat.all() else 4
                else:
                    self.max_width = max(len(str(int(flat.max()))), len(str(int(flat.min()))))
            return
        with np.errstate(invalid="ignore"):
            vals = flat[np.isfinite(flat) & (flat != 0)].astype(np.float64)
        if vals.size == 0:
            return
        self.int_mode = bool(np.all(vals == np.ceil(vals)))
        absv = np.abs(vals)
        lo, hi = float(absv.min()), float(absv.max())
        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4
        else:
            self.sci_mode = PRINT_OPTS.sci_mode
        # The width of a formatted number grows with |x| for each sign, so the extremes decide it.
        pos, neg = vals[vals > 0], vals[vals < 0]
        extremes = [float(x) for part in (pos, neg) if part.size for x in (part.min(), part.max())]
        p = PRINT_OPTS.precision
        if self.sci_mode:
            self.max_width = max(len(f"{x:.{p}e}") for x in extremes)
        elif self.int_mode:
            self.max_width = max(len(f"{x:.0f}") + 1 for x in extremes)
        else:
            self.max_width = max(len(f"{x:.{p}f}") for x in extremes)

    def format(self, value):
        if self.floating:
            if self.sci_mode:
                s = f"{value:{self.max_width}.{PRINT_OPTS.precision}e}"
            elif self.int_mode:
                s = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    s += "."
            else:
                s = f"{value:.{PRINT_OPTS.precision}f}"
        else:
            s = f"{value}"
        return s.rjust(self.max_width)


def _complex_str(value, real_fmt, imag_fmt):
    re = real_fmt.format(value.real)
    im = (imag_fmt.format(value.imag) + "j").lstrip()
    return re + im if im[0] in "+-" else re + "+" + im


def _summarized(a, edge):
    """The values shown when summarizing (what the formatter measures)."""
    if a.ndim == 0:
        return a
    if edge <= 0:
        return a if a.ndim == 1 else a[tuple(slice(0, 0) for _ in a.shape)]
    index = [np.r_[0:edge, n - edge:n] if n > 2 * edge else np.arange(n) for n in a.shape]
    return a[np.ix_(*index)]


def _vector_str(a, indent, summarize, fmt):
    f1, f2 = fmt
    width = f1.max_width + 2 + (f2.max_width + 1 if f2 is not None else 0)
    per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / width))
    one = f1.format if f2 is None else (lambda v: _complex_str(v, f1, f2))
    edge = PRINT_OPTS.edgeitems
    if summarize and not edge:
        data = ["..."]
    elif summarize and a.shape[0] > 2 * edge:
        data = [one(v) for v in a[:edge].tolist()] + [" ..."] + [one(v) for v in a[-edge:].tolist()]
    else:
        data = [one(v) for v in a.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _array_str(a, indent, summarize, fmt):
    if a.ndim == 0:
        v = a.item()
        return fmt[0].format(v) if fmt[1] is None else _complex_str(v, *fmt)
    if a.ndim == 1:
        return _vector_str(a, indent, summarize, fmt)
    edge = PRINT_OPTS.edgeitems
    n = a.shape[0]
    if summarize and n > 2 * edge:
        rows = ([_array_str(a[i], indent + 1, summarize, fmt) for i in range(edge)] + ["..."]
                + [_array_str(a[i], indent + 1, summarize, fmt) for i in range(n - edge, n)])
    else:
        rows = [_array_str(a[i], indent + 1, summarize, fmt) for i in range(n)]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(rows) + "]"


def _values_str(t, indent):
    a = _host_values(t)
    summarize = a.size > PRINT_OPTS.threshold
    shown = _summarized(a, PRINT_OPTS.edgeitems) if summarize else a
    if t._dtype.is_complex:
        fmt = (_Formatter(shown.real, True), _Formatter(shown.imag, True))
    else:
        fmt = (_Formatter(shown, t._dtype.is_floating_point), None)
    return _array_str(a, indent, summarize, fmt)


def _host_values(t):
    """The values as a NumPy array to read (not to keep: it may share MindSpore's memory)."""
    v = t._ms
    if v.dtype == ms.bfloat16 or t._dtype._np is None:
        v = ops.cast(v, ms.float32)
    return v.asnumpy().reshape(t._shape)


# ---- the whole repr ------------------------------------------------------------------------------
def tensor_repr(t, tensor_contents=None):
    cls = type(t).__name__
    prefix = "tensor(" if cls in ("Tensor", "Parameter") else f"{cls}("
    indent = len(prefix)
    suffixes = []
    dev = t._device
    if dev.type != "cpu":
        suffixes.append(f"device='{dev}'")
    default = D.get_default_dtype()
    dtype = t._dtype
    numel = t.numel()
    if dev.type == "meta":
        suffixes.append(f"size={tuple(t._shape)}")
        if dtype is not default:
            suffixes.append(f"dtype={dtype}")
        body = "..."
    elif numel == 0:
        if len(t._shape) != 1:
            suffixes.append(f"size={tuple(t._shape)}")
        if dtype is not default:
            suffixes.append(f"dtype={dtype}")
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append(f"size={tuple(t._shape)}")
        if dtype not in (default, D.complex128 if default is D.float64 else D.complex64, D.int64, D.bool):
            suffixes.append(f"dtype={dtype}")
        body = None
    if tensor_contents is not None:
        body = tensor_contents
    elif body is None:
        body = _values_str(t, indent)
    grad_fn = t.grad_fn
    if grad_fn is not None:
        suffixes.append(f"grad_fn=<{type(grad_fn).__name__}>")
    elif t._requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)


def _add_suffixes(text, suffixes, indent):
    parts = [text]
    last_line = len(text) - text.rfind("\n") + 1
    for s in suffixes:
        if last_line + len(s) + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + s)
            last_line = indent + len(s)
        else:
            parts.append(", " + s)
            last_line += len(s) + 2
    parts.append(")")
    return "".join(parts)
