"""torch._inductor.config: settings of a compiler that does not run here; kept and read back."""
fx_graph_cache = False
freezing = False
max_autotune = False
coordinate_descent_tuning = False
triton = type("triton", (), {"cudagraphs": False, "unique_kernel_names": False})()
