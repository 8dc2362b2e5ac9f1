"""French messages of each module group under ``LANG=fr_FR.UTF-8``: loader, outputs, diff, serve,
documents, decisions and reporters (the English ones are what the other tests check)."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from cqpengine.documents.manifest import MANIFEST_NAME
from cqpengine.forms.extraction import Extraction
from cqpengine.i18n import _
from tests.support.helpers import REFERENTIALS, ROOT, referential
from tests.support.new_version import write_split_version

UNSET: dict[str, str | None] = dict.fromkeys(("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"))
FRENCH = {**UNSET, "LANG": "fr_FR.UTF-8"}
DATA = ROOT / "tests" / "data"


def french(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=FRENCH)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_loader_findings_in_french(tmp_path: Path) -> None:
    code, out, _err = french("validate", str(DATA / "invalid" / "yaml_duplicate_key.yaml"))
    assert code == 1
    assert "erreur CQP004: clé 'title' en double : d'abord ligne 4, de nouveau ligne 5 ; n'en gardez qu'une" in out
    binary = tmp_path / "binaire.yaml"
    binary.write_bytes(b"id: x\x00\n")
    code, out, _err = french("validate", str(binary))
    assert f"{binary}:1:6: erreur CQP003: fichier binaire : ce n'est pas un fichier texte YAML" in out
    listed = tmp_path / "liste.yaml"
    listed.write_text("- a\n- b\n", encoding="utf-8")
    code, out, _err = french("validate", str(listed))
    assert "erreur CQP002: le premier niveau est une liste : un dictionnaire de clés décrivant un référentiel" in out
    code, _out, err = french("validate", str(tmp_path / "nulle-part"))
    assert code == 2 and f"chemin inexistant : {tmp_path / 'nulle-part'}" in err


def test_output_refusals_in_french() -> None:
    source = REFERENTIALS / "charge_accueil.yaml"
    code, _out, err = french("render", str(source), "--doc", "referentiel", "-o", str(source))
    assert code == 2
    assert f"refus d'écraser le fichier d'entrée {source} avec la sortie : donnez un autre fichier -o" in err


def test_diff_text_and_errors_in_french(tmp_path: Path) -> None:
    code, out, _err = french("diff", "charge-accueil", "--referentials", str(REFERENTIALS))
    assert code == 0
    assert "équivalences déclarées par RNCP pour 2013 :" in out
    assert "    motif : " in out
    code, _out, err = french("diff", "teleconseiller", "--referentials", str(REFERENTIALS))
    assert code == 2 and "teleconseiller@2013 ne remplace aucune autre version : nommez les deux versions" in err
    folder = tmp_path / "referentials"
    write_split_version(folder)
    code, _out, err = french("diff", "--against", "HEAD", str(folder / "charge_accueil.yaml"))
    assert code == 2 and "n'est pas dans un dépôt git : --against compare un fichier" in err


def test_serve_usage_error_in_french(tmp_path: Path) -> None:
    code, _out, err = french("serve", str(tmp_path / "absent"))
    assert code == 2 and f"chemin inexistant : {tmp_path / 'absent'}" in err


def test_build_notes_and_skips_in_french(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _stdout, err = french("build", str(REFERENTIALS), "-o", str(out), "--format", "html")
    assert code == 0, err
    (out / MANIFEST_NAME).write_text("{", encoding="utf-8")
    code, _stdout, err = french("build", str(REFERENTIALS), "-o", str(out), "--format", "html")
    assert code == 0, err
    assert f"remarque : {out / MANIFEST_NAME} ignoré : JSON invalide (" in err
    assert "chaque document est refait et aucune sortie antérieure n'est supprimée" in err


def test_the_replayed_build_report_follows_the_language(tmp_path: Path) -> None:
    """A build with nothing to do prints the recorded report: in the language of this run, not the first."""
    out = tmp_path / "out"
    args = ["build", str(REFERENTIALS), "-o", str(out), "--format", "html"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    english = CliRunner().invoke(cli, args)
    assert "skipped teleconseiller@2013 livret-suivi: no formative modules" in english.stderr
    _code, _out, err = french(*args)
    assert "non produit teleconseiller@2013 livret-suivi : pas de modules de formation" in err


def test_decision_findings_in_french(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "vae_charge_accueil.yaml").read_text(encoding="utf-8")
    candidate = tmp_path / "demande.yaml"
    candidate.write_text(text.replace('  version: "2013"', '  version: "1999"', 1), encoding="utf-8")
    code, _out, err = french("decide", "vae", str(candidate), "--referentials", str(REFERENTIALS))
    assert code == 1
    assert "erreur CQP201: la certification 'charge-accueil' n'a pas cette version (versions : 2013, RNCP)" in err
    assert f"{candidate} : pas de décision (1 erreur, listée ci-dessus)" in err


def test_github_titles_in_french() -> None:
    code, out, _err = french("validate", str(DATA / "invalid" / "yaml_duplicate_key.yaml"), "--format", "github")
    assert code == 1
    assert "title=CQP004%3A clé en double::" in out


def test_forms_messages_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    foreign = tmp_path / "etranger.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(foreign)
    code, _out, err = french("decide", "jury", str(foreign))
    assert code == 2
    assert f"{foreign} : ce n'est pas un document imprimé par cqpengine" in err
    code, _out, err = french("extract", str(DATA / "invalid" / "yaml_duplicate_key.yaml"))
    assert code == 2 and "ce n'est pas un PDF" in err
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANGUAGE", "fr")
    out = Extraction("jury", foreign, referential("assistant-commercial@2013"))
    out.text("lf.candidat.nom", ("candidate", "name"), required=_("the candidate's name"))
    out.day("lf.jury.date", ("jury_date",))
    assert [f.message for f in out.findings] == ["le champ 'lf.candidat.nom' est vide : le nom du candidat"]
