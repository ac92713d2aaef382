"""Rendering what never changes per language once.

``{% call once("footer") %}…{% endcall %}`` renders its body the first time it is used in a
language and reuses the HTML after that, for the life of the process (per app). Only for pieces
that depend on nothing but the language and the configuration: the header, "Exit this page",
the footer. Never for anything with a nonce, a token or a form value. A piece that also depends
on something else names it as the key: the language chooser, keyed by the page's address and
the languages offered (``chooser_key``).

Jinja's compiled templates are also kept on disk (a bytecode cache under instance/), so a new
worker does not compile every template again."""

from __future__ import annotations

from collections.abc import Callable, Hashable, MutableMapping
from pathlib import Path
from types import MethodType
from typing import Any, TypeVar, cast

from flask import Flask, current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from jinja2 import Environment, FileSystemBytecodeCache
from markupsafe import Markup

from portal import rules
from portal.security import csp_nonce

# Pieces kept per process before the store is emptied and filled again: a ``key`` can hold
# the page's address, and the query string is the visitor's to vary.
LIMIT = 2000
T = TypeVar("T")


def remembered(slot: Hashable, draw: Callable[[], T], store: str = "render_once") -> T:
    """What ``draw`` gives for ``slot``, drawn the first time and kept in this process (per
    app), in a store emptied when it reaches LIMIT entries."""
    kept: dict[Hashable, Any] = current_app.extensions.setdefault(store, {})
    if slot in kept:
        return cast(T, kept[slot])
    if len(kept) >= LIMIT:
        kept.clear()
    value = kept[slot] = draw()
    return value


def _slot(name: str, key: object) -> tuple[str, str, str, object]:
    # The rules' hash too: a council's changed rules file (office hours, languages) is drawn anew.
    return name, str(get_locale()), rules.current().hash, key


def once(name: str, key: object = "", *, caller: Callable[[], str]) -> Markup:
    """The block rendered once per language (and per ``key``: what else the piece depends on,
    such as the page's address for the language chooser)."""
    # caller() is the block's output, already escaped by Jinja's autoescaping.
    return remembered(_slot(name, key), lambda: Markup(caller()))  # noqa: S704


NONCE_SLOT = "0nonce0"


def page_once(template: str) -> str:
    """A whole public page drawn once per language and rules, for pages that depend on nothing
    else (the start page): each request gets the stored HTML with its own CSP nonce put in.
    Drawn afresh, and not stored, when the address has other arguments than the language or
    someone is signed in."""
    if set(request.args) - {"lang"} or getattr(current_user, "is_authenticated", False):
        return render_template(template)
    nonce = csp_nonce()
    stored = remembered(_slot("page", template), lambda: render_template(template).replace(nonce, NONCE_SLOT))
    return stored.replace(NONCE_SLOT, nonce)


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
