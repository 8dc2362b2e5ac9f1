"""Fixtures shared by every test module: the real browser (see tests/browser.py)."""

from tests.browser import chromium_page

__all__ = ["chromium_page"]
