"""The browser fixture skips without a browser, except under CI=true where it fails."""

from __future__ import annotations

import pytest

from tests.support.browser import unavailable


def test_no_browser_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        unavailable("no chromium found")


def test_no_browser_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="browser test under CI=true: no chromium found"):
        unavailable("no chromium found")
