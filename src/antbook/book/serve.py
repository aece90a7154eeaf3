"""Serve the built site on loopback the way a static host does: gzip and cache headers.

``python -m antbook.book.serve [--port N] [DIR]`` (``make serve``). Text files (HTML, CSS,
JavaScript, JSON, SVG) are sent gzip-compressed to a browser that accepts it, as GitHub Pages
and most static hosts do; every response carries ``Last-Modified`` and
``Cache-Control: max-age=600`` (GitHub Pages' policy), so a repeat visit revalidates or reuses
what it has. Port 0 picks a free port. :func:`serve` runs the same server in a thread (for the
tests and ``make bench``).
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import http.server
import io
import os
import sys
import threading
from pathlib import Path

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
                    "application/xml", "text/javascript")
CACHE_CONTROL = "max-age=600"
GZIP_LEVEL = 6


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler that compresses text responses and sets cache headers."""

    # compressed bodies, by (path, mtime): each file is compressed once per server
    _cache: dict[tuple[str, float], bytes] = {}
    _lock = threading.Lock()
    quiet = False

    def end_headers(self):
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def log_message(self, *args):
        if not self.quiet:
            super().log_message(*args)

    def _accepts_gzip(self) -> bool:
        return "gzip" in self.headers.get("Accept-Encoding", "")

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) or not os.path.isfile(path):
            return super().send_head()  # directory redirects, index.html, 404
        ctype = self.guess_type(path)
        if not (self._accepts_gzip() and ctype.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        stat = os.stat(path)
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(http.HTTPStatus.NOT_MODIFIED)
                    self.end_headers()
                    return None
            except (TypeError, ValueError, OverflowError, IndexError):
                pass
        key = (path, stat.st_mtime)
        with self._lock:
            body = self._cache.get(key)
            if body is None:
                body = gzip.compress(Path(path).read_bytes(), GZIP_LEVEL, mtime=0)
                self._cache[key] = body
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)


def make_server(directory: Path, port: int = 0, quiet: bool = True):
    """A ThreadingHTTPServer for ``directory`` on 127.0.0.1 (port 0: a free one)."""
    handler = functools.partial(type("Handler", (GzipHandler,), {"quiet": quiet}),
                                directory=str(directory))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve(directory: Path, port: int = 0):
    """Start the server in a daemon thread; return ``(server, base_url)``."""
    server = make_server(directory, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m antbook.book.serve")
    parser.add_argument("directory", nargs="?", type=Path, default=Path("_build/html"))
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        print(f"{args.directory}/index.html is missing: run `make book` first", file=sys.stderr)
        return 1
    server = make_server(args.directory, args.port, quiet=False)
    print(f"serving {args.directory} (gzip) on http://127.0.0.1:{server.server_address[1]}/"
          " (Ctrl-C stops it)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
