"""Tests (see tests/README.md for the layout)."""
