"""Running one scenario on torch and on mindtorch and comparing what came out, errors included."""
import torch
import mindtorch

from nn_helpers import assert_same


def outcome(fn, lib):
    """('ok', value) or (exception type name, message) of fn(lib)."""
    try:
        return ("ok", fn(lib))
    except Exception as e:  # noqa: BLE001  torch's exception is the spec
        return (type(e).__name__, str(e))


def same_outcome(fn, compare=None):
    """fn(torch) and fn(mindtorch) both succeed with equal results (compared by `compare`, default
    equality / assert_same for tensors) or both raise the same exception type with the same message."""
    e, a = outcome(fn, torch), outcome(fn, mindtorch)
    assert e[0] == a[0], f"torch: {e}, mindtorch: {a}"
    if e[0] != "ok":
        # a class's repr names its package: mindtorch's classes are mindtorch.nn..., torch's torch.nn...
        a = (a[0], a[1].replace("<class 'mindtorch.", "<class 'torch."))
        assert e[1] == a[1], f"message differs:\n torch:     {e[1]!r}\n mindtorch: {a[1]!r}"
        return e
    if compare is not None:
        compare(e[1], a[1])
    elif isinstance(e[1], torch.Tensor):
        assert_same(e[1], a[1])
    else:
        assert e[1] == a[1], f"torch: {e[1]!r}, mindtorch: {a[1]!r}"
    return e


def assert_state_same(expected, actual):
    """Two state dicts: same type, same keys in the same order, same values (and metadata)."""
    assert type(actual).__name__ == type(expected).__name__
    assert list(actual.keys()) == list(expected.keys())
    for k in expected:
        ev, av = expected[k], actual[k]
        if isinstance(ev, torch.Tensor):
            assert isinstance(av, mindtorch.Tensor), k
            assert type(av).__name__ == type(ev).__name__, f"{k}: {type(av).__name__} != {type(ev).__name__}"
            assert av.requires_grad == ev.requires_grad, k
            assert_same(ev, av, path=k)
        else:
            assert av == ev, k
    assert getattr(actual, "_metadata", None) == getattr(expected, "_metadata", None)


def close(expected, actual, rtol=1e-5, atol=1e-5, path="result"):
    """Structures equal, with floats compared to a tolerance (for summaries of tensor values)."""
    import math
    if isinstance(expected, float) and isinstance(actual, float):
        assert math.isclose(expected, actual, rel_tol=rtol, abs_tol=atol), f"{path}: {actual} != torch's {expected}"
        return
    if isinstance(expected, (list, tuple)):
        assert type(actual) is type(expected) and len(actual) == len(expected), \
            f"{path}: {actual!r} != torch's {expected!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            close(e, a, rtol, atol, f"{path}[{i}]")
        return
    assert actual == expected, f"{path}: {actual!r} != torch's {expected!r}"
