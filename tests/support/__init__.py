"""Helpers of the test suite: paths and data, builds shared by the session, PDF reading, the browser."""
