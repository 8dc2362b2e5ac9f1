"""The PDF processes of a build: started early, each loading WeasyPrint once, making one PDF at a time.

A PDF depends only on its HTML, so a worker gets the HTML and gives back the bytes; any error
comes back as one picklable :class:`WorkerError`. A worker ignores Ctrl-C (the parent stops the
build) and holds no temporary file (the parent writes every output).
"""

from __future__ import annotations

import os
import signal
from concurrent.futures import ProcessPoolExecutor

from cqpengine.documents.rendering import PdfWriter


class WorkerError(Exception):
    """A PDF failed in a worker process; the message is ``Type: message`` of the original error."""


def default_workers() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` PDF processes, started now: each loads WeasyPrint at once, on its own core.

    A build that knows early that it will make PDFs (``cqp build`` into an empty folder) starts it
    before validating, so that WeasyPrint loads while the referentials are checked and the HTML is
    rendered. The caller shuts it down (:func:`stop_pool`).
    """
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker)
    pool.submit(_ready)  # processes start on the first task
    return pool


def stop_pool(pool: ProcessPoolExecutor, *, interrupted: bool = False) -> None:
    """Shut ``pool`` down: wait for its workers, or, when the build was interrupted, do not."""
    pool.shutdown(wait=not interrupted, cancel_futures=interrupted)


#: The PDF writer of a worker process (one per process: it keeps the fonts loaded between documents).
_worker_writer: PdfWriter | None = None


def _start_worker() -> None:
    """In each PDF process: signals are the parent's to handle; WeasyPrint loaded before the first document.

    Ctrl-C reaches the whole process group: workers ignore it and the parent stops the build. A
    worker terminated on its own just ends (it holds no temporary file: the parent writes).
    """
    global _worker_writer  # noqa: PLW0603 - one writer per worker process, made when the process starts
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    import weasyprint  # noqa: F401, PLC0415 - heavy: once per worker, before its first document

    _worker_writer = PdfWriter()


def _ready() -> None:
    """Nothing: submitted first, it makes the pool start its workers."""


def pdf_in_worker(html: str) -> bytes:
    """:meth:`PdfWriter.pdf` in a worker; any error comes back as one picklable :class:`WorkerError`."""
    try:
        return (_worker_writer or PdfWriter()).pdf(html)
    except Exception as exc:
        raise WorkerError(f"{type(exc).__name__}: {exc}") from None
