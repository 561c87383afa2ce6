"""torch.fft: the discrete Fourier transforms. The functions live in _ops/spectral.py; this module names them
as torch.fft does."""
from ._ops.spectral import FFT as _FFT

globals().update(_FFT)

__all__ = sorted(_FFT)
