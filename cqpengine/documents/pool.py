"""The PDF processes of a build: WeasyPrint loaded once, by the first, which starts the others.

Loading WeasyPrint takes a third of a second of CPU (most of it cffi reading the C declarations of
Pango and HarfBuzz), as much in every process that loads it. So the build forks one process at
once, which loads WeasyPrint while the build validates the referentials and renders the HTML, then
forks the other processes from itself: they start with WeasyPrint loaded, and it is loaded once.

A PDF depends only on its HTML, so a process gets ``(number, html)`` from a shared queue and gives
back ``(number, pdf bytes)``; an error comes back as one picklable :class:`WorkerError`. Each
submitted HTML is a :class:`~concurrent.futures.Future` of the build. A thread of the build reads
the answers and watches every process (the first by its sentinel, the others, which are not the
build's own children, by a ``pidfd``): a process that ends before the work is done fails every PDF not yet made with
:class:`~concurrent.futures.process.BrokenProcessPool`, and no one waits for it forever.

The processes ignore Ctrl-C (the build stops them) and hold no temporary file (the build writes
every output). Linux only, as :func:`os.fork` and :func:`os.pidfd_open` are (Linux 5.3 and later;
without pidfds, only the first process is watched).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection, wait
from multiprocessing.queues import Queue
from typing import Any

from cqpengine.documents.rendering import PdfWriter


class WorkerError(Exception):
    """A PDF failed in a worker process; the message is ``Type: message`` of the original error."""


def default_workers() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


#: What a process sends back: ``("started", pids)`` once the others are forked, then
#: ``(number, pdf bytes or WorkerError)`` for each PDF.
Answer = tuple[Any, Any]


class PdfPool:
    """``workers`` PDF processes, forked now; :meth:`submit` gives each HTML to the first one free."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("fork")
        self._workers = workers
        # The HTML goes through a queue with its own feeding thread, so that submitting never waits
        # for a process to read; the answers through one pipe per process, which the reading thread
        # empties. Only its process holds a pipe's writing end: a process that ends, even in the
        # middle of an answer, closes its pipe, and the reading thread is never left waiting.
        self._tasks: Queue[tuple[int, str] | None] = context.Queue()
        pipes = [context.Pipe(duplex=False) for _ in range(workers)]
        self._answers = [reading for reading, _ in pipes]
        answers = [writing for _, writing in pipes]
        self._lock = threading.Lock()
        self._futures: dict[int, Future[bytes]] = {}
        self._submitted = 0
        self._stopping = False
        #: Why the processes cannot make PDFs any more, once they cannot.
        self._broken: BaseException | None = None
        first = context.Process(target=_first_process, args=(self._tasks, answers), name="cqp-pdf")
        first.start()
        for writing in answers:  # the processes' ends: this process only reads
            writing.close()
        self._first = first
        #: The processes still running, by pid: what to wait on to know that one has ended (the first
        #: process's sentinel, the others' pidfds).
        self._ends: dict[int, int] = {first.pid or 0: first.sentinel}
        self._pidfds: dict[int, int] = {}
        self._reader = threading.Thread(target=self._read, name="cqp-pdf-answers", daemon=True)
        self._reader.start()

    def submit(self, html: str) -> Future[bytes]:
        """The future PDF of ``html``."""
        future: Future[bytes] = Future()
        with self._lock:
            if self._broken is not None:
                future.set_exception(self._broken)
                return future
            number = self._submitted
            self._submitted += 1
            self._futures[number] = future
        self._tasks.put((number, html))
        return future

    def shutdown(self, *, interrupted: bool = False) -> None:
        """Stop the processes: once they have made every PDF submitted, or, if ``interrupted``, now."""
        with self._lock:
            self._stopping = True
        if interrupted:
            self._break(BrokenProcessPool("the build was interrupted"))
        else:
            for _ in range(self._workers):
                self._tasks.put(None)
        self._reader.join()
        self._first.join()
        self._tasks.cancel_join_thread()  # every process has ended: what is left in the queue has no reader
        self._tasks.close()
        for reading in self._answers:
            reading.close()
        for pidfd in self._pidfds.values():
            os.close(pidfd)
        self._pidfds.clear()

    def _watch(self, pid: int) -> None:
        with contextlib.suppress(OSError, AttributeError):  # already gone, or no pidfds on this system
            self._pidfds[pid] = self._ends[pid] = os.pidfd_open(pid)

    def _read(self) -> None:
        """The reading thread, until every process has ended: answers become results; a process
        ending before it was told to fails every PDF not yet made."""
        running = set(self._ends)
        answers = list(self._answers)  # until each process's pipe is closed
        while running:
            ready = wait([*answers, *(self._ends[pid] for pid in running)])
            readable = [pipe for pipe in answers if pipe in ready]
            for pipe in readable:
                try:
                    self._answer(pipe.recv(), running)
                except EOFError:  # its process ended (in the middle of an answer, perhaps)
                    answers.remove(pipe)
                except Exception:  # an answer that cannot be read: none after it can be trusted
                    answers.remove(pipe)
                    self._break(BrokenProcessPool("a PDF process sent an answer that cannot be read"))
            if readable:
                continue  # answers first: a process may answer, then end
            running -= {pid for pid in running if self._ends[pid] in ready}
            with self._lock:
                told = self._stopping and not self._futures
            if not told:
                self._break(BrokenProcessPool("a PDF process stopped unexpectedly"))

    def _answer(self, answer: Answer, running: set[int]) -> None:
        key, value = answer
        if key == "started":  # the other processes, forked by the first
            for pid in value:
                self._watch(pid)
                if pid in self._ends:
                    running.add(pid)
            return
        if key == "failed":  # the first process could not load WeasyPrint or start the others
            self._break(WorkerError(value))
            return
        with self._lock:
            future = self._futures.pop(key, None)
        if future is None:
            return
        if isinstance(value, BaseException):
            future.set_exception(value)
        else:
            future.set_result(value)

    def _break(self, error: BaseException) -> None:
        """No more PDFs: every one not yet made fails with ``error`` (the first reason kept), the processes end."""
        with self._lock:
            if self._broken is None:
                self._broken = error
            futures, self._futures = list(self._futures.values()), {}
        for future in futures:
            future.set_exception(self._broken)
        with contextlib.suppress(OSError):  # not reaped before the reading thread ends: its pid is its own
            self._first.terminate()  # the others end with it too (see _own_signals)
        for pidfd in list(self._pidfds.values()):
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(pidfd, signal.SIGTERM)


def start_pool(workers: int) -> PdfPool:
    """``workers`` PDF processes, started now (see the module); the caller stops them (:func:`stop_pool`).

    A build that knows early that it will make PDFs (``cqp build`` into an empty folder) starts them
    before validating, so that WeasyPrint loads while the referentials are checked and the HTML is
    rendered.
    """
    return PdfPool(workers)


def stop_pool(pool: PdfPool, *, interrupted: bool = False) -> None:
    """Stop ``pool``: wait for its processes, or, when the build was interrupted, end them."""
    pool.shutdown(interrupted=interrupted)


#: The PDF writer of a worker process (one per process: it keeps the fonts loaded between documents).
_worker_writer: PdfWriter | None = None


def _first_process(tasks: Queue[tuple[int, str] | None], answers: list[Connection]) -> None:
    """The first PDF process: loads WeasyPrint, forks the others, makes PDFs, then waits for the others.

    ``answers`` holds the writing end of each process's pipe, this process's first.
    """
    global _worker_writer  # noqa: PLW0603 - one writer per worker process, made when the process starts
    _own_signals()
    others: list[multiprocessing.process.BaseProcess] = []
    try:
        import weasyprint  # noqa: F401, PLC0415 - heavy: here, once, before the other processes are forked

        _worker_writer = PdfWriter()
        # What is loaded now lives as long as the process: out of the garbage collector's sight, its
        # collections during a PDF look at the PDF's objects only (about 3 % less CPU time per PDF),
        # and the other processes, forked next, share these pages instead of copying them.
        gc.freeze()
        context = multiprocessing.get_context("fork")
        for number in range(1, len(answers)):
            others.append(context.Process(target=_other_process, args=(tasks, answers, number), name="cqp-pdf"))
            others[-1].start()
            answers[number].close()  # that process's alone
    except Exception as exc:  # WeasyPrint or a library it needs missing, no process to be had
        answers[0].send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    answers[0].send(("started", [process.pid for process in others]))
    _work(tasks, answers[0])
    for process in others:
        process.join()


def _own_signals() -> None:
    """Ctrl-C reaches the whole process group: a PDF process ignores it and the build stops it.

    A process terminated on its own just ends (it holds no temporary file: the build writes), and
    it is terminated when the process that started it ends, whatever ended it: none is left behind
    waiting for HTML that will never come.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    _terminate_with_parent()


#: ``prctl`` option: the signal a process gets when its parent ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _terminate_with_parent() -> None:
    """Ask Linux for SIGTERM when this process's parent ends (``prctl(PR_SET_PDEATHSIG)``)."""
    import ctypes  # noqa: PLC0415 - only in the PDF processes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() == 1:  # the parent ended before the request: end now, as it would have asked
        os._exit(0)


def _other_process(tasks: Queue[tuple[int, str] | None], answers: list[Connection], mine: int) -> None:
    """Another PDF process, forked by the first with WeasyPrint loaded and its writer made."""
    _terminate_with_parent()
    for number, writing in enumerate(answers):
        if number != mine:
            writing.close()  # the first's pipe, and those of the processes forked after this one
    _work(tasks, answers[mine])


def _work(tasks: Queue[tuple[int, str] | None], answers: Connection) -> None:
    """A PDF process's loop: the next HTML, its PDF, until told to stop."""
    while (task := tasks.get()) is not None:
        number, html = task
        answers.send((number, pdf_in_worker(html)))


def pdf_in_worker(html: str) -> bytes | WorkerError:
    """:meth:`PdfWriter.pdf` in a worker; an error is given back as one picklable :class:`WorkerError`."""
    try:
        return (_worker_writer or PdfWriter()).pdf(html)
    except Exception as exc:
        return WorkerError(f"{type(exc).__name__}: {exc}")
