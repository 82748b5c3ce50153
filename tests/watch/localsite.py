"""A small website served on 127.0.0.1 by a threaded HTTP server, for crawler and CLI tests.

``Site({"/": page(...), ...})`` serves each path with a ``Route``; every request is recorded
(method, path, headers) so that tests can assert what was, and was not, contacted."""
from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    # optional: (request headers, hit count) → Route, to serve different answers per client or attempt
    vary: Callable[[dict, int], Route] | None = None
    # optional: the request's path with its query → Route, for answers computed from the query
    answer: Callable[[str], Route] | None = None


def page(html: str, charset: str = "utf-8", content_type: str | None = None, **kw) -> Route:
    ctype = content_type if content_type is not None else f"text/html; charset={charset}"
    headers = {"Content-Type": ctype} if ctype else {}
    return Route(html.encode(charset), headers=headers, **kw)


def redirect(location: str, status: int = 302) -> Route:
    return Route(b"", status, {"Location": location})


def html(title: str, body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body>{body}</body></html>")


class Site:
    def __init__(self, routes: dict[str, Route], host: str = "127.0.0.1"):
        self.routes = routes
        self.requests: list[tuple[str, str, dict]] = []
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self, method: str) -> None:
                path = self.path.split("?")[0]
                with site.lock:
                    site.requests.append((method, self.path, dict(self.headers)))
                    n = site.hits[path] = site.hits.get(path, 0) + 1
                route = (site.routes.get(self.path) or site.routes.get(path)        # a key with its query first
                         or Route(b"<html><body>not found</body></html>", 404))
                if route.answer:
                    route = route.answer(self.path)
                if route.vary:
                    route = route.vary(dict(self.headers), n)
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    for k, v in route.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    if method != "HEAD":
                        self.wfile.write(route.body)
                except OSError:
                    pass

            def do_GET(self):
                self._serve("GET")

            def do_HEAD(self):
                self._serve("HEAD")

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass          # clients that time out and hang up are part of the tests

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str = "/") -> str:
        return self.base + path

    def paths(self, method: str | None = None) -> list[str]:
        return [p for m, p, _ in self.requests if method is None or m == method]

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
