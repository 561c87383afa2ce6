"""mindnlp.engine: Trainer and TrainingArguments with transformers' API, training on MindSpore's
`value_and_grad` (see trainer.py and train_step.py). A script written for transformers.Trainer runs by
changing its import to `from mindnlp.engine import Trainer, TrainingArguments`."""
# isort: off
import mindnlp  # noqa: F401  (the torch alias must be in place before transformers is imported)
from transformers import (  # the callback and state types, for scripts that import them from here
    EarlyStoppingCallback,
    EvalPrediction,
    PrinterCallback,
    ProgressCallback,
    TrainerCallback,
    TrainerControl,
    TrainerState,
    set_seed,
)
# isort: on

from .train_step import ValueAndGradStep, bind_parameter, trainable_parameters
from .trainer import Trainer
from .training_args import TrainingArguments

__all__ = [
    "EarlyStoppingCallback",
    "EvalPrediction",
    "PrinterCallback",
    "ProgressCallback",
    "Trainer",
    "TrainerCallback",
    "TrainerControl",
    "TrainerState",
    "TrainingArguments",
    "ValueAndGradStep",
    "bind_parameter",
    "set_seed",
    "trainable_parameters",
]
