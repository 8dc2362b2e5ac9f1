"""Same HTML, same PDF bytes, on both of WeasyPrint's font-subsetting paths.

WeasyPrint subsets fonts with HarfBuzz-Subset where the system has it (Debian's
``libharfbuzz-subset0``) and with fontTools otherwise. fontTools stamps every subset font with
the current time, so each path is tested here on its own, whatever the machine has: the fontTools
path is forced in-process, and its clock is moved by a day between the two conversions.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cqpengine.documents.rendering import PdfWriter, Renderer, html_to_pdf
from tests.support.helpers import REFERENTIALS, referential

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def html() -> str:
    """A real document with text in several fonts and weights and form fields."""
    return Renderer().html(referential("assistant-commercial@2013", REFERENTIALS), "fiche-decision")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """fontTools' clock, under the test's control: append to move it."""
    from fontTools.misc import timeTools

    now = [1_700_000_000.0]
    monkeypatch.setattr(timeTools.time, "time", lambda: now[-1])
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield now


def test_fonttools_subsetting_gives_the_same_bytes_a_day_later(
    html: str, clock: list[float], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from weasyprint.pdf import fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        first = html_to_pdf(html)
        clock.append(clock[-1] + 86_400)
        second = html_to_pdf(html)
    assert "Using fontTools" in caplog.text, "the fontTools path was not the one taken"
    assert first == second
    assert "SOURCE_DATE_EPOCH" not in os.environ, "the conversion must restore the environment"


def test_harfbuzz_subsetting_gives_the_same_bytes(html: str, clock: list[float]) -> None:
    from weasyprint.pdf import fonts

    if fonts.harfbuzz_subset is None:
        if os.environ.get("CI") == "true":
            pytest.fail("HarfBuzz-Subset (Debian's libharfbuzz-subset0) is missing: .ci/run installs it")
        pytest.skip("HarfBuzz-Subset (libharfbuzz-subset0) is not installed")
    first = html_to_pdf(html)
    clock.append(clock[-1] + 86_400)
    assert html_to_pdf(html) == first


def test_a_source_date_epoch_set_by_the_caller_is_kept(
    html: str, monkeypatch: pytest.MonkeyPatch, clock: list[float]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    html_to_pdf(html)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1600000000"


def _pdf_fonts(pdf: bytes) -> set[str]:
    """The base font names a PDF embeds."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        names.update(str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values())
    return names


def test_a_writer_keeps_its_fonts_and_gives_the_bytes_of_a_fresh_conversion(
    html: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.text import fonts

    made: list[object] = []
    real = fonts.FontConfiguration

    def counted() -> object:
        made.append(real())
        return made[-1]

    other = Renderer().html(referential("teleconseiller@2013", REFERENTIALS), "referentiel")
    fresh = html_to_pdf(html)
    monkeypatch.setattr(fonts, "FontConfiguration", counted)
    writer = PdfWriter()
    writer.pdf(other)
    assert writer.pdf(html) == fresh
    assert len(made) == 1, "the writer should have served both documents with one font configuration"


#: A document that brings a font of its own, under a family name no system has.
OWN_FONT = """<!doctype html><html lang="fr"><head><title>Police</title><style>
@font-face {{ font-family: "Maison"; src: url("{url}"); }}
p {{ font-family: "Maison", serif; }}
</style></head><body><p>Une police à soi.</p></body></html>"""
#: A document that names that family without declaring it: it must get the system's serif.
NAMES_IT = """<!doctype html><html lang="fr"><head><title>Sans police</title><style>
p { font-family: "Maison", serif; }
</style></head><body><p>Pas de police à soi.</p></body></html>"""


def test_fonts_a_document_brings_do_not_reach_the_next_one() -> None:
    from weasyprint.text.fonts import FontConfiguration

    candidates = sorted(Path("/usr/share/fonts").rglob("*Mono*.ttf"))
    if not candidates:
        pytest.fail("no monospace TrueType font under /usr/share/fonts (Debian's fonts-dejavu-core has one)")
    own = OWN_FONT.format(url=candidates[0].as_uri())
    alone = html_to_pdf(NAMES_IT)
    # Shared naively, a configuration hands the first document's font to the second: the leak is real.
    shared = FontConfiguration()
    html_to_pdf(own, font_config=shared)
    leaked = html_to_pdf(NAMES_IT, font_config=shared)
    assert _pdf_fonts(leaked) == _pdf_fonts(html_to_pdf(own)) != _pdf_fonts(alone)
    # A writer gives the document with fonts of its own a configuration of its own.
    writer = PdfWriter()
    writer.pdf(NAMES_IT)
    assert writer.pdf(own) == html_to_pdf(own)
    assert writer.pdf(NAMES_IT) == alone
