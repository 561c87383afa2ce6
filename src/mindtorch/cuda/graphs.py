"""torch.cuda.graphs: CUDA graph capture is not supported by mindtorch (MindSpore has no stream
capture of eager kernels); the classes exist for isinstance checks and say so when used."""


def _unsupported(what):
    raise NotImplementedError(f"mindtorch: {what} (CUDA graph capture) is not supported")


class CUDAGraph:
    def __init__(self, *args, **kwargs):
        _unsupported("torch.cuda.CUDAGraph")


class graph:
    def __init__(self, cuda_graph, pool=None, stream=None, capture_error_mode="global"):
        _unsupported("torch.cuda.graph")


def graph_pool_handle():
    _unsupported("torch.cuda.graph_pool_handle")


def make_graphed_callables(callables, sample_args, num_warmup_iters=3, allow_unused_input=False, pool=None):
    _unsupported("torch.cuda.make_graphed_callables")


def is_current_stream_capturing():
    return False
