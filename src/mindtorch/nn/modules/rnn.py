"""Recurrent layers: RNN, LSTM, GRU and their cells, written over mindtorch ops.

A layer direction projects the inputs of all time steps with one matmul (biases that add linearly are
folded into it), then loops over the steps in Python with one matmul for the hidden projection and a few
pointwise ops per step; autograd runs through the formulas of those ops. PackedSequence inputs run the
same loop on the rows still active at each step (batch sizes shrink forward, grow in reverse)."""
import math
import numbers
import warnings

import numpy as np

from ... import _ops
from ..._tensor import Tensor
from .. import functional as F
from .. import init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from .module import Module

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]

_GATES = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}


def _permute_hidden(hx, permutation):
    if permutation is None:
        return hx
    return _ops.index_select(hx, 1, permutation)


class RNNBase(Module):
    __constants__ = ["mode", "input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout",
                     "bidirectional", "proj_size"]
    __jit_unused_properties__ = ["all_weights"]

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout) if isinstance(dropout, numbers.Number) and not isinstance(dropout, bool) \
            else dropout
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        num_directions = 2 if bidirectional else 1

        if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                             "element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          f"expects num_layers greater than 1, but got dropout={dropout} and "
                          f"num_layers={num_layers}")
        if not isinstance(hidden_size, int):
            raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode not in _GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        gate_size = _GATES[mode] * hidden_size

        self._flat_weights_names = []
        self._all_weights = []
        real_hidden_size = proj_size if proj_size > 0 else hidden_size
        for layer in range(num_layers):
            for direction in range(num_directions):
                layer_input_size = input_size if layer == 0 else real_hidden_size * num_directions
                w_ih = Parameter(_ops.empty((gate_size, layer_input_size), **factory_kwargs))
                w_hh = Parameter(_ops.empty((gate_size, real_hidden_size), **factory_kwargs))
                params = [w_ih, w_hh]
                names = ["weight_ih_l{}{}", "weight_hh_l{}{}"]
                if bias:
                    params += [Parameter(_ops.empty(gate_size, **factory_kwargs)),
                               Parameter(_ops.empty(gate_size, **factory_kwargs))]
                    names += ["bias_ih_l{}{}", "bias_hh_l{}{}"]
                if proj_size > 0:
                    params.append(Parameter(_ops.empty((proj_size, hidden_size), **factory_kwargs)))
                    names.append("weight_hr_l{}{}")
                suffix = "_reverse" if direction == 1 else ""
                names = [n.format(layer, suffix) for n in names]
                for n, p in zip(names, params):
                    setattr(self, n, p)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    @property
    def _flat_weights(self):
        return [getattr(self, n, None) for n in self._flat_weights_names]

    @property
    def all_weights(self):
        return [[getattr(self, w) for w in weights] for weights in self._all_weights]

    def flatten_parameters(self):
        """A no-op: mindtorch keeps no fused weight buffer."""

    def _init_flat_weights(self):
        pass

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # ---- argument checks ----------------------------------------------------------------------------
    def check_input(self, input, batch_sizes):
        w0 = self._flat_weights[0]
        if input.dtype != w0.dtype:
            raise ValueError(f"input must have the type {w0.dtype}, got type {input.dtype}")
        expected_input_dim = 2 if batch_sizes is not None else 3
        if input.dim() != expected_input_dim:
            raise RuntimeError(f"input must have {expected_input_dim} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {input.size(-1)}")

    def get_expected_hidden_size(self, input, batch_sizes):
        if batch_sizes is not None:
            mini_batch = int(batch_sizes[0])
        else:
            mini_batch = input.size(0) if self.batch_first else input.size(1)
        num_directions = 2 if self.bidirectional else 1
        h = self.proj_size if self.proj_size > 0 else self.hidden_size
        return (self.num_layers * num_directions, mini_batch, h)

    def check_hidden_size(self, hx, expected_hidden_size, msg="Expected hidden size {}, got {}"):
        if tuple(hx.size()) != tuple(expected_hidden_size):
            raise RuntimeError(msg.format(tuple(expected_hidden_size), list(hx.size())))

    def check_forward_args(self, input, hidden, batch_sizes):
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hidden, self.get_expected_hidden_size(input, batch_sizes))

    def permute_hidden(self, hx, permutation):
        return _permute_hidden(hx, permutation)

    # ---- the computation ----------------------------------------------------------------------------
    def _prepare(self, input, hx, n_states):
        """Common entry work: (data, batch_sizes list or None, sorted/unsorted indices, batched, hx tuple,
        batch first flag applied)."""
        name = type(self).__name__
        if isinstance(input, PackedSequence):
            data, bs, si, ui = input
            batch_sizes = [int(v) for v in bs.tolist()]
            batched = True
            B = batch_sizes[0]
        else:
            data, batch_sizes, si, ui = input, None, None, None
            if input.dim() not in (2, 3):
                raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D "
                                 f"{'tensor ' if name != 'LSTM' else ''}instead")
            batched = input.dim() == 3
            if hx is not None:
                hs = hx if n_states == 2 else (hx,)
                if n_states == 2 and not isinstance(hx, (tuple, list)):
                    raise TypeError("LSTM expects hx as a tuple of (h_0, c_0)")
                want = 3 if batched else 2
                if any(h.dim() != want for h in hs):
                    kind = "batched 3-D" if batched else "unbatched 2-D"
                    if n_states == 2:
                        raise RuntimeError(f"For {kind} input, hx and cx should also be {want}-D but got "
                                           f"({hs[0].dim()}-D, {hs[1].dim()}-D) tensors")
                    raise RuntimeError(f"For {kind} input, hx should also be {want}-D but got {hs[0].dim()}-D "
                                       "tensor")
            if not batched:
                data = data.unsqueeze(1)
                if hx is not None:
                    hx = tuple(h.unsqueeze(1) for h in hx) if n_states == 2 else hx.unsqueeze(1)
            elif self.batch_first:
                data = data.transpose(0, 1)
            B = data.size(1)
        num_directions = 2 if self.bidirectional else 1
        real_h = self.proj_size if self.proj_size > 0 else self.hidden_size
        if hx is None:
            h0 = _ops.zeros((self.num_layers * num_directions, B, real_h), dtype=data.dtype, device=data.device)
            hx = (h0,) if n_states == 1 else (
                h0, _ops.zeros((self.num_layers * num_directions, B, self.hidden_size), dtype=data.dtype,
                               device=data.device))
        else:
            hx = (hx,) if n_states == 1 else tuple(hx)
            hx = tuple(_permute_hidden(h, si) for h in hx)
        # argument checks, on the time-major data
        self.check_input(data, batch_sizes)
        if batch_sizes is None and self.batch_first and batched:
            exp = (self.num_layers * num_directions, B, real_h)
        else:
            exp = self.get_expected_hidden_size(data, batch_sizes)
        if n_states == 1:
            self.check_hidden_size(hx[0], exp)
        else:
            self.check_hidden_size(hx[0], exp, "Expected hidden[0] size {}, got {}")
            self.check_hidden_size(hx[1], (exp[0], exp[1], self.hidden_size), "Expected hidden[1] size {}, got {}")
        return data, batch_sizes, si, ui, batched, hx

    def _run(self, data, batch_sizes, hx):
        """All layers and directions. data: (T, B, I) or packed (N, I). Returns (output, [h_n, (c_n)])."""
        mode = self.mode
        num_directions = 2 if self.bidirectional else 1
        H = self.hidden_size
        finals = [[] for _ in hx]
        layer_in = data
        for layer in range(self.num_layers):
            outs = []
            for d in range(num_directions):
                k = layer * num_directions + d
                names = self._all_weights[k]
                ws = [getattr(self, n) for n in names]
                w_ih, w_hh = ws[0], ws[1]
                b_ih, b_hh = (ws[2], ws[3]) if self.bias else (None, None)
                w_hr = ws[-1] if self.proj_size > 0 else None
                if mode == "GRU":
                    gi = F.linear(layer_in, w_ih, b_ih)
                else:
                    gi = F.linear(layer_in, w_ih, None if b_ih is None else b_ih + b_hh)
                states = tuple(h[k] for h in hx)
                out, last = _direction(mode, gi, states, w_hh, b_hh, w_hr, H, batch_sizes, d == 1)
                outs.append(out)
                for i, s in enumerate(last):
                    finals[i].append(s)
            layer_in = outs[0] if num_directions == 1 else _ops.cat(outs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_in = F.dropout(layer_in, self.dropout, True)
        return layer_in, [_ops.stack(f, 0) for f in finals]

    def _finish(self, out, states, batch_sizes, si, ui, batched, packed_input):
        states = [_permute_hidden(s, ui) for s in states]
        if packed_input is not None:
            out = PackedSequence(out, packed_input.batch_sizes, si, ui)
        elif not batched:
            out = out.squeeze(1)
            states = [s.squeeze(1) for s in states]
        elif self.batch_first:
            out = out.transpose(0, 1)
        return out, states

    def forward(self, input, hx=None):
        n_states = 2 if self.mode == "LSTM" else 1
        data, batch_sizes, si, ui, batched, hx = self._prepare(input, hx, n_states)
        out, states = self._run(data, batch_sizes, hx)
        out, states = self._finish(out, states, batch_sizes, si, ui, batched,
                                   input if isinstance(input, PackedSequence) else None)
        return out, (tuple(states) if n_states == 2 else states[0])


def _step(mode, gi_t, states, w_hhT, b_hh, w_hrT, H):
    """One time step: new states (h[, c]) and the step's output."""
    h = states[0]
    if mode == "GRU":
        gh = _ops.matmul(h, w_hhT)
        if b_hh is not None:
            gh = gh + b_hh
        gi_rz, gi_n = gi_t.split([2 * H, H], 1)
        gh_rz, gh_n = gh.split([2 * H, H], 1)
        r, z = _ops.sigmoid(gi_rz + gh_rz).chunk(2, 1)
        n = _ops.tanh(gi_n + r * gh_n)
        h = n + z * (h - n)
        return (h,), h
    pre = gi_t + _ops.matmul(h, w_hhT)
    if mode == "RNN_TANH":
        h = _ops.tanh(pre)
        return (h,), h
    if mode == "RNN_RELU":
        h = _ops.relu(pre)
        return (h,), h
    c = states[1]
    i, f, g, o = pre.chunk(4, 1)
    c = _ops.sigmoid(f) * c + _ops.sigmoid(i) * _ops.tanh(g)
    h = _ops.sigmoid(o) * _ops.tanh(c)
    if w_hrT is not None:
        h = _ops.matmul(h, w_hrT)
    return (h, c), h


def _direction(mode, gi, states, w_hh, b_hh, w_hr, H, batch_sizes, reverse):
    """One direction of one layer over all steps. gi: input projections (T, B, G) or packed (N, G)."""
    w_hhT = w_hh.t()
    w_hrT = None if w_hr is None else w_hr.t()
    if batch_sizes is None:
        steps = gi.unbind(0)
        T = len(steps)
        outs = [None] * T
        for t in (range(T - 1, -1, -1) if reverse else range(T)):
            states, outs[t] = _step(mode, steps[t], states, w_hhT, b_hh, w_hrT, H)
        if T == 0:
            return gi.new_zeros((0,) + tuple(states[0].shape)), states
        return _ops.stack(outs, 0), states
    steps = gi.split(batch_sizes, 0)
    T = len(steps)
    outs = [None] * T
    init_states = states
    if not reverse:
        done = [[] for _ in states]
        for t in range(T):
            bs = batch_sizes[t]
            if bs < states[0].size(0):
                for i, s in enumerate(states):
                    done[i].append(s[bs:])
                states = tuple(s[:bs] for s in states)
            states, outs[t] = _step(mode, steps[t], states, w_hhT, b_hh, w_hrT, H)
        if any(done):
            states = tuple(_ops.cat([s] + done[i][::-1], 0) for i, s in enumerate(states))
    else:
        states = tuple(s[:batch_sizes[-1]] for s in init_states)
        for t in range(T - 1, -1, -1):
            bs = batch_sizes[t]
            cur = states[0].size(0)
            if bs > cur:
                states = tuple(_ops.cat([s, s0[cur:bs]], 0) for s, s0 in zip(states, init_states))
            states, outs[t] = _step(mode, steps[t], states, w_hhT, b_hh, w_hrT, H)
    return _ops.cat(outs, 0), states


class RNN(RNNBase):
    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            self.nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self.nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self.nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif self.nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(f"Unknown nonlinearity '{self.nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__(mode, *args, **kwargs)


class LSTM(RNNBase):
    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)

    def get_expected_cell_size(self, input, batch_sizes):
        if batch_sizes is not None:
            mini_batch = int(batch_sizes[0])
        else:
            mini_batch = input.size(0) if self.batch_first else input.size(1)
        num_directions = 2 if self.bidirectional else 1
        return (self.num_layers * num_directions, mini_batch, self.hidden_size)

    def permute_hidden(self, hx, permutation):
        if permutation is None:
            return hx
        return _permute_hidden(hx[0], permutation), _permute_hidden(hx[1], permutation)


class GRU(RNNBase):
    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)


# ---- cells ---------------------------------------------------------------------------------------------
class RNNCellBase(Module):
    __constants__ = ["input_size", "hidden_size", "bias"]

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(_ops.empty((num_chunks * hidden_size, input_size), **factory_kwargs))
        self.weight_hh = Parameter(_ops.empty((num_chunks * hidden_size, hidden_size), **factory_kwargs))
        if bias:
            self.bias_ih = Parameter(_ops.empty(num_chunks * hidden_size, **factory_kwargs))
            self.bias_hh = Parameter(_ops.empty(num_chunks * hidden_size, **factory_kwargs))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if "bias" in self.__dict__ and self.bias is not True:
            s += f", bias={self.bias}"
        if "nonlinearity" in self.__dict__ and self.nonlinearity != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _cell_input(self, input, hx, n_states):
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        hs = () if hx is None else (tuple(hx) if n_states == 2 else (hx,))
        for h in hs:
            if h.dim() not in (1, 2):
                raise ValueError(f"{name}: Expected hidden to be 1D or 2D, got {h.dim()}D instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
            hs = tuple(h.unsqueeze(0) for h in hs)
        if input.size(1) != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.size(1)} expected {self.input_size}")
        if not hs:
            z = _ops.zeros((input.size(0), self.hidden_size), dtype=input.dtype, device=input.device)
            hs = (z,) * n_states
        for i, h in enumerate(hs):
            if h.size(0) != input.size(0):
                raise RuntimeError(f"Input batch size {input.size(0)} doesn't match hidden{i} batch size "
                                   f"{h.size(0)}")
            if h.size(1) != self.hidden_size:
                raise RuntimeError(f"hidden{i} has inconsistent hidden_size: got {h.size(1)}, expected "
                                   f"{self.hidden_size}")
        return input, hs, batched


class RNNCell(RNNCellBase):
    __constants__ = ["input_size", "hidden_size", "bias", "nonlinearity"]

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        x, (h,), batched = self._cell_input(input, hx, 1)
        pre = F.linear(x, self.weight_ih, self.bias_ih) + F.linear(h, self.weight_hh, self.bias_hh)
        if self.nonlinearity == "tanh":
            out = _ops.tanh(pre)
        elif self.nonlinearity == "relu":
            out = _ops.relu(pre)
        else:
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        return out if batched else out.squeeze(0)


class LSTMCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        x, hs, batched = self._cell_input(input, hx, 2)
        b = None if self.bias_ih is None else self.bias_ih + self.bias_hh
        gi = F.linear(x, self.weight_ih, b)
        (h, c), _ = _step("LSTM", gi, hs, self.weight_hh.t(), None, None, self.hidden_size)
        if not batched:
            h, c = h.squeeze(0), c.squeeze(0)
        return h, c


class GRUCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        x, hs, batched = self._cell_input(input, hx, 1)
        gi = F.linear(x, self.weight_ih, self.bias_ih)
        (h,), _ = _step("GRU", gi, hs, self.weight_hh.t(), self.bias_hh, None, self.hidden_size)
        return h if batched else h.squeeze(0)


_ = (np, Tensor)
