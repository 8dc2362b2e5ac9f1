"""Record what ``cqp decide``, ``cqp extract`` and ``cqp fields`` print, to compare two versions of the code.

Usage (from the repository root, in its virtualenv)::

    python -m benchmarks.decisions_snapshot FORMS_DIR OUT_DIR

``FORMS_DIR`` holds the filled PDFs the cases read: made on first use (blank documents printed and
filled as the form tests fill them), then reused as they are, so that two runs read the same bytes.
Each case writes ``NAME.out``, ``NAME.err`` and ``NAME.rc`` under ``OUT_DIR``; compare two runs with
``diff -r``. Runs under ``LANG=fr_FR.UTF-8`` and ``LANG=C`` (French and English wording).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
KINDS = ("vae", "orientation", "jury")
#: The first word of a filled form's name → the decision it is read for.
OWN_KIND = {"guide": "orientation", "livret": "jury", "dossier": "vae"}


def _filled_forms(folder: Path) -> list[Path]:
    """The filled PDFs of the form tests (made once in ``folder``)."""
    if not folder.exists():
        sys.path.insert(0, str(ROOT))
        from tests.acceptance import test_round_trips as t  # noqa: PLC0415 - the tests' own cases
        from tests.support.forms import fill_with_pypdf, print_pdf, tick_twice  # noqa: PLC0415

        blank = folder / "blank"
        blank.mkdir(parents=True)
        blanks = {
            "guide-domaines": print_pdf("assistant-commercial@2013", "guide-entretien", blank / "gd.pdf"),
            "livret": print_pdf("assistant-commercial@2013", "livret-evaluation-finale", blank / "lf.pdf"),
            "dossier": print_pdf("charge-accueil@2013", "dossier-vae", blank / "dv.pdf"),
            "guide-blocs": print_pdf("gestionnaire-parcours@RNCP", "guide-entretien", blank / "gb.pdf"),
        }
        cases = {
            "guide-ok": ("guide-domaines", t.guide_domaines_values()),
            "guide-blank-answer": ("guide-domaines", t.guide_domaines_values("ge.D3.savoirs")),
            "livret-ok": ("livret", t.LIVRET),
            "livret-one-opinion": ("livret", {k: v for k, v in t.LIVRET.items() if k != "lf.D4.avis.evaluateur-2"}),
            "livret-bad-date": ("livret", {**t.LIVRET, "lf.jury.date": "le 20 juin"}),
            "dossier-ok": ("dossier", t.DOSSIER),
            "dossier-no-nature": ("dossier", {k: v for k, v in t.DOSSIER.items() if k != "vae.emploi-2.nature"}),
            "guide-empty": ("guide-domaines", {}),
            "dossier-empty": ("dossier", {}),
            "livret-empty": ("livret", {}),
        }
        for name, (blank_name, values) in cases.items():
            fill_with_pypdf(blanks[blank_name], folder / f"{name}.pdf", values)
        tick_twice(folder / "guide-ok.pdf", folder / "guide-twice.pdf", "ge.D1.savoirs")
        for name, blank_pdf in blanks.items():
            (folder / f"blank-{name}.pdf").write_bytes(blank_pdf.read_bytes())
    return sorted(folder.glob("*.pdf"))


def _run(out: Path, name: str, args: list[str], lang: str) -> None:
    env = {**os.environ, "LANG": lang, "LC_ALL": lang, "LANGUAGE": ""}
    done = subprocess.run(
        [sys.executable, "-m", "cqpengine", *args], capture_output=True, env=env, cwd=ROOT, check=False
    )
    (out / f"{name}.out").write_bytes(done.stdout)
    (out / f"{name}.err").write_bytes(done.stderr)
    (out / f"{name}.rc").write_text(f"{done.returncode}\n")


def main(forms_dir: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    forms = _filled_forms(forms_dir)
    for lang in ("fr_FR.UTF-8", "C.UTF-8"):
        tag = lang.split(".")[0]
        formats = ("text", "json", "html") if tag == "fr_FR" else ("text",)
        for example in EXAMPLES:
            own = example.stem.split("_")[0]
            for kind in KINDS:
                for fmt in formats if kind == own else ("text",):
                    _run(
                        out, f"{tag}-{example.stem}-{kind}-{fmt}", ["decide", kind, str(example), "--format", fmt], lang
                    )
            _run(
                out,
                f"{tag}-{example.stem}-findings-json",
                ["decide", own, str(example), "--findings-format", "json"],
                lang,
            )
        for form in forms:
            own = OWN_KIND[form.stem.removeprefix("blank-").split("-")[0]]
            for kind in KINDS:
                for fmt in formats if kind == own else ("text",):
                    _run(out, f"{tag}-{form.stem}-{kind}-{fmt}", ["decide", kind, str(form), "--format", fmt], lang)
            _run(out, f"{tag}-{form.stem}-extract", ["extract", str(form)], lang)
            if tag == "fr_FR":
                _run(out, f"{tag}-{form.stem}-fields", ["fields", str(form)], lang)
        _run(out, f"{tag}-not-a-pdf-extract", ["extract", str(EXAMPLES[0])], lang)
    pdf = ["decide", "vae", str(ROOT / "examples" / "vae_charge_accueil.yaml"), "--format", "pdf", "-o"]
    _run(out, "fr_FR-vae-pdf", [*pdf, str(out / "vae.pdf")], "fr_FR.UTF-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
