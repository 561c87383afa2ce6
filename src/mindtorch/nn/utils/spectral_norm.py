def spectral_norm(*a, **k):
    raise NotImplementedError


def remove_spectral_norm(*a, **k):
    raise NotImplementedError
