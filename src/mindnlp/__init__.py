"""mindnlp: unmodified HuggingFace transformers and diffusers on MindSpore, through mindtorch.

`import mindnlp` will register mindtorch as `torch` (the HuggingFace drop-in issue); for now this
package holds nothing else."""
