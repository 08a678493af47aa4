"""The error answers of the API, documented once in its OpenAPI schema (thanthien/api.py maps them once).

Every error body is `{"errors": ["…"]}` in Vietnamese; a 422 from schema validation adds pydantic's `detail`.
"""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    errors: list[str]


# The answers thanthien/api.py's handlers give, by what an operation has: a body that may not be JSON
# (400), a caller to identify (401, 403), something to look up or check (404, 422), a limit per address
# (429, for an operation marked `openapi_extra=RATE_LIMITED`). An endpoint documents others itself (409).
ERROR_DESCRIPTIONS = {
    "400": "The body could not be read as JSON.",
    "401": "No valid API key or session.",
    "403": "The caller may not do this.",
    "404": "Not found, or not the caller's to see.",
    "422": "A field is missing or not valid (Vietnamese messages in `errors`).",
    "429": "Too many requests from this address; wait a few minutes.",
}
RATE_LIMITED = {"x-rate-limited": True}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to each operation of the OpenAPI schema the error answers the API's handlers may give it."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema())
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            codes = []
            if operation.get("requestBody"):
                codes += ["400", "404", "422"]
            if operation.get("parameters"):
                codes += ["404", "422"]
            if operation.get("security"):
                codes += ["401", "403"]
            if operation.get("x-rate-limited"):
                codes += ["429"]
            for code in sorted(set(codes)):
                operation["responses"].setdefault(
                    code, {"description": ERROR_DESCRIPTIONS[code], "content": ERROR_CONTENT}
                )
    return schema
