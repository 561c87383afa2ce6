"""`python -m mindnlp demo [--model DIR]`: see mindnlp/demo.py."""
import sys


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m mindnlp demo [--model DIR] [--prompt TEXT] [--max-new-tokens N]")
        return 0 if argv else 2
    if argv[0] != "demo":
        print(f"python -m mindnlp: unknown command {argv[0]!r} (commands: demo)", file=sys.stderr)
        return 2
    from .demo import main as demo
    return demo(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
