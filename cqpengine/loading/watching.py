"""Watching files by polling: a snapshot of what a folder holds, and a thread that notices a change.

:func:`snapshot` lists the files under some paths with their modification time, size and inode (a
``stat`` per file); two equal snapshots mean the files are unchanged. :class:`Watcher` polls it in
a thread and bumps a generation counter on every change (``cqp serve`` reloads its pages then). It
never follows a link out of the tree, skips folders it cannot read, watches a file given alone with
its own folder only (not recursively), and looks at a bounded number of entries: it survives what
an operating system's change notifications did not (an unreadable folder, a link to ``/``, a
folder deleted and made again).
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from cqpengine.loading.workspace import YAML_SUFFIXES

#: How often the watcher looks at the files, and at most how many entries it looks at. Half the
#: period is added, on average, to the time from a save to the reloaded page (a stat per file each time).
POLL_SECONDS = 0.1
MAX_WATCHED_ENTRIES = 20_000

#: One entry of a snapshot: a file's path and (modification time, size, inode), None when unreadable.
Entry = tuple[str, tuple[int, int, int] | None]


def _entry(path: str) -> Entry:
    try:
        found = os.stat(path)
    except OSError:
        return path, None
    return path, (found.st_mtime_ns, found.st_size, found.st_ino)


def _folder_files(folder: str, suffixes: frozenset[str] | None, *, recursive: bool, budget: list[int]) -> list[Entry]:
    """The files under ``folder`` with one of ``suffixes`` (any when None), hidden ones left out.

    Links to folders are not followed (a link to ``/`` is no reason to read the whole file system),
    unreadable folders are skipped, and at most ``budget[0]`` entries are looked at.
    """
    found: list[Entry] = []
    pending = [folder]
    while pending and budget[0] > 0:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                listed = sorted(entries, key=lambda entry: entry.name)
        except OSError:
            found.append((current, None))  # unreadable (or gone): a change when it comes back
            continue
        for entry in listed:
            budget[0] -= 1
            if budget[0] <= 0 or entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_folder:
                if recursive:
                    pending.append(entry.path)
            elif suffixes is None or os.path.splitext(entry.name)[1] in suffixes:
                found.append(_entry(entry.path))
    return found


def snapshot(paths: Iterable[Path], suffixes: frozenset[str] | None = YAML_SUFFIXES) -> tuple[Entry, ...]:
    """What the files under ``paths`` are now: a folder's files (recursively), a file and its siblings.

    Two equal snapshots mean the files read are unchanged; reading them costs a ``stat`` per file.
    """
    budget = [MAX_WATCHED_ENTRIES]
    found: list[Entry] = []
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            found.append((str(path), None))
            continue
        if stat.S_ISDIR(mode):
            found.extend(_folder_files(str(path), suffixes, recursive=True, budget=budget))
        else:  # a file served alone: its folder's files are its context, not the folders below
            found.append(_entry(str(path)))
            found.extend(_folder_files(str(path.parent), suffixes, recursive=False, budget=budget))
    return tuple(found)


class Watcher:
    """A generation counter bumped on every change under ``paths`` (a polling thread that never dies).

    ``paths`` are the referentials served (their YAML files) and ``template_dirs`` (every file).
    """

    def __init__(self, paths: Sequence[Path], template_dirs: Sequence[Path] = ()) -> None:
        self.paths = [path.absolute() for path in paths]
        self.template_dirs = [path.absolute() for path in template_dirs]
        self.generation = 0
        self.changed = threading.Condition()
        self.stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cqp-serve-watch", daemon=True)
        self._last: tuple[Entry, ...] = ()

    def start(self) -> None:
        """Start polling: a change made once this returns is noticed (the first snapshot is taken here)."""
        self._last = self.look()
        self._thread.start()

    def alive(self) -> bool:
        return self._thread.is_alive()

    def look(self) -> tuple[Entry, ...]:
        return snapshot(self.paths) + snapshot(self.template_dirs, None)

    def watched(self) -> list[str]:
        """The files watched now (for the tests and for a curious reader)."""
        return [path for path, state in self.look() if state is not None]

    def _run(self) -> None:
        last = self._last
        while not self.stop.wait(POLL_SECONDS):
            try:
                now = self.look()
            except Exception:
                continue
            if now != last:
                last = now
                self.bump()

    def bump(self) -> None:
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The generation once it differs from ``seen`` (or after ``timeout`` seconds)."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.stop.is_set(), timeout)
            return self.generation

    def close(self) -> None:
        self.stop.set()
        with self.changed:
            self.changed.notify_all()
        self._thread.join(timeout=5)
