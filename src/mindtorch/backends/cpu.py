"""torch.backends.cpu."""
import functools


@functools.lru_cache(None)
def get_cpu_capability():
    """The widest SIMD level of this CPU, as torch names it (DEFAULT, AVX2, AVX512)."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    except OSError:
        return "DEFAULT"
    if "avx512f" in flags and "avx512bw" in flags and "avx512vl" in flags and "avx512dq" in flags:
        return "AVX512"
    if "avx2" in flags:
        return "AVX2"
    return "DEFAULT"
