"""Hostile filled PDFs (issue 21, classes 1 to 6): every PDF command refuses them in one line, bounded.

Each case starts from a blank form cqpengine prints, altered with pikepdf (qpdf) as an attacker
would: hidden fields carrying a printed field's name, a DAG of kids, encryption, values the YAML
loader refuses, a forged identification, a value of tens of millions of characters. The commands
run in a child process under a memory limit and a timeout as well as in process.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.builds import built
from tests.support.forms import SECRET_NAME, assert_no_name, decision_json, fill_with_pikepdf, run
from tests.support.helpers import REFERENTIALS

pytestmark = pytest.mark.slow

LIVRET = {
    "lf.candidat.nom": SECRET_NAME,
    "lf.jury.date": "20/06/2024",
    "lf.D1.avis.evaluateur-1": "non-maitrisee",
    "lf.D1.avis.evaluateur-2": "non-maitrisee",
}
DOSSIER = {
    "vae.candidat.nom": "Quasimodo-Secret",
    "vae.candidat.prenom": "Zéphyrine",
    "vae.demande.date": "15/03/2024",
    "vae.emploi-1.intitule": "Chargée d'accueil en agence",
    "vae.emploi-1.secteur": "mutualite",
    "vae.emploi-1.statut": "salarie",
    "vae.emploi-1.debut": "01/09/2010",
    "vae.emploi-1.fin": "31/08/2013",
    "vae.emploi-1.temps-complet": "oui",
    "vae.emploi-1.piece.attestation-employeur": "oui",
    "vae.emploi-1.nature": "oui",
}


@pytest.fixture(scope="session")
def blanks(full_build: Path) -> dict[str, Path]:
    """Blank forms as ``cqp build`` prints them (the session's shared build: read only)."""
    return {
        "livret": built(full_build, "assistant-commercial@2013", "livret-evaluation-finale"),
        "dossier": built(full_build, "charge-accueil@2013", "dossier-vae"),
    }


def one_line_refusal(result_stderr: str, code: int, expected: int = 2) -> None:
    assert code == expected, result_stderr
    assert "Traceback" not in result_stderr and "internal error" not in result_stderr
    assert len(result_stderr.strip().splitlines()) == 1, result_stderr
    assert_no_name(result_stderr)


# --- 1. hidden duplicate fields -------------------------------------------------------------------


def _hidden_opinions(source: Path, target: Path, *, widget: str = "none") -> Path:
    """``source`` with two more radio fields named like D1's opinions, ticked "maitrisee", invisible."""
    with pikepdf.open(source) as pdf:
        fields = pdf.Root.AcroForm.Fields
        original = next(f for f in fields if str(f.get("/T", "")) == "lf.D1.avis.evaluateur-1")
        options = [str(o) for o in original.Opt]
        if widget == "replace":  # the printed fields taken out of the form (their boxes stay drawn)
            for index in reversed(range(len(fields))):
                if str(fields[index].get("/T", "")).startswith("lf.D1.avis.evaluateur-"):
                    del fields[index]
        for name in ("lf.D1.avis.evaluateur-1", "lf.D1.avis.evaluateur-2"):
            field = pdf.make_indirect(
                pikepdf.Dictionary(
                    FT=pikepdf.Name.Btn,
                    Ff=1 << 15,
                    T=pikepdf.String(name),
                    Opt=pikepdf.Array([pikepdf.String(o) for o in options]),
                    V=pikepdf.Name(f"/{options.index('maitrisee')}"),
                )
            )
            if widget == "hidden":  # a widget on the page, flagged hidden, of no size
                field.Subtype = pikepdf.Name.Widget
                field.Rect = pikepdf.Array([0, 0, 0, 0])
                field.F = 2
                field.P = pdf.pages[0].obj
                pdf.pages[0].obj.Annots.append(field)
            fields.append(field)
        pdf.save(target)
    return target


@pytest.mark.parametrize("widget", ["none", "hidden", "replace"])
def test_a_hidden_duplicate_field_never_decides(blanks: dict[str, Path], tmp_path: Path, widget: str) -> None:
    filled = fill_with_pikepdf(blanks["livret"], tmp_path / "filled.pdf", LIVRET)
    assert decision_json("jury", filled)[0] == 0  # both evaluators: non maîtrisée, D1 not acquired
    forged = _hidden_opinions(filled, tmp_path / "forged.pdf", widget=widget)
    code, stderr = decision_json("jury", forged)
    one_line_refusal(stderr, code)
    assert "lf.D1.avis.evaluateur-" in stderr
    result = run("extract", str(forged))
    one_line_refusal(result.stderr, result.exit_code)
    assert "lf.D1.avis.evaluateur-" in result.stderr


def test_a_field_printed_once_but_shown_twice_is_refused(blanks: dict[str, Path], tmp_path: Path) -> None:
    with pikepdf.open(blanks["livret"]) as pdf:  # the name field gets a second (hidden) widget
        field = next(f for f in pdf.Root.AcroForm.Fields if str(f.get("/T", "")) == "lf.candidat.nom")
        widget = pdf.make_indirect(
            pikepdf.Dictionary(Subtype=pikepdf.Name.Widget, Rect=[0, 0, 10, 10], Parent=field, P=pdf.pages[0].obj)
        )
        copy = pdf.make_indirect(pikepdf.Dictionary({k: field[k] for k in field}))
        del copy["/T"]
        field.Kids = pikepdf.Array([copy, widget])
        pdf.save(tmp_path / "forged.pdf")
    code, stderr = decision_json("jury", tmp_path / "forged.pdf")
    one_line_refusal(stderr, code)
    assert "1 not shown as printed (e.g. lf.candidat.nom)" in stderr, stderr


# --- 2. a DAG of kids -----------------------------------------------------------------------------


def dag_pdf(target: Path, depth: int = 40) -> Path:
    """A form whose field tree has ``depth`` levels, each level's ``/Kids`` naming the next one twice."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    leaf = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("x"), FT=pikepdf.Name.Tx))
    node = leaf
    for level in range(depth):
        node = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String(f"n{level}"), Kids=[node, node]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[node])
    pdf.save(target)
    return target


def test_a_dag_of_kids_is_refused_without_walking_every_path(tmp_path: Path) -> None:
    from cqpengine.forms import reading

    calls = 0
    walk = reading._walk

    def counting(*args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls > 10_000:
            raise AssertionError("the walk visits the same nodes again and again")
        walk(*args, **kwargs)  # type: ignore[arg-type]

    pytest.MonkeyPatch().setattr(reading, "_walk", counting)
    try:
        with pytest.raises(reading.FormError):
            reading.read_pdf(dag_pdf(tmp_path / "dag.pdf"))
    finally:
        reading._walk = walk  # type: ignore[assignment]
    assert calls < 100


# --- 3. encryption --------------------------------------------------------------------------------


@pytest.mark.parametrize("aes", [None, 128, 256], ids=["rc4", "aes-128", "aes-256"])
def test_an_encrypted_form_is_one_line_never_exit_3(blanks: dict[str, Path], tmp_path: Path, aes: int | None) -> None:
    filled = fill_with_pikepdf(blanks["livret"], tmp_path / "filled.pdf", LIVRET)
    encryption = (
        pikepdf.Encryption(user="", owner="owner", R=3, aes=False, metadata=False)
        if aes is None
        else pikepdf.Encryption(user="", owner="owner", R=4 if aes == 128 else 6, aes=True)
    )
    with pikepdf.open(filled) as pdf:
        pdf.save(tmp_path / "encrypted.pdf", encryption=encryption)
    for args in (("fields",), ("extract",), ("decide", "jury")):
        result = run(*args, str(tmp_path / "encrypted.pdf"))
        one_line_refusal(result.stderr, result.exit_code)
        assert "encrypted" in result.stderr


#: ``cqp`` in a child process where the ``cryptography`` package cannot be imported (pypdf then has
#: no AES), as on an installation without it. Only ``cqp fields`` and ``cqp extract`` run so: the
#: decisions import joserfc (credentials), which needs cryptography.
WITHOUT_CRYPTOGRAPHY = (
    "import sys; sys.modules['cryptography'] = None; sys.modules['Crypto'] = None; "
    "from cqpengine.cli import main; sys.argv[0] = 'cqp'; main()"
)


@pytest.mark.parametrize("aes", [128, 256], ids=["aes-128", "aes-256"])
def test_an_aes_form_without_the_cryptography_package_is_one_line(
    blanks: dict[str, Path], tmp_path: Path, aes: int
) -> None:
    filled = fill_with_pikepdf(blanks["livret"], tmp_path / "filled.pdf", LIVRET)
    with pikepdf.open(filled) as pdf:
        pdf.save(tmp_path / "aes.pdf", encryption=pikepdf.Encryption(user="", owner="o", R=4 if aes == 128 else 6))
    for args in (("fields",), ("extract", "--referentials", str(REFERENTIALS))):
        result = subprocess.run(
            [sys.executable, "-c", WITHOUT_CRYPTOGRAPHY, *args, str(tmp_path / "aes.pdf")],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REFERENTIALS.parent,
            check=False,
        )
        one_line_refusal(result.stderr, result.returncode)
        assert "encrypted" in result.stderr


# --- 4. values the YAML loader refuses ------------------------------------------------------------


def test_a_soft_line_break_is_read_as_a_line_break(blanks: dict[str, Path], tmp_path: Path) -> None:
    values = {**DOSSIER, "vae.emploi-1.activites": "Accueil\x0bstandard\x0bcourrier"}
    pdf = fill_with_pikepdf(blanks["dossier"], tmp_path / "filled.pdf", values)
    result = run("extract", str(pdf))
    assert result.exit_code == 0, result.stderr
    first = yaml.safe_load(result.stdout)["activities"][0]
    assert first["description"] == "Accueil\nstandard\ncourrier", result.stdout
    assert decision_json("vae", pdf)[0] == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("vae.emploi-1.activites", "Accueil\x07 sonnerie"),
        ("vae.emploi-1.intitule", "\x00"),
        ("vae.emploi-1.employeur", "Mutuelle\x1b[2J"),
    ],
    ids=["bell", "nul", "escape"],
)
def test_a_control_character_is_a_finding_naming_the_field(
    blanks: dict[str, Path], tmp_path: Path, name: str, value: str
) -> None:
    pdf = fill_with_pikepdf(blanks["dossier"], tmp_path / "filled.pdf", {**DOSSIER, name: value})
    code, stderr = decision_json("vae", pdf)
    assert code == 1 and f"[at {name}]" in stderr and "internal error" not in stderr, stderr
    assert "\x1b" not in stderr and "\x07" not in stderr


def test_a_utf16_value_decoding_to_nul_is_a_finding(blanks: dict[str, Path], tmp_path: Path) -> None:
    pdf = fill_with_pikepdf(blanks["dossier"], tmp_path / "filled.pdf", DOSSIER)
    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        field = next(f for f in document.Root.AcroForm.Fields if str(f.get("/T", "")) == "vae.emploi-1.employeur")
        field.V = pikepdf.String(b"\xfe\xff\x00\x00")
        document.save(pdf)
    code, stderr = decision_json("vae", pdf)
    assert code == 1 and "[at vae.emploi-1.employeur]" in stderr, stderr


def test_a_101_digit_experience_is_a_finding(full_build: Path, tmp_path: Path) -> None:
    blank = built(full_build, "assistant-commercial@2013", "guide-entretien")
    values = {"ge.candidat.nom": SECRET_NAME, "ge.experience": "9" * 101, "ge.date": "05/02/2024"}
    code, stderr = decision_json("orientation", fill_with_pikepdf(blank, tmp_path / "filled.pdf", values))
    assert code == 1 and "[at ge.experience]" in stderr and "internal error" not in stderr, stderr


def test_a_value_stored_as_a_stream_is_not_read_as_its_dictionary(blanks: dict[str, Path], tmp_path: Path) -> None:
    pdf = fill_with_pikepdf(blanks["livret"], tmp_path / "filled.pdf", LIVRET)
    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        field = next(f for f in document.Root.AcroForm.Fields if str(f.get("/T", "")) == "lf.jury.date")
        field.V = document.make_stream(b"20/06/2024")
        document.save(pdf)
    code, stderr = decision_json("jury", pdf)
    assert code in (1, 2) and "lf.jury.date" in stderr and "Length" not in stderr, stderr
    assert "internal error" not in stderr


# --- 5. an identification naming an edition that lacks the document -------------------------------


def test_a_form_of_an_edition_without_the_document_is_one_line(blanks: dict[str, Path], tmp_path: Path) -> None:
    with pikepdf.open(blanks["livret"]) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False):
            pass
        pdf.docinfo["/cqpcertification"] = "charge-accueil"  # charge-accueil@2013 prints no livret
        pdf.save(tmp_path / "forged.pdf")
    code, stderr = decision_json("jury", tmp_path / "forged.pdf")
    one_line_refusal(stderr, code)
    assert "charge-accueil@2013" in stderr


def test_metadata_of_any_length_is_shortened_in_messages(blanks: dict[str, Path], tmp_path: Path) -> None:
    with pikepdf.open(blanks["livret"]) as pdf:
        pdf.docinfo["/cqpversion"] = "v" * 100_000
        pdf.save(tmp_path / "forged.pdf")
    code, stderr = decision_json("jury", tmp_path / "forged.pdf")
    one_line_refusal(stderr, code)
    assert len(stderr) < 1000


# --- 6. sizes -------------------------------------------------------------------------------------


def huge_value_pdf(source: Path, target: Path, characters: int) -> Path:
    """``source`` whose candidate name holds ``characters`` characters, in compressed object streams."""
    with pikepdf.open(source) as pdf:
        field = next(f for f in pdf.Root.AcroForm.Fields if str(f.get("/T", "")) == "lf.candidat.nom")
        field.V = pikepdf.String("A" * characters)
        pdf.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return target


def test_a_field_value_over_the_limit_is_refused(blanks: dict[str, Path], tmp_path: Path) -> None:
    from cqpengine.forms.reading import MAX_FIELD_CHARACTERS

    pdf = huge_value_pdf(blanks["livret"], tmp_path / "big.pdf", MAX_FIELD_CHARACTERS + 1)
    code, stderr = decision_json("jury", pdf)
    one_line_refusal(stderr, code)
    assert "lf.candidat.nom" in stderr
    ok = huge_value_pdf(blanks["livret"], tmp_path / "ok.pdf", 200)
    assert decision_json("jury", ok)[0] == 1  # long but within bounds: read (an evaluation missing)


def test_values_over_the_total_limit_are_refused(
    blanks: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cqpengine.forms import reading

    monkeypatch.setattr(reading, "MAX_FORM_CHARACTERS", 30)
    pdf = fill_with_pikepdf(blanks["livret"], tmp_path / "filled.pdf", LIVRET)
    code, stderr = decision_json("jury", pdf)
    one_line_refusal(stderr, code)


# --- every PDF command, bounded in time and memory ------------------------------------------------

MEMORY_LIMIT = 1024**3  # 1 GiB of address space: cqp reading a printed form needs a fraction of it
COMMANDS = [("fields",), ("extract",), ("decide", "jury")]


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(*args: str) -> subprocess.CompletedProcess[str]:
    extra = [] if args[0] == "fields" else ["--referentials", str(REFERENTIALS)]
    return subprocess.run(
        [sys.executable, "-m", "cqpengine", *args, *extra],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        cwd=REFERENTIALS.parent,
        check=False,
    )


@pytest.fixture(scope="session")
def hostile(blanks: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {
        "dag": dag_pdf(folder / "dag.pdf"),
        "huge": huge_value_pdf(blanks["livret"], folder / "huge.pdf", 70_000_000),
    }


@pytest.mark.parametrize("case", ["dag", "huge"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_pdf_command_is_bounded_on_hostile_input(
    hostile: dict[str, Path], case: str, command: tuple[str, ...]
) -> None:
    result = run_bounded(*command, str(hostile[case]))
    one_line_refusal(result.stderr, result.returncode)


def test_the_memory_limit_leaves_room_for_a_real_form(blanks: dict[str, Path], tmp_path: Path) -> None:
    filled = fill_with_pikepdf(blanks["livret"], tmp_path / "filled.pdf", LIVRET)
    for command in COMMANDS:
        result = run_bounded(*command, str(filled))
        assert result.returncode == 0, result.stderr


# --- fuzzing: a real blank form, mutated ----------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, int, str]]:
    kinds = st.sampled_from(["rename", "value", "bytes", "kids", "drop", "duplicate", "encrypt", "type"])
    return draw(st.lists(st.tuples(kinds, st.integers(0, 10_000), TEXT), min_size=1, max_size=4))


def _mutate(source: Path, target: Path, steps: list[tuple[str, int, str]]) -> None:
    with pikepdf.open(source) as pdf:
        fields = pdf.Root.AcroForm.Fields
        encryption = None
        for kind, number, text in steps:
            field = fields[number % len(fields)]
            if kind == "rename":
                field.T = pikepdf.String(text)
            elif kind == "value":
                field.V = pikepdf.String(text)
            elif kind == "bytes":
                field.V = pikepdf.String(text.encode("utf-8", "surrogatepass"))
            elif kind == "kids":
                field.Kids = pikepdf.Array([fields[(number + 1) % len(fields)], field])
            elif kind == "drop":
                del fields[number % len(fields)]
            elif kind == "duplicate":
                fields.append(pdf.make_indirect(pikepdf.Dictionary({k: field[k] for k in field})))
            elif kind == "type":
                field.FT = pikepdf.Name("/" + ((text.isidentifier() and text) or "Ch"))
            else:
                encryption = pikepdf.Encryption(
                    user="" if number % 2 else "x",
                    owner="o",
                    R=6 if number % 3 else 3,
                    aes=bool(number % 3),
                    metadata=bool(number % 3),
                )
        pdf.save(target, encryption=encryption or False)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=mutations())
def test_mutated_forms_are_a_decision_a_finding_or_one_line(
    blanks: dict[str, Path], tmp_path: Path, steps: list[tuple[str, int, str]]
) -> None:
    target = tmp_path / "mutated.pdf"
    _mutate(blanks["livret"], target, steps)
    for args in (("fields",), ("decide", "jury")):
        result = run(*args, str(target))
        assert result.exit_code in (0, 1, 2), (steps, result.stderr, result.exception)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (steps, result.stderr)
        if result.exit_code == 2:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert_no_name(result.stderr)
