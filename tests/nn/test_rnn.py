"""RNN/LSTM/GRU, their cells and nn.utils.rnn against torch: parameter names/shapes, repr, forward outputs and
hidden states with torch's weights, gradients of inputs, initial states and parameters, packed sequences."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import assert_same
from seq_helpers import arr, compare, pair

import mindtorch

R = torch.nn.utils.rnn


def _mod(name, *args, **kw):
    return lambda lib: getattr(lib.nn, name)(*args, **kw)


CONFIGS = [
    ("RNN", {}), ("RNN", {"nonlinearity": "relu", "num_layers": 2}), ("RNN", {"bidirectional": True, "bias": False}),
    ("LSTM", {}), ("LSTM", {"num_layers": 2, "bidirectional": True}), ("LSTM", {"proj_size": 3, "batch_first": True}),
    ("LSTM", {"proj_size": 2, "num_layers": 2, "bidirectional": True, "bias": False}),
    ("GRU", {}), ("GRU", {"num_layers": 2, "bidirectional": True, "batch_first": True}), ("GRU", {"bias": False}),
]


@pytest.mark.parametrize("name,kw", CONFIGS, ids=[f"{n}-{k}" for n, k in CONFIGS])
def test_rnn_forward_and_grad(name, kw):
    tm, mm = pair(_mod(name, 4, 5, **kw))
    x = arr(2, 3, 4) if kw.get("batch_first") else arr(3, 2, 4)
    compare(lambda lib, m, x: m(x), (tm, mm), x)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_rnn_initial_state_and_unbatched(name):
    kw = {"num_layers": 2, "bidirectional": True}
    tm, mm = pair(_mod(name, 3, 4, **kw))
    h = arr(4, 2, 4, seed=3)
    hx = (h, arr(4, 2, 4, seed=4)) if name == "LSTM" else h
    compare(lambda lib, m, x, hx: m(x, hx), (tm, mm), arr(5, 2, 3), hx)
    # unbatched: (T, I) input and (L*D, H) states
    hx1 = (h[:, 0], arr(4, 4, seed=5)) if name == "LSTM" else h[:, 0]
    compare(lambda lib, m, x, hx: m(x, hx), (tm, mm), arr(5, 3), hx1)
    compare(lambda lib, m, x: m(x), (tm, mm), arr(5, 3), grad=False)


def test_rnn_float64_and_dropout():
    tm, mm = pair(_mod("GRU", 3, 4, num_layers=2, dtype=torch.float64) if False else
                  (lambda lib: lib.nn.GRU(3, 4, num_layers=2, dtype=lib.float64)))
    compare(lambda lib, m, x: m(x), (tm, mm), arr(3, 2, 3, dtype=np.float64), rtol=1e-10, atol=1e-12)
    # dropout between layers: identity in eval mode, random in train mode (shape only)
    tm, mm = pair(_mod("LSTM", 3, 4, num_layers=3, dropout=0.5))
    tm.eval(), mm.eval()
    compare(lambda lib, m, x: m(x), (tm, mm), arr(3, 2, 3), grad=False)
    mm.train()
    mindtorch.manual_seed(0)
    out, (h, c) = mm(mindtorch.from_numpy(arr(3, 2, 3)))
    assert tuple(out.shape) == (3, 2, 4) and tuple(h.shape) == (3, 2, 4)


@pytest.mark.parametrize("name,kw", [("LSTM", {"num_layers": 2, "bidirectional": True}),
                                     ("GRU", {"bidirectional": True, "batch_first": True}),
                                     ("RNN", {}), ("LSTM", {"proj_size": 2, "bidirectional": True})])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_rnn_packed(name, kw, enforce_sorted):
    tm, mm = pair(_mod(name, 3, 4, **kw))
    lengths = [5, 3, 3, 1] if enforce_sorted else [3, 5, 1, 3]
    bf = kw.get("batch_first", False)
    x = arr(4, 5, 3) if bf else arr(5, 4, 3)
    d = 2 if kw.get("bidirectional") else 1
    hsize = kw.get("proj_size") or 4
    h0 = arr(kw.get("num_layers", 1) * d, 4, hsize, seed=7)
    hx = (h0, arr(kw.get("num_layers", 1) * d, 4, 4, seed=8)) if name == "LSTM" else h0

    def run(lib, m, x, hx):
        p = lib.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=bf, enforce_sorted=enforce_sorted)
        out, h = m(p, hx)
        assert isinstance(out, lib.nn.utils.rnn.PackedSequence)
        padded, lens = lib.nn.utils.rnn.pad_packed_sequence(out, batch_first=bf, total_length=6)
        return out.data, padded, lens, h
    compare(run, (tm, mm), x, hx)


@pytest.mark.parametrize("name,kw", [("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu", "bias": False}),
                                     ("LSTMCell", {}), ("LSTMCell", {"bias": False}), ("GRUCell", {}),
                                     ("GRUCell", {"bias": False})])
def test_cells(name, kw):
    tm, mm = pair(_mod(name, 3, 4, **kw))
    lstm = name == "LSTMCell"
    hx = (arr(2, 4, seed=1), arr(2, 4, seed=2)) if lstm else arr(2, 4, seed=1)
    compare(lambda lib, m, x, hx: m(x, hx), (tm, mm), arr(2, 3), hx)
    compare(lambda lib, m, x: m(x), (tm, mm), arr(2, 3))
    hx1 = (arr(4, seed=1), arr(4, seed=2)) if lstm else arr(4, seed=1)
    compare(lambda lib, m, x, hx: m(x, hx), (tm, mm), arr(3), hx1)


def test_rnn_parameters_and_init():
    for lib in (torch, mindtorch):
        m = lib.nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2)
        assert m._flat_weights_names[:5] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                             "weight_hr_l0"]
        assert len(m.all_weights) == 4 and len(m._flat_weights) == 20
        assert tuple(m.weight_ih_l1_reverse.shape) == (16, 4)
        assert tuple(m.weight_hh_l1_reverse.shape) == (16, 2)
        m.flatten_parameters()
    m = mindtorch.nn.GRU(3, 16)
    w = np.concatenate([p.detach().numpy().ravel() for p in m.parameters()])
    assert np.abs(w).max() <= 0.25 and np.abs(w).max() > 0.2 and w.std() > 0.1
    assert repr(mindtorch.nn.RNN(3, 4, 2, "relu", False)) == repr(torch.nn.RNN(3, 4, 2, "relu", False))
    assert mindtorch.nn.RNN(3, 4, 2, "relu").nonlinearity == "relu"


def test_rnn_errors():
    def both(fn, exc):
        for lib in (torch, mindtorch):
            with pytest.raises(exc):
                fn(lib)
    both(lambda lib: lib.nn.GRU(3, 4, proj_size=2), ValueError)
    both(lambda lib: lib.nn.LSTM(3, 4, proj_size=4), ValueError)
    both(lambda lib: lib.nn.LSTM(3, 4, dropout=2), ValueError)
    both(lambda lib: lib.nn.LSTM(3, 0), ValueError)
    both(lambda lib: lib.nn.LSTM(3, 4, num_layers=0), ValueError)
    both(lambda lib: lib.nn.RNN(3, 4, nonlinearity="gelu"), ValueError)
    both(lambda lib: lib.nn.LSTM(3, 4)(lib.zeros(2, 3, 5)), RuntimeError)
    both(lambda lib: lib.nn.LSTM(3, 4)(lib.zeros(2, 3, 3, 1)), ValueError)
    both(lambda lib: lib.nn.GRU(3, 4)(lib.zeros(2, 3, 3), lib.zeros(2, 3, 4)), RuntimeError)
    both(lambda lib: lib.nn.GRU(3, 4)(lib.zeros(2, 3, 3), lib.zeros(3, 4)), RuntimeError)
    both(lambda lib: lib.nn.LSTM(3, 4)(lib.zeros(2, 3, 3), (lib.zeros(1, 3, 4), lib.zeros(1, 2, 4))), RuntimeError)
    both(lambda lib: lib.nn.GRU(3, 4)(lib.zeros(2, 3, 3, dtype=lib.float64)), ValueError)
    both(lambda lib: lib.nn.GRUCell(3, 4)(lib.zeros(2, 2, 3)), ValueError)
    both(lambda lib: lib.nn.GRUCell(3, 4)(lib.zeros(2, 5)), RuntimeError)
    both(lambda lib: lib.nn.LSTMCell(3, 4)(lib.zeros(2, 3), (lib.zeros(3, 4), lib.zeros(3, 4))), RuntimeError)
    with pytest.warns(UserWarning):
        mindtorch.nn.LSTM(3, 4, dropout=0.5)


# ---- nn.utils.rnn ------------------------------------------------------------------------------------
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("side", ["right", "left"])
def test_pad_sequence(batch_first, side):
    seqs = [arr(3, 2), arr(5, 2, seed=1), arr(1, 2, seed=2)]
    compare(lambda lib, m, *s: lib.nn.utils.rnn.pad_sequence(list(s), batch_first=batch_first, padding_value=-1.5,
                                                             padding_side=side), None, *seqs)
    compare(lambda lib, m, *s: lib.nn.utils.rnn.pad_sequence(s), None, arr(2), arr(4, seed=1))
    compare(lambda lib, m, x: lib.nn.utils.rnn.pad_sequence(x, batch_first=True), None, arr(3, 2, 4), grad=False)
    compare(lambda lib, m, a, b: lib.nn.utils.rnn.pad_sequence([a, b]), None, arr(2, 1), arr(0, 1))
    for lib in (torch, mindtorch):
        for bad in ({"sequences": [lib.ones(2)], "padding_side": "up"}, {"sequences": []},
                    {"sequences": [lib.ones(2, 1), lib.ones(3, 2)]}):
            with pytest.raises(RuntimeError):
                lib.nn.utils.rnn.pad_sequence(**bad)


@pytest.mark.parametrize("batch_first", [False, True])
def test_pack_pad_roundtrip(batch_first):
    x = arr(4, 3, 2) if not batch_first else arr(3, 4, 2)

    def run(lib, m, x):
        U = lib.nn.utils.rnn
        p = U.pack_padded_sequence(x, lib.tensor([2, 4, 1]), batch_first=batch_first, enforce_sorted=False)
        padded, lens = U.pad_packed_sequence(p, batch_first=batch_first, padding_value=9.0)
        return p.data, p.batch_sizes, p.sorted_indices, p.unsorted_indices, padded, lens
    compare(run, None, x)

    def run_sorted(lib, m, x):
        U = lib.nn.utils.rnn
        p = U.pack_padded_sequence(x, [4, 2, 2], batch_first=batch_first)
        return p.data, p.batch_sizes, p.sorted_indices is None, U.pad_packed_sequence(p, batch_first)
    compare(run_sorted, None, x)


def test_pack_sequence_unpack():
    seqs = [arr(2, 3), arr(4, 3, seed=1), arr(3, 3, seed=2)]

    def run(lib, m, *s):
        U = lib.nn.utils.rnn
        p = U.pack_sequence(list(s), enforce_sorted=False)
        back = U.unpack_sequence(p)
        padded = U.pad_sequence(list(s), batch_first=True)
        unp = U.unpad_sequence(padded, lib.tensor([2, 4, 3]), batch_first=True)
        return p.data, p.batch_sizes, back, unp
    compare(run, None, *seqs)
    for lib in (torch, mindtorch):
        with pytest.raises(RuntimeError):
            lib.nn.utils.rnn.pack_sequence([lib.zeros(2), lib.zeros(3)])
        with pytest.raises(ValueError):
            p = lib.nn.utils.rnn.pack_sequence([lib.zeros(3), lib.zeros(2)])
            lib.nn.utils.rnn.pad_packed_sequence(p, total_length=2)
    p = mindtorch.nn.utils.rnn.pack_sequence([mindtorch.zeros(3), mindtorch.zeros(2)])
    assert isinstance(p, tuple) and p._fields == R.PackedSequence._fields
    assert str(p.batch_sizes.dtype) == "torch.int64" and p.batch_sizes.tolist() == [2, 2, 1]
    q = p.to(mindtorch.float64)
    assert str(q.data.dtype) == "torch.float64" and q.batch_sizes is p.batch_sizes and not p.is_cuda
    assert_same(R.invert_permutation(torch.tensor([2, 0, 1])),
                mindtorch.nn.utils.rnn.invert_permutation(mindtorch.tensor([2, 0, 1])))


@settings(max_examples=8)
@given(st.sampled_from(["RNN", "LSTM", "GRU"]), st.lists(st.integers(1, 4), min_size=1, max_size=4),
       st.booleans(), st.booleans(), st.integers(0, 100))
def test_rnn_packed_random(name, lengths, bidirectional, batch_first, seed):
    tm, mm = pair(_mod(name, 2, 3, bidirectional=bidirectional, batch_first=batch_first))
    T, B = max(lengths), len(lengths)
    x = arr(B, T, 2, seed=seed) if batch_first else arr(T, B, 2, seed=seed)

    def run(lib, m, x):
        U = lib.nn.utils.rnn
        out, h = m(U.pack_padded_sequence(x, lengths, batch_first=batch_first, enforce_sorted=False))
        return U.pad_packed_sequence(out, batch_first=batch_first), h
    compare(run, (tm, mm), x)


def test_rnn_with_parametrized_weight_and_dtype_change():
    def build(lib):
        m = lib.nn.LSTM(3, 4)
        return lib.nn.utils.parametrizations.weight_norm(m, "weight_hh_l0")
    tm, mm = pair(build)
    compare(lambda lib, m, x: m(x), (tm, mm), arr(3, 2, 3))
    tm, mm = pair(lambda lib: lib.nn.GRU(3, 4).double())
    compare(lambda lib, m, x: m(x), (tm, mm), arr(3, 2, 3, dtype=np.float64), grad=False)
