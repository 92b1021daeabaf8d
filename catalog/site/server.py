"""Serve a built site on 127.0.0.1 (the standard library's HTTP server, no other host)."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"


class _Handler(SimpleHTTPRequestHandler):
    quiet = False
    protocol_version = "HTTP/1.1"  # keep-alive: a page's assets reuse one connection

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature of the base class
        if not self.quiet:
            super().log_message(format, *args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the site's own 404 page (mkdocs-material's, with the site's
        navigation and search; its links are absolute, so it works at any depth)."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.log_error("code %d, message %s", code, message)
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(site_dir: Path, port: int = 8000, quiet: bool = False) -> ThreadingHTTPServer:
    """An HTTP server for ``site_dir`` bound to 127.0.0.1 (``port=0`` picks a free port)."""
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"no built site at {site_dir}; run 'catalog site build' first")
    handler = functools.partial(type("Handler", (_Handler,), {"quiet": quiet}), directory=str(site_dir))
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    return server


def url_of(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


def serve_in_thread(site_dir: Path, port: int = 0) -> ThreadingHTTPServer:
    """Start a quiet server in a daemon thread (for tests); stop it with ``shutdown()``."""
    server = make_server(site_dir, port, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
