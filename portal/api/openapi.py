"""The OpenAPI 3.1 description of /api/v1/."""

from typing import Any

from portal.constants import LeadAgency, Stage

ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}


def openapi_document() -> dict[str, Any]:
    signed = [
        {"name": name, "in": "header", "required": True, "schema": {"type": "string"}}
        for name in ("webhook-id", "webhook-timestamp", "webhook-signature")
    ]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Safe in the City portal API", "version": "1.0.0"},
        "paths": {
            "/api/v1/updates": {
                "post": {
                    "summary": "A status update from the case system, signed Standard Webhooks style",
                    "parameters": signed,
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StatusUpdate"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "Accepted; applied unless an update at least as new was applied before",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UpdateResult"}}},
                        },
                        **{
                            code: {"description": text, "content": {"application/json": {"schema": ERROR}}}
                            for code, text in (
                                ("400", "The body is not JSON"),
                                ("401", "The signature is missing, wrong or outside the time window"),
                                ("404", "No submission has that reference"),
                                ("409", "This webhook id was already processed"),
                                ("422", "A field is not valid"),
                            )
                        },
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "StatusUpdate": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["reference", "occurred_at"],
                    "properties": {
                        "reference": {"type": "string", "maxLength": 9},
                        "occurred_at": {"type": "string", "format": "date-time"},
                        "stage": {"enum": [stage.value for stage in Stage]},
                        "message": {"type": "string", "maxLength": 5000},
                        "lead_agency": {"enum": [agency.value for agency in LeadAgency]},
                        "single_point_of_contact": {"type": "string", "maxLength": 200},
                        "next_update_due": {"type": "string", "format": "date"},
                        "case_id": {"type": "string", "maxLength": 128},
                    },
                },
                "UpdateResult": {
                    "type": "object",
                    "properties": {
                        "applied": {"type": "boolean"},
                        "reference": {"type": "string"},
                        "reason": {"type": "string"},
                    },
                    "required": ["applied"],
                },
            }
        },
    }
