"""Static files: fingerprinted names, a year's immutable caching, pre-compressed gzip and brotli.

At start-up the files under portal/static are copied once into instance/static-<digest>/,
each also under a name carrying a hash of its content (``portal.3f2a9c1b0d4e.css``), with
``.gz`` and ``.br`` siblings. ``url_for('static', …)`` gives the fingerprinted name, and
WhiteNoise serves it in front of Flask: no session, no ``Vary: Cookie``, the pre-compressed
file the browser accepts, ``Cache-Control: public, max-age=31536000, immutable``. The plain
names still work (for anything that links to them) with ``max-age=0``. A build is keyed by the
files' contents, so a changed file gets a new name and never meets a stale cache."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import brotli
from flask import Flask
from whitenoise import WhiteNoise

SOURCE = Path(__file__).resolve().parent / "static"
YEAR = 31_536_000
IMMUTABLE = f"public, max-age={YEAR}, immutable"
FINGERPRINTED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
COMPRESSIBLE = {".css", ".js", ".svg", ".map", ".txt", ".json", ".html"}
SKIPPED = {".gz", ".br"}


def _fingerprinted(relative: str, digest: str) -> str:
    stem, dot, suffix = relative.rpartition(".")
    return f"{stem}.{digest[:12]}.{suffix}" if dot else f"{relative}.{digest[:12]}"


def _sources() -> dict[str, bytes]:
    return {
        path.relative_to(SOURCE).as_posix(): path.read_bytes()
        for path in sorted(SOURCE.rglob("*"))
        if path.is_file() and path.suffix not in SKIPPED
    }


def build(instance: Path) -> tuple[Path, dict[str, str]]:
    """The build directory for the current files, and the map from plain to fingerprinted names."""
    files = _sources()
    names = {relative: _fingerprinted(relative, hashlib.sha256(data).hexdigest()) for relative, data in files.items()}
    build_id = hashlib.sha256("\n".join(sorted(names.values())).encode()).hexdigest()[:12]
    target = instance / f"static-{build_id}"
    if not target.exists():
        instance.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="static-build-", dir=instance))
        for relative, data in files.items():
            for name in (relative, names[relative]):
                out = staging / name
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(data)
                if out.suffix in COMPRESSIBLE and len(data) > 256:
                    (out.parent / (out.name + ".gz")).write_bytes(gzip.compress(data, 9, mtime=0))
                    (out.parent / (out.name + ".br")).write_bytes(brotli.compress(data, quality=11))
        try:
            os.rename(staging, target)
        except OSError:  # another process built it first
            shutil.rmtree(staging, ignore_errors=True)
    return target, names


def _headers(headers: Any, path: str, url: str) -> None:
    if FINGERPRINTED.search(url):
        headers["Cache-Control"] = IMMUTABLE
    headers["X-Content-Type-Options"] = "nosniff"


def init_app(app: Flask) -> None:
    root, names = build(Path(app.instance_path))
    app.extensions["static_names"] = names

    @app.url_defaults
    def fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and values.get("filename") in names:
            values["filename"] = names[values["filename"]]

    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=str(root),
        prefix=app.static_url_path or "/static",
        max_age=0,
        immutable_file_test=lambda path, url: bool(FINGERPRINTED.search(url)),
        add_headers_function=_headers,
        allow_all_origins=False,
    )
