"""torch.nested: mindtorch has no nested (jagged) tensors; the functions raise, naming themselves."""


def _unsupported(name):
    def unsupported(*args, **kwargs):
        raise NotImplementedError(f"mindtorch: torch.nested.{name} is not supported (no nested tensors)")
    unsupported.__name__ = name
    return unsupported


for _n in ("nested_tensor", "as_nested_tensor", "to_padded_tensor", "nested_tensor_from_jagged", "narrow",
           "masked_select"):
    globals()[_n] = _unsupported(_n)
