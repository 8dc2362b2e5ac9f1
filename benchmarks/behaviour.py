"""Every command's observable behaviour as one JSON, to show that a refactoring changed none of it.

Usage: ``python benchmarks/behaviour.py REPO OUT.json`` runs ``python -m cqpengine`` from the
checkout ``REPO`` (put first on ``PYTHONPATH``, so that two checkouts can share one virtualenv) on
copies of its shipped referentials and examples, under a French locale (``BEHAVIOUR_LANG=C.UTF-8``
for English), and writes ``{case: {stdout: sha256, stderr: text, exit: code, files: {name:
sha256}}}``. Run it on two commits and compare the two files (``cmp a.json b.json``): they must be
identical.

The cases: ``validate`` in every format (SARIF included) with and without ``--strict``, ``build``
(the hash of every built file: all HTML documents, and the PDFs of one referential), ``render``,
``diff`` in text/JSON/HTML (also ``--against`` a git revision), ``fields``, ``extract`` on a
blank form, ``decide`` in every format on every example, ``new certification`` and ``new
version``, and error cases (missing paths, a broken YAML file, unknown ids, an output over an
input). The working folder's name is replaced by ``<WORK>`` in outputs, so runs in different
temporary folders compare equal.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FINDINGS_FORMATS = ("text", "json", "github", "sarif")
DECISION_FORMATS = ("text", "json", "html", "pdf")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path, repo: Path) -> str:
    """The file's hash, once what names the checkout itself is neutralised.

    A build manifest (``.cqp-build.json``) hashes the engine's own source, so every digest in it
    changes with any change of code: its digests are replaced by ``<digest>`` (its structure and
    the outputs it lists still count). A new referential names the schema by a path relative to the
    checkout: that path is replaced by ``<REPO>``.
    """
    data = path.read_bytes()
    if path.name == ".cqp-build.json":
        data = re.sub(rb'"[0-9a-f]{64}"', b'"<digest>"', data)
    data = data.replace(os.path.relpath(repo, path.parent).encode(), b"<REPO>")
    return _digest(data)


def _tree(folder: Path, repo: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): _file_digest(path, repo) for path in sorted(folder.rglob("*")) if path.is_file()
    }


class Runner:
    """Runs ``cqp`` from one checkout in one working folder and records each case."""

    def __init__(self, repo: Path, work: Path) -> None:
        self.repo = repo
        self.work = work
        self.results: dict[str, dict[str, object]] = {}
        self.env = {
            **os.environ,
            "PYTHONPATH": str(repo),
            "LANG": os.environ.get("BEHAVIOUR_LANG", "fr_FR.UTF-8"),
            "LC_ALL": "",
            "LANGUAGE": "",
            "CQP_DEBUG": "",
            "SOURCE_DATE_EPOCH": "1700000000",
            "TZ": "UTC",
        }

    def _clean(self, data: bytes) -> bytes:
        return data.replace(str(self.work).encode(), b"<WORK>").replace(str(self.repo).encode(), b"<REPO>")

    def run(self, case: str, *args: str, output: str | None = None) -> None:
        """Run ``cqp ARGS`` as ``case``; ``output`` is a file or folder (in the working folder) to hash."""
        done = subprocess.run(
            [sys.executable, "-m", "cqpengine", *args],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            timeout=900,
            check=False,
        )
        record: dict[str, object] = {
            "stdout": _digest(self._clean(done.stdout)),
            "stderr": self._clean(done.stderr).decode("utf-8", "replace"),
            "exit": done.returncode,
        }
        if output is not None:
            target = self.work / output
            if target.is_dir():
                record["files"] = _tree(target, self.repo)
            else:
                record["files"] = {output: _file_digest(target, self.repo)} if target.exists() else {}
        self.results[case] = record
        print(f"{case}: exit {done.returncode}", file=sys.stderr)


def cases(runner: Runner) -> None:
    """The validation cases."""
    run = runner.run
    work = runner.work
    for fmt in FINDINGS_FORMATS:
        run(f"validate {fmt}", "validate", "--format", fmt, "referentials")
        run(f"validate {fmt} strict", "validate", "--strict", "--format", fmt, "referentials")
    run("validate show-warnings", "validate", "--show-warnings", "referentials")
    run("validate default folder", "validate")
    run("validate list-rules", "validate", "--list-rules")
    run("validate examples", "validate", "examples")
    (work / "broken").mkdir()
    (work / "broken" / "bad.yaml").write_text("id: x\n  version: [\n", encoding="utf-8")
    (work / "broken" / "dup.yaml").write_text("id: a\nid: b\n", encoding="utf-8")
    for fmt in FINDINGS_FORMATS:
        run(f"validate broken {fmt}", "validate", "--format", fmt, "broken")
    run("validate missing path", "validate", "nowhere")
    run("validate bad format", "validate", "--format", "xml")


def _build_and_render(runner: Runner) -> None:
    run = runner.run
    run("build html", "build", "--format", "html", "-o", "out-html", "referentials", output="out-html")
    run("build html again", "build", "--format", "html", "-o", "out-html", "referentials", output="out-html")
    run(
        "build pdf one",
        "build",
        "--format",
        "all",
        "-o",
        "out-pdf",
        "referentials/charge_accueil.yaml",
        output="out-pdf",
    )
    run("build into referentials", "build", "--format", "html", "-o", "referentials", "referentials")
    run("build missing path", "build", "-o", "out-x", "nowhere")

    for doc in ("referentiel", "guide-entretien", "fiche-decision", "dossier-vae", "correspondance"):
        run(f"render {doc}", "render", "--doc", doc, "referentials/charge_accueil.yaml")
    run(
        "render pdf",
        "render",
        "--doc",
        "dossier-vae",
        "--format",
        "pdf",
        "-o",
        "blank.pdf",
        "referentials/charge_accueil.yaml",
        output="blank.pdf",
    )
    run("render over input", "render", "-o", "referentials/charge_accueil.yaml", "referentials/charge_accueil.yaml")
    run("render missing", "render", "nowhere.yaml")
    run("render broken", "render", "broken/bad.yaml")


def _diff(runner: Runner) -> None:
    run = runner.run
    for fmt in ("text", "json", "html"):
        run(f"diff {fmt}", "diff", "--format", fmt, "charge-accueil")
        run(f"diff two {fmt}", "diff", "--format", fmt, "charge-accueil@2013", "charge-accueil@RNCP")
    run("diff unknown", "diff", "nobody")
    run("diff unknown version", "diff", "charge-accueil@1999", "charge-accueil@RNCP")
    run("diff to file", "diff", "--format", "html", "-o", "diff.html", "charge-accueil", output="diff.html")
    _against(runner)


def _forms_and_decisions(runner: Runner) -> None:
    run = runner.run
    work = runner.work
    run("fields", "fields", "blank.pdf")
    run("fields missing", "fields", "nowhere.pdf")
    run("fields not pdf", "fields", "referentials/charge_accueil.yaml")
    run("extract blank", "extract", "blank.pdf")
    run("extract not pdf", "extract", "referentials/charge_accueil.yaml")

    for example in sorted((work / "examples").glob("*.yaml")):
        kind = example.name.split("_", 1)[0]
        for fmt in DECISION_FORMATS:
            name = f"decision-{example.stem}.{fmt}"
            run(
                f"decide {example.name} {fmt}",
                "decide",
                kind,
                "--format",
                fmt,
                "-o",
                name,
                f"examples/{example.name}",
                output=name,
            )
        run(f"decide {example.name} stdout", "decide", kind, f"examples/{example.name}")
    for fmt in FINDINGS_FORMATS:
        run(f"decide broken findings {fmt}", "decide", "vae", "--findings-format", fmt, "broken/bad.yaml")
    run("decide wrong kind", "decide", "jury", "examples/vae_charge_accueil.yaml")
    run("decide missing", "decide", "vae", "nowhere.yaml")


def _new(runner: Runner) -> None:
    run = runner.run
    run(
        "new certification blocs",
        "new",
        "certification",
        "mon-cqp",
        "--generation",
        "blocs",
        "--version",
        "2026",
        "-o",
        "new/mon-cqp.yaml",
        output="new/mon-cqp.yaml",
    )
    run(
        "new certification domaines",
        "new",
        "certification",
        "autre-cqp",
        "--generation",
        "domaines",
        "--version",
        "2026",
        "-o",
        "new/autre.yaml",
        output="new/autre.yaml",
    )
    run("new certification bad id", "new", "certification", "../x", "--generation", "blocs")
    run("new certification existing", "new", "certification", "charge-accueil", "--generation", "blocs")
    run(
        "new version",
        "new",
        "version",
        "charge-accueil@2027",
        "--from",
        "charge-accueil@RNCP",
        "-o",
        "new/next.yaml",
        output="new/next.yaml",
    )
    run("new version unknown", "new", "version", "nobody@2", "--from", "nobody@1")
    run("serve missing", "serve", "nowhere")
    run("unknown command", "frobnicate")


def _git(work: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z"}
    identity = ["-c", "user.name=cqp", "-c", "user.email=cqp@localhost", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=work, env=env, check=True, capture_output=True, timeout=60)


def _against(runner: Runner) -> None:
    """``cqp diff --against``: a referential edited since its last commit, in every format."""
    work = runner.work
    _git(work, "init", "-q")
    _git(work, "add", "referentials")
    _git(work, "commit", "-q", "-m", "referentials")
    edited = work / "referentials" / "charge_accueil.yaml"
    original = edited.read_text(encoding="utf-8")
    edited.write_text(original.replace("status: active", "status: draft", 1), encoding="utf-8")
    for fmt in ("text", "json", "html"):
        runner.run(
            f"diff against {fmt}", "diff", "--format", fmt, "--against", "HEAD", "referentials/charge_accueil.yaml"
        )
    runner.run("diff against no revision", "diff", "--against", "referentials/charge_accueil.yaml")
    runner.run("diff against unknown revision", "diff", "--against", "nowhere", "referentials/charge_accueil.yaml")
    edited.write_text(original.replace("id: charge-accueil", "id: [", 1), encoding="utf-8")
    runner.run("diff against broken file", "diff", "--against", "HEAD", "referentials/charge_accueil.yaml")
    edited.write_text(original, encoding="utf-8")


def _help(runner: Runner) -> None:
    runner.run("version", "--version")
    runner.run("help", "--help")
    for command in ("build", "decide", "diff", "extract", "fields", "new", "render", "serve", "validate"):
        runner.run(f"help {command}", command, "--help")


def all_cases(runner: Runner) -> None:
    """Every case, in a fixed order (later ones read what earlier ones wrote: blank.pdf)."""
    _help(runner)
    cases(runner)
    _build_and_render(runner)
    _diff(runner)
    _forms_and_decisions(runner)
    _new(runner)


def main() -> None:
    repo = Path(sys.argv[1]).resolve()
    out = Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="cqp-behaviour-") as folder:
        work = Path(folder)
        shutil.copytree(repo / "referentials", work / "referentials")
        shutil.copytree(repo / "examples", work / "examples")
        runner = Runner(repo, work)
        all_cases(runner)
        out.write_text(
            json.dumps(runner.results, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
