"""torch.backends.quantized: mindtorch has no quantized kernels."""
engine = "none"
supported_engines = ["none"]
