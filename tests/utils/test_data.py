"""mindtorch.utils.data against torch.utils.data: the same batches for the same datasets and samplers;
shuffling is a permutation reproducible under a seed; worker processes give the same batches in order."""
import collections

import numpy as np
import pytest
import torch

import mindtorch

from oracle import assert_same

Point = collections.namedtuple("Point", "x y")


class Squares:
    """A map-style dataset of mixed samples, written once for both libraries."""

    def __init__(self, lib, n=10):
        self.lib_name, self.n = lib.__name__, n  # a name, not the module: datasets travel to spawned workers

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        lib = torch if self.lib_name == "torch" else mindtorch
        return {"x": lib.full((2,), float(i)), "y": i * i, "w": 0.5 * i, "name": f"s{i}",
                "pair": (lib.tensor([i]), np.array([i, -i], dtype=np.int32)), "pt": Point(i, float(i))}


def _batches(lib, dataset_factory, **kwargs):
    module = lib.utils.data
    return list(module.DataLoader(dataset_factory(lib), **kwargs))


@pytest.mark.parametrize("kwargs", [dict(batch_size=3), dict(batch_size=4, drop_last=True), dict(batch_size=None),
                                    dict(batch_size=1)])
def test_sequential_batches_match_torch(kwargs):
    expected = _batches(torch, Squares, **kwargs)
    actual = _batches(mindtorch, Squares, **kwargs)
    assert len(expected) == len(actual)
    for e, a in zip(expected, actual):
        assert e.keys() == a.keys()
        for key in e:
            if key == "name":
                assert e[key] == a[key]
            else:
                assert_same(e[key], a[key])


def test_len_and_tensor_concat_subset_datasets_match_torch():
    def build(lib):
        d = lib.utils.data
        base = d.TensorDataset(lib.arange(10).view(5, 2), lib.arange(5))
        concat = d.ConcatDataset([base, base])
        return concat, d.Subset(concat, [9, 0, 4]), d.StackDataset(base, base)
    for t_ds, m_ds in zip(build(torch), build(mindtorch)):
        assert len(t_ds) == len(m_ds)
        for i in range(len(t_ds)):
            assert_same(tuple(t_ds[i]), tuple(m_ds[i]))
    for lib in (torch, mindtorch):
        with pytest.raises(AssertionError):
            lib.utils.data.TensorDataset(lib.zeros(3), lib.zeros(4))


def test_batch_sampler_and_custom_collate_match_torch():
    def run(lib):
        d = lib.utils.data
        sampler = d.BatchSampler(d.SequentialSampler(range(7)), batch_size=3, drop_last=False)
        return list(d.DataLoader(list(range(7)), batch_sampler=sampler, collate_fn=lambda b: sum(b)))
    assert run(torch) == run(mindtorch)


def test_shuffle_is_a_seeded_permutation():
    def order(seed):
        g = mindtorch.Generator().manual_seed(seed)
        return [int(b) for b in mindtorch.utils.data.DataLoader(list(range(20)), shuffle=True, batch_size=None,
                                                                generator=g)]
    assert sorted(order(0)) == list(range(20))
    assert order(0) == order(0) != list(range(20))
    assert order(0) != order(1)


def test_distributed_sampler_shards_like_torch():
    for shuffle in (False,):
        for drop_last in (False, True):
            for rank in range(3):
                e = list(torch.utils.data.DistributedSampler(range(10), 3, rank, shuffle=shuffle, drop_last=drop_last))
                a = list(mindtorch.utils.data.DistributedSampler(range(10), 3, rank, shuffle=shuffle,
                                                                 drop_last=drop_last))
                assert e == a
    shards = [list(mindtorch.utils.data.DistributedSampler(range(10), 2, r, shuffle=True, seed=3)) for r in range(2)]
    assert sorted(shards[0] + shards[1]) == list(range(10))


def test_random_split_lengths_and_disjointness():
    parts = mindtorch.utils.data.random_split(range(10), [0.5, 0.3, 0.2], generator=mindtorch.Generator().manual_seed(1))
    assert [len(p) for p in parts] == [5, 3, 2]
    assert sorted(sum((list(p) for p in parts), [])) == list(range(10))


def test_worker_processes_give_the_same_batches_in_order():
    expected = _batches(mindtorch, Squares, batch_size=3)
    actual = _batches(mindtorch, Squares, batch_size=3, num_workers=2)
    assert len(expected) == len(actual)
    for e, a in zip(expected, actual):
        np.testing.assert_array_equal(e["x"].numpy(), a["x"].numpy())
        assert e["name"] == a["name"]


class Counting(mindtorch.utils.data.IterableDataset):
    def __iter__(self):
        info = mindtorch.utils.data.get_worker_info()
        worker, workers = (info.id, info.num_workers) if info else (0, 1)
        return iter(range(worker, 12, workers))


def test_iterable_dataset_with_workers_covers_every_item():
    out = [int(x) for b in mindtorch.utils.data.DataLoader(Counting(), batch_size=2, num_workers=2) for x in b]
    assert sorted(out) == list(range(12))


class Broken(mindtorch.utils.data.Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        raise KeyError(f"bad {i}")


def test_worker_errors_reach_the_main_process():
    with pytest.raises(KeyError, match="bad 0"):
        list(mindtorch.utils.data.DataLoader(Broken(), num_workers=1))


def test_dataloader_argument_errors_match_torch():
    for lib in (torch, mindtorch):
        d = lib.utils.data
        with pytest.raises(ValueError):
            d.DataLoader(range(3), sampler=d.SequentialSampler(range(3)), shuffle=True)
        with pytest.raises(ValueError):
            d.DataLoader(range(3), batch_size=None, drop_last=True)
        with pytest.raises(ValueError):
            d.DataLoader(range(3), num_workers=-1)
