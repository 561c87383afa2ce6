"""`import mindnlp` makes `torch` mindtorch. Each check runs in its own interpreter, since the alias
takes over sys.modules['torch'] (this test process has real torch as the oracle)."""
import os
import subprocess
import sys
import textwrap

import pytest

SRC = os.path.join(os.path.dirname(__file__), "..", "..", "src")


def run(code):
    env = dict(os.environ, PYTHONPATH=os.path.abspath(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_torch_and_its_submodules_are_mindtorch():
    out = run("""
        import mindnlp, importlib.util, importlib.metadata
        import torch, torch.optim.lr_scheduler, mindtorch
        from torch.utils.data import DataLoader
        assert torch is mindtorch and torch.optim.lr_scheduler is mindtorch.optim.lr_scheduler
        assert DataLoader is mindtorch.utils.data.DataLoader
        assert importlib.util.find_spec("torch") is not None
        assert importlib.util.find_spec("torch.utils.data") is not None
        print(importlib.metadata.version("torch"))
    """)
    assert out.strip() == "2.13.0"


@pytest.mark.parametrize("order", ["mindnlp first", "transformers first"])
def test_transformers_sees_torch_whichever_is_imported_first(order):
    first, second = ("mindnlp", "transformers") if order == "mindnlp first" else ("transformers", "mindnlp")
    out = run(f"""
        import {first}
        from transformers.utils import is_torch_available
        {'is_torch_available()' if first == 'transformers' else ''}
        import {second}
        print(is_torch_available())
    """)
    assert out.strip().endswith("True")


def test_a_missing_torch_submodule_is_an_import_error():
    run("""
        import mindnlp
        try:
            import torch.no_such_module
        except ModuleNotFoundError:
            pass
        else:
            raise SystemExit("imported a module that does not exist")
    """)


def test_mindnlp_transformers_is_transformers():
    out = run("""
        import importlib.util
        import mindnlp
        from mindnlp.transformers import AutoModel
        import mindnlp.transformers.models.bert.modeling_bert as aliased
        import transformers, transformers.models.bert.modeling_bert as real
        assert AutoModel is transformers.AutoModel and aliased is real
        if importlib.util.find_spec("diffusers") is None:
            try:
                import mindnlp.diffusers
            except ModuleNotFoundError as e:
                print(e)
        else:
            import mindnlp.diffusers, diffusers
            assert mindnlp.diffusers is diffusers
            print("diffusers")
    """)
    assert "diffusers" in out
