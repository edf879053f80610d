"""A small HTTP server on 127.0.0.1 for tests: static and computed routes, and a record of what
it was asked (every request, the POSTs, and how many were handled at once)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Body = bytes | str | Iterable[bytes]  # an iterable is sent chunked, with no Content-Length


@dataclass(frozen=True)
class Request:
    path: str  # as received, query included
    headers: dict[str, str]  # names lower-case
    body: bytes = b""
    method: str = "GET"
    at: float = 0.0  # time.monotonic() when it arrived


@dataclass
class Response:
    status: int = 200
    body: Body = b""
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Response]


class LoopbackServer:
    """A ThreadingHTTPServer on 127.0.0.1 (port 0) in a daemon thread; use as a context manager.
    Unknown paths answer 404; a static route without a Content-Type is sent as UTF-8 HTML."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.posts: list[Request] = []
        self.max_in_flight = 0  # most requests being answered at once (arrived, not yet sent)
        self.latency = 0.0
        self._routes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self._in_flight = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(self))
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def _serve(self) -> None:
        self._server.serve_forever(poll_interval=0.02)  # so shutdown() takes no half second

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def route(
        self,
        path: str,
        body: bytes | str | Handler,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        etag: str | None = None,
    ) -> None:
        if callable(body):
            self._routes[path] = body
            return
        static = dict(headers or {})
        if etag:
            static["ETag"] = etag

        def answer(request: Request) -> Response:
            match = request.headers.get("if-none-match", "")
            if etag and (match.strip() == "*" or etag in (m.strip() for m in match.split(","))):
                return Response(304, b"", static)
            return Response(status, body, static)

        self._routes[path] = answer

    def fail_then(self, path: str, failures: int, status: int, body: bytes | str) -> None:
        """Answer ``status`` the first ``failures`` times, then 200 with ``body``."""
        count = iter(range(failures))
        lock = threading.Lock()

        def answer(request: Request) -> Response:
            with lock:
                failing = next(count, None) is not None
            return Response(status, f"failure {status}") if failing else Response(200, body)

        self._routes[path] = answer

    def url_for(self, path: str) -> str:
        return self.url + path

    def paths(self) -> list[str]:
        """The paths asked for, in order."""
        return [request.path for request in self.requests]

    def _answer(self, request: Request) -> Response:
        handler = self._routes.get(request.path) or self._routes.get(urlsplit(request.path).path)
        return handler(request) if handler else Response(404, "not found")

    def _enter(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)
            if request.method == "POST":
                self.posts.append(request)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1


def _handler_class(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._handle()

        def do_HEAD(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: pytest shows stderr

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {name.lower(): value for name, value in self.headers.items()}
            request = Request(self.path, headers, body, self.command, time.monotonic())
            server._enter(request)
            try:
                if server.latency:
                    time.sleep(server.latency)
                response = server._answer(request)
            finally:
                # Done before sending: a client that has its answer (or stopped reading a huge
                # one) may ask again at once, and must not count as two requests at once.
                server._leave()
            try:
                self._send(response)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client stopped reading: fine

        def _send(self, response: Response) -> None:
            headers = {name.lower(): (name, value) for name, value in response.headers.items()}
            headers.setdefault("content-type", ("Content-Type", "text/html; charset=utf-8"))
            headers.setdefault("date", ("Date", self.date_time_string()))
            body = response.body
            self.send_response_only(response.status)  # no Server header; Date as the route says
            for name, value in headers.values():
                if value:
                    self.send_header(name, value)
            if isinstance(body, str):
                body = body.encode()
            if isinstance(body, bytes):
                if "content-length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD" and response.status not in (204, 304):
                    self.wfile.write(body)
                return
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in body:
                if chunk:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")

    return _Handler
