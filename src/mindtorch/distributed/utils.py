"""torch.distributed.utils."""
