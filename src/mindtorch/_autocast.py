"""Autocast: the per-thread state and the op policy that the op registry consults.

The registry (`_ops/registry.py`) wraps, at `defop` time, only the ops named in `POLICY` below with
`autocast_entry`. Outside an autocast region the wrapper costs one attribute read of a thread-local
(`state.active`); other ops are not wrapped at all. Inside a region enabled for the device type of
the op's first tensor argument, the op's floating inputs are cast as torch's autocast policy for that
device type says, and the op runs with autocast switched off (so ops it is built from are not cast
again, as torch excludes the autocast key when it redispatches):

- "lower": floating tensors (not float64) on that device -> the region's dtype (bfloat16 by default on
  CPU, float16 on CUDA/NPU);
- "fp32": floating tensors (not float64) -> float32;
- "fp32_opt_dtype" (CUDA's softmax/sum/cumsum/...): float32 unless a `dtype=` is given;
- "promote": the widest floating type among those inputs (float32 over the lower type; float64 ignored).

The policy is torch's (documented in torch.amp, "Autocast Op Reference"): the CPU lists for 'cpu',
the CUDA lists for 'cuda' and 'npu' (torch_npu follows CUDA's). Names are aten names plus the
nn.functional names that differ (cross_entropy for cross_entropy_loss). Casts go through
`Tensor.to`, so they are recorded by autograd as torch's are. Unlike torch, casts of weights are not
cached within a region (the values are identical; only time differs).
"""
import threading

_CPU_LOWER = (
    "conv1d", "conv2d", "conv3d", "bmm", "mm", "linalg_vecdot", "vecdot", "baddbmm", "addmm", "addbmm", "linear",
    "_convolution", "convolution", "matmul", "__matmul__", "__rmatmul__", "conv_tbc", "mkldnn_rnn_layer",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "prelu", "scaled_dot_product_attention",
    "_native_multi_head_attention")
_CPU_FP32 = (
    "avg_pool3d", "binary_cross_entropy", "grid_sampler", "grid_sample", "polar", "prod", "quantile",
    "nanquantile", "stft", "cdist", "trace", "view_as_complex", "cholesky", "cholesky_inverse", "cholesky_solve",
    "inverse", "lu_solve", "orgqr", "ormqr", "pinverse", "max_pool3d", "max_unpool2d", "max_unpool3d",
    "adaptive_avg_pool3d", "reflection_pad1d", "reflection_pad2d", "replication_pad1d", "replication_pad2d",
    "replication_pad3d", "mse_loss", "cosine_embedding_loss", "nll_loss", "nll_loss2d", "hinge_embedding_loss",
    "poisson_nll_loss", "smooth_l1_loss", "cross_entropy_loss", "cross_entropy", "l1_loss", "huber_loss",
    "margin_ranking_loss", "soft_margin_loss", "triplet_margin_loss", "multi_margin_loss", "ctc_loss", "kl_div",
    "multilabel_margin_loss", "binary_cross_entropy_with_logits", "fft_fft", "fft_ifft", "fft_fft2", "fft_ifft2",
    "fft_fftn", "fft_ifftn", "fft_rfft", "fft_irfft", "fft_rfft2", "fft_irfft2", "fft_rfftn", "fft_irfftn",
    "fft_hfft", "fft_ihfft", "linalg_cond", "linalg_matrix_rank", "linalg_solve", "linalg_cholesky",
    "linalg_svdvals", "linalg_eigvals", "linalg_eigvalsh", "linalg_inv", "linalg_householder_product",
    "linalg_tensorinv", "linalg_tensorsolve", "fake_quantize_per_tensor_affine", "geqrf", "_lu_with_info", "qr",
    "svd", "triangular_solve", "fractional_max_pool2d", "fractional_max_pool3d", "adaptive_max_pool3d",
    "multilabel_margin_loss_forward", "linalg_qr", "linalg_cholesky_ex", "linalg_svd", "linalg_eig",
    "linalg_eigh", "linalg_lstsq", "linalg_inv_ex")
_CPU_PROMOTE = ("cat", "stack", "index_copy")

_CUDA_LOWER = (
    "_convolution", "convolution", "conv1d", "conv2d", "conv3d", "conv_tbc", "conv_transpose1d", "conv_transpose2d",
    "conv_transpose3d", "cudnn_convolution", "cudnn_convolution_transpose", "prelu", "addmm", "addmv", "addr",
    "matmul", "__matmul__", "__rmatmul__", "einsum", "mm", "mv", "linalg_vecdot", "vecdot", "linear", "addbmm",
    "baddbmm", "bmm", "chain_matmul", "linalg_multi_dot", "multi_dot", "_thnn_fused_lstm_cell",
    "_thnn_fused_gru_cell", "lstm_cell", "gru_cell", "rnn_tanh_cell", "rnn_relu_cell",
    "_scaled_dot_product_flash_attention", "scaled_dot_product_attention")
_CUDA_FP32 = (
    "acos", "asin", "cosh", "erfinv", "exp", "expm1", "log", "log10", "log2", "log1p", "reciprocal", "rsqrt",
    "sinh", "tan", "pow", "__pow__", "__rpow__", "__rtruediv__", "__rdiv__", "softplus", "layer_norm",
    "native_layer_norm", "group_norm", "frobenius_norm", "nuclear_norm", "cosine_similarity", "poisson_nll_loss",
    "cosine_embedding_loss", "nll_loss", "nll_loss2d", "hinge_embedding_loss", "kl_div", "l1_loss",
    "smooth_l1_loss", "huber_loss", "mse_loss", "margin_ranking_loss", "multilabel_margin_loss",
    "soft_margin_loss", "triplet_margin_loss", "multi_margin_loss", "binary_cross_entropy_with_logits", "dist",
    "pdist", "cdist", "renorm", "logsumexp", "upsample_nearest1d", "_upsample_nearest_exact1d",
    "upsample_nearest2d", "_upsample_nearest_exact2d", "upsample_nearest3d", "_upsample_nearest_exact3d",
    "upsample_linear1d", "upsample_bilinear2d", "_upsample_bilinear2d_aa", "upsample_trilinear3d",
    "upsample_bicubic2d", "_upsample_bicubic2d_aa", "norm", "normalize")
_CUDA_FP32_OPT_DTYPE = ("prod", "softmax", "log_softmax", "softmin", "cumprod", "cumsum", "linalg_vector_norm",
                        "linalg_matrix_norm", "sum", "cross_entropy_loss", "cross_entropy")
_CUDA_PROMOTE = ("addcdiv", "addcmul", "atan2", "bilinear", "cross", "dot", "vdot", "grid_sampler", "index_put",
                 "scatter_add", "tensordot")


def _policy(lower, fp32, promote, fp32_opt=()):
    table = {}
    for kind, names in (("lower", lower), ("fp32", fp32), ("fp32_opt_dtype", fp32_opt), ("promote", promote)):
        for n in names:
            table[n] = kind
    return table


_DEVICE_POLICY = {"cpu": _policy(_CPU_LOWER, _CPU_FP32, _CPU_PROMOTE)}
_DEVICE_POLICY["cuda"] = _DEVICE_POLICY["npu"] = _policy(_CUDA_LOWER, _CUDA_FP32, _CUDA_PROMOTE, _CUDA_FP32_OPT_DTYPE)

# op name -> {device type: kind}; the registry wraps exactly these names.
POLICY = {}
for _dev, _table in _DEVICE_POLICY.items():
    for _name, _kind in _table.items():
        POLICY.setdefault(_name, {})[_dev] = _kind

AUTOCAST_DEVICE_TYPES = ("cpu", "cuda", "npu", "xpu", "mps", "hpu", "xla", "mtia", "maia", "ipu", "xla",
                         "privateuseone")
DEFAULT_DTYPE_NAMES = {"cpu": "bfloat16", "cuda": "float16", "npu": "float16", "xpu": "bfloat16",
                       "mps": "float16", "hpu": "bfloat16", "xla": "bfloat16", "mtia": "bfloat16",
                       "maia": "bfloat16", "ipu": "float16", "privateuseone": "float16"}


class _State(threading.local):
    """Autocast state of the calling thread. `active` is True while any device type has autocast on."""
    active = False

    def __init__(self):
        self.enabled = {}
        self.dtypes = {}
        self.cache_enabled = True
        self.nesting = 0

    def refresh(self):
        self.active = any(self.enabled.values())


state = _State()


def _dtype_module():
    from . import _dtype
    return _dtype


def autocast_dtype(device_type):
    d = state.dtypes.get(device_type)
    if d is None:
        d = getattr(_dtype_module(), DEFAULT_DTYPE_NAMES.get(device_type, "float16"))
    return d


def _first_device_type(args, kwargs):
    for a in args:
        if hasattr(a, "_storage") and hasattr(a, "_dtype"):
            return a._device.type
        if type(a) in (list, tuple):
            for x in a:
                if hasattr(x, "_storage") and hasattr(x, "_dtype"):
                    return x._device.type
    for a in kwargs.values():
        if hasattr(a, "_storage") and hasattr(a, "_dtype"):
            return a._device.type
    return None


def _eligible(x, device_type):
    if not (hasattr(x, "_storage") and hasattr(x, "_dtype")):
        return False
    dt = x._dtype
    return dt.is_floating_point and dt.itemsize != 8 and x._device.type == device_type


def _map(value, fn):
    if type(value) in (list, tuple):
        return type(value)(fn(v) for v in value)
    return fn(value)


def _promote_dtype(args, kwargs, device_type, lower):
    D = _dtype_module()
    current = lower
    items = []
    for a in list(args) + list(kwargs.values()):
        items.extend(a if type(a) in (list, tuple) else (a,))
    for x in items:
        if _eligible(x, device_type):
            nxt = x._dtype
            if current is D.float32 or nxt is D.float32:
                current = D.float32
            elif not (current is lower and nxt is lower):
                raise RuntimeError("Unexpected floating ScalarType in at::autocast::prioritize")
    return current


def cast_arguments(name, device_type, args, kwargs):
    """The arguments of op `name` as autocast on `device_type` hands them to the op (None: unchanged)."""
    kind = _DEVICE_POLICY.get(device_type, {}).get(name)
    if kind is None:
        return None
    D = _dtype_module()
    if kind == "lower":
        target = autocast_dtype(device_type)
    elif kind == "fp32":
        target = D.float32
    elif kind == "fp32_opt_dtype":
        if kwargs.get("dtype") is not None:
            return None
        target = D.float32
    else:
        target = _promote_dtype(args, kwargs, device_type, autocast_dtype(device_type))

    def conv(x):
        if _eligible(x, device_type) and x._dtype is not target:
            return x.to(target)
        return x
    return tuple(_map(a, conv) for a in args), {k: _map(v, conv) for k, v in kwargs.items()}


def autocast_entry(name, entry):
    """`entry` applying autocast's policy for op `name` when the calling thread is in an autocast region."""
    def run(*args, **kwargs):
        if not state.active:
            return entry(*args, **kwargs)
        device_type = _first_device_type(args, kwargs)
        if device_type is None or not state.enabled.get(device_type):
            return entry(*args, **kwargs)
        cast = cast_arguments(name, device_type, args, kwargs)
        if cast is not None:
            args, kwargs = cast
        state.active = False  # ops that this op is built from are not autocast again
        try:
            return entry(*args, **kwargs)
        finally:
            state.refresh()

    run.__name__ = getattr(entry, "__name__", name)
    run.__qualname__ = getattr(entry, "__qualname__", name)
    run.__doc__ = getattr(entry, "__doc__", None)
    run.__wrapped__ = entry
    run._autocast_wrapped = True
    if hasattr(entry, "_node_class"):
        run._node_class = entry._node_class
    return run


def wrap_module_functions(module):
    """Wrap, in `module`'s namespace, the functions named in POLICY that are not registry ops (the
    torch.nn.functional entries: linear, conv*, losses, ...), so that calls through the module
    (F.linear, and nn layers calling F.<name>) follow autocast. Idempotent."""
    for name, fn in list(vars(module).items()):
        if name in POLICY and callable(fn) and not getattr(fn, "_autocast_wrapped", False) \
                and not isinstance(fn, type):
            setattr(module, name, autocast_entry(name, fn))
