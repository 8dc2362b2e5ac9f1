"""Live preview: every document of the referentials as HTML on 127.0.0.1, reloaded on save.

:class:`PreviewServer` is a :class:`~http.server.ThreadingHTTPServer` bound to the loopback
interface only. Each request checks the current files and renders from them (nothing is cached, so
a page never shows a stale document); a watcher thread (:mod:`watchfiles`) bumps a generation
counter when a file under the watched folders changes, and the pages, through a few lines of script
present only in serve mode, listen to ``/events`` (server-sent events) and reload when it changes.
When the referential has errors, the page lists them (``file:line:col: message``) instead of the
document, and the document comes back as soon as they are fixed, where the editor was reading it: a
document page keeps its scroll position (per address, in the tab's ``sessionStorage``) and an error
page leaves it alone, so that the short error page does not send the reader back to the top.

Routes: ``/`` (index), ``/doc/<id@version>/<document>``, ``/events``. The id and the document name
are looked up among the checked referentials and in the document registry: nothing from the request
reaches the file system.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from cqpengine.checking import CheckResult, check_paths
from cqpengine.documents import DOCUMENTS, DocumentSpec
from cqpengine.documents.environment import build_environment
from cqpengine.documents.labels import labels
from cqpengine.documents.rendering import DocumentUnavailableError, Renderer, TemplateFailure
from cqpengine.errors import UsageError
from cqpengine.findings import Severity
from cqpengine.i18n import _
from cqpengine.loading.workspace import PathNotFoundError
from cqpengine.model import Referential
from cqpengine.resources import default_referential_paths

HOST = "127.0.0.1"

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


class Watcher:
    """A generation counter bumped on every change under ``paths`` (watchfiles, in a thread)."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = [path.resolve() for path in paths]
        self.generation = 0
        self.changed = threading.Condition()
        self.stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cqp-serve-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        from watchfiles import watch  # noqa: PLC0415 - only cqp serve needs it

        folders = sorted({path if path.is_dir() else path.parent for path in self.paths})
        for _changes in watch(*folders, stop_event=self.stop, debounce=200, step=50, rust_timeout=500):
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


class PreviewServer(ThreadingHTTPServer):
    """The preview server: its referential paths, templates and watcher."""

    daemon_threads = True

    def __init__(self, paths: Sequence[Path], port: int, template_dirs: Sequence[Path] = ()) -> None:
        super().__init__((HOST, port), _Handler)
        self.paths = list(paths)
        self.template_dirs = list(template_dirs)
        self.watcher = Watcher([*self.paths, *self.template_dirs])

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
        template = build_environment(self.template_dirs).get_template("serve/page.html.j2")
        return template.render(
            title=title, message=message, errors=errors, referentials=referentials, back=back, documents=_documents
        )

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def check(self) -> CheckResult | str:
        try:
            return check_paths(self.paths)
        except PathNotFoundError as error:
            return str(error)

    def server_close(self) -> None:
        self.watcher.close()
        super().server_close()


def _errors(result: CheckResult) -> list[str]:
    """Each error as ``file:line:col: error CODE: message``."""
    return [finding.format_text() for finding in result.findings if finding.severity is Severity.ERROR]


def _documents(referential: Referential) -> list[tuple[str, DocumentSpec, str | None]]:
    """Every document of the registry, with why ``referential`` cannot give it (None when it can)."""
    return [(name, spec, spec.missing(referential)) for name, spec in DOCUMENTS.items()]


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the pages say what happens."""

    def do_GET(self) -> None:
        words = labels()["serve"]
        port = self.server.server_address[1]
        if self.headers.get("Host", "") not in (f"{HOST}:{port}", f"localhost:{port}"):
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
            return HTTPStatus.OK, Renderer(self.server.template_dirs).html(referential, name), True
        except DocumentUnavailableError as reason:
            return HTTPStatus.OK, self.server.page(f"{key} — {spec.summary}", message=str(reason)), False
        except TemplateFailure as failure:
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
            self.wfile.write(f"data: {seen}\n\n".encode())
            self.wfile.flush()
            while not watcher.stop.is_set():
                now = watcher.wait(seen, timeout=10)
                message = f"data: {now}\n\n" if now != seen else ": keep-alive\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
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
