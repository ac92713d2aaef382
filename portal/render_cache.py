"""Rendering what never changes per language once.

``{% call once("footer") %}…{% endcall %}`` renders its body the first time it is used in a
language and reuses the HTML after that, for the life of the process (per app). Only for pieces
that depend on nothing but the language and the configuration: the header, "Exit this page",
the footer. Never for anything with a nonce, a token, a form value or the current URL.

Jinja's compiled templates are also kept on disk (a bytecode cache under instance/), so a new
worker does not compile every template again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app
from flask_babel import get_locale
from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup


def once(name: str, caller: Callable[[], str]) -> Markup:
    store: dict[tuple[str, str], Markup] = current_app.extensions["render_once"]
    key = (name, str(get_locale()))
    html = store.get(key)
    if html is None:
        # caller() is the block's output, already escaped by Jinja's autoescaping.
        html = store[key] = Markup(caller())  # noqa: S704
    return html


def init_app(app: Flask) -> None:
    app.extensions["render_once"] = {}
    app.jinja_env.globals["once"] = once
    cache = Path(app.instance_path) / "jinja-cache"
    cache.mkdir(parents=True, exist_ok=True)
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(cache))
