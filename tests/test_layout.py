"""torch.layout values: the same names and reprs as real torch; every mindtorch tensor is strided."""
import pickle

import torch

import mindtorch

NAMES = ["strided", "sparse_coo", "sparse_csr", "sparse_csc", "sparse_bsr", "sparse_bsc", "_mkldnn", "jagged"]


def test_layout_values_match_torch():
    for name in NAMES:
        ours, theirs = getattr(mindtorch, name), getattr(torch, name)
        assert repr(ours) == repr(theirs)
        assert isinstance(ours, mindtorch.layout)
        assert pickle.loads(pickle.dumps(ours)) is ours
    assert mindtorch.strided != mindtorch.sparse_coo


def test_tensor_layout_is_strided():
    x = mindtorch.ones(2, 3)
    assert x.layout is mindtorch.strided and x.t().layout is mindtorch.strided
    assert repr(x.layout) == repr(torch.ones(2, 3).layout)
