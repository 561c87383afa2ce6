"""torch.* and Tensor.* names of nn ops (torch.softmax, Tensor.relu, torch.layer_norm, ...) against torch."""
import pytest

from fn_helpers import check_fn, arr, ints

CASES = [
    ("relu", lambda lib, x: lib.relu(x)), ("relu_m", lambda lib, x: x.relu()),
    ("selu", lambda lib, x: lib.selu(x)), ("celu", lambda lib, x: lib.celu(x, 0.5)),
    ("prelu", lambda lib, x: lib.prelu(x, lib.ones(1) * 0.2)),
    ("threshold", lambda lib, x: lib.threshold(x, 0.1, 2.0)), ("hardshrink", lambda lib, x: x.hardshrink(0.3)),
    ("sigmoid", lambda lib, x: lib.sigmoid(x)), ("tanh_m", lambda lib, x: x.tanh()),
    ("softmax", lambda lib, x: lib.softmax(x, 1)), ("softmax_m", lambda lib, x: x.softmax(-1)),
    ("log_softmax", lambda lib, x: lib.log_softmax(x, 0, dtype=lib.float64)),
    ("log_softmax_m", lambda lib, x: x.log_softmax(dim=1)),
    ("dropout_eval", lambda lib, x: lib.dropout(x, 0.5, False)),
    ("layer_norm", lambda lib, x: lib.layer_norm(x, (4,))),
    ("group_norm", lambda lib, x: lib.group_norm(x, 2)),
    ("rms_norm", lambda lib, x: lib.rms_norm(x, [4])),
    ("cosine_similarity", lambda lib, x: lib.cosine_similarity(x, lib.ones(4), -1)),
    ("pairwise_distance", lambda lib, x: lib.pairwise_distance(x, lib.ones(4))),
    ("pdist", lambda lib, x: lib.pdist(x)),
    ("kl_div", lambda lib, x: lib.kl_div(x, lib.ones(3, 4) * 0.25, 2)),
    ("hinge", lambda lib, x: lib.hinge_embedding_loss(x, lib.ones(3, 4), 1.0, 0)),
    ("bce_logits", lambda lib, x: lib.binary_cross_entropy_with_logits(x, lib.ones(3, 4) * 0.3)),
    ("triplet", lambda lib, x: lib.triplet_margin_loss(x, lib.ones(3, 4), lib.zeros(3, 4))),
]


def _declared_here(name):
    """Whether torch.<name> is nn_ops' entry (other op families may declare sigmoid, softmax, ...; their
    gradients are theirs to test)."""
    import inspect
    from mindtorch._ops import OPS
    op = OPS.get(name.removesuffix("_m"))
    return op is not None and inspect.unwrap(op.fn).__module__ == "mindtorch._ops.nn_ops"


@pytest.mark.parametrize("name,fn", CASES, ids=[c[0] for c in CASES])
def test_namespace_names(name, fn):
    check_fn(fn, arr(3, 4), rtol=1e-5, atol=1e-5, grad=_declared_here(name))


def test_namespace_inplace_and_embedding():
    check_fn(lambda lib, x: (lib.relu_(x), x)[1], arr(3, 4), grad=False)
    check_fn(lambda lib, x: (x.sigmoid_(), x)[1], arr(3, 4), grad=False)
    check_fn(lambda lib, w, i: lib.embedding(w, i), arr(5, 3), ints(2, 3, high=5))
    check_fn(lambda lib, w, i: lib.embedding(w, i, 2), arr(5, 3), ints(2, 3, high=5))
    check_fn(lambda lib, x, w, b: lib.batch_norm(x, w, b, None, None, True, 0.1, 1e-5, False), arr(4, 3),
             arr(3), arr(3), rtol=1e-4, atol=1e-5)
    check_fn(lambda lib, x, w, b: lib.bilinear(x, x, w, b), arr(2, 3), arr(4, 3, 3), arr(4))
