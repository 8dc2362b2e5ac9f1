"""``cqp diff``: the review of a new version, unit by unit, word by word, moves as moves."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cqpengine.app.compare import compare_referentials as compare
from cqpengine.checking import check_paths
from cqpengine.cli import cli
from cqpengine.loading.gitrev import GitError, file_at_revision
from cqpengine.reporters.comparison import format_comparison
from cqpengine.versions.words import word_diff
from tests.support.helpers import REFERENTIALS, referential
from tests.support.new_version import NEW_B4_TITLE, write_split_version


@pytest.fixture(scope="session")
def split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("split") / "referentials"
    write_split_version(folder)
    return folder


def _comparison(folder: Path):  # type: ignore[no-untyped-def]
    refs = {ref.key: ref for ref in check_paths([folder]).referentials}
    return compare(refs["charge-accueil@RNCP"], refs["charge-accueil@2025"])


def test_word_level_change() -> None:
    assert word_diff("Planifier son activité", "Organiser son activité") == [
        ("-", "Planifier"),
        ("+", "Organiser"),
        ("=", " son activité"),
    ]


def test_a_changed_competence_is_shown_word_by_word(split: Path) -> None:
    [section] = [u for u in _comparison(split).units if u.id == "CA-B2"]
    [change] = [c for c in section.items if c.item.id == "CA-B2.A1.C1"]
    assert change.kind == "changed"
    assert change.fields[0].words[:2] == [("-", "Planifier"), ("+", "Organiser")]


def test_a_moved_competence_is_moved_not_removed_and_added(split: Path) -> None:
    comparison = _comparison(split)
    changes = [c for u in comparison.units for c in u.items if c.item.id == "CA-B2.A1.C2"]
    assert [c.kind for c in changes] == ["moved"]
    assert changes[0].old.unit == "CA-B2" and changes[0].new.unit == "CA-B4"
    # Its criterion travels with it: not listed again.
    assert not [c for u in comparison.units for c in u.items if c.item.id == "CA-B2.A1.C2.K1"]
    text = format_comparison(comparison)
    assert "< competence CA-B2.A1.C2 moved to Bloc 4 › Prospection commerciale" in text
    assert "> competence CA-B2.A1.C2 moved from Bloc 2 › Organisation to Bloc 4 › Prospection commerciale" in text


def test_a_split_bloc_shows_the_new_bloc_in_full_and_the_old_title(split: Path) -> None:
    comparison = _comparison(split)
    b5 = next(u for u in comparison.units if u.id == "CA-B5")
    assert b5.status == "added"
    assert [(line.item.id, line.status) for line in b5.content][:2] == [
        ("CA-B4.A3", "moved"),
        ("CA-B4.A3.C1", "carried"),
    ]
    assert any(f.field == "modality" for f in b5.fields)  # the whole unit, its modality included
    [mapping] = [e for e in comparison.equivalences if [s.id for s in e.sources] == ["CA-B4"]]
    # The old bloc under its old title (the bug was: under the new one).
    assert mapping.sources[0].label == "Bloc 4 : Mettre en œuvre les actions commerciales"
    assert mapping.targets[0].label == f"Bloc 4 : {NEW_B4_TITLE}" and mapping.coverage == "totale"
    text = format_comparison(comparison)
    assert "Bloc 5 : Assurer le suivi de la relation commerciale (CA-B5): added" in text
    assert "(in RNCP: Bloc 4 : Mettre en œuvre les actions commerciales)" in text
    # Document order: bloc 2, then bloc 4, then the new bloc 5.
    assert text.index("(CA-B2): changed") < text.index("(CA-B4): changed") < text.index("(CA-B5): added")


def test_a_status_change_is_reported(split: Path) -> None:
    comparison = _comparison(split)
    assert next((c.field, c.old, c.new) for c in comparison.metadata["status"]) == ("status", "active", "draft")
    assert "Statut:\n  ~ Statut: en vigueur → projet en cours de rédaction\n" in format_comparison(comparison)


def test_gaps_and_vae_rules_are_compared() -> None:
    comparison = compare(referential("charge-accueil@2013"), referential("charge-accueil@RNCP"))
    assert any(
        c.field.startswith("gaps[questions (CA-B2, CA-B4)]") and c.kind == "added" for c in comparison.metadata["gaps"]
    )
    assert [c.field for c in comparison.metadata["vae"]] == ["vae.steps"]
    assert comparison.removed_units == ["D1", "D2", "D3", "D4", "D5"]
    assert comparison.added_units == ["RC-ACCUEIL", "CA-B2", "RC-ORGANISATION", "CA-B4"]


def test_a_version_compared_with_itself_has_no_difference() -> None:
    ref = referential("assistant-commercial@2013")
    comparison = compare(ref, ref)
    assert comparison.identical
    assert format_comparison(comparison).endswith("no difference\n")


def test_cli_diff_html_to_a_file(split: Path, tmp_path: Path) -> None:
    out = tmp_path / "revue.html"
    result = CliRunner().invoke(
        cli,
        [
            "diff",
            "charge-accueil@RNCP",
            "charge-accueil@2025",
            "--referentials",
            str(split),
            "--format",
            "html",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<del>Planifier</del><ins>Organiser</ins>" in html
    assert "Déplacement depuis Bloc 2 › Organisation" in html
    assert "Bloc 4 : Mettre en œuvre les actions commerciales" in html and "nouvelle unité" in html
    assert "<td>Statut</td>" in html and "<td>Version remplacée › Version</td>" in html  # fields in words


def test_cli_diff_never_writes_over_an_input(split: Path) -> None:
    target = split / "charge_accueil.yaml"
    before = target.read_bytes()
    result = CliRunner().invoke(cli, ["diff", "charge-accueil", "--referentials", str(split), "-o", str(target)])
    assert result.exit_code == 2 and "refusing to overwrite the input file" in result.stderr
    assert target.read_bytes() == before


def test_cli_diff_of_the_active_version_json() -> None:
    result = CliRunner().invoke(
        cli, ["diff", "charge-accueil", "--referentials", str(REFERENTIALS), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"] == "charge-accueil@2013" and data["removed_units"] == ["D1", "D2", "D3", "D4", "D5"]
    d4 = next(e for e in data["equivalences"] if e["from"] == ["D4"])
    assert d4["from_labels"][0].startswith("Domaine 4 : Organiser ses activités")
    assert d4["to_labels"] == ["Bloc 3 : Organiser ses activités et mobiliser les systèmes informatisés"]


def _git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=cqp", "-c", "user.email=cqp@localhost"]
    subprocess.run(["git", "-C", str(folder), *identity, *args], check=True, capture_output=True)


def test_against_head_in_a_temporary_repository(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    write_split_version(folder)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "start")
    path = folder / "charge_accueil_2025.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Organiser son activité", "Conduire son activité"), encoding="utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["diff", "--against", "HEAD", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("charge-accueil: HEAD → working copy\n")
    assert "~ Texte: [-Organiser-]{+Conduire+} son activité" in result.stdout
    assert runner.invoke(cli, ["diff", "--against", str(path)]).stdout == result.stdout  # HEAD by default
    unknown = runner.invoke(cli, ["diff", "--against", "nosuchrev", str(path)])
    assert unknown.exit_code == 2 and "unknown git revision 'nosuchrev'" in unknown.stderr
    new_file = folder / "autre.yaml"
    new_file.write_text(
        path.read_text(encoding="utf-8").replace('version: "2025"', 'version: "2026"'), encoding="utf-8"
    )
    absent = runner.invoke(cli, ["diff", "--against", "HEAD", str(new_file)])
    assert absent.exit_code == 2 and "is not in revision HEAD" in absent.stderr
    new_file.unlink()
    with pytest.raises(GitError, match="is not a git revision"):
        file_at_revision("--output=x", path)


def test_against_outside_a_git_repository(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    write_split_version(folder)
    result = CliRunner().invoke(cli, ["diff", "--against", "HEAD", str(folder / "charge_accueil.yaml")])
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr and "Traceback" not in result.output


def test_cli_diff_errors() -> None:
    runner = CliRunner()
    unknown = runner.invoke(
        cli, ["diff", "charge-accueil@1999", "charge-accueil@RNCP", "--referentials", str(REFERENTIALS)]
    )
    assert unknown.exit_code == 2 and "unknown or invalid version charge-accueil@1999" in unknown.stderr
    first = runner.invoke(cli, ["diff", "teleconseiller", "--referentials", str(REFERENTIALS)])
    assert first.exit_code == 2 and "teleconseiller@2013 supersedes no other version" in first.stderr
    assert runner.invoke(cli, ["diff", "x", "--referentials", "nowhere"]).exit_code == 2
    two = runner.invoke(
        cli, ["diff", "teleconseiller@2013", "assistant-commercial@2013", "--referentials", str(REFERENTIALS)]
    )
    assert two.exit_code == 2 and "two different certifications" in two.stderr
    back = runner.invoke(
        cli, ["diff", "charge-accueil@RNCP", "charge-accueil@2013", "--referentials", str(REFERENTIALS)]
    )
    assert back.exit_code == 0 and "comparing from the newer version to the older" in back.stderr


@given(st.text(max_size=60), st.text(max_size=60))
def test_word_diff_gives_back_both_texts(old: str, new: str) -> None:
    pieces = word_diff(old, new)
    assert "".join(text for op, text in pieces if op != "+") == old
    assert "".join(text for op, text in pieces if op != "-") == new


def test_a_renumbered_item_is_matched_by_its_text(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    path = write_split_version(folder)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("CA-B4.A3.C2", "CA-B5.A1.C2"), encoding="utf-8")  # renumbered as it moved
    comparison = _comparison(folder)
    [change] = [c for u in comparison.units for c in u.items if c.item.id == "CA-B5.A1.C2"]
    assert change.kind == "changed" and change.old is not None and change.old.id == "CA-B4.A3.C2"
    b5 = next(u for u in comparison.units if u.id == "CA-B5")
    assert [line.status for line in b5.content if line.status == "added"] == []  # nothing new in bloc 5
    assert "    competence CA-B5.A1.C2 (was CA-B4.A3.C2): Entretenir la relation" in format_comparison(comparison)
