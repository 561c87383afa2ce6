"""The op registry routes each tensor to the kernel table of its device type. This machine has only a
CPU, so 'cuda' and 'npu' tensors are made directly (their values live on the CPU) to show the routing."""
import pytest

import mindtorch
from mindtorch import _ops
from mindtorch._ops.registry import TABLES, OPS, DEVICES


def _tensor_on(device_type):
    t = mindtorch.ones(2, 3)
    return mindtorch.Tensor._make(t._ms, mindtorch.device(device_type))


@pytest.mark.parametrize("device_type", DEVICES)
def test_each_device_type_reaches_its_own_table(device_type, monkeypatch):
    calls = []
    for d in DEVICES:
        original = TABLES[d]["add"]
        monkeypatch.setitem(TABLES[d], "add", lambda *a, _d=d, _k=original, **k: calls.append(_d) or _k(*a, **k))
    out = _tensor_on(device_type) + _tensor_on(device_type)
    assert calls == [device_type]
    assert out.device.type == device_type


def test_every_device_table_has_every_kernel_of_the_cpu_table():
    for d in DEVICES:
        missing = set(TABLES["cpu"]) - set(TABLES[d])
        assert not missing, f"{d} table lacks kernels: {sorted(missing)}"


def test_a_missing_kernel_raises_not_implemented_naming_op_and_device(monkeypatch):
    monkeypatch.delitem(TABLES["npu"], "add")
    with pytest.raises(NotImplementedError, match=r"'add'.*'npu'"):
        _tensor_on("npu") + _tensor_on("npu")


def test_a_missing_dtype_kernel_raises_not_implemented_at_the_call(monkeypatch):
    from mindspore import ops
    from mindtorch._ops.registry import kernel
    saved = dict(TABLES["cpu"])
    kernel("add", "cpu")(lambda a, b: ops.add(a, b))  # MindSpore's CPU Add has no bool kernel
    try:
        with pytest.raises(NotImplementedError, match=r"'add'.*CPU.*Bool"):
            mindtorch.tensor([True]) + mindtorch.tensor([True])
        assert (mindtorch.ones(2) + 1).tolist() == [2.0, 2.0]  # the next op is unaffected
    finally:
        TABLES["cpu"].clear()
        TABLES["cpu"].update(saved)


def test_meta_tensors_run_ops_but_give_no_data():
    # ops on meta tensors give meta results (shape and dtype, as torch; see conformance/test_meta.py)
    t = mindtorch.empty(2, 3, device="meta")
    r = t + t
    assert r.shape == (2, 3) and r.device.type == "meta"
    with pytest.raises(NotImplementedError, match="meta"):
        r.tolist()


def test_every_op_entry_is_reachable_from_torch_or_tensor():
    for name, op in OPS.items():
        if not (op.namespace or op.method):
            assert name.startswith("_"), f"{name} is reachable from nowhere and not named as internal"
            continue
        assert (op.namespace and hasattr(mindtorch, name)) or (op.method and hasattr(mindtorch.Tensor, op.method if isinstance(op.method, str) else name)), name
