"""Print the field reference (docs/field-reference.md): ``python -m cqpengine.forms.reference [REFERENTIALS...]``.

The reference is generated from the templates themselves (every document of every referential,
rendered to HTML) and ``tests/unit/forms/test_fields.py`` checks that docs/field-reference.md holds it as
printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cqpengine.checking import check_paths
from cqpengine.documents.rendering import Renderer
from cqpengine.forms.fields import printed_fields, reference_markdown
from cqpengine.loading.workspace import PathNotFoundError
from cqpengine.resources import default_referential_paths


def main(arguments: list[str]) -> int:
    """Print the field reference of the referentials given (default: the shipped ones); an exit code."""
    if any(a.startswith("-") for a in arguments):
        sys.stdout.write((__doc__ or "").splitlines()[0] + "\n")
        return 0 if arguments in (["-h"], ["--help"]) else 2
    try:
        result = check_paths(default_referential_paths(tuple(Path(a) for a in arguments)))
    except PathNotFoundError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    sys.stdout.write(reference_markdown(printed_fields(result.referentials, Renderer())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
