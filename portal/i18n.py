"""Choosing the locale: ?lang= (remembered in a strictly necessary cookie), then the cookie,
then the browser's Accept-Language, then English."""

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date as babel_format_date
from flask import Flask, Response, current_app, g, request
from flask_babel import get_locale, to_user_timezone

from portal.languages import BY_CODE, Language, language_for

LANG_COOKIE = "sitc_lang"


def offered_codes() -> list[str]:
    return [code for code in current_app.config["LANGUAGES"] if code in BY_CODE]


def select_locale() -> str:
    offered = offered_codes()
    asked = request.args.get("lang", "")
    if asked in offered:
        g.remember_lang = asked
        return asked
    remembered = request.cookies.get(LANG_COOKIE, "")
    if remembered in offered:
        return remembered
    return request.accept_languages.best_match(offered) or "en"


def current_language() -> Language:
    return language_for(str(get_locale()))


def remember_language(response: Response) -> Response:
    code = g.get("remember_lang")
    if code:
        response.set_cookie(
            LANG_COOKIE,
            code,
            max_age=60 * 60 * 24 * 365,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response


def init_app(app: Flask) -> None:
    app.after_request(remember_language)


def long_date(value: date | datetime | None) -> str:
    # A datetime is shown in the council's time zone before its date is taken.
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return babel_format_date(value, format="long", locale=formatting_locale())


def formatting_locale() -> Locale:
    """English is written the British way: 22 November 2026, not November 22, 2026."""
    locale = get_locale() or Locale("en")
    return Locale("en", "GB") if locale.language == "en" else locale
