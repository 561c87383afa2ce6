"""The Ascend (npu) table: overrides of the default kernels for MindSpore Ascend backends."""
