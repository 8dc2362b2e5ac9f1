"""Entry points of the pre-commit hooks (``.pre-commit-hooks.yaml``) that are more than one ``cqp`` call.

``python -m cqpengine.precommit build-html [ARG...]`` runs ``cqp build --format html -o TMP ARG...``
into a temporary folder that is removed afterwards: the hook proves that every document of every
referential still builds (with an editors' own ``--templates`` too), and leaves nothing behind in
the repository. Its exit code is that of ``cqp build``.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence

from cqpengine.cli import cli
from cqpengine.errors import EXIT_USAGE

USAGE = "usage: python -m cqpengine.precommit build-html [cqp build arguments...]"


def run_cqp(args: Sequence[str]) -> int:
    """Run ``cqp ARGS`` in this process and return its exit code."""
    try:
        cli.main(args=list(args), prog_name="cqp")
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def build_html(args: Sequence[str]) -> int:
    """``cqp build --format html`` of ``args`` into a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="cqp-build-html-") as out:
        return run_cqp(["build", "--format", "html", "-o", out, *args])


HOOKS: dict[str, Callable[[Sequence[str]], int]] = {"build-html": build_html}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the hook named by the first argument with the remaining ones."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in HOOKS:
        print(USAGE, file=sys.stderr)
        return EXIT_USAGE
    return HOOKS[args[0]](args[1:])


if __name__ == "__main__":
    sys.exit(main())
