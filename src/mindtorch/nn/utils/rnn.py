"""torch.nn.utils.rnn: PackedSequence and the padding/packing helpers.

Every data movement is one differentiable gather (index_select over a flattened tensor, with one extra
row carrying the padding value where positions are padded), so gradients flow through the gather's
formula; the index maps are computed on the host from the (CPU, int64) lengths."""
import warnings
from collections import namedtuple

import numpy as np

from ... import _dtype as D
from ... import _ops
from ..._tensor import Tensor

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence", "pad_sequence",
           "unpad_sequence", "pack_sequence", "unpack_sequence"]

_PackedSequenceBase = namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])


def _np(x):
    if isinstance(x, Tensor):
        return np.asarray(x.detach().cpu().numpy())
    return np.asarray(x)


def _long(arr, device=None):
    t = _ops.tensor(np.asarray(arr, dtype=np.int64).tolist(), dtype=D.int64)
    return t if device is None else t.to(device)


class PackedSequence(_PackedSequenceBase):
    """Data and list of batch_sizes of a packed sequence (see pack_padded_sequence)."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is not None:
            if batch_sizes.device.type != "cpu":
                raise ValueError(
                    "batch_sizes should always be on CPU. Instances of PackedSequence should never be created "
                    "manually. They should be instantiated by functions like pack_sequence and "
                    "pack_padded_sequences in nn.utils.rnn. "
                    "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence")
            return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)
        if not (isinstance(data, (list, tuple)) and len(data) == 2):
            raise AssertionError("expected (data, batch_sizes)")
        return super().__new__(cls, data[0], data[1], sorted_indices, unsorted_indices)

    def pin_memory(self):
        return self

    def to(self, *args, **kwargs):
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        dev = data.device
        si = None if self.sorted_indices is None else self.sorted_indices.to(dev, non_blocking=True)
        ui = None if self.unsorted_indices is None else self.unsorted_indices.to(dev, non_blocking=True)
        return type(self)(data, self.batch_sizes, si, ui)

    def cuda(self, *args, **kwargs):
        return self.to(*args, device="cuda", **kwargs)

    def cpu(self, *args, **kwargs):
        return self.to(*args, device="cpu", **kwargs)

    def double(self):
        return self.to(dtype=D.float64)

    def float(self):
        return self.to(dtype=D.float32)

    def half(self):
        return self.to(dtype=D.float16)

    def long(self):
        return self.to(dtype=D.int64)

    def int(self):
        return self.to(dtype=D.int32)

    def short(self):
        return self.to(dtype=D.int16)

    def char(self):
        return self.to(dtype=D.int8)

    def byte(self):
        return self.to(dtype=D.uint8)

    @property
    def is_cuda(self):
        return self.data.is_cuda

    def is_pinned(self):
        return False


def invert_permutation(permutation):
    if permutation is None:
        return None
    p = _np(permutation)
    inv = np.empty_like(p)
    inv[p] = np.arange(p.size, dtype=p.dtype)
    return _long(inv, permutation.device)


def _lengths_np(lengths):
    if isinstance(lengths, Tensor):
        if lengths.dim() != 1:
            raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got {lengths.dim()}D "
                               f"{lengths.device.type} {lengths.dtype} tensor")
        return _np(lengths).astype(np.int64)
    return np.asarray(list(lengths), dtype=np.int64).reshape(-1)


def _gather_rows(flat, index_np):
    """flat[index] along dim 0 as one recorded gather (index: NumPy int array)."""
    return _ops.index_select(flat, 0, _long(index_np.reshape(-1), flat.device))


def _with_pad_row(flat, padding_value):
    """flat (N, *) with one more row filled with padding_value at index N."""
    pad = _ops.full((1,) + tuple(flat.shape[1:]), padding_value, dtype=flat.dtype, device=flat.device)
    return _ops.cat([flat, pad], 0)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    lens = _lengths_np(lengths)
    if enforce_sorted:
        if lens.size and np.any(lens[:-1] < lens[1:]):
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass "
                "`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement "
                "if you do not need ONNX exportability.")
        sorted_np = None
    else:
        sorted_np = np.argsort(-lens, kind="stable")
        lens = lens[sorted_np]
    if lens.size and lens.min() <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           "that is <= 0")
    T, B = (input.shape[1], input.shape[0]) if batch_first else (input.shape[0], input.shape[1])
    if lens.size != B:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {lens.size} "
                           f"(batch_size={B})")
    if lens.size and lens[0] > T:
        raise RuntimeError(f"Expected sequence length to be larger than or equal to max length, but got {T}")
    maxlen = int(lens.max()) if lens.size else 0
    batch_sizes = np.array([(lens > t).sum() for t in range(maxlen)], dtype=np.int64)
    orig = sorted_np if sorted_np is not None else np.arange(B)
    # packed row order: time-major, within a step the (sorted) batch entries still running
    idx = []
    for t in range(maxlen):
        b = orig[:batch_sizes[t]]
        idx.append(b * T + t if batch_first else t * B + b)
    idx = np.concatenate(idx) if idx else np.zeros(0, np.int64)
    flat = input.reshape((T * B,) + tuple(input.shape[2:]))
    data = _gather_rows(flat, idx)
    sorted_indices = None if sorted_np is None else _long(sorted_np, input.device)
    return PackedSequence(data, _long(batch_sizes), sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    data, batch_sizes = sequence.data, _np(sequence.batch_sizes).astype(np.int64)
    max_len = batch_sizes.size
    B = int(batch_sizes[0]) if max_len else 0
    if total_length is not None:
        if total_length < max_len:
            raise ValueError("Expected total_length to be at least the length of the longest sequence in input, "
                             f"but got total_length={total_length} and max sequence length being {max_len}")
        T = total_length
    else:
        T = max_len
    lens_sorted = np.array([(batch_sizes > b).sum() for b in range(B)], dtype=np.int64)
    N = int(batch_sizes.sum())
    offsets = np.concatenate([[0], np.cumsum(batch_sizes)[:-1]]).astype(np.int64)
    unsorted = None if sequence.unsorted_indices is None else _np(sequence.unsorted_indices).astype(np.int64)
    # output column j holds sorted batch entry unsorted[j]
    cols = unsorted if unsorted is not None else np.arange(B)
    idx = np.full((T, B), N, dtype=np.int64)
    for t in range(max_len):
        run = cols < batch_sizes[t]
        idx[t, run] = offsets[t] + cols[run]
    if batch_first:
        idx = idx.T
    out = _gather_rows(_with_pad_row(data, padding_value), idx)
    out = out.reshape(tuple(idx.shape) + tuple(data.shape[1:]))
    lengths = lens_sorted[cols] if B else lens_sorted
    return out, _long(lengths)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    if isinstance(sequences, Tensor):
        sequences = sequences.unbind(0)
    sequences = list(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    trail = tuple(sequences[0].shape[1:])
    for s in sequences:
        if tuple(s.shape[1:]) != trail:
            raise RuntimeError("The size of tensor a must match the size of tensor b at non-singleton dimension")
    lens = np.array([s.shape[0] for s in sequences], dtype=np.int64)
    T, B = int(lens.max()), len(sequences)
    N = int(lens.sum())
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    idx = np.full((T, B), N, dtype=np.int64)
    for b in range(B):
        n = lens[b]
        pos = np.arange(n) if padding_side == "right" else np.arange(T - n, T)
        idx[pos, b] = starts[b] + np.arange(n)
    if batch_first:
        idx = idx.T
    flat = _with_pad_row(_ops.cat([s.reshape((s.shape[0],) + trail) for s in sequences], 0), padding_value)
    return _gather_rows(flat, idx).reshape(tuple(idx.shape) + trail)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    lens = _lengths_np(lengths)
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [padded_sequences[b, :int(n)] for b, n in enumerate(lens)]


def pack_sequence(sequences, enforce_sorted=True):
    lengths = [s.size(0) for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


_ = warnings
