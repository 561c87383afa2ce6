"""torch._dynamo.exc."""


class TorchDynamoException(RuntimeError):
    pass


class Unsupported(TorchDynamoException):
    pass


class InternalTorchDynamoError(TorchDynamoException):
    pass


class BackendCompilerFailed(TorchDynamoException):
    pass


class RestartAnalysis(TorchDynamoException):
    pass


class UserError(Unsupported):
    pass


class TorchRuntimeError(TorchDynamoException):
    pass


class ObservedException(TorchDynamoException):
    pass
