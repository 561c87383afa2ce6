"""torch.backends.opt_einsum: mindtorch's einsum does not plan contractions with opt_einsum."""
enabled = False
strategy = None


def is_available():
    return False


def get_opt_einsum():
    return None
