"""Random numbers: Generator, seeding and RNG state, the sampling factories (rand, randn, randint, randperm,
normal, bernoulli, multinomial, poisson) and the in-place samplers (uniform_, normal_, random_, bernoulli_,
exponential_, geometric_, log_normal_, cauchy_).

Every draw happens on the host, from a NumPy PCG64 stream per Generator, and the values then move to the
tensor's device: the same seed gives the same numbers on every device type. They are not torch's numbers
(torch's Mersenne Twister stream and its sampling transforms are not reproduced); distributions, dtypes,
shapes, value ranges and errors follow torch. Floating draws come in the output's precision: a uniform
float32 is a multiple of 2**-24 in [0, 1), a float16 one a multiple of 2**-11 and a bfloat16 one of
2**-8, so a value never rounds up to 1. bfloat16 values are drawn as float32 and rounded.
"""
import builtins
import math
import numbers
import secrets

import numpy as np

from .. import _dtype as D
from .._device import as_device
from .._tensor import Tensor
from .registry import defop
from .common import broadcast_shapes, write_out
from .creation import (from_host, host_value, strided_from_host, size_args, check_size, like_layout,
                       host_type, checked_scalar, _check_out_dtype, _into_out, _int_range, zeros_like)

_DEFAULT_SEED = 67280421310721
_STATE_BYTES = 48  # seed (8) | PCG64 state (16) | increment (16) | has_uint32 (4) | uinteger (4)


def _seed_value(seed):
    """torch's reading of a seed: int(seed), in [-2**63, 2**64); negative seeds wrap to uint64."""
    if isinstance(seed, Tensor):
        seed = seed.item()
    seed = builtins.int(seed)
    if not -(1 << 63) <= seed < (1 << 64):
        raise ValueError("Overflow when unpacking long long")
    return seed % (1 << 64)


class Generator:
    """torch.Generator: a seeded random stream. Its state is a uint8 tensor of 48 bytes (seed and the
    PCG64 state); get_state/set_state round-trip it."""

    def __init__(self, device="cpu"):
        device = as_device(device)
        if device.type == "meta":
            raise RuntimeError("META device type not an accelerator.")
        self.device = device
        self._reseed(_DEFAULT_SEED)

    def _reseed(self, seed):
        self._seed = seed
        self._np = np.random.Generator(np.random.PCG64(seed))

    def manual_seed(self, seed):
        self._reseed(_seed_value(seed))
        return self

    def seed(self):
        seed = secrets.randbits(64)
        self._reseed(seed)
        return seed

    def initial_seed(self):
        return self._seed

    def get_state(self):
        st = self._np.bit_generator.state
        words = [self._seed, st["state"]["state"] & ((1 << 64) - 1), st["state"]["state"] >> 64,
                 st["state"]["inc"] & ((1 << 64) - 1), st["state"]["inc"] >> 64]
        raw = np.array(words, dtype=np.uint64).tobytes() + np.array(
            [st["has_uint32"], st["uinteger"]], dtype=np.uint32).tobytes()
        return from_host(np.frombuffer(raw, dtype=np.uint8).copy(), D.uint8, "cpu", owned=True)

    def set_state(self, new_state):
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state._dtype is not D.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        raw = new_state._host_array().reshape(-1)
        if raw.size != _STATE_BYTES:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {_STATE_BYTES} but found the input RNG "
                               f"state size to be {raw.size}")
        words = np.frombuffer(raw[:40].tobytes(), dtype=np.uint64).tolist()
        has_uint32, uinteger = np.frombuffer(raw[40:].tobytes(), dtype=np.uint32).tolist()
        inc = words[3] | (words[4] << 64)
        if not inc & 1 or has_uint32 > 1:
            raise RuntimeError("Invalid PCG64 state")
        bit_gen = np.random.PCG64()
        bit_gen.state = {"bit_generator": "PCG64", "state": {"state": words[1] | (words[2] << 64), "inc": inc},
                         "has_uint32": has_uint32, "uinteger": uinteger}
        self._seed, self._np = words[0], np.random.Generator(bit_gen)
        return self

    def clone_state(self):
        g = Generator(self.device)
        return g.set_state(self.get_state())

    def graphsafe_get_state(self):
        return self.clone_state()

    def graphsafe_set_state(self, state):
        self.set_state(state.get_state())

    def __reduce__(self):
        return _rebuild_generator, (str(self.device), bytes(self.get_state()._host_array().tobytes()))

    def __repr__(self):
        return f"<mindtorch.Generator object at {hex(id(self))}>"


def _rebuild_generator(device, state):
    g = Generator(device)
    return g.set_state(from_host(np.frombuffer(state, dtype=np.uint8).copy(), D.uint8, "cpu", owned=True))


default_generator = Generator()
default_generator.seed()  # torch seeds its default CPU generator non-deterministically at start-up


def manual_seed(seed):
    return default_generator.manual_seed(seed)


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)


def _gen(generator):
    if generator is None:
        return default_generator._np
    if not isinstance(generator, Generator):
        raise TypeError(f"expected a torch.Generator, but got {type(generator).__name__}")
    return generator._np


# ---- host draws ------------------------------------------------------------------------------------------
_DIGITS = {D.float16: 11, D.bfloat16: 8, D.float32: 24, D.float64: 53}


def _uniform01(g, shape, dtype):
    """Uniform [0, 1) values that `dtype` holds exactly, as float32 (float64 for double precision)."""
    if dtype._kind == 3:
        real = dtype.to_real()
        pair = _uniform01(g, tuple(shape) + (2,), real)
        return pair.astype(real._np).view(dtype._np).reshape(shape)
    if dtype is D.float64:
        return g.random(shape)
    if dtype is D.float32:
        return g.random(shape, dtype=np.float32)
    bits = _DIGITS[dtype]
    return (g.integers(0, 1 << bits, shape, dtype=np.int32) * np.float32(2.0 ** -bits)).astype(np.float32)


def _standard_normal(g, shape, dtype):
    if dtype._kind == 3:
        real = dtype.to_real()
        pair = _standard_normal(g, tuple(shape) + (2,), real) * np.sqrt(0.5)
        return pair.astype(real._np).view(dtype._np).reshape(shape)
    if dtype is D.float64:
        return g.standard_normal(shape)
    return g.standard_normal(shape, dtype=np.float32)


def _not_implemented(kernel_name, dtype):
    return NotImplementedError(f"\"{kernel_name}\" not implemented for '{D.scalar_type_name(dtype)}'")


def _floating(dtype, kernel_name, complex_ok=True):
    if dtype._kind == 2 or (complex_ok and dtype._kind == 3):
        return dtype
    raise _not_implemented(kernel_name, dtype)


def _finish_factory(arr, shape, dtype, device, requires_grad, out, stride=None):
    if stride is not None:
        return strided_from_host(np.ascontiguousarray(arr).reshape(-1), shape, stride, dtype, device,
                                 requires_grad)
    return _into_out(from_host(np.asarray(arr).reshape(shape), dtype, device, owned=True,
                               requires_grad=requires_grad), out)


def _sample_factory(name, draw, kernel_name, empty_skips_check=False):
    """`empty_skips_check`: torch's kernel (and its dtype check) never runs for an empty result."""
    def factory(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False,
                pin_memory=False, names=None, **kw):
        size_kw = kw.pop("size", None)
        if kw:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kw))}'")
        shape = check_size(size_args(size, name, size_kw))
        if out is not None:
            dtype = _check_out_dtype(out, dtype)
        dtype = dtype or D.get_default_dtype()
        if not (empty_skips_check and 0 in shape):
            _floating(dtype, kernel_name)
        return _finish_factory(draw(_gen(generator), shape, dtype), shape, dtype, device, requires_grad, out)
    factory.__name__ = factory.__qualname__ = name

    def like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
             memory_format=None, pin_memory=False):
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}_like(): argument 'input' (position 1) must be Tensor, not "
                            f"{type(input).__name__}")
        dtype = dtype or input._dtype
        if not (empty_skips_check and 0 in input._shape):
            _floating(dtype, kernel_name)
        return _finish_factory(draw(_gen(generator), input._shape, dtype), input._shape, dtype,
                               device or input._device, requires_grad, None, like_layout(input, memory_format))
    like.__name__ = like.__qualname__ = name + "_like"
    return defop(name, method=False)(factory), defop(name + "_like", method=False, differentiable_output=False)(like)


rand, rand_like = _sample_factory("rand", _uniform01, "check_uniform_bounds")
randn, randn_like = _sample_factory("randn", _standard_normal, "normal_kernel_cpu", empty_skips_check=True)


# ---- integers: randint, random_, randperm ----------------------------------------------------------------
_C_WORDS = {D.bool: "bool", D.uint8: "unsigned char", D.int8: "signed char", D.int16: "short", D.int32: "int",
            D.int64: "long", D.float16: "c10::Half", D.bfloat16: "c10::BFloat16", D.float32: "float",
            D.float64: "double", D.uint16: "unsigned short", D.uint32: "unsigned int", D.uint64: "unsigned long"}


def _dtype_bounds(dtype):
    if dtype is D.bool:
        return 0, 1
    if dtype._kind == 1:
        return _int_range(dtype)
    m = {D.float16: 65504, D.bfloat16: 3.3895313892515355e+38, D.float32: 3.4028234663852886e+38,
         D.float64: 1.7976931348623157e+308}[dtype]
    return -m, m


def _check_random_bounds(low, high, dtype):
    """torch's check_random_bounds for random_(from, to) / randint (to exclusive)."""
    if dtype._kind == 3:
        raise RuntimeError("check_random_bounds handles only integral, floating-point and boolean types")
    lo, hi = _dtype_bounds(dtype)
    word = _C_WORDS.get(dtype, dtype.name)
    if not lo <= low <= hi:
        raise RuntimeError(f"from is out of bounds for {word}")
    if not lo <= high - 1 <= hi:
        raise RuntimeError(f"to - 1 is out of bounds for {word}")
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")


def _integers(g, low, high, shape):
    """Integers in [low, high) drawn as int64 (uint64 where the range needs it)."""
    if high - 1 <= (1 << 63) - 1:
        return g.integers(low, high, shape, dtype=np.int64)
    return g.integers(low, high, shape, dtype=np.uint64)


def _int_arg(v, what, name):
    if isinstance(v, Tensor) and not v._shape and v._dtype._kind <= 1:
        v = v.item()
    if not isinstance(v, numbers.Integral) or isinstance(v, builtins.bool):
        raise TypeError(f"{name}(): argument '{what}' must be int, not {type(v).__name__}")
    return builtins.int(v)


def _cast_ints(arr, dtype):
    if dtype._kind == 1 or dtype is D.bool:
        return arr.astype(dtype._np)
    return arr.astype(np.float64)


def _zero_backward(grad):
    """A draw's derivative with respect to its parameters (and to the old values of a tensor refilled in
    place) is zero in torch's definition."""
    zeros = zeros_like(grad)
    return zeros, zeros


@defop(method=False)
def randint(*args, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False,
            pin_memory=False, **kw):
    low, high, size = _randint_args("randint", args, kw, need_size=True)
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"randint(): argument 'size' (position {len(args)}) must be tuple of ints, not "
                        f"{type(size).__name__}")
    shape = check_size(size_args((size,), "randint"))
    if out is not None:
        dtype = _check_out_dtype(out, dtype)
    dtype = dtype or D.int64
    _check_random_bounds(low, high, dtype)
    arr = _cast_ints(_integers(_gen(generator), low, high, shape), dtype)
    return _finish_factory(arr, shape, dtype, device, requires_grad, out)


def _randint_args(name, args, kw, need_size):
    low = kw.pop("low", None)
    high = kw.pop("high", None)
    size = kw.pop("size", None)
    if kw:
        raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kw))}'")
    args = list(args)
    if need_size and size is None and args:
        size = args.pop()
    if len(args) == 2:
        low, high = args
    elif len(args) == 1:
        if high is None:
            high = args[0]
        else:
            low = args[0]
    elif args:
        raise TypeError(f"{name}() takes at most 3 positional arguments")
    if high is None or (need_size and size is None):
        raise TypeError(f"{name}() missing required arguments")
    return (_int_arg(0 if low is None else low, "low", name), _int_arg(high, "high", name), size)


@defop(method=False, differentiable_output=False)
def randint_like(input, *args, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
                 memory_format=None, pin_memory=False, **kw):
    low, high, _ = _randint_args("randint_like", args, kw, need_size=False)
    dtype = dtype or input._dtype
    _check_random_bounds(low, high, dtype)
    arr = _cast_ints(_integers(_gen(generator), low, high, input._shape), dtype)
    return _finish_factory(arr, input._shape, dtype, device or input._device, requires_grad, None,
                           like_layout(input, memory_format))


_RANDPERM_FLOAT_LIMIT = {D.float16: ((1 << 11) + 1, "2049", "Half"), D.float32: ((1 << 24) + 1, "2^24+1", "Float"),
                         D.float64: ((1 << 53) + 1, "2^53+1", "Double")}


@defop(method=False)
def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    n = _int_arg(n, "n", "randperm")
    if out is not None:
        dtype = _check_out_dtype(out, dtype)
    dtype = dtype or D.int64
    check_size((n,))
    if dtype is D.bool or dtype._kind == 3:
        raise _not_implemented("randperm", dtype)
    if dtype._kind == 1:
        checked_scalar(max(n - 1, 0), dtype)
    elif dtype in _RANDPERM_FLOAT_LIMIT:
        limit, text, word = _RANDPERM_FLOAT_LIMIT[dtype]
        if n > limit:
            raise RuntimeError(f"n cannot be greater than {text} for {word} type.")
    arr = _cast_ints(_gen(generator).permutation(n), dtype)
    return _finish_factory(arr, (n,), dtype, device, requires_grad, out)


# ---- normal, bernoulli, multinomial, poisson ---------------------------------------------------------------
def _std_check(std):
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {_num(std)}")


def _num(v):
    if isinstance(v, builtins.float) and v.is_integer():
        return str(builtins.int(v))
    return str(v)


def _host(t):
    """A tensor's values on the host in float64 (complex128 for complex tensors)."""
    a = t._host_array()
    return a.astype(np.complex128 if a.dtype.kind == "c" else np.float64, copy=False)


def _normal_values(g, mean, std, shape, dtype):
    z = _standard_normal(g, shape, dtype)
    if dtype._kind == 3:
        z = z.astype(np.complex128)
    else:
        z = z.astype(np.float64)
    with np.errstate(all="ignore"):
        return mean + std * z


def _check_normal_tensor(t, shape):
    if t._dtype._kind not in (2, 3) and 0 not in shape:
        raise _not_implemented("normal_kernel_cpu", t._dtype)


@defop(method=False, backward=_zero_backward)
def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None, device=None,
           requires_grad=False, pin_memory=False):
    g = _gen(generator)
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        if size is not None:
            raise TypeError("normal() received an invalid combination of arguments - got a size with Tensor "
                            "mean or std")
        if isinstance(mean, Tensor) and isinstance(std, Tensor):
            shape = broadcast_shapes(mean._shape, std._shape)
            _check_normal_tensor(mean, shape)
            _check_normal_tensor(std, shape)
            s = _host(std)
            if (s < 0).any():
                raise RuntimeError("normal expects all elements of std >= 0.0")
            dtype, dev, m = mean._dtype, mean._device, _host(mean)
        elif isinstance(mean, Tensor):
            _check_normal_tensor(mean, mean._shape)
            s = builtins.float(std)
            _std_check(s)
            shape, dtype, dev, m = mean._shape, mean._dtype, mean._device, _host(mean)
        else:
            _check_normal_tensor(std, std._shape)
            s = _host(std)
            if (s < 0).any():
                raise RuntimeError("normal expects all elements of std >= 0.0")
            shape, dtype, dev, m = std._shape, std._dtype, std._device, builtins.float(mean)
        value = _normal_values(g, m, s, shape, dtype)
        t = from_host(np.broadcast_to(value, shape).copy(), dtype, dev, owned=True)
        return t if out is None else write_out(out, t._ms, t._device)
    if size is None:
        raise TypeError("normal() received an invalid combination of arguments - got (float, float), but "
                        "expected one of: (Tensor mean, Tensor std), (Tensor mean, float std), (float mean, Tensor "
                        "std), (float mean, float std, tuple of ints size)")
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"normal() received an invalid combination of arguments - got (float, float, "
                        f"{type(size).__name__}): 'size' must be tuple of ints")
    shape = check_size(size_args((size,), "normal"))
    if out is not None:
        dtype = _check_out_dtype(out, dtype)
    dtype = dtype or D.get_default_dtype()
    _std_check(builtins.float(std))
    if dtype._kind not in (2, 3) and 0 not in shape:
        raise _not_implemented("normal_kernel_cpu", dtype)
    value = _normal_values(g, builtins.float(mean), builtins.float(std), shape, dtype)
    return _finish_factory(value, shape, dtype, device, requires_grad, out)


_P_RANGE_ERROR = ("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be "
                  "improved?  If so, please report an enhancement request to PyTorch.)")


def _check_p_scalar(p):
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")


def _p_values(p):
    if p._dtype._kind != 2 and p.numel():
        raise _not_implemented("bernoulli_tensor_cpu_p_", p._dtype)
    a = _host(p)
    if not ((a >= 0) & (a <= 1)).all():
        raise RuntimeError(_P_RANGE_ERROR)
    return a


def _bernoulli_draw(g, p, shape, dtype):
    hits = g.random(shape) < p
    return hits.astype(np.float32 if dtype is D.bfloat16 else host_type(dtype))


@defop(backward=_zero_backward)
def bernoulli(input, p=None, *, generator=None, out=None):
    g = _gen(generator)
    if p is None:
        probs = _p_values(input)
        arr = _bernoulli_draw(g, probs, input._shape, input._dtype)
    else:
        if isinstance(p, Tensor):
            raise TypeError("bernoulli() received an invalid combination of arguments - got (Tensor), but "
                            "expected one of: (*, torch.Generator generator), (float p, *, torch.Generator generator)")
        p = builtins.float(p)
        _check_p_scalar(p)
        arr = _bernoulli_draw(g, p, input._shape, input._dtype)
    if out is not None:  # the 0/1 draws go to out in out's dtype, whatever it is
        t = from_host(arr, out._dtype, input._device, owned=True)
        return write_out(out, t._ms, t._device)
    return from_host(arr, input._dtype, input._device, owned=True)


def _expand_p(p, shape):
    """p.expand(shape) with torch's errors, as a host array."""
    ps = p._shape
    if len(ps) > len(shape):
        raise RuntimeError(f"expand({p.type()}{{{list(ps)}}}, size={list(shape)}): the number of sizes provided "
                           f"({len(shape)}) must be greater or equal to the number of dimensions in the tensor "
                           f"({len(ps)})")
    for i in range(1, len(ps) + 1):
        if ps[-i] != 1 and ps[-i] != shape[-i]:
            raise RuntimeError(f"The expanded size of the tensor ({shape[-i]}) must match the existing size "
                               f"({ps[-i]}) at non-singleton dimension {len(shape) - i}.  Target sizes: "
                               f"{list(shape)}.  Tensor sizes: {list(ps)}")
    return np.broadcast_to(_p_values(p), shape)


def _write_values(self, arr):
    """Store the host array `arr` (self's logical shape) into self, through views."""
    self._write(host_value(np.ascontiguousarray(arr).reshape(self._shape), self._dtype, owned=True))
    return self


@defop(namespace=False, backward=_zero_backward)
def bernoulli_(self, p=0.5, *, generator=None):
    g = _gen(generator)
    if isinstance(p, Tensor):
        probs = _expand_p(p, self._shape)
    else:
        probs = builtins.float(p)
        _check_p_scalar(probs)
    return _write_values(self, _bernoulli_draw(g, probs, self._shape, self._dtype))


@defop()
def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    g = _gen(generator)
    if input.dim() not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if input._dtype._kind != 2:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{D.scalar_type_name(input._dtype)}")
    num_samples = _int_arg(num_samples, "num_samples", "multinomial")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    n_cat = input._shape[-1]
    if not replacement and num_samples > n_cat:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if out is not None and out._dtype is not D.int64:
        raise RuntimeError(f"multinomial expects Long tensor out, got: {D.scalar_type_name(out._dtype)}")
    probs = _host(input).reshape(-1, n_cat)
    if not np.isfinite(probs).all() or (probs < 0).any():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    rows = probs.shape[0]
    if rows and (probs.sum(axis=1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    if rows == 0:
        result = np.zeros((0, num_samples), dtype=np.int64)
    elif replacement:
        cdf = np.cumsum(probs, axis=1)
        cdf /= cdf[:, -1:]
        u = g.random((rows, num_samples))
        result = np.empty((rows, num_samples), dtype=np.int64)
        for r in builtins.range(rows):
            result[r] = np.minimum(np.searchsorted(cdf[r], u[r], side="right"), n_cat - 1)
    else:
        # without replacement: the k largest p / Exp(1) keys (exponential race); zero-probability categories
        # come last, as in torch
        with np.errstate(divide="ignore"):
            keys = probs / g.standard_exponential((rows, n_cat))
        result = np.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
    shape = (num_samples,) if input.dim() == 1 else (rows, num_samples)
    t = from_host(np.ascontiguousarray(result).reshape(shape), D.int64, input._device, owned=True)
    return t if out is None else write_out(out, t._ms, t._device)


@defop(method=False, backward=_zero_backward)
def poisson(input, generator=None):
    if input._dtype._kind != 2:
        raise _not_implemented("poisson_cpu", input._dtype)
    rates = _host(input)
    if (rates < 0).any() or np.isnan(rates).any():
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    arr = _gen(generator).poisson(rates).astype(np.float64)
    return from_host(arr, input._dtype, input._device, owned=True)


# ---- in-place samplers ---------------------------------------------------------------------------------------
@defop(namespace=False, backward=_zero_backward)
def uniform_(self, *args, generator=None, **kw):
    """uniform_(from=0, to=1, *, generator=None); `from` is a Python keyword, so it arrives in **kw."""
    if len(args) > 2:
        raise TypeError(f"uniform_() takes from 1 to 3 positional arguments but {len(args) + 1} were given")
    names = ("from", "to")
    given = dict(zip(names, args))
    for k, v in kw.items():
        if k not in names or k in given:
            raise TypeError(f"uniform_() got an unexpected keyword argument '{k}'")
        given[k] = v
    from_, to = given.get("from", 0), given.get("to", 1)
    dtype = _floating(self._dtype, "check_uniform_bounds")
    lo, hi = builtins.float(from_), builtins.float(to)
    if dtype._kind == 2:
        m = _dtype_bounds(dtype)[1]
        word = _C_WORDS[dtype]
        if not -m <= lo <= m:
            raise RuntimeError(f"from is out of bounds for {word}")
        if not -m <= hi <= m:
            raise RuntimeError(f"to is out of bounds for {word}")
        if lo > hi:
            raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={_num(lo)} > "
                               f"to={_num(hi)}")
        if hi - lo > m:
            raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{D.scalar_type_name(dtype)}>::max(), "
                               f"but found to={hi:g} and from={lo:g} which result in to-from to exceed the limit")
    u = _uniform01(_gen(generator), self._shape, dtype)
    if dtype._kind == 3:
        u = u.astype(np.complex128)
        vals = (lo + (hi - lo) * u.real) + 1j * (lo + (hi - lo) * u.imag)
    else:
        vals = lo + (hi - lo) * u.astype(np.float64)
        if dtype is not D.float64:
            vals = np.minimum(vals, np.nextafter(hi, -np.inf)) if hi > lo else vals
    return _write_values(self, vals)


@defop(namespace=False, backward=_zero_backward)
def normal_(self, mean=0, std=1, *, generator=None):
    std = builtins.float(std)
    _std_check(std)
    dtype = self._dtype if 0 in self._shape else _floating(self._dtype, "normal_kernel_cpu")
    return _write_values(self, _normal_values(_gen(generator), builtins.float(mean), std, self._shape, dtype))


@defop(namespace=False, backward=_zero_backward)
def random_(self, *args, generator=None, **kw):
    if "from" in kw:
        if args:
            raise TypeError("random_() got multiple values for argument 'from'")
        args = (kw.pop("from"),)
    to_given = "to" in kw
    to = kw.pop("to", None)
    if kw:
        raise TypeError(f"random_() received an invalid combination of arguments - got unexpected keyword "
                        f"'{next(iter(kw))}'")
    if len(args) > 2:
        raise TypeError("random_() takes at most 2 positional arguments")
    for a in args + ((to,) if to is not None else ()):
        if a is not None and (not isinstance(a, numbers.Integral) or isinstance(a, builtins.bool)):
            raise TypeError(f"random_() received an invalid combination of arguments - got "
                            f"({type(a).__name__})")
    dtype = self._dtype
    if dtype._kind == 3:
        if 0 in self._shape:
            return self
        raise _not_implemented("random_kernel_cpu", dtype)
    if len(args) == 2:
        low, high = args
    elif len(args) == 1 and not to_given:
        low, high = 0, args[0]
    elif len(args) == 1:
        low, high = args[0], to
    else:
        low, high = 0, to if to_given else None
    if high is None:  # [from, the largest integer the dtype holds exactly] inclusive
        top = 1 if dtype is D.bool else _int_range(dtype)[1] if dtype._kind == 1 else 1 << _DIGITS[dtype]
        high = top + 1
        if low > top:
            raise RuntimeError(f"random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' "
                               f"casted to dtype, but got from={low} > to_inc={top}")
    else:
        _check_random_bounds(builtins.int(low), builtins.int(high), dtype)
    arr = _cast_ints(_integers(_gen(generator), builtins.int(low), builtins.int(high), self._shape), dtype)
    return _write_values(self, arr)


def _continuous_only(dtype, what):
    if dtype._kind != 2:
        raise RuntimeError(f"{what} distribution is a continuous probability distribution. dtype must be a "
                           f"floating point but you specified {_SPECIFIED[what](dtype)}")


_SPECIFIED = {"Exponential": lambda d: D.scalar_type_name(d),
              "Cauchy": lambda d: {D.int64: "long int", D.int32: "int", D.int16: "short int", D.int8: "signed char",
                                   D.uint8: "unsigned char", D.bool: "bool"}.get(d, d.name)}


@defop(namespace=False, backward=_zero_backward)
def exponential_(self, lambd=1.0, *, generator=None):
    if self.numel():
        _continuous_only(self._dtype, "Exponential")
    lambd = builtins.float(lambd)
    if not lambd > 0.0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={_num(lambd)}")
    e = _gen(generator).standard_exponential(self._shape)
    return _write_values(self, e / lambd)


@defop(namespace=False, backward=_zero_backward)
def geometric_(self, p, *, generator=None):
    if (self._dtype is D.bool or self._dtype._kind == 3) and self.numel():
        raise _not_implemented("geometric_cpu", self._dtype)
    p = builtins.float(p)
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_num(p)}")
    return _write_values(self, _gen(generator).geometric(p, self._shape).astype(np.float64))


@defop(namespace=False, backward=_zero_backward)
def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    if self._dtype._kind != 2 and self.numel():
        raise _not_implemented("log_normal_cpu", self._dtype)
    std = builtins.float(std)
    if not std > 0.0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_num(std)}")
    z = _gen(generator).standard_normal(self._shape)
    with np.errstate(over="ignore"):
        return _write_values(self, np.exp(builtins.float(mean) + std * z))


@defop(namespace=False, backward=_zero_backward)
def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    _continuous_only(self._dtype, "Cauchy")
    sigma = builtins.float(sigma)
    if not sigma > 0.0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_num(sigma)}")
    u = _gen(generator).random(self._shape)
    return _write_values(self, builtins.float(median) + sigma * np.tan(math.pi * (u - 0.5)))
