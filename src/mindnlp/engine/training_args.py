"""TrainingArguments: transformers' own TrainingArguments (the identical argument surface, parsing, defaults
and checks), plus the options of mindnlp.engine's MindSpore train step."""
from dataclasses import dataclass, field

import transformers

__all__ = ["TrainingArguments"]


@dataclass
class TrainingArguments(transformers.TrainingArguments):
    """transformers.TrainingArguments, with:

    mindspore_jit (bool, default False): compile the train step (forward, loss and gradients) with
        `mindspore.jit`. When the model cannot be compiled, or the compiled step disagrees with the eager one on
        the first batch, training continues on the eager `value_and_grad` step and a warning says why.
    mindspore_jit_capture_mode (str, default "ast"): `mindspore.jit`'s capture_mode ("ast" or "bytecode").
    """

    mindspore_jit: bool = field(default=False, metadata={
        "help": "Compile the train step with mindspore.jit (falls back to the eager step, with a warning, when "
                "the model cannot compile)."})
    mindspore_jit_capture_mode: str = field(default="ast", metadata={
        "help": "mindspore.jit capture_mode for the compiled train step: 'ast' or 'bytecode'."})

    def __post_init__(self):
        if self.mindspore_jit_capture_mode not in ("ast", "bytecode"):
            raise ValueError(f"mindspore_jit_capture_mode must be 'ast' or 'bytecode', got "
                             f"{self.mindspore_jit_capture_mode!r}")
        super().__post_init__()
