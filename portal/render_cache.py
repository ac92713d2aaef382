"""Rendering what never changes per language once.

``{% call once("footer") %}…{% endcall %}`` renders its body the first time it is used in a
language and reuses the HTML after that, for the life of the process (per app). Only for pieces
that depend on nothing but the language and the configuration: the header, "Exit this page",
the footer. Never for anything with a nonce, a token, a form value or the current URL.

Jinja's compiled templates are also kept on disk (a bytecode cache under instance/), so a new
worker does not compile every template again."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from pathlib import Path
from types import MethodType
from typing import Any

from flask import Flask, current_app
from flask_babel import get_locale
from jinja2 import Environment, FileSystemBytecodeCache
from markupsafe import Markup


def once(name: str, caller: Callable[[], str]) -> Markup:
    store: dict[tuple[str, str], Markup] = current_app.extensions["render_once"]
    key = (name, str(get_locale()))
    html = store.get(key)
    if html is None:
        # caller() is the block's output, already escaped by Jinja's autoescaping.
        html = store[key] = Markup(caller())  # noqa: S704
    return html


def _shared_globals(environment: Environment, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
    """A template loaded without globals of its own uses the environment's globals as they are.
    Jinja would wrap them in a ChainMap, which every ``{% from … import %}`` then compares key
    by key with the page's globals, on every render (about a tenth of a page's time)."""
    if not d:
        return environment.globals
    return Environment.make_globals(environment, d)


def init_app(app: Flask) -> None:
    # On the instance: app.jinja_env exists already (template globals were added to it).
    app.jinja_env.make_globals = MethodType(_shared_globals, app.jinja_env)  # type: ignore[method-assign]
    app.extensions["render_once"] = {}
    app.jinja_env.globals["once"] = once
    cache = Path(app.instance_path) / "jinja-cache"
    cache.mkdir(parents=True, exist_ok=True)
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(cache))
