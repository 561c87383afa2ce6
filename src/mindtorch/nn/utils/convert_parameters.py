"""parameters_to_vector / vector_to_parameters."""
from ..._tensor import Tensor
from ..modules.module import _typename


def parameters_to_vector(parameters):
    """The parameters flattened and concatenated into one vector (differentiable)."""
    from ... import _ops
    device = None
    vec = []
    for param in parameters:
        device = _check_param_device(param, device)
        vec.append(param.view(-1))
    return _ops.cat(vec)


def vector_to_parameters(vec, parameters):
    """Slice `vec` into the parameters' shapes and make each parameter's data that slice."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {_typename(vec)}")
    device = None
    pointer = 0
    for param in parameters:
        device = _check_param_device(param, device)
        n = param.numel()
        param.data = vec[pointer:pointer + n].view(param.shape).data
        pointer += n


def _check_param_device(param, old):
    """Every parameter on one device (the index for accelerators, -1 for the CPU)."""
    accel = ("cuda", "npu")
    if old is None:
        return param.get_device() if param.device.type in accel else -1
    if param.device.type in accel:
        differs = param.get_device() != old
    else:
        differs = old != -1
    if differs:
        raise TypeError("Found two parameters on different devices, this is currently not supported.")
    return old
