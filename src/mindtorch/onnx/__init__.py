"""torch.onnx: exporting needs a traced graph, which mindtorch does not make; export raises."""


def is_in_onnx_export():
    return False


def export(*args, **kwargs):
    raise NotImplementedError("mindtorch: torch.onnx.export is not supported (no graph capture)")


def dynamo_export(*args, **kwargs):
    raise NotImplementedError("mindtorch: torch.onnx.dynamo_export is not supported (no graph capture)")


class ONNXProgram:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("mindtorch: torch.onnx.ONNXProgram is not supported")


def register_custom_op_symbolic(symbolic_name, symbolic_fn, opset_version):
    pass


class OperatorExportTypes:
    ONNX = 0
    ONNX_ATEN = 1
    ONNX_ATEN_FALLBACK = 2
    ONNX_FALLTHROUGH = 3


class TrainingMode:
    EVAL = 0
    PRESERVE = 1
    TRAINING = 2
