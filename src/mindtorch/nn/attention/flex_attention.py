"""torch.nn.attention.flex_attention: not supported by mindtorch (it needs compiled block-sparse
kernels). The names exist for imports and isinstance checks; calls raise NotImplementedError."""
_DEFAULT_SPARSE_BLOCK_SIZE = 128


def _unsupported(name):
    return NotImplementedError(f"mindtorch: torch.nn.attention.flex_attention.{name} is not supported")


class BlockMask:
    def __init__(self, *args, **kwargs):
        raise _unsupported("BlockMask")

    @classmethod
    def from_kv_blocks(cls, *args, **kwargs):
        raise _unsupported("BlockMask.from_kv_blocks")


class AuxRequest:
    def __init__(self, lse=False, max_scores=False):
        self.lse, self.max_scores = lse, max_scores


class AuxOutput:
    pass


def create_block_mask(*args, **kwargs):
    raise _unsupported("create_block_mask")


def create_mask(*args, **kwargs):
    raise _unsupported("create_mask")


def flex_attention(*args, **kwargs):
    raise _unsupported("flex_attention")


def and_masks(*mask_mods):
    raise _unsupported("and_masks")


def or_masks(*mask_mods):
    raise _unsupported("or_masks")


def noop_mask(batch, head, token_q, token_kv):
    raise _unsupported("noop_mask")
