"""Live preview: every document of the referentials as HTML on 127.0.0.1, reloaded on save.

:class:`PreviewServer` is a :class:`~http.server.ThreadingHTTPServer` bound to the loopback
interface only. Each request renders from the current files; their validation is kept as long as
none of them changed (same names, sizes, times and inodes: a snapshot of
:mod:`cqpengine.loading.watching`), so a page never shows a stale document. A watcher thread polls
the same snapshot and bumps a generation counter when it changes; the pages, through a few lines of
script present only in serve mode, listen to ``/events`` (server-sent events) and reload when it
changes.

Hostile clients are bounded: a request must arrive within :data:`READ_TIMEOUT` seconds, at most
:data:`MAX_CONNECTIONS` are served at once (the next ones get a 503), an event stream ends after
:data:`EVENTS_SECONDS` (the browser reconnects), and a client that goes away is no error.
When the referential has errors, the page lists them (``file:line:col: message``) instead of the
document, and the document comes back as soon as they are fixed, where the editor was reading it: a
document page keeps its scroll position (per address, in the tab's ``sessionStorage``) and an error
page leaves it alone, so that the short error page does not send the reader back to the top.

Routes: ``/`` (index), ``/doc/<id@version>/<document>``, ``/events``. The id and the document name
are looked up among the checked referentials and in the document registry: nothing from the request
reaches the file system.
"""

from __future__ import annotations

import html
import socket
import sys
import threading
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from cqpengine.checking import CheckResult, check_paths
from cqpengine.documents import DOCUMENTS, DocumentSpec
from cqpengine.documents.labels import labels
from cqpengine.documents.rendering import DocumentUnavailableError, Renderer, TemplateFailure, failure_of
from cqpengine.errors import UsageError
from cqpengine.findings import Severity
from cqpengine.i18n import _
from cqpengine.loading.watching import Entry, Watcher, snapshot
from cqpengine.loading.workspace import PathNotFoundError
from cqpengine.model import Referential
from cqpengine.printable import printable
from cqpengine.resources import default_referential_paths

HOST = "127.0.0.1"
#: Seconds a client has to send each part of its request (a half-sent request frees its thread).
READ_TIMEOUT = 5
#: Requests served at once; a connection beyond them gets a 503 and the browser tries again.
MAX_CONNECTIONS = 32
#: Seconds an event stream stays open before the browser reconnects (it holds a thread meanwhile).
EVENTS_SECONDS = 60


def host_allowed(host: str, port: int) -> bool:
    """Whether a request's ``Host`` header names this server (a browser leaves out the port 80)."""
    name, colon, given = host.rpartition(":") if ":" in host else (host, "", "80")
    if colon and not given.isdigit():
        return False
    return name in (HOST, "localhost") and int(given) == port


#: Injected before ``</body>`` in serve mode only: reload when the files change, a document page
#: coming back at the place it was read (``document`` is ``true`` on a document, ``false`` on the
#: index and on the pages of errors, which neither save nor restore a position).
_RELOAD = """<script>
(function () {{
  var generation = "{generation}";
  var isDocument = {document};
  var key = "cqp-serve-scroll:" + location.pathname;
  function save() {{ if (isDocument) {{ sessionStorage.setItem(key, String(window.scrollY)); }} }}
  if (isDocument) {{
    if ("scrollRestoration" in history) {{ history.scrollRestoration = "manual"; }}
    var saved = sessionStorage.getItem(key);
    var restore = function () {{ if (saved !== null) {{ window.scrollTo(0, parseFloat(saved)); }} }};
    if (document.readyState === "complete") {{ restore(); }} else {{ window.addEventListener("load", restore); }}
    window.addEventListener("scroll", save, {{ passive: true }});
  }}
  var events = new EventSource("/events");
  events.onmessage = function (event) {{ if (event.data !== generation) {{ save(); location.reload(); }} }};
}})();
</script>
"""


_BUSY = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class PreviewServer(ThreadingHTTPServer):
    """The preview server: its referential paths, templates and watcher."""

    daemon_threads = True

    def __init__(self, paths: Sequence[Path], port: int, template_dirs: Sequence[Path] = ()) -> None:
        super().__init__((HOST, port), _Handler)
        self.paths = list(paths)
        self.template_dirs = list(template_dirs)
        self.watcher = Watcher(self.paths, self.template_dirs)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._checking = threading.Lock()
        self._checked: tuple[tuple[Entry, ...], CheckResult | str] | None = None
        self._reported: set[str] = set()
        self._renderer: tuple[tuple[str, ...], Renderer] | None = None
        self._renderer_lock = threading.Lock()

    def renderer(self) -> Renderer:
        """One renderer, whose compiled templates serve every request (jinja2 reloads an edited template).

        A new one is made when a template file appears in or leaves ``template_dirs`` (it may then
        stand in for a shipped template, which jinja2 would not notice).
        """
        files = tuple(path for path, _state in snapshot(self.template_dirs, None))
        with self._renderer_lock:
            if self._renderer is None or self._renderer[0] != files:
                self._renderer = (files, Renderer(self.template_dirs))
            return self._renderer[1]

    def process_request(self, request: Any, client_address: Any) -> None:
        """A thread for the request while fewer than MAX_CONNECTIONS are served, else a 503 at once."""
        if not self._slots.acquire(blocking=False):
            try:
                request.settimeout(1)
                request.sendall(_BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is no error; anything else is one line on stderr, no traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError, socket.timeout)):
            return
        self.report(_("cqp: internal error answering a request: {error}").format(error=type(error).__name__))

    def report(self, message: str) -> None:
        """``message`` once on stderr (a broken template fails every request alike)."""
        with self._checking:
            if message in self._reported:
                return
            self._reported.add(message)
        sys.stderr.write(printable(message) + "\n")
        sys.stderr.flush()

    def page(
        self,
        title: str,
        *,
        message: str = "",
        errors: Sequence[str] = (),
        referentials: Sequence[Referential] = (),
        back: bool = True,
    ) -> str:
        """An index or message page (``templates/serve/page.html.j2``, words from labels.yaml)."""
        try:
            template = self.renderer().environment.get_template("serve/page.html.j2")
            return template.render(
                title=title, message=message, errors=errors, referentials=referentials, back=back, documents=_documents
            )
        except Exception as error:  # a template of the user's (--templates) that fails
            failure = failure_of(error)
            if failure is None:
                raise
            self.report(str(failure))
            return _plain_page(title, [str(failure), *errors])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def check(self) -> CheckResult | str:
        """The validation of the files served, done again only when one of them changed."""
        with self._checking:
            now = snapshot(self.paths)
            if self._checked is not None and self._checked[0] == now:
                return self._checked[1]
            result: CheckResult | str
            try:
                result = check_paths(self.paths)
            except PathNotFoundError as error:
                result = str(error)
            self._checked = (now, result)
            return result

    def server_close(self) -> None:
        self.watcher.close()
        super().server_close()


def _plain_page(title: str, lines: Sequence[str]) -> str:
    """A page without templates, for when the page template itself fails."""
    items = "".join(f'<p class="error">{html.escape(line)}</p>' for line in lines)
    head = f'<head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
    return f'<!DOCTYPE html><html lang="fr">{head}<body>{items}</body></html>'


def _errors(result: CheckResult) -> list[str]:
    """Each error as ``file:line:col: error CODE: message``."""
    return [finding.format_text() for finding in result.findings if finding.severity is Severity.ERROR]


def _documents(referential: Referential) -> list[tuple[str, DocumentSpec, str | None]]:
    """Every document of the registry, with why ``referential`` cannot give it (None when it can)."""
    return [(name, spec, spec.missing(referential)) for name, spec in DOCUMENTS.items()]


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = READ_TIMEOUT

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client went away, or sent nothing in time: no error

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the pages say what happens."""

    def do_GET(self) -> None:
        words = labels()["serve"]
        port = self.server.server_address[1]
        if not host_allowed(self.headers.get("Host", ""), port):
            # Only pages opened from this machine's own address: another site's page cannot read them
            # through a DNS name pointed at 127.0.0.1.
            self._send(HTTPStatus.FORBIDDEN, self.server.page(words["forbidden"], back=False), 0)
            return
        path = urlsplit(self.path).path
        if path == "/events":
            self._events()
            return
        generation = self.server.watcher.generation
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, self._index(), generation)
            return
        parts = [unquote(part) for part in path.split("/")[1:]]
        if len(parts) == 3 and parts[0] == "doc":
            status, page, is_document = self._document(parts[1], parts[2])
            self._send(status, page, generation, document=is_document)
            return
        self._send(HTTPStatus.NOT_FOUND, self.server.page(words["unknown_page"]), generation)

    def _send(self, status: HTTPStatus, page: str, generation: int, *, document: bool = False) -> None:
        script = _RELOAD.format(generation=generation, document="true" if document else "false")
        body = (page.replace("</body>", script + "</body>", 1) if "</body>" in page else page + script).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _index(self) -> str:
        words = labels()["serve"]
        result = self.server.check()
        if isinstance(result, str):
            return self.server.page(words["index"], errors=[result], back=False)
        referentials = sorted(result.referentials, key=lambda r: r.key)
        return self.server.page(words["index"], errors=_errors(result), referentials=referentials, back=False)

    def _document(self, key: str, name: str) -> tuple[HTTPStatus, str, bool]:
        """The page at ``/doc/key/name``, and whether it is the document itself (not a page of errors)."""
        words = labels()["serve"]
        result = self.server.check()
        if isinstance(result, str):
            return HTTPStatus.NOT_FOUND, self.server.page(words["errors_title"], errors=[result]), False
        spec = DOCUMENTS.get(name)
        referential = next((ref for ref in result.referentials if ref.key == key), None)
        if spec is None:
            return HTTPStatus.NOT_FOUND, self.server.page(words["unknown_document"]), False
        if referential is None:
            errors = _errors(result)
            if errors:
                return HTTPStatus.OK, self.server.page(words["errors_title"], errors=errors), False
            return HTTPStatus.NOT_FOUND, self.server.page(words["unknown_referential"]), False
        try:
            return HTTPStatus.OK, self.server.renderer().html(referential, name), True
        except DocumentUnavailableError as reason:
            return HTTPStatus.OK, self.server.page(f"{key} — {spec.summary}", message=str(reason)), False
        except TemplateFailure as failure:
            self.server.report(str(failure))
            return HTTPStatus.OK, self.server.page(words["errors_title"], errors=[str(failure)]), False

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        watcher = self.server.watcher
        seen = watcher.generation
        try:
            self.wfile.write(f"retry: 1000\ndata: {seen}\n\n".encode())
            self.wfile.flush()
            for _turn in range(EVENTS_SECONDS // 10):
                if watcher.stop.is_set():
                    break
                now = watcher.wait(seen, timeout=10)
                message = f"data: {now}\n\n" if now != seen else ": keep-alive\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                seen = now
        except (ConnectionError, TimeoutError):
            return
        self.close_connection = True


def serve(paths: Sequence[Path], port: int, template_dirs: Sequence[Path] = ()) -> PreviewServer:
    """A started preview server (its watcher running); call ``serve_forever`` or run it in a thread."""
    server = PreviewServer(paths, port, template_dirs)
    server.watcher.start()
    return server


def start_preview(paths: Sequence[Path], port: int, template_dirs: Sequence[Path] = ()) -> PreviewServer:
    """The serve use case: a started server for ``paths`` (``./referentials`` or the shipped ones when empty).

    A missing path, or a port that cannot be listened on, is a usage error.
    """
    chosen = default_referential_paths(tuple(paths))
    missing = [path for path in chosen if not path.exists()]
    if missing:
        raise UsageError(_("path does not exist: {path}").format(path=missing[0]))
    try:
        return serve(chosen, port, template_dirs)
    except OSError as error:
        raise UsageError(
            _("cannot listen on 127.0.0.1:{port}: {reason} (choose another --port)").format(
                port=port, reason=error.strerror or error
            )
        ) from None
