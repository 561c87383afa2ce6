"""A DataLoader over an IterableDataset whose __iter__ resets and returns self (transformers' pipeline
iterators): every item once, in order, as torch's DataLoader gives them."""
import pytest
import torch

import mindtorch


def _make(lib):
    class It(lib.utils.data.IterableDataset):
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            self.i = 0
            return self

        def __next__(self):
            if self.i >= self.n:
                raise StopIteration
            self.i += 1
            return {"x": self.i, "is_last": self.i == self.n}
    return It


@pytest.mark.parametrize("batch_size", [None, 1, 2])
def test_self_iterator_dataset(batch_size):
    out = []
    for lib in (torch, mindtorch):
        dl = lib.utils.data.DataLoader(_make(lib)(5), batch_size=batch_size, collate_fn=lambda items: items)
        out.append([item for _, item in zip(range(20), dl)])
    assert out[0] == out[1]
