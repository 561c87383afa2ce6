"""mindtorch.utils.data: datasets, samplers and the DataLoader, as torch.utils.data."""
from .dataset import (Dataset, IterableDataset, TensorDataset, StackDataset, ConcatDataset, ChainDataset,  # noqa: F401
                      Subset, random_split)
from .sampler import (Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler,  # noqa: F401
                      BatchSampler)
from .distributed import DistributedSampler  # noqa: F401
from .dataloader import DataLoader, get_worker_info, WorkerInfo  # noqa: F401
from ._collate import default_collate, default_convert  # noqa: F401
