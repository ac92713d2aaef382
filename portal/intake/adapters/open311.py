"""Open a service request on a GeoReport v2 (Open311) server.

Only `POST requests` and `GET tokens/{token}` are used. The public `GET requests` listing is
never called: it is not needed, and on many servers it is world-readable.

GeoReport has no way to attach answers or update a request, so this adapter sends a
pointer (reference, category, risk level, lead agency, location) and only includes the
reporter's own words when `include_description` is set. Follow-up events cannot be
carried and fail permanently: route them to another destination.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

import requests

from portal.delivery import Delivery, DeliveryResult, PermanentError
from portal.intake.adapters import submission_reference
from portal.intake.adapters.webhook import (
    DEFAULT_TIMEOUT,
    check_response,
    host_of,
    request_failure,
)

DESCRIPTION_LIMIT = 4000
SUPPORTED_EVENTS = frozenset({"submission.created"})


class Open311Adapter:
    def __init__(
        self,
        endpoint: str,
        api_key: str,
        service_codes: Mapping[str, str],
        default_service_code: str | None = None,
        jurisdiction_id: str | None = None,
        include_description: bool = False,
        attributes: Mapping[str, str] | None = None,
        token_poll_attempts: int = 3,
        token_poll_interval: float = 1.0,
        timeout: float = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not endpoint or not api_key:
            raise ValueError("open311 adapter needs an endpoint and an api_key")
        self.endpoint = endpoint.rstrip("/")
        self.api_key = api_key
        self.service_codes = dict(service_codes)
        self.default_service_code = default_service_code
        self.jurisdiction_id = jurisdiction_id
        self.include_description = include_description
        self.attributes = dict(attributes or {})
        self.token_poll_attempts = token_poll_attempts
        self.token_poll_interval = token_poll_interval
        self.timeout = timeout
        self.host = host_of(endpoint)
        self.session = session or requests.Session()
        self.sleep = sleep

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Open311Adapter:
        return cls(
            endpoint=settings.get("endpoint", ""),
            api_key=settings.get("api_key", ""),
            service_codes=settings.get("service_codes") or {},
            default_service_code=settings.get("default_service_code"),
            jurisdiction_id=settings.get("jurisdiction_id"),
            include_description=bool(settings.get("include_description", False)),
            attributes=settings.get("attributes"),
            token_poll_attempts=int(settings.get("token_poll_attempts", 3)),
            token_poll_interval=float(settings.get("token_poll_interval", 1.0)),
            timeout=float(settings.get("timeout", DEFAULT_TIMEOUT)),
        )

    def service_code_for(self, submission: Mapping[str, Any]) -> str:
        """The first configured code among: hate, asb_type, asb_category, asb, submission kind."""
        categories = submission.get("categories") or {}
        incident_types = categories.get("incident_types") or []
        candidates = [
            "hate" if "hate" in incident_types else None,
            categories.get("asb_type"),
            categories.get("asb_category"),
            "asb" if "asb" in incident_types else None,
            submission.get("kind"),
        ]
        for candidate in candidates:
            if candidate and candidate in self.service_codes:
                return self.service_codes[candidate]
        if self.default_service_code:
            return self.default_service_code
        raise PermanentError("no Open311 service code configured for this submission's category")

    def request_form(self, delivery: Delivery) -> list[tuple[str, str]]:
        reference = submission_reference(delivery.payload)
        submission = delivery.payload["submission"]
        form = [
            ("api_key", self.api_key),
            ("service_code", self.service_code_for(submission)),
            ("description", self._description(submission, reference)),
        ]
        if self.jurisdiction_id:
            form.append(("jurisdiction_id", self.jurisdiction_id))
        # The portal asks for a place in words (no map), so Open311 gets an address string.
        where = (submission.get("report") or {}).get("where") or {}
        place = ", ".join(str(where[key]) for key in ("address", "postcode") if where.get(key))
        if place:
            form.append(("address_string", place))
        for code, path in self.attributes.items():
            form += _attribute(code, _lookup(submission, path))
        return form

    def _description(self, submission: Mapping[str, Any], reference: str) -> str:
        categories = submission.get("categories") or {}
        kinds = " and ".join(categories.get("incident_types") or []) or submission.get("kind", "")
        risk = (submission.get("risk") or {}).get("level", "not assessed")
        lead = (submission.get("triage") or {}).get("lead_agency", "not suggested")
        text = (
            f"Portal reference {reference}: {kinds} report. Risk level {risk}. "
            f"Suggested lead agency {lead}. Full details are held by the reporting portal."
        )
        own_words = ((submission.get("report") or {}).get("what-happened") or {}).get("description")
        if self.include_description and isinstance(own_words, str) and own_words:
            text += "\n\n" + own_words
        return text[:DESCRIPTION_LIMIT]

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        if delivery.event not in SUPPORTED_EVENTS:
            raise PermanentError(f"Open311 cannot carry {delivery.event} events")
        form = self.request_form(delivery)
        try:
            response = self.session.post(
                f"{self.endpoint}/requests.json",
                data=form,
                headers={"Idempotency-Key": delivery.idempotency_key},
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise request_failure(exc, self.host) from None
        check_response(response, self.host)
        detail = f"HTTP {response.status_code} from {self.host}"
        answer = _first_item(response)
        request_id = _text(answer.get("service_request_id"))
        if request_id:
            return DeliveryResult(external_id=request_id, detail=detail)
        token = _text(answer.get("token"))
        if not token:
            # The server accepted the request; resending could open a second case.
            return DeliveryResult(detail=detail + ", no request id or token in the answer")
        for attempt in range(self.token_poll_attempts):
            if attempt:
                self.sleep(self.token_poll_interval)
            request_id = self.resolve_token(token)
            if request_id:
                return DeliveryResult(external_id=request_id, detail=detail)
        # Not a failure: the request exists. The caller stores "token:<token>" and calls
        # resolve_token later to learn the service_request_id.
        return DeliveryResult(external_id=f"token:{token}", detail=detail + ", id pending")

    def resolve_token(self, token: str) -> str | None:
        """The service_request_id for a token, or None if the server does not know it yet."""
        params = {"jurisdiction_id": self.jurisdiction_id} if self.jurisdiction_id else None
        try:
            response = self.session.get(
                f"{self.endpoint}/tokens/{quote(token, safe='')}.json",
                params=params,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException:
            return None
        if response.status_code != 200:
            return None
        return _text(_first_item(response).get("service_request_id"))


def _first_item(response: requests.Response) -> Mapping[str, Any]:
    try:
        answer = response.json()
    except ValueError:
        return {}
    if isinstance(answer, list) and answer and isinstance(answer[0], dict):
        return answer[0]
    if isinstance(answer, dict):
        return answer
    return {}


def _text(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        return str(value) or None
    return None


def _lookup(submission: Mapping[str, Any], path: str) -> object:
    value: object = submission
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _attribute(code: str, value: object) -> list[tuple[str, str]]:
    if value is None:
        return []
    if isinstance(value, list):
        return [(f"attribute[{code}][]", _form_value(item)) for item in value]
    return [(f"attribute[{code}]", _form_value(value))]


def _form_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
