"""Random numbers: Generator, manual_seed, and the sampling ops.

mindtorch draws on the host from NumPy's PCG64 per Generator and moves the values to the device:
the same seed gives the same numbers on every device type (not torch's numbers: its Mersenne
Twister stream is not reproduced)."""
import numpy as np

from .. import _dtype as D
from .._device import as_device
from .registry import defop
from .creation import from_host, _size_args


class Generator:
    def __init__(self, device="cpu"):
        self.device = as_device(device)
        self._seed = 67280421310721
        self._np = np.random.Generator(np.random.PCG64(self._seed))

    def manual_seed(self, seed):
        self._seed = int(seed)
        self._np = np.random.Generator(np.random.PCG64(self._seed & ((1 << 64) - 1)))
        return self

    def seed(self):
        self.manual_seed(np.random.SeedSequence().entropy & ((1 << 63) - 1))
        return self._seed

    def initial_seed(self):
        return self._seed

    def get_state(self):
        from .creation import tensor
        import pickle
        return tensor(list(pickle.dumps(self._np.bit_generator.state)), dtype=D.uint8)

    def set_state(self, state):
        import pickle
        self._np.bit_generator.state = pickle.loads(bytes(state.tolist()))
        return self


default_generator = Generator()


def manual_seed(seed):
    default_generator.manual_seed(seed)
    return default_generator


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(state):
    default_generator.set_state(state)


def _gen(generator):
    return (generator or default_generator)._np


def _float_dtype(dtype):
    dtype = dtype or D.get_default_dtype()
    if dtype._kind != 2:
        raise RuntimeError(f"\"check_uniform_bounds\" not implemented for '{D.scalar_type_name(dtype)}'")
    return dtype


@defop(method=False)
def rand(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    dtype = _float_dtype(dtype)
    t = from_host(_gen(generator).random(_size_args(size), dtype=np.float64).astype(dtype._np or np.float32),
                  dtype, device)
    return t.requires_grad_(requires_grad) if requires_grad else t


@defop(method=False)
def randn(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False):
    dtype = _float_dtype(dtype)
    t = from_host(_gen(generator).standard_normal(_size_args(size)).astype(dtype._np or np.float32), dtype, device)
    return t.requires_grad_(requires_grad) if requires_grad else t
