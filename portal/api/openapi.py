"""The OpenAPI 3.1 description of /api/v1/.

Each path is described by its own function, registered with `@describes(path)`; the document
is assembled from the registry, so an endpoint added later (for example POST /api/v1/reports)
adds one function here and one schema with `add_schema`."""

from collections.abc import Callable
from typing import Any

from portal.constants import LeadAgency, Stage

PathItem = dict[str, Any]

_paths: dict[str, Callable[[], PathItem]] = {}
_schemas: dict[str, Callable[[], dict[str, Any]]] = {}

# RFC 9457 problem details; `error` repeats `detail` for clients written before it.
ERROR = {
    "type": "object",
    "description": "An RFC 9457 problem document (application/problem+json)",
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "error": {"type": "string"},
    },
    "required": ["type", "title", "status"],
}
PROBLEM_MEDIA_TYPE = "application/problem+json"
# Headers that come with some errors.
ERROR_HEADERS = {
    "405": {"Allow": {"description": "The methods this path accepts", "schema": {"type": "string"}}},
    "429": {
        "Retry-After": {
            "description": "Seconds to wait before trying again",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
    "401": {"WWW-Authenticate": {"schema": {"type": "string"}}},
}


def describes(path: str) -> Callable[[Callable[[], PathItem]], Callable[[], PathItem]]:
    def register(function: Callable[[], PathItem]) -> Callable[[], PathItem]:
        _paths[path] = function
        return function

    return register


def add_schema(name: str) -> Callable[[Callable[[], dict[str, Any]]], Callable[[], dict[str, Any]]]:
    def register(function: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
        _schemas[name] = function
        return function

    return register


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def problem_content(schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {PROBLEM_MEDIA_TYPE: {"schema": schema or {"$ref": "#/components/schemas/Error"}}}


def error_responses(*codes: tuple[str, str]) -> dict[str, Any]:
    """Error answers, each an RFC 9457 problem document, with Allow on 405 and Retry-After on 429.
    Every path also answers 500 and 503 the same way."""
    codes = (*codes, ("500", "Unexpected error"), ("503", "The service cannot store anything now; retry later"))
    responses: dict[str, Any] = {}
    for code, text in codes:
        responses[code] = {"description": text, "content": problem_content()}
        if code in ERROR_HEADERS:
            responses[code]["headers"] = ERROR_HEADERS[code]
    return responses


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Safe in the City portal API",
            "version": "1.0.0",
            "description": "Machine interfaces of the portal. Status updates from the case system are "
            "signed Standard Webhooks style: HMAC-SHA256 over `id.timestamp.body`, a five-minute "
            "window, each webhook id accepted once.",
        },
        "servers": [{"url": "/"}],
        "paths": {path: describe() for path, describe in sorted(_paths.items())},
        "components": {
            "schemas": {name: build() for name, build in sorted(_schemas.items())},
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A partner organisation's API key (sitc_...), made on the partner API keys page",
                }
            },
        },
    }


@add_schema("Error")
def _error() -> dict[str, Any]:
    return ERROR


@add_schema("StatusUpdate")
def _status_update() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["reference", "occurred_at"],
        "properties": {
            "reference": {"type": "string", "minLength": 1, "maxLength": 9},
            "occurred_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the case system made this change; older updates never overwrite newer ones",
            },
            "stage": {
                "enum": [stage.value for stage in Stage],
                "description": (
                    "threshold_met / threshold_not_met record a Community Trigger decision; the message is its reason"
                ),
            },
            "message": {"type": "string", "maxLength": 5000, "description": "Shown to the reporter"},
            "lead_agency": {"enum": [agency.value for agency in LeadAgency]},
            "single_point_of_contact": {"type": "string", "maxLength": 200},
            "next_update_due": {"type": "string", "format": "date"},
            "case_id": {"type": "string", "maxLength": 128},
        },
    }


@add_schema("UpdateResult")
def _update_result() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "applied": {"type": "boolean"},
            "reference": {"type": "string"},
            "reason": {"type": "string"},
        },
        "required": ["applied"],
    }


@describes("/api/v1/updates")
def _updates() -> PathItem:
    signed = [
        {"name": name, "in": "header", "required": True, "schema": {"type": "string"}}
        for name in ("webhook-id", "webhook-timestamp", "webhook-signature")
    ]
    return {
        "post": {
            "operationId": "postStatusUpdate",
            "summary": "A status update from the case system, signed Standard Webhooks style",
            "parameters": signed,
            "requestBody": {"required": True, "content": json_content({"$ref": "#/components/schemas/StatusUpdate"})},
            "responses": {
                "200": {
                    "description": "Accepted; applied unless an update at least as new was applied before",
                    "content": json_content({"$ref": "#/components/schemas/UpdateResult"}),
                },
                **error_responses(
                    ("400", "The body is not JSON"),
                    ("401", "The signature is missing, wrong or outside the time window"),
                    ("404", "No submission has that reference"),
                    ("405", "Only POST is allowed"),
                    ("409", "This webhook id was already processed"),
                    ("413", "The body is too large"),
                    ("415", "The body is not JSON"),
                    ("422", "A field is not valid"),
                    ("429", "Too many requests"),
                ),
            },
        }
    }


@describes("/api/v1/openapi.json")
def _openapi() -> PathItem:
    return {
        "get": {
            "operationId": "getOpenApiDocument",
            "summary": "This document",
            "responses": {
                "200": {"description": "The OpenAPI 3.1 document", "content": json_content({"type": "object"})},
                **error_responses(("405", "Only GET is allowed"), ("429", "Too many requests")),
            },
        }
    }
