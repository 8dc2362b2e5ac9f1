"""Same HTML, same PDF bytes, on both of WeasyPrint's font-subsetting paths.

WeasyPrint subsets fonts with HarfBuzz-Subset where the system has it (Debian's
``libharfbuzz-subset0``) and with fontTools otherwise. fontTools stamps every subset font with
the current time, so each path is tested here on its own, whatever the machine has: the fontTools
path is forced in-process, and its clock is moved by a day between the two conversions.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

from cqpengine.documents.rendering import Renderer, html_to_pdf
from tests.helpers import REFERENTIALS, referential

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
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
