"""How much of torch's surface mindtorch has, and how much of it the conformance tests call.

    python scripts/surface_coverage.py [--missing]

Counts public callables of the `torch` namespace and public methods of `torch.Tensor` (real torch is
needed: it is the test oracle), which of them mindtorch defines, and which appear in tests/ (a name
counts as tested when the test sources call it as `.name(` or `lib.name(`)."""
import argparse
import inspect
import os
import re

import torch

import mindtorch

TESTS = os.path.join(os.path.dirname(__file__), "..", "tests")


def public_functions():
    names = set()
    for name in dir(torch):
        if name.startswith("_"):
            continue
        obj = getattr(torch, name)
        if callable(obj) and not inspect.isclass(obj) and not inspect.ismodule(obj):
            names.add(name)
    return names


def public_methods():
    return {n for n in dir(torch.Tensor) if not n.startswith("_") and callable(getattr(torch.Tensor, n, None))}


def tested_names():
    text = []
    for root, _, files in os.walk(TESTS):
        text.extend(open(os.path.join(root, f)).read() for f in files if f.endswith(".py"))
    return set(re.findall(r"\.(\w+)\(", "\n".join(text)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--missing", action="store_true", help="list the names mindtorch lacks")
    args = parser.parse_args()
    tested = tested_names()
    for label, names, owner in (("torch functions", public_functions(), mindtorch),
                                ("Tensor methods", public_methods(), mindtorch.Tensor)):
        have = {n for n in names if hasattr(owner, n)}
        print(f"{label}: {len(names)} in torch {torch.__version__}, {len(have)} in mindtorch, "
              f"{len(have & tested)} of those called in tests/")
        if args.missing:
            print("  missing:", " ".join(sorted(names - have)))


if __name__ == "__main__":
    main()
