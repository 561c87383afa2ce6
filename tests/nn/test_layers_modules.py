"""nn layer modules against torch: repr, state_dict keys/shapes/dtypes, and forward + gradients (inputs and
parameters) with torch's initialized weights loaded into the mindtorch module."""
import warnings

import numpy as np
import pytest
import torch
import mindtorch

from fn_helpers import arr, ints
from oracle import assert_same


def _to(lib, x, requires_grad=False):
    if isinstance(x, np.ndarray):
        t = lib.from_numpy(x.copy())
        if requires_grad and x.dtype.kind == "f":
            t.requires_grad_(True)
        return t
    if isinstance(x, (list, tuple)):
        return type(x)(_to(lib, v, requires_grad) for v in x)
    return x


def pair(cls_name, *args, kwargs=None, **kw):
    """The torch and mindtorch modules `cls_name(*args, **kw)`; `kwargs(lib)` adds library-specific ones
    (tensors). The mindtorch module gets torch's state."""
    extra_t = kwargs(torch) if kwargs else {}
    extra_m = kwargs(mindtorch) if kwargs else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tm = getattr(torch.nn, cls_name)(*args, **kw, **extra_t)
        mm = getattr(mindtorch.nn, cls_name)(*args, **kw, **extra_m)
    assert repr(mm) == repr(tm)
    ts, ms_ = tm.state_dict(), mm.state_dict()
    assert list(ms_.keys()) == list(ts.keys())
    for k in ts:
        assert tuple(ms_[k].shape) == tuple(ts[k].shape), k
        assert str(ms_[k].dtype) == str(ts[k].dtype), k
    assert [n for n, _ in mm.named_parameters()] == [n for n, _ in tm.named_parameters()]
    assert [n for n, _ in mm.named_buffers()] == [n for n, _ in tm.named_buffers()]
    mm.load_state_dict({k: mindtorch.from_numpy(v.detach().numpy().copy()) for k, v in ts.items()})
    return tm, mm


def run_pair(tm, mm, *inputs, grad=True, train=True, rtol=1e-5, atol=1e-6, calls=1, frozen=()):
    tm.train(train)
    mm.train(train)
    outs = {}
    for lib, m in ((torch, tm), (mindtorch, mm)):
        xs = [_to(lib, x, grad and i not in frozen) for i, x in enumerate(inputs)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(calls):
                out = m(*xs)
        outs[lib] = (out, xs)
    assert_same(outs[torch][0], outs[mindtorch][0], rtol, atol)
    for k, v in tm.state_dict().items():  # running statistics etc.
        assert_same(v, mm.state_dict()[k], rtol, atol, path=k)
    if not grad or not outs[torch][0].requires_grad:
        return outs[torch][0]
    w = np.random.default_rng(0).standard_normal(tuple(outs[torch][0].shape))
    for lib, m in ((torch, tm), (mindtorch, mm)):
        out, xs = outs[lib]
        out.backward(lib.from_numpy(w).to(out.dtype))
    for (name, p_t), (_, p_m) in zip(tm.named_parameters(), mm.named_parameters()):
        if p_t.grad is None:
            assert p_m.grad is None or not np.any(p_m.grad.numpy()), name
        else:
            assert_same(p_t.grad, p_m.grad, rtol, atol, path=f"grad of {name}")
    for i, (x_t, x_m) in enumerate(zip(outs[torch][1], outs[mindtorch][1])):
        if isinstance(x_t, torch.Tensor) and x_t.requires_grad:
            assert_same(x_t.grad, x_m.grad, rtol, atol, path=f"grad of input {i}")
    return outs[torch][0]


# ---- linear ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("bias", [True, False])
def test_linear(bias):
    tm, mm = pair("Linear", 4, 3, bias=bias)
    run_pair(tm, mm, arr(2, 5, 4))
    tm, mm = pair("Bilinear", 3, 4, 2, bias=bias)
    run_pair(tm, mm, arr(5, 3), arr(5, 4, seed=1))
    tm, mm = pair("Identity", 3, foo=1)
    run_pair(tm, mm, arr(2, 3), grad=False)
    tm, mm = pair("Linear", 4, 3, bias=bias, dtype=torch.float64) if False else pair("Linear", 2, 2)


def test_linear_dtype_and_lazy():
    tm = torch.nn.Linear(3, 2, dtype=torch.float64)
    mm = mindtorch.nn.Linear(3, 2, dtype=mindtorch.float64)
    assert str(mm.weight.dtype) == str(tm.weight.dtype) == "torch.float64"
    lazy = mindtorch.nn.LazyLinear(5)
    out = lazy(mindtorch.randn(2, 7))
    assert type(lazy) is mindtorch.nn.Linear and tuple(lazy.weight.shape) == (5, 7) and tuple(out.shape) == (2, 5)
    assert repr(lazy) == repr(torch.nn.Linear(7, 5))


# ---- activations ---------------------------------------------------------------------------------------
ACTS = [("ReLU", (), {}), ("ReLU", (True,), {}), ("ReLU6", (), {}), ("LeakyReLU", (0.2,), {}),
        ("LeakyReLU", (), {"inplace": True}), ("ELU", (0.5,), {}), ("CELU", (1.5, True), {}), ("SELU", (), {}),
        ("GELU", (), {}), ("GELU", ("tanh",), {}), ("SiLU", (), {}), ("Mish", (), {}), ("Softplus", (2.0, 5.0), {}),
        ("Softsign", (), {}), ("Softshrink", (0.3,), {}), ("Hardshrink", (), {}), ("Tanhshrink", (), {}),
        ("Hardtanh", (-2.0, 2.0), {}), ("Hardsigmoid", (), {}), ("Hardswish", (), {}), ("Sigmoid", (), {}),
        ("Tanh", (), {}), ("LogSigmoid", (), {}), ("Threshold", (0.1, 20.0), {}), ("GLU", (), {}),
        ("GLU", (0,), {}), ("Softmax", (1,), {}), ("Softmin", (-1,), {}), ("LogSoftmax", (0,), {}),
        ("Softmax", (), {}), ("Softmax2d", (), {}), ("RReLU", (0.1, 0.3), {}), ("Hardtanh", (), {"inplace": True}),
        ("SiLU", (True,), {})]


@pytest.mark.parametrize("name,args,kw", ACTS, ids=[f"{a[0]}{a[1]}{a[2]}" for a in ACTS])
def test_activation_modules(name, args, kw):
    tm, mm = pair(name, *args, **kw)
    x = arr(4, 2, 4) * 2
    inplace = kw.get("inplace") or (args and args[-1] is True)
    run_pair(tm, mm, x, train=name != "RReLU", grad=not inplace, atol=1e-5)


def test_prelu_module():
    for n in (1, 3):
        tm, mm = pair("PReLU", n, 0.1)
        run_pair(tm, mm, arr(2, 3, 4))
    tm, mm = pair("PReLU", init=0.5)
    run_pair(tm, mm, arr(5))


def test_activation_module_errors():
    with pytest.raises(ValueError):
        mindtorch.nn.Softmax2d()(mindtorch.ones(2, 2))
    with pytest.raises(AssertionError):
        mindtorch.nn.Hardtanh(1.0, 0.0)


# ---- losses ------------------------------------------------------------------------------------------
def _w(n, seed=5):
    return lambda lib: {"weight": lib.from_numpy(arr(n, low=0.5, high=2, seed=seed))}


LOSSES = [
    ("MSELoss", {}, lambda: (arr(3, 4), arr(3, 4, seed=1))),
    ("L1Loss", {"reduction": "sum"}, lambda: (arr(3, 4), arr(3, 4, seed=1))),
    ("SmoothL1Loss", {"beta": 0.5}, lambda: (arr(3, 4), arr(3, 4, seed=1))),
    ("HuberLoss", {"delta": 0.5}, lambda: (arr(3, 4), arr(3, 4, seed=1))),
    ("CrossEntropyLoss", {"label_smoothing": 0.1}, lambda: (arr(5, 4), ints(5, high=4))),
    ("CrossEntropyLoss", {"kwargs": _w(4), "ignore_index": 2}, lambda: (arr(5, 4), ints(5, high=4))),
    ("NLLLoss", {"reduction": "none"}, lambda: (arr(5, 4), ints(5, high=4))),
    ("NLLLoss", {"kwargs": _w(4)}, lambda: (arr(5, 4), ints(5, high=4))),
    ("BCELoss", {}, lambda: (arr(3, 4, low=0.05, high=0.95), arr(3, 4, low=0, high=1, seed=1))),
    ("BCELoss", {"kwargs": _w(4)}, lambda: (arr(3, 4, low=0.05, high=0.95), arr(3, 4, low=0, high=1, seed=1))),
    ("BCEWithLogitsLoss", {"kwargs": lambda lib: {"pos_weight": lib.from_numpy(arr(4, low=0.5, high=2)),
                                                  "weight": lib.from_numpy(arr(4, low=0.5, high=2, seed=3))}},
     lambda: (arr(3, 4), arr(3, 4, low=0, high=1, seed=1))),
    ("KLDivLoss", {"reduction": "batchmean"}, lambda: (np.log(arr(3, 4, low=0.1, high=1)),
                                                      arr(3, 4, low=0.1, high=1, seed=1))),
    ("KLDivLoss", {"log_target": True, "reduction": "sum"}, lambda: (arr(3, 4), arr(3, 4, seed=1))),
    ("PoissonNLLLoss", {"full": True}, lambda: (arr(3, 4), np.floor(arr(3, 4, low=0, high=4, seed=1)))),
    ("GaussianNLLLoss", {}, lambda: (arr(3, 4), arr(3, 4, seed=1), arr(3, 4, low=0.1, high=1, seed=2))),
    ("HingeEmbeddingLoss", {"margin": 0.5}, lambda: (arr(3, 4), np.sign(arr(3, 4, seed=1)))),
    ("SoftMarginLoss", {}, lambda: (arr(3, 4), np.sign(arr(3, 4, seed=1)))),
    ("MultiLabelSoftMarginLoss", {"kwargs": _w(4)}, lambda: (arr(3, 4), (arr(3, 4, seed=1) > 0).astype(np.float32))),
    ("MultiLabelMarginLoss", {}, lambda: (arr(2, 4), np.array([[3, 0, -1, 1], [1, 2, 0, -1]]))),
    ("MultiMarginLoss", {"p": 2, "margin": 0.5}, lambda: (arr(3, 4), ints(3, high=4))),
    ("CosineEmbeddingLoss", {"margin": 0.2}, lambda: (arr(3, 4), arr(3, 4, seed=1), np.array([1, -1, 1]))),
    ("MarginRankingLoss", {"margin": 0.1}, lambda: (arr(5), arr(5, seed=1), np.sign(arr(5, seed=2)))),
    ("TripletMarginLoss", {"margin": 0.5, "p": 1.0, "swap": True}, lambda: (arr(3, 4), arr(3, 4, seed=1),
                                                                          arr(3, 4, seed=2))),
    ("TripletMarginWithDistanceLoss", {"margin": 0.5}, lambda: (arr(3, 4), arr(3, 4, seed=1), arr(3, 4, seed=2))),
]


@pytest.mark.parametrize("name,kw,inputs", LOSSES, ids=[f"{n}{sorted(k)}" for n, k, _ in LOSSES])
def test_loss_modules(name, kw, inputs):
    tm, mm = pair(name, **kw)
    frozen = {"SoftMarginLoss": (1,), "HingeEmbeddingLoss": (1,), "CosineEmbeddingLoss": (2,),
              "MarginRankingLoss": (2,)}.get(name, ())
    run_pair(tm, mm, *inputs(), frozen=frozen)


def test_loss_module_misc():
    tm, mm = pair("CTCLoss", blank=0, zero_infinity=True)
    lp = arr(6, 2, 4)
    lp = lp - np.log(np.exp(lp).sum(-1, keepdims=True))
    run_pair(tm, mm, lp, ints(2, 2, high=4, low=1), np.array([6, 5]), np.array([2, 1]), rtol=1e-4, atol=1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert mindtorch.nn.MSELoss(size_average=False).reduction == torch.nn.MSELoss(size_average=False).reduction
        assert mindtorch.nn.L1Loss(reduce=False).reduction == "none"
    with pytest.raises(ValueError):
        mindtorch.nn.MultiMarginLoss(p=3)
    with pytest.raises(ValueError):
        mindtorch.nn.TripletMarginLoss(margin=0)


# ---- normalization ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kw", [{}, {"elementwise_affine": False}, {"bias": False}, {"eps": 1e-3}])
def test_layer_norm_module(kw):
    tm, mm = pair("LayerNorm", (3, 4), **kw)
    run_pair(tm, mm, arr(2, 3, 4) * 3 + 1, rtol=1e-4, atol=1e-5)
    tm, mm = pair("LayerNorm", 4, **kw)
    with torch.no_grad():
        for p in tm.parameters():
            p.uniform_(0.5, 1.5)
    mm.load_state_dict({k: mindtorch.from_numpy(v.numpy().copy()) for k, v in tm.state_dict().items()})
    run_pair(tm, mm, arr(5, 4), rtol=1e-4, atol=1e-5)


def test_rms_group_lrn_modules():
    for kw in ({}, {"eps": 1e-6}, {"elementwise_affine": False}):
        tm, mm = pair("RMSNorm", 4, **kw)
        run_pair(tm, mm, arr(3, 4), rtol=1e-4, atol=1e-5)
    for kw in ({}, {"affine": False}, {"eps": 1e-3}):
        tm, mm = pair("GroupNorm", 2, 4, **kw)
        run_pair(tm, mm, arr(3, 4, 5), rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError):
        mindtorch.nn.GroupNorm(3, 4)
    tm, mm = pair("LocalResponseNorm", 3, alpha=0.01)
    run_pair(tm, mm, arr(2, 5, 4), rtol=1e-4, atol=1e-5)


BN = [("BatchNorm1d", (2, 3)), ("BatchNorm1d", (2, 3, 4)), ("BatchNorm2d", (2, 3, 2, 2)),
      ("BatchNorm3d", (2, 3, 2, 1, 2)), ("SyncBatchNorm", (2, 3, 4))]


@pytest.mark.parametrize("name,shape", BN)
@pytest.mark.parametrize("kw", [{}, {"momentum": None}, {"affine": False}, {"track_running_stats": False},
                                {"momentum": 0.3, "eps": 1e-3}])
def test_batch_norm_modules(name, shape, kw):
    tm, mm = pair(name, 3, **kw)
    x = arr(*shape) * 2 + 1
    run_pair(tm, mm, x, rtol=1e-4, atol=1e-5, calls=3)  # running stats after three steps
    run_pair(tm, mm, x, train=False, rtol=1e-4, atol=1e-5)


def test_batch_norm_errors_and_state():
    with pytest.raises(ValueError):
        mindtorch.nn.BatchNorm2d(3)(mindtorch.ones(2, 3))
    with pytest.raises(ValueError):
        mindtorch.nn.BatchNorm1d(3)(mindtorch.ones(1, 3))
    m = mindtorch.nn.BatchNorm1d(3)
    sd = {k: v for k, v in m.state_dict().items() if k != "num_batches_tracked"}
    m.load_state_dict(sd, strict=False)
    sync = mindtorch.nn.SyncBatchNorm.convert_sync_batchnorm(mindtorch.nn.Sequential(mindtorch.nn.BatchNorm1d(3)))
    assert type(sync[0]).__name__ == "SyncBatchNorm"


IN = [("InstanceNorm1d", (2, 3, 5)), ("InstanceNorm2d", (2, 3, 2, 3)), ("InstanceNorm3d", (2, 3, 2, 2, 2))]


@pytest.mark.parametrize("name,shape", IN)
@pytest.mark.parametrize("kw", [{}, {"affine": True}, {"track_running_stats": True}, {"affine": True,
                                                                                   "track_running_stats": True}])
def test_instance_norm_modules(name, shape, kw):
    tm, mm = pair(name, 3, **kw)
    x = arr(*shape) * 2 + 1
    run_pair(tm, mm, x, rtol=1e-4, atol=1e-5, calls=2)
    run_pair(tm, mm, x, train=False, rtol=1e-4, atol=1e-5)


# ---- dropout, embedding, flatten -----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
                                  "FeatureAlphaDropout"])
def test_dropout_modules(name):
    tm, mm = pair(name, 0.3)
    pair(name, 0.2, inplace=True)
    x = {"Dropout1d": arr(2, 3, 4), "Dropout3d": arr(2, 3, 2, 2, 2)}.get(name, arr(2, 3, 4, 2))
    run_pair(tm, mm, x, train=False)
    mm.train()
    y = mm(mindtorch.ones(*x.shape)).numpy()
    assert (y != 1).any()
    with pytest.raises(ValueError):
        getattr(mindtorch.nn, name)(1.5)


@pytest.mark.parametrize("kw", [{}, {"padding_idx": 1}, {"padding_idx": -1}, {"max_norm": 1.0},
                                {"scale_grad_by_freq": True}, {"norm_type": 1.0, "max_norm": 2.0}])
def test_embedding_module(kw):
    tm, mm = pair("Embedding", 6, 3, **kw)
    if "padding_idx" in kw:
        np.testing.assert_array_equal(mm.weight.detach().numpy()[kw["padding_idx"]], 0)
    run_pair(tm, mm, np.array([[0, 1, 5], [1, 1, 2]]))


def test_embedding_from_pretrained_and_sparse():
    w = arr(4, 3)
    t = torch.nn.Embedding.from_pretrained(torch.from_numpy(w.copy()))
    m = mindtorch.nn.Embedding.from_pretrained(mindtorch.from_numpy(w.copy()))
    assert repr(m) == repr(t) and m.weight.requires_grad is False
    run_pair(t, m, np.array([3, 0]))
    t = torch.nn.Embedding.from_pretrained(torch.from_numpy(w.copy()), freeze=False, padding_idx=0)
    m = mindtorch.nn.Embedding.from_pretrained(mindtorch.from_numpy(w.copy()), freeze=False, padding_idx=0)
    run_pair(t, m, np.array([3, 0, 3]))
    tm, mm = pair("Embedding", 4, 3, sparse=True)
    with pytest.raises(NotImplementedError, match="sparse"):
        mm(mindtorch.tensor([1, 2]))
    with mindtorch.no_grad():
        assert tuple(mm(mindtorch.tensor([1, 2])).shape) == (2, 3)
    with pytest.raises(AssertionError):
        mindtorch.nn.Embedding(4, 3, padding_idx=4)


@pytest.mark.parametrize("kw", [{}, {"mode": "sum"}, {"mode": "max"}, {"padding_idx": 0},
                                {"mode": "sum", "include_last_offset": True}, {"max_norm": 1.0}])
def test_embedding_bag_module(kw):
    tm, mm = pair("EmbeddingBag", 6, 3, **kw)
    off = np.array([0, 2, 5]) if not kw.get("include_last_offset") else np.array([0, 2, 5, 6])
    run_pair(tm, mm, np.array([0, 1, 5, 1, 1, 2]), off)
    t = torch.nn.EmbeddingBag.from_pretrained(torch.ones(3, 2), mode="sum")
    m = mindtorch.nn.EmbeddingBag.from_pretrained(mindtorch.ones(3, 2), mode="sum")
    assert repr(t) == repr(m)


def test_flatten_unflatten():
    tm, mm = pair("Flatten")
    run_pair(tm, mm, arr(2, 3, 4), grad=False)
    tm, mm = pair("Flatten", 0, 1)
    run_pair(tm, mm, arr(2, 3, 4), grad=False)
    tm, mm = pair("Unflatten", 1, (2, 3))
    run_pair(tm, mm, arr(4, 6), grad=False)
    tm, mm = pair("Unflatten", -1, (3, -1))
    run_pair(tm, mm, arr(4, 6), grad=False)
    with pytest.raises(TypeError):
        mindtorch.nn.Unflatten(1, [2.0, 3])
