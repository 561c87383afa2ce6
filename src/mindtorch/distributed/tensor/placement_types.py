"""torch.distributed.tensor.placement_types: placements describe how a DTensor is laid out; they are
plain descriptions, so they can be made and compared here."""
import dataclasses


class Placement:
    def is_shard(self, dim=None):
        return isinstance(self, Shard) and (dim is None or self.dim == dim)

    def is_replicate(self):
        return isinstance(self, Replicate)

    def is_partial(self, reduce_op=None):
        return isinstance(self, Partial) and (reduce_op is None or self.reduce_op == reduce_op)


@dataclasses.dataclass(frozen=True)
class Shard(Placement):
    dim: int

    def __repr__(self):
        return f"Shard(dim={self.dim})"

    @staticmethod
    def local_shard_size_and_offset(curr_local_size, num_chunks, rank):
        full = -(-curr_local_size // num_chunks)
        offset = min(full * rank, curr_local_size)
        return max(0, min(curr_local_size, offset + full) - offset), offset

    _local_shard_size_and_offset = local_shard_size_and_offset

    @staticmethod
    def _local_shard_size_on_dim(size_on_dim, num_chunks, rank, return_offset=False):
        size, offset = Shard.local_shard_size_and_offset(size_on_dim, num_chunks, rank)
        return (size, offset) if return_offset else (size, -1)


@dataclasses.dataclass(frozen=True)
class _StridedShard(Shard):
    split_factor: int = 1


@dataclasses.dataclass(frozen=True)
class Replicate(Placement):
    def __repr__(self):
        return "Replicate()"


@dataclasses.dataclass(frozen=True)
class Partial(Placement):
    reduce_op: str = "sum"

    def __repr__(self):
        return f"Partial({self.reduce_op})"
