"""Values and filters every template can use."""

from datetime import datetime, time
from typing import Any

from flask import Flask, g, request, url_for
from flask_babel import format_datetime, format_time, get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal import labels, rules
from portal.constants import ALERT_DESTINATION, PARTNER_DESTINATION, REPORTER_DESTINATION
from portal.i18n import current_language, long_date, offered_codes
from portal.languages import BY_CODE, Language
from portal.render_cache import remembered

COUNCIL_SETTINGS = {
    "name": "COUNCIL_NAME",
    "service": "SERVICE_NAME",
    "phone": "CASEWORK_PHONE",
    "email": "CASEWORK_EMAIL",
    "housing_phone": "COUNCIL_HOUSING_PHONE",
    "logo_url": "COUNCIL_LOGO_URL",
    "privacy_contact": "PRIVACY_CONTACT",
}


def languages_offered() -> list[Language]:
    return [BY_CODE[code] for code in offered_codes()]


_LANG_SLOT = "0lang0"


def _page_address() -> str:
    """This page's address with a stand-in for the language code, built once a request."""
    template = g.get("_url_in_language")
    if template is None:
        template = g._url_in_language = _current_page_url(_LANG_SLOT)
    return str(template)


def url_in_language(code: str) -> str:
    """The current page in another language (Welsh Language Standards: every page links to its
    Welsh version). After a POST the same address is opened with GET, when the page has one.
    Built once a request with a stand-in for the code (the language chooser asks for every
    language), then only the code changes."""
    # The stand-in is the last argument: a query value that happens to hold it stays as it is.
    head, _slot, tail = _page_address().rpartition(_LANG_SLOT)
    return head + code + tail


def chooser_key() -> tuple[str, tuple[str, ...]]:
    """What the language chooser depends on besides the language: this page's address and the
    languages offered (portal/render_cache.py keeps one rendering per key)."""
    return _page_address(), tuple(offered_codes())


def _current_page_url(code: str) -> str:
    rule = request.url_rule
    if request.endpoint and rule is not None and "GET" in (rule.methods or ()):
        args = dict(request.view_args or {})
        args.update({key: value for key, value in request.args.items() if key != "lang"})
        args["lang"] = code
        return url_for(request.endpoint, **args)
    return url_for("main.start", lang=code)


def date_and_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value, format="d MMMM y, HH:mm")


def left_to_right(value: object) -> Markup:
    """Codes, phone numbers and postcodes read left to right inside right-to-left text."""
    return Markup('<span class="app-ltr" dir="ltr">{}</span>').format(escape(value))


def destination_name(value: str) -> Markup:
    """An outbox destination as the duty desk reads it: the portal's own ones in words, a
    configured case system by its configured name (data, shown as it is set)."""
    own = {
        "builtin": _("This portal's duty desk"),
        REPORTER_DESTINATION: _("Updates to reporters"),
        PARTNER_DESTINATION: _("Updates to partner organisations"),
        ALERT_DESTINATION: _("Alerts to the duty desk"),
    }
    if value in own:
        return Markup("{}").format(own[value])
    return left_to_right(value)


def language_name(code: str | None) -> str:
    """A stored language code as the language's own name (each language is named in itself)."""
    language = BY_CODE.get(code or "")
    return language.native_name if language else code or ""


def office_hour(value: str) -> str:
    hour, minute = (int(part) for part in value.split(":"))
    return format_time(time(hour, minute), format="HH:mm")


def awaiting_review() -> bool:
    return current_language().code in rules.current().languages.awaiting_review


def init_app(app: Flask) -> None:
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["date_and_time"] = date_and_time
    app.jinja_env.filters["ltr"] = left_to_right
    app.jinja_env.filters["destination_name"] = destination_name

    app.jinja_env.globals["chooser_key"] = chooser_key

    def council() -> dict[str, str]:
        """The council's configured details as templates show them, built once per language,
        rules and settings (office hours are formatted for the locale)."""
        rules_now = rules.current()

        def draw() -> dict[str, str]:
            details = {field: app.config[name] for field, name in COUNCIL_SETTINGS.items()}
            details["opens"] = office_hour(f"{rules_now.working_days.office_opens:%H:%M}")
            details["closes"] = office_hour(f"{rules_now.working_days.office_closes:%H:%M}")
            return details

        settings = tuple(app.config[name] for name in COUNCIL_SETTINGS.values())
        return remembered((str(get_locale()), rules_now.hash, settings), draw, store="council_details")

    @app.context_processor
    def globals_for_templates() -> dict[str, Any]:
        return {
            "current_language": current_language(),
            "languages_offered": languages_offered,
            "url_in_language": url_in_language,
            "translation_awaiting_review": awaiting_review,
            "risk_label": labels.risk_label,
            "channel_label": labels.channel_label,
            "direction_label": labels.direction_label,
            "update_kind_label": labels.update_kind_label,
            "language_name": language_name,
            "council": council(),
        }
