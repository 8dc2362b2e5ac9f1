"""Reading a file whose size is not trusted: never more than the limit, and too large said as None."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqpengine.loading.text import read_bounded


@given(size=st.integers(0, 64), limit=st.integers(0, 64))
def test_a_file_is_read_whole_up_to_the_limit_and_refused_beyond(
    tmp_path_factory: pytest.TempPathFactory, size: int, limit: int
) -> None:
    path = tmp_path_factory.mktemp("bounded") / "file"
    path.write_bytes(bytes(range(size)))
    assert read_bounded(path, limit) == (bytes(range(size)) if size <= limit else None)


def test_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_bounded(tmp_path / "nowhere", 10)
