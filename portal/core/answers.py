"""A finished (or unfinished) questionnaire's answers, page by page, as the journeys keep them
in a draft and the API receives them."""

from typing import Any


class Answers:
    """Read access to a draft's answers, page by page."""

    def __init__(self, data: dict[str, Any]):
        self.pages: dict[str, dict[str, Any]] = dict(data.get("pages", {}))

    def get(self, page: str, name: str, default: Any = None) -> Any:
        return self.pages.get(page, {}).get(name, default)

    def has(self, page: str) -> bool:
        return page in self.pages
