"""The watcher of ``cqp serve``: a change made once it has started is noticed, however late its thread runs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cqpengine.loading.watching import Watcher


def test_a_change_right_after_the_start_is_noticed_even_when_the_thread_runs_late(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ref.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    real_run = Watcher._run

    def late(self: Watcher) -> None:
        time.sleep(0.3)  # a busy process: the thread gets its turn after the change below
        real_run(self)

    monkeypatch.setattr(Watcher, "_run", late)
    watcher = Watcher([tmp_path])
    watcher.start()
    try:
        path.write_text("id: x\nversion: '2'\n", encoding="utf-8")
        assert watcher.wait(0, timeout=10) == 1
    finally:
        watcher.close()
