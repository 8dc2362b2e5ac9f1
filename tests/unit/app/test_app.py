"""The application layer and the registries around it: use cases return data, reporters word it.

The checker leaves the loaded files and the resolved referentials as they were (its verdicts are in
its result); each kind of output has its reporters, registered by format name; the compare use
case says, as data, that a request named the newer version first.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from cqpengine.app.compare import compare_versions
from cqpengine.checking import check_workspace
from cqpengine.errors import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_USAGE,
    CqpError,
    FindingsError,
    InternalError,
    UsageError,
)
from cqpengine.loading.workspace import PathNotFoundError, ReferentialFile, discover, load_workspace
from cqpengine.output import UnsafePathError
from cqpengine.reporters.base import get_reporter, reporter_names
from tests.support.helpers import REFERENTIALS


def test_the_checker_changes_nothing_it_was_given(tmp_path: Path) -> None:
    shutil.copytree(REFERENTIALS, tmp_path / "referentials")
    (tmp_path / "referentials" / "broken.yaml").write_text("id: broken\nversion: 1\n", encoding="utf-8")
    workspace = load_workspace(*discover([tmp_path / "referentials"]))

    def content(file: ReferentialFile) -> tuple[object, ...]:
        """What was read, down to each nested value (a shallow copy would share what the checker could change)."""
        return (file.yaml.data, file.yaml.positions, file.yaml.key_positions, file.yaml.source)

    before = {id(file): (copy.copy(vars(file)), copy.deepcopy(content(file))) for file in workspace.files}
    result = check_workspace(workspace)
    assert result.referentials and result.failed_files == {tmp_path / "referentials" / "broken.yaml"}
    for file in workspace.files:
        attributes, contents = before[id(file)]
        assert vars(file) == attributes
        assert content(file) == contents, file.path


def test_the_superseded_version_is_given_in_the_check_result() -> None:
    result = check_workspace(load_workspace(*discover([REFERENTIALS])))
    by_key = {ref.key: ref for ref in result.referentials}
    newer = by_key["charge-accueil@RNCP"]
    assert newer.superseded is not None and newer.superseded.key == "charge-accueil@2013"
    assert by_key["charge-accueil@2013"].superseded is None  # it supersedes nothing


def test_a_request_naming_the_newer_version_first_is_a_note_not_a_print(capsys: pytest.CaptureFixture[str]) -> None:
    compared = compare_versions([REFERENTIALS], "charge-accueil@RNCP", "charge-accueil@2013")
    assert compared.comparison.old.key == "charge-accueil@RNCP"  # compared as asked, from the newer
    assert compared.notes and "charge-accueil@RNCP" in compared.notes[0]
    assert capsys.readouterr() == ("", "")  # a use case prints nothing
    in_order = compare_versions([REFERENTIALS], "charge-accueil@2013", "charge-accueil@RNCP")
    assert in_order.notes == []


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("findings", ("text", "json", "github", "sarif")),
        ("comparison", ("text", "json", "html")),
        ("build", ("text",)),
        ("fields", ("text",)),
        ("new", ("text",)),
    ],
)
def test_every_output_has_its_registered_reporters(kind: str, names: tuple[str, ...]) -> None:
    assert reporter_names(kind) == names
    for name in names:
        assert get_reporter(kind, name).kind == kind


def test_an_unknown_format_has_no_reporter() -> None:
    with pytest.raises(KeyError):
        get_reporter("comparison", "pdf")


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (FindingsError("x"), EXIT_FINDINGS),
        (UsageError("x"), EXIT_USAGE),
        (InternalError("x"), EXIT_INTERNAL),
        (PathNotFoundError("x"), EXIT_USAGE),
        (UnsafePathError("x"), EXIT_USAGE),
    ],
)
def test_every_error_a_user_sees_is_a_cqp_error_with_its_exit_code(error: CqpError, code: int) -> None:
    assert isinstance(error, CqpError)
    assert error.exit_code == code
    assert str(error) == "x"


def test_a_lower_layer_error_reaches_the_user_in_one_line_with_its_code(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cqpengine.cli import cli

    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nowhere\nelse")])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.count("\n") == 1 and "nowhere\\nelse" in result.stderr
