"""mindnlp: unmodified HuggingFace transformers and diffusers on MindSpore, through mindtorch.

`import mindnlp` makes `import torch` give mindtorch (torch_alias.py); import it before the libraries."""
from .torch_alias import install as _install_torch_alias

_install_torch_alias()
