"""Hostile clients and folders of ``cqp serve`` (issue 21, classes 7 to 10), and its requests fuzzed."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import struct
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqpengine.app import serve as serving
from cqpengine.app.serve import PreviewServer
from tests.support.new_version import write_split_version


def start(paths: list[Path], template_dirs: tuple[Path, ...] = ()) -> tuple[PreviewServer, threading.Thread]:
    server = serving.serve(paths, 0, template_dirs)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    return server, thread


def stop(server: PreviewServer, thread: threading.Thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[PreviewServer, Path]]:
    folder = tmp_path / "referentials"
    path = write_split_version(folder)
    server, thread = start([folder])
    try:
        yield server, path
    finally:
        stop(server, thread)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def raw(server: PreviewServer, data: bytes) -> socket.socket:
    client = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=30)
    client.sendall(data)
    return client


def request(server: PreviewServer, path: str = "/") -> bytes:
    port = server.server_address[1]
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


def wait_for(condition: Callable[[], bool], what: str) -> None:
    event = threading.Event()
    for _ in range(600):
        if condition():
            return
        event.wait(0.05)
    raise AssertionError(what)


# --- 7. a client that goes away -------------------------------------------------------------------


def test_a_client_that_goes_away_prints_no_traceback(
    served: tuple[PreviewServer, Path], capfd: pytest.CaptureFixture[str]
) -> None:
    server, _ = served
    done: list[int] = []
    real = server.process_request_thread

    def counting(*args: Any) -> None:
        try:
            real(*args)
        finally:
            done.append(1)

    server.process_request_thread = counting  # type: ignore[method-assign]
    for _ in range(10):
        client = raw(server, request(server, "/doc/charge-accueil@2025/referentiel"))
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # a reset, not a close
        client.close()
    wait_for(lambda: len(done) >= 10, "the dropped requests were not all handled")
    assert get(server.url)[0] == 200  # still serving
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "Error" not in captured.err, captured.err


# --- 8. the watcher -------------------------------------------------------------------------------


def bumps(server: PreviewServer, change: Callable[[], None]) -> bool:
    """Whether ``change`` makes the watcher bump its generation (live reload)."""
    seen = server.watcher.generation
    change()
    return server.watcher.wait(seen, timeout=15) != seen


def test_the_watcher_survives_an_unreadable_folder_and_a_link_to_the_root(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    path = write_split_version(folder)
    (folder / "locked").mkdir()
    (folder / "locked" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    os.chmod(folder / "locked", 0)
    (folder / "racine").symlink_to("/")
    walked: list[str] = []
    real = os.scandir

    def recording(target: Any = ".") -> Any:
        walked.append(str(target))
        if str(target) == str(folder / "locked"):  # unreadable even to root, who runs some test machines
            raise PermissionError(13, "Permission denied", str(target))
        return real(target)

    server, thread = start([folder])
    try:
        pytest.MonkeyPatch().setattr(os, "scandir", recording)
        text = path.read_text(encoding="utf-8")
        assert bumps(server, lambda: path.write_text(text + "\n# one\n", encoding="utf-8"))
        assert bumps(server, lambda: path.write_text(text + "\n# two\n", encoding="utf-8"))
        assert str(folder / "locked") in walked  # the unreadable folder was met, and skipped
        assert not [w for w in walked if w.startswith(str(folder / "racine"))]
        assert server.watcher.alive()
    finally:
        os.scandir = real
        os.chmod(folder / "locked", 0o755)
        stop(server, thread)


def test_a_deleted_and_recreated_folder_still_reloads(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    path = write_split_version(folder)
    text = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file()}
    server, thread = start([folder])
    try:
        assert bumps(server, lambda: shutil.rmtree(folder))

        def recreate() -> None:
            folder.mkdir()
            for name, content in text.items():
                (folder / name).write_text(content, encoding="utf-8")

        assert bumps(server, recreate)
        assert bumps(server, lambda: path.write_text(text[path.name] + "\n# edit\n", encoding="utf-8"))
    finally:
        stop(server, thread)


def test_serving_one_file_watches_its_folder_only(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    path = write_split_version(folder)
    deep = tmp_path / "elsewhere" / "deep"
    deep.mkdir(parents=True)
    server, thread = start([path])
    try:
        assert not bumps_quickly(server, lambda: (deep / "other.yaml").write_text("x: 1\n", encoding="utf-8"))
        assert bumps(server, lambda: path.write_text(path.read_text(encoding="utf-8") + "\n#\n", encoding="utf-8"))
        watched = {Path(p) for p in server.watcher.watched()}
        assert watched and all(p.parent == folder for p in watched), watched
    finally:
        stop(server, thread)


def bumps_quickly(server: PreviewServer, change: Callable[[], None]) -> bool:
    seen = server.watcher.generation
    change()
    return server.watcher.wait(seen, timeout=2) != seen


# --- 9. a broken template of the user's -----------------------------------------------------------


def test_a_broken_user_template_is_shown_at_its_line_and_said_once(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "referentials"
    write_split_version(folder)
    templates = tmp_path / "mine"
    (templates / "serve").mkdir(parents=True)
    (templates / "serve" / "page.html.j2").write_text("<p>\n{% if %}\n</p>\n", encoding="utf-8")
    server, thread = start([folder], (templates,))
    try:
        for _ in range(3):
            _status, page = get(server.url)
            assert "page.html.j2:2" in page, page
    finally:
        stop(server, thread)
    err = capfd.readouterr().err
    assert "Traceback" not in err and err.count("page.html.j2:2") == 1, err


# --- 10. half-sent requests, threads, validation, the Host header ---------------------------------


def test_a_half_sent_request_is_dropped_after_a_read_timeout(served: tuple[PreviewServer, Path]) -> None:
    server, _ = served
    client = raw(server, request(server)[:-2])  # the headers never end
    client.settimeout(60)
    try:
        while client.recv(1024):  # whatever the server says, it then closes the connection
            pass
    except TimeoutError:
        raise AssertionError("a half-sent request holds its thread") from None
    finally:
        client.close()


def test_connections_beyond_the_pool_are_refused_not_threaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serving, "MAX_CONNECTIONS", 3)
    folder = tmp_path / "referentials"
    write_split_version(folder)
    server, thread = start([folder])
    clients: list[socket.socket] = []
    try:
        clients = [raw(server, request(server)[:-2]) for _ in range(8)]
        refused = 0
        for client in clients[3:]:
            client.settimeout(30)
            with contextlib.suppress(TimeoutError):
                refused += client.recv(1024).startswith(b"HTTP/1.1 503")
        assert refused == 5
    finally:
        for client in clients:
            client.close()
        stop(server, thread)


def test_unchanged_files_are_validated_once(
    served: tuple[PreviewServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, path = served
    calls: list[int] = []
    real = serving.check_paths

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(serving, "check_paths", counting)
    for _ in range(3):
        assert get(server.url)[0] == 200
    assert get(server.url + "doc/charge-accueil@2025/referentiel")[0] == 200
    assert len(calls) == 1
    path.write_text(path.read_text(encoding="utf-8") + "\n# edit\n", encoding="utf-8")
    assert get(server.url)[0] == 200
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("host", "port", "allowed"),
    [
        ("127.0.0.1", 80, True),
        ("localhost", 80, True),
        ("127.0.0.1:80", 80, True),
        ("127.0.0.1:8000", 8000, True),
        ("localhost:8000", 8000, True),
        ("127.0.0.1", 8000, False),
        ("evil.example", 80, False),
        ("evil.example:8000", 8000, False),
        ("127.0.0.1:8000", 80, False),
        ("", 80, False),
    ],
)
def test_the_host_header_names_this_server(host: str, port: int, allowed: bool) -> None:
    assert serving.host_allowed(host, port) is allowed


# --- fuzzing: requests --------------------------------------------------------------------------------

SEGMENT = st.text(st.characters(codec="ascii", exclude_characters="\r\n \x00"), max_size=12)


@st.composite
def requests(draw: st.DrawFn) -> tuple[bytes, bool]:
    method = draw(st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "G\x01T", "BREW", ""]))
    path = "/" + "/".join(draw(st.lists(SEGMENT, max_size=4)))
    headers = draw(
        st.lists(
            st.tuples(st.sampled_from(["Host", "Content-Length", "X", "Connection", "Range"]), SEGMENT), max_size=4
        )
    )
    lines = [f"{method} {path} HTTP/1.1", *(f"{name}: {value}" for name, value in headers)]
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
    cut = draw(st.integers(0, len(data)))
    return data[: cut if draw(st.booleans()) else len(data)], draw(st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=requests())
def test_fuzzed_requests_never_break_the_server(
    served: tuple[PreviewServer, Path], capfd: pytest.CaptureFixture[str], case: tuple[bytes, bool]
) -> None:
    server, _ = served
    data, reset = case
    client = raw(server, data)
    if reset:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    else:
        client.shutdown(socket.SHUT_WR)
        client.settimeout(30)
        answer = client.recv(64)
        # nothing, a response, or (to a one-word request line) http.server's HTTP/0.9 error page
        assert answer == b"" or answer.startswith((b"HTTP/1.", b"<!DOCTYPE HTML>")), answer
    client.close()
    assert get(server.url)[0] == 200
    assert "Traceback" not in capfd.readouterr().err
