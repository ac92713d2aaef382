"""Safe in the City: the public reporting portal of a council community-safety casework team."""

import logging
import os
import re
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from portal import bot_check, edge, errors, i18n, idempotency, security
from portal.config import CONFIGS, ROOT, ProductionConfig, check_production_rules
from portal.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config_class: type | str | None = None, **overrides: Any) -> Flask:
    """Build the app. With no argument the configuration comes from PORTAL_CONFIG, and an unset
    PORTAL_CONFIG means production, so a forgotten setting fails safe."""
    if config_class is None or isinstance(config_class, str):
        name = config_class or os.environ.get("PORTAL_CONFIG", "production")
        config_class = CONFIGS.get(name, ProductionConfig)

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    check_production_rules(app.config)
    _check_domain_rules(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    _configure_templates(app)
    _init_extensions(app)
    _register_journeys(app)
    return app


def _check_domain_rules(app: Flask) -> None:
    """Rules a council sets are checked at start-up, not on the first request that needs them."""
    from portal import rules

    rules.init_app(app)

    from portal.intake.preflight import prepare_transports

    prepare_transports(app.config)


_CLIENT_ADDRESS = re.compile(r"^\S+ - - ")


class _NoClientDetails(logging.Filter):
    """Belt and braces: the access log of the development server names the client address;
    drop it, because anonymous reporters must leave no trace."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _CLIENT_ADDRESS.sub("- - - ", record.msg, count=1)
        return True


def _configure_logging(app: Flask) -> None:
    logging.getLogger("werkzeug").addFilter(_NoClientDetails())


def _configure_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.i18n")


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    limiter.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    _configure_logging(app)

    from portal import template_helpers

    template_helpers.init_app(app)
    idempotency.init_app(app)
    bot_check.init_app(app)
    edge.init_app(app)

    from portal import compression, render_cache, static_files

    static_files.init_app(app)
    compression.init_app(app)
    render_cache.init_app(app)


# Each journey's blueprint and where it is mounted: (module, blueprint attribute, URL prefix).
_BLUEPRINTS = (
    ("portal.main", "bp", None),
    ("portal.reporting", "bp", "/report"),
    ("portal.status", "bp", "/status"),
    ("portal.trigger", "bp", "/community-trigger"),
    ("portal.casework", "bp", "/duty-desk"),
    ("portal.statistics", "bp", "/statistics"),
    ("portal.lay_visitors", "bp", "/lay-visitors"),
    ("portal.partners", "bp", "/partners"),
    ("portal.partners", "report_bp", "/partners/report"),
    ("portal.partners", "admin_bp", "/duty-desk/partners"),
    ("portal.trigger.staff", "bp", "/duty-desk/community-trigger"),
    ("portal.api", "bp", "/api/v1"),
)


def _register_journeys(app: Flask) -> None:
    """The composition root: every journey's blueprint, the outbox destinations, the CLI."""
    import importlib

    for module, attribute, prefix in _BLUEPRINTS:
        app.register_blueprint(getattr(importlib.import_module(module), attribute), url_prefix=prefix)
    from portal.api import bp as api_bp

    csrf.exempt(api_bp)

    # The reporter's channels and the duty-desk alert are outbox destinations like the case
    # system: registered here, so that the intake and notify never import each other.
    from portal import auth, cli
    from portal.notify import channels, draft_link  # noqa: F401

    auth.init_app(app)
    cli.init_app(app)
