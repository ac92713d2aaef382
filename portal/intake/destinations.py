"""Which adapter serves each destination name, and with which settings from configuration."""

from collections.abc import Mapping
from typing import Any

from flask import current_app

from portal.delivery import Adapter, build_adapter
from portal.intake import adapters  # noqa: F401 - registers the case-system transports


def settings_for(kind: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """The settings each transport reads, taken from the flat configuration."""
    mail = {
        "host": config["MAIL_SERVER"],
        "port": config["MAIL_PORT"],
        "starttls": config["MAIL_USE_STARTTLS"],
        "username": config["MAIL_USERNAME"],
        "password": config["MAIL_PASSWORD"],
        "from": config["MAIL_FROM"],
    }
    table: dict[str, dict[str, Any]] = {
        "webhook": {"url": config["INTAKE_WEBHOOK_URL"], "secret": config["INTAKE_WEBHOOK_SECRET"]},
        "email": {**mail, "to": config["INTAKE_EMAIL_TO"]},
        "filedrop": {"directory": config["INTAKE_FILEDROP_DIR"]},
        "open311": {
            "endpoint": config["INTAKE_OPEN311_ENDPOINT"],
            "api_key": config["INTAKE_OPEN311_API_KEY"],
            "service_codes": config.get("INTAKE_OPEN311_SERVICE_CODES", {}),
            "default_service_code": config.get("INTAKE_OPEN311_DEFAULT_SERVICE_CODE"),
        },
    }
    return table.get(kind, {})


def adapter_for(destination: str) -> Adapter:
    # Imported here: it registers itself and needs the app's models. The reporter's channels
    # (portal/notify/) are registered by the app factory.
    from portal.intake import builtin  # noqa: F401

    overrides = current_app.config.get("INTAKE_ADAPTER_SETTINGS", {}).get(destination, {})
    kind = overrides.get("kind", destination)
    settings = {**settings_for(kind, current_app.config), **overrides}
    return build_adapter(kind, settings)
