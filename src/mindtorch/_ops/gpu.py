"""The GPU (cuda) table: overrides of the default kernels for MindSpore GPU backends."""
