"""Safe in the City: the public reporting portal of a council community-safety casework team."""

import logging
import os
import re
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from portal import errors, i18n, security
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

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.i18n")

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

    from portal.casework import bp as casework_bp
    from portal.main import bp as main_bp
    from portal.reporting import bp as reporting_bp
    from portal.status import bp as status_bp
    from portal.trigger import bp as trigger_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(reporting_bp, url_prefix="/report")
    app.register_blueprint(status_bp, url_prefix="/status")
    app.register_blueprint(trigger_bp, url_prefix="/community-trigger")
    app.register_blueprint(casework_bp, url_prefix="/duty-desk")

    from portal.statistics import bp as statistics_bp

    app.register_blueprint(statistics_bp, url_prefix="/statistics")

    from portal.lay_visitors import bp as lay_visitors_bp

    app.register_blueprint(lay_visitors_bp, url_prefix="/lay-visitors")

    from portal.partners import admin_bp as partners_admin_bp
    from portal.partners import bp as partners_bp
    from portal.partners import report_bp as partners_report_bp

    app.register_blueprint(partners_bp, url_prefix="/partners")
    app.register_blueprint(partners_report_bp, url_prefix="/partners/report")
    app.register_blueprint(partners_admin_bp, url_prefix="/duty-desk/partners")

    from portal.trigger.staff import bp as trigger_staff_bp

    app.register_blueprint(trigger_staff_bp, url_prefix="/duty-desk/community-trigger")

    from portal.api import bp as api_bp

    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)

    # The reporter's channels and the duty-desk alert are outbox destinations like the case
    # system: registered here, so that the intake and notify never import each other.
    from portal import auth, cli
    from portal.notify import channels  # noqa: F401

    auth.init_app(app)
    cli.init_app(app)
    return app


def _check_domain_rules(app: Flask) -> None:
    """Rules a council sets are checked at start-up, not on the first request that needs them."""
    from portal.core.workdays import calendar_from_config

    calendar_from_config(app.config)


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
