"""Configuration classes. Secrets and deployment settings come only from the environment.

A council's policy (Community Trigger rules and timescales, triage, risk, strands, office hours,
retention, languages, statistics) is its rules file, PORTAL_RULES_FILE (portal/rules/). The
policy variables still read below are deprecated: they are mapped into the rules for one more
release (portal/rules/legacy.py). README.md lists every variable.
"""

import os
from pathlib import Path
from typing import Any

from portal.rules import defaults as rules_defaults

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

# A placeholder that development uses and production refuses.
DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production"  # noqa: S105 - refused in production


# The deprecated policy variables default to the shipped rules, so no default is written twice.
_RULES = rules_defaults()
_TRIGGER = _RULES["community_trigger"]


def env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    # Keys the tracking-code hashes; rotating it makes every existing code unusable.
    TRACKING_CODE_PEPPER = os.environ.get("TRACKING_CODE_PEPPER", "")
    SQLALCHEMY_DATABASE_URI = env("DATABASE_URL", f"sqlite:///{INSTANCE / 'portal.sqlite3'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    # The council's rules file (TOML), merged over portal/rules/default.toml.
    PORTAL_RULES_FILE = env("PORTAL_RULES_FILE", "")

    # The council this instance serves (shown in the header, footer and help text).
    COUNCIL_NAME = env("COUNCIL_NAME", "Brighton & Hove City Council")
    SERVICE_NAME = env("SERVICE_NAME", "Safe in the City")
    CASEWORK_PHONE = env("CASEWORK_PHONE", "01273 292735")
    CASEWORK_EMAIL = env("CASEWORK_EMAIL", "communitysafety.casework@example.gov.uk")
    COUNCIL_HOUSING_PHONE = env("COUNCIL_HOUSING_PHONE", "01273 293030")
    COUNCIL_LOGO_URL = env("COUNCIL_LOGO_URL", "")
    PRIVACY_CONTACT = env("PRIVACY_CONTACT", "data.protection@example.gov.uk")
    # Where "Exit this page" goes: a neutral site that says nothing about this service.
    EXIT_PAGE_URL = env("EXIT_PAGE_URL", "https://www.bbc.co.uk/weather")
    # Other help offered on the confirmation page, as "name|phone or web address" pairs.
    OTHER_HELP = env_list("OTHER_HELP", "Victim Support|0808 168 9111|victims,Galop|0800 999 5428|lgbt")

    # Deprecated (rules file: [languages]): those offered, and the ones awaiting review.
    LANGUAGES = env_list("LANGUAGES", ",".join(_RULES["languages"]["offered"]))
    LANGUAGES_AWAITING_REVIEW = env_list("LANGUAGES_AWAITING_REVIEW", ",".join(_RULES["languages"]["awaiting_review"]))
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")

    # Deprecated (rules file: [working_days]): working days and service standards.
    WORKDAY_REGION = env("WORKDAY_REGION", _RULES["working_days"]["region"])
    OFFICE_OPENS = env("OFFICE_OPENS", _RULES["working_days"]["office_opens"])
    OFFICE_CLOSES = env("OFFICE_CLOSES", _RULES["working_days"]["office_closes"])
    ASSESSMENT_WORKING_DAYS = env_int("ASSESSMENT_WORKING_DAYS", _RULES["working_days"]["assessment_working_days"])

    # Drafts of multi-page journeys live on the server, keyed from the session cookie.
    DRAFT_LIFETIME_MINUTES = env_int("DRAFT_LIFETIME_MINUTES", 60)
    DRAFT_WARNING_MINUTES = env_int("DRAFT_WARNING_MINUTES", 5)
    # A draft saved to come back to later ("Save and come back later") is kept this long.
    SAVED_DRAFT_LIFETIME_HOURS = env_int("SAVED_DRAFT_LIFETIME_HOURS", 72)
    # Wrong email addresses or phone numbers given for a saved-answers link before it stops working.
    DRAFT_LINK_MAX_ATTEMPTS = env_int("DRAFT_LINK_MAX_ATTEMPTS", 5)
    # Largest "saved answers" file the upload page accepts.
    SAVED_ANSWERS_MAX_BYTES = env_int("SAVED_ANSWERS_MAX_BYTES", 200_000)
    STATUS_IDLE_MINUTES = env_int("STATUS_IDLE_MINUTES", 15)
    # Whether the status page names the reporter's single point of contact (or just says they have one).
    STATUS_SHOW_CONTACT_NAME = env_bool("STATUS_SHOW_CONTACT_NAME", True)
    # Areas for the statistics: "postcode prefix|Area name" entries; empty means postcode districts.
    STATISTICS_AREAS = env_list("STATISTICS_AREAS", "")
    # The published statistics' figures are counted at most once in this many seconds per web
    # process and period (0: every time). At a million reports a year's counts take a while,
    # and the pages are public.
    STATISTICS_CACHE_SECONDS = env_int("STATISTICS_CACHE_SECONDS", 300)

    # Intake: where submissions go. Names of adapters, in order; each has its settings below.
    INTAKE_DESTINATIONS = env_list("INTAKE_DESTINATIONS", "builtin")
    INTAKE_WEBHOOK_URL = env("INTAKE_WEBHOOK_URL", "")
    INTAKE_WEBHOOK_SECRET = os.environ.get("INTAKE_WEBHOOK_SECRET", "")
    INTAKE_EMAIL_TO = env("INTAKE_EMAIL_TO", "")
    INTAKE_FILEDROP_DIR = env("INTAKE_FILEDROP_DIR", str(INSTANCE / "filedrop"))
    INTAKE_OPEN311_ENDPOINT = env("INTAKE_OPEN311_ENDPOINT", "")
    INTAKE_OPEN311_API_KEY = os.environ.get("INTAKE_OPEN311_API_KEY", "")
    INTAKE_MAX_RETRY_HOURS = env_int("INTAKE_MAX_RETRY_HOURS", 72)
    INTAKE_LEASE_SECONDS = env_int("INTAKE_LEASE_SECONDS", 300)
    INTAKE_ALERT_AFTER_MINUTES = env_int("INTAKE_ALERT_AFTER_MINUTES", 60)
    INTAKE_POLL_SECONDS = env_int("INTAKE_POLL_SECONDS", 2)
    # Secrets accepted on /api/v1/updates; several during a rotation.
    CASE_SYSTEM_WEBHOOK_SECRETS = env_list("CASE_SYSTEM_WEBHOOK_SECRETS", "")

    # Reporter notifications: "smtp", "notify" or "console".
    NOTIFY_BACKEND = env("NOTIFY_BACKEND", "console")
    NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
    NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
    NOTIFY_EMAIL_TEMPLATE_ID = env("NOTIFY_EMAIL_TEMPLATE_ID", "")
    NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID", "")
    NOTIFY_INCLUDE_MESSAGE_TEXT = env_bool("NOTIFY_INCLUDE_MESSAGE_TEXT", False)
    MAIL_SERVER = env("MAIL_SERVER", "localhost")
    MAIL_PORT = env_int("MAIL_PORT", 25)
    MAIL_USE_STARTTLS = env_bool("MAIL_USE_STARTTLS", True)
    MAIL_USERNAME = env("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = env("MAIL_FROM", "safe-in-the-city@example.gov.uk")
    DUTY_DESK_ALERT_EMAIL = env("DUTY_DESK_ALERT_EMAIL", "")
    PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    # Evidence uploads, stored outside the web root.
    EVIDENCE_DIR = env("EVIDENCE_DIR", str(INSTANCE / "evidence"))
    EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
    EVIDENCE_MAX_PIXELS = env_int("EVIDENCE_MAX_PIXELS", 40_000_000)
    EVIDENCE_MAX_FILES = env_int("EVIDENCE_MAX_FILES", 5)
    EVIDENCE_MAX_PDF_PAGES = env_int("EVIDENCE_MAX_PDF_PAGES", 50)
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 12 * 1024 * 1024)
    RETENTION_DAYS = env_int(
        "RETENTION_DAYS", _RULES["retention"]["report_content_days"]
    )  # deprecated (rules file: [retention])

    # Rate limits (Flask-Limiter). Memory is fine for one process; production uses Redis.
    RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    STATUS_LOOKUP_LIMIT = env("STATUS_LOOKUP_LIMIT", "10 per hour")
    # The spam check on public final submits (portal/bot_check.py): how long a challenge lasts,
    # and its size (the script tries half of it on average: about a second on a phone).
    SPAM_CHECK_MINUTES = env_int("SPAM_CHECK_MINUTES", 20)
    SPAM_CHECK_MAX_NUMBER = env_int("SPAM_CHECK_MAX_NUMBER", 50_000)
    SIGN_IN_LOCKOUT_FAILURES = env_int("SIGN_IN_LOCKOUT_FAILURES", 5)
    SIGN_IN_LOCKOUT_MINUTES = env_int("SIGN_IN_LOCKOUT_MINUTES", 15)

    # Third-party reporting centres (partners).
    PARTNER_ADMIN_TOTP_REQUIRED = env_bool("PARTNER_ADMIN_TOTP_REQUIRED", False)
    PARTNER_INVITATION_HOURS = env_int("PARTNER_INVITATION_HOURS", 72)
    PARTNER_MAX_API_KEYS = env_int("PARTNER_MAX_API_KEYS", 5)
    # Requests to POST /api/v1/reports from one address.
    PARTNER_API_LIMIT = env("PARTNER_API_LIMIT", "60 per minute")
    # Anonymised incident logs uploaded by partners: limits and the channels accepted. Their
    # strands are the one vocabulary of the rules ([vocabulary]).
    INCIDENT_LOG_MAX_BYTES = env_int("INCIDENT_LOG_MAX_BYTES", 512 * 1024)
    INCIDENT_LOG_MAX_ROWS = env_int("INCIDENT_LOG_MAX_ROWS", 2000)
    INCIDENT_LOG_CHANNELS = env_list("INCIDENT_LOG_CHANNELS", "in_person,phone,email,online,other")

    # Deprecated (rules file: [community_trigger]): Community Trigger rules and timescales.
    COMMUNITY_TRIGGER_RULES: dict[str, Any] = {}
    # Working days per stage: acknowledge and threshold decision after receipt, the review
    # meeting after the decision is due, the outcome after the review is due.
    TRIGGER_TIMESCALES = {
        stage: env_int(f"TRIGGER_{stage.upper()}_DAYS", days) for stage, days in _TRIGGER["timescales"].items()
    }
    # Who reviews a case review an applicant is unhappy with, and for how long after the outcome.
    TRIGGER_ESCALATION_BODY = env("TRIGGER_ESCALATION_BODY", _TRIGGER["escalation"]["body"])
    TRIGGER_ESCALATION_WORKING_DAYS = env_int("TRIGGER_ESCALATION_WORKING_DAYS", _TRIGGER["escalation"]["working_days"])
    # How many earlier complaints the form takes (a page limit, not a council's rule).
    TRIGGER_MAX_COMPLAINTS = env_int("TRIGGER_MAX_COMPLAINTS", 20)

    # Status look-ups: failed look-ups across all clients that raise the duty-desk alarm (no
    # client address is kept for it), and how long before the idle sign-out the page warns.
    STATUS_LOOKUP_ALARM = env("STATUS_LOOKUP_ALARM", "200 per hour")
    STATUS_IDLE_WARNING_MINUTES = env_int("STATUS_IDLE_WARNING_MINUTES", 2)

    # Deprecated (rules file: [vocabulary], [risk], [community_trigger.hint]).
    # Extra hate strands as "code|Label" pairs, e.g. "alternative_subculture|Alternative subculture".
    REPORT_EXTRA_STRANDS = env_list("REPORT_EXTRA_STRANDS", "")
    # Risk weights overriding the defaults, as "factor=points" pairs; and the level thresholds.
    REPORT_RISK_WEIGHTS = {
        key.strip(): int(value)
        for key, _, value in (item.partition("=") for item in env_list("REPORT_RISK_WEIGHTS", ""))
        if value.strip()
    }
    REPORT_RISK_MEDIUM = env_int("REPORT_RISK_MEDIUM", _RULES["risk"]["medium_from"])
    REPORT_RISK_HIGH = env_int("REPORT_RISK_HIGH", _RULES["risk"]["high_from"])
    # An earlier ASB report by the same person within this many days brings the Community Trigger hint.
    REPORT_REPEAT_ASB_DAYS = env_int("REPORT_REPEAT_ASB_DAYS", _TRIGGER["hint"]["earlier_report_within_days"])

    WTF_CSRF_TIME_LIMIT = 3600 * 4
    SESSION_COOKIE_NAME = "sitc_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 4
    PREFERRED_URL_SCHEME = "https"

    DEBUG = False
    TESTING = False
    # Production checks run unless a subclass turns them off.
    ENFORCE_PRODUCTION_RULES = True
    WEB_CONCURRENCY = env_int("WEB_CONCURRENCY", 1)


class DevelopmentConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET)
    TRACKING_CODE_PEPPER = os.environ.get("TRACKING_CODE_PEPPER", "development-pepper")
    SESSION_COOKIE_SECURE = False
    PREFERRED_URL_SCHEME = "http"
    ENFORCE_PRODUCTION_RULES = False
    NOTIFY_BACKEND = env("NOTIFY_BACKEND", "console")


class TestingConfig(Config):
    TESTING = True
    PORTAL_RULES_FILE = ""
    SECRET_KEY = "testing-secret-key-not-for-production"  # noqa: S105 - tests only
    TRACKING_CODE_PEPPER = "testing-pepper"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    PREFERRED_URL_SCHEME = "http"
    ENFORCE_PRODUCTION_RULES = False
    RATELIMIT_STORAGE_URI = "memory://"
    STATISTICS_CACHE_SECONDS = 0
    # A smaller spam-check challenge: the browser tests solve it on a shared, busy machine.
    SPAM_CHECK_MAX_NUMBER = 5_000
    # Outbound addresses that fail loudly if a test forgets its stub (port 9 is "discard").
    INTAKE_WEBHOOK_URL = "http://127.0.0.1:9/forgot-to-stub-the-case-system"
    NOTIFY_BASE_URL = "http://127.0.0.1:9/forgot-to-stub-notify"
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 9
    NOTIFY_BACKEND = "console"
    INTAKE_DESTINATIONS = ["builtin"]
    INTAKE_POLL_SECONDS = 0
    CASE_SYSTEM_WEBHOOK_SECRETS = ["whsec_dGVzdGluZy13ZWJob29rLXNlY3JldC0zMi1ieXRlcyE="]


class ProductionConfig(Config):
    # Only over HTTPS, only for this host, for the whole site: no subdomain can set or read it.
    SESSION_COOKIE_NAME = "__Host-sitc_session"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or invalid; the app refuses to start."""


def check_production_rules(config: dict[str, Any]) -> None:
    """Refuse to run a production instance that would be unsafe."""
    if not config.get("ENFORCE_PRODUCTION_RULES"):
        return
    problems = []
    secret = config.get("SECRET_KEY") or ""
    if not secret or secret == DEVELOPMENT_SECRET or len(secret) < 32:
        problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
    pepper = config.get("TRACKING_CODE_PEPPER") or ""
    if len(pepper) < 32:
        problems.append("TRACKING_CODE_PEPPER must be set to a random value of at least 32 characters")
    if config.get("DEBUG"):
        problems.append("DEBUG must be off")
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        problems.append("DATABASE_URL must point at PostgreSQL, not SQLite")
    if config.get("RATELIMIT_STORAGE_URI", "").startswith("memory") and config.get("WEB_CONCURRENCY", 1) > 1:
        problems.append("RATELIMIT_STORAGE_URI must be shared (Redis) when WEB_CONCURRENCY > 1")
    if problems:
        raise ConfigurationError("Refusing to start: " + "; ".join(problems) + ".")
