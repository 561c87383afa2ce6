"""mindnlp: unmodified HuggingFace transformers and diffusers on MindSpore, through mindtorch.

`import mindnlp` makes `import torch` give mindtorch (torch_alias.py); import it before the libraries. It also
lets transformers' from_pretrained/from_config/pipeline take `ms_dtype=` (hf_kwargs.py)."""
from .torch_alias import install as _install_torch_alias
from .hf_kwargs import install as _install_hf_kwargs

_install_torch_alias()
_install_hf_kwargs()
