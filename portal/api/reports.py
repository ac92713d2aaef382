"""POST /api/v1/reports: a partner organisation's report for a client, sent with its API key.

The body holds the partner journey's answers page by page, and each page is checked by that
page's own form, in the journey's order, with the journey's rules for which pages apply. So the
web journey and the API share one schema: the forms. The OpenAPI description below is generated
from the same forms.

Retries are safe: with an `Idempotency-Key` header, the tracking code is derived from the key
and the API key (and the server's secret), so a repeated request finds the report it already
made and answers with the same reference and code, without storing the code."""

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict
from wtforms import Field

from portal.api.openapi import add_schema, describes, error_responses, json_content
from portal.core import partner_reports as reports
from portal.core import tracking
from portal.core.answers import Answers
from portal.extensions import db
from portal.forms import BaseForm, Choice, DateParts, MultiChoice
from portal.journeys import Page
from portal.languages import LANGUAGES
from portal.models import Organisation, Submission
from portal.questions.pages import partner_report_pages

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MAX_IDEMPOTENCY_KEY = 200
SKIPPED_FIELDS = ("CSRFTokenField", "SubmitField", "FileField", "MultipleFileField")


class ReportRejected(Exception):
    def __init__(self, status: int, reason: str, errors: dict[str, Any] | None = None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.errors = errors or {}


@dataclass(frozen=True)
class Accepted:
    submission: Submission
    tracking_code: str
    created: bool


def api_pages() -> list[Page]:
    """The journey's pages that take answers through the API: not the 999 page (no questions)
    and not the upload page (files are not sent this way)."""
    return [page for page in partner_report_pages() if page.store_files is None and _fields(page.form)]


def _blank(form_class: type[BaseForm]) -> BaseForm:
    return form_class(formdata=None, meta={"csrf": False})


def _fields(form_class: type[BaseForm]) -> list[Field]:
    return [field for field in _blank(form_class) if field.type not in SKIPPED_FIELDS]


def _formdata(form_class: type[BaseForm], values: Mapping[str, Any]) -> tuple[MultiDict, dict[str, list[str]]]:
    """The page's answers as the browser would post them, and the type errors found on the way."""
    fields = {field.name: field for field in _fields(form_class)}
    data: MultiDict = MultiDict([("_api", "1")])
    problems: dict[str, list[str]] = {}
    for name, value in values.items():
        field = fields.get(name)
        if field is None:
            problems[name] = ["unknown field"]
        elif isinstance(field, DateParts):
            match = ISO_DATE.match(value) if isinstance(value, str) else None
            if match is None:
                problems[name] = ["must be a date like 2026-03-27"]
                continue
            for part, text in zip(("year", "month", "day"), match.groups(), strict=True):
                data.add(f"{name}-{part}", text.lstrip("0") or "0")
        elif isinstance(field, MultiChoice):
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                problems[name] = ["must be a list of strings"]
                continue
            for item in value:
                data.add(name, item)
        elif value is None:
            continue
        elif not isinstance(value, str):
            problems[name] = ["must be a string"]
        else:
            data.add(name, value)
    return data, problems


def check_answers(pages_in: Any) -> Answers:
    """Every page that applies, checked by its form; raises ReportRejected with every problem."""
    if not isinstance(pages_in, dict):
        raise ReportRejected(422, "answers must be an object of pages")
    known = {page.name for page in api_pages()}
    errors: dict[str, Any] = {name: ["unknown page"] for name in pages_in if name not in known}
    accepted: dict[str, dict[str, Any]] = {}
    for page in api_pages():
        if not page.applies(Answers({"pages": accepted})):
            if page.name in pages_in:
                errors[page.name] = ["does not apply to these answers: leave it out"]
            continue
        values = pages_in.get(page.name, {})
        if not isinstance(values, dict):
            errors[page.name] = ["must be an object of answers"]
            continue
        formdata, problems = _formdata(page.form, values)
        form = page.form(formdata=formdata, meta={"csrf": False})
        valid = form.validate()
        if valid and page.cross_check:
            for name, message in page.cross_check(Answers({"pages": accepted}), form).items():
                form[name].errors = [message]
                valid = False
        if valid and not problems:
            accepted[page.name] = form.answers()
            continue
        page_errors = {field.name: [str(message) for message in field.errors] for field in form if field.errors}
        page_errors.update(problems)
        errors[page.name] = page_errors
    if errors:
        raise ReportRejected(422, "the report is not valid", errors)
    return Answers({"pages": accepted})


def parse_body(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ReportRejected(400, "body is not JSON") from None
    if not isinstance(data, dict):
        raise ReportRejected(422, "body must be a JSON object")
    unknown = set(data) - {"answers", "language"}
    if unknown:
        raise ReportRejected(422, "unknown fields: " + ", ".join(sorted(unknown)))
    language = data.get("language", "en")
    if language not in {item.code for item in LANGUAGES}:
        raise ReportRejected(422, "language is not one of the portal's languages")
    return data


def _seed(api_key: str, idempotency_key: str, pepper: str) -> bytes:
    message = f"api-report\x00{api_key}\x00{idempotency_key}".encode()
    return hmac.new(pepper.encode(), message, hashlib.sha256).digest()


def _existing(organisation: Organisation, code: str, pepper: str) -> Submission | None:
    digest = tracking.hash_tracking_code(tracking.parse_tracking_code(code), pepper)
    return db.session.scalar(
        select(Submission).where(Submission.tracking_hash == digest, Submission.organisation_id == organisation.id)
    )


def accept_report(
    organisation: Organisation,
    api_key: str,
    idempotency_key: str | None,
    body: bytes,
    config: Mapping[str, Any],
    today: date | None = None,
) -> Accepted:
    """Check and store a report; with an idempotency key, a repeat answers with the first one."""
    if idempotency_key is not None and not 0 < len(idempotency_key) <= MAX_IDEMPOTENCY_KEY:
        raise ReportRejected(422, f"Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY} characters")
    data = parse_body(body)
    pepper = config["TRACKING_CODE_PEPPER"]
    seed = _seed(api_key, idempotency_key, pepper) if idempotency_key else None
    if seed is not None:
        code = tracking.tracking_code_from_seed(seed)
        earlier = _existing(organisation, code, pepper)
        if earlier is not None:
            return Accepted(earlier, code, created=False)
    answers = check_answers(data.get("answers"))
    language = str(data.get("language", "en"))
    try:
        submission, code = reports.submit_partner_report(
            None, seed, answers, organisation, None, language, config, today
        )
        db.session.flush()
    except IntegrityError:
        # The same key sent twice at once: the other request stored it first.
        db.session.rollback()
        if seed is None:
            raise
        code = tracking.tracking_code_from_seed(seed)
        earlier = _existing(organisation, code, pepper)
        if earlier is None:
            raise
        return Accepted(earlier, code, created=False)
    return Accepted(submission, code, created=True)


# The OpenAPI description, generated from the forms.


def _field_schema(field: Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if isinstance(field, DateParts):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, MultiChoice):
        schema = {"type": "array", "uniqueItems": True, "items": {"enum": [value for value, *_ in field.choices]}}
    elif isinstance(field, Choice):
        schema = {"enum": [value for value, *_ in field.choices]}
    else:
        schema = {"type": "string"}
        limit = field.flags.maxlength
        if limit:
            schema["maxLength"] = limit
    schema["description"] = str(field.label.text)
    return schema


def page_schema(page: Page) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "description": str(page.title),
        "properties": {field.name: _field_schema(field) for field in _fields(page.form)},
    }


@add_schema("PartnerReport")
def _partner_report() -> dict[str, Any]:
    always = [page.name for page in api_pages() if page.applies(Answers({}))]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["answers"],
        "properties": {
            "language": {
                "enum": [item.code for item in LANGUAGES],
                "description": "The language for messages to the client when they do not choose one; default en",
            },
            "answers": {
                "type": "object",
                "additionalProperties": False,
                "description": (
                    "The answers of the partner reporting journey, page by page, checked by the same rules as "
                    "the web pages. A page that applies is required; a page that does not apply (for example "
                    "hate-motivation when only anti-social behaviour is reported, or client-contact and updates "
                    "when the client stays anonymous) must be left out. Dates are YYYY-MM-DD."
                ),
                "required": always,
                "properties": {page.name: page_schema(page) for page in api_pages()},
            },
        },
    }


@add_schema("ReportAccepted")
def _report_accepted() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["reference", "tracking_code", "assessment_due", "immediate_attention"],
        "properties": {
            "reference": {"type": "string"},
            "tracking_code": {
                "type": "string",
                "description": "The client's key to the status page; shown only here, never stored in clear",
            },
            "assessment_due": {"type": "string", "format": "date-time"},
            "immediate_attention": {"type": "boolean"},
        },
    }


@add_schema("ReportRejected")
def _report_rejected() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string"},
            "errors": {
                "type": "object",
                "description": "Page name -> field name -> messages (in the language of Accept-Language)",
            },
        },
    }


@describes("/api/v1/reports")
def _reports() -> dict[str, Any]:
    accepted = json_content({"$ref": "#/components/schemas/ReportAccepted"})
    return {
        "post": {
            "operationId": "postPartnerReport",
            "summary": "A partner organisation's report for a client",
            "security": [{"apiKey": []}],
            "parameters": [
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_IDEMPOTENCY_KEY},
                    "description": "Send the same key again to retry safely: the answer is the first report's",
                }
            ],
            "requestBody": {"required": True, "content": json_content({"$ref": "#/components/schemas/PartnerReport"})},
            "responses": {
                "201": {"description": "Stored and queued for the Casework Team", "content": accepted},
                "200": {"description": "Already stored with this Idempotency-Key", "content": accepted},
                "422": {
                    "description": "The report is not valid",
                    "content": json_content({"$ref": "#/components/schemas/ReportRejected"}),
                },
                **error_responses(
                    ("400", "The body is not JSON"),
                    ("401", "The API key is missing, wrong or revoked"),
                    ("405", "Only POST is allowed"),
                    ("413", "The body is too large"),
                    ("415", "The body is not JSON"),
                    ("429", "Too many requests"),
                ),
            },
        }
    }
