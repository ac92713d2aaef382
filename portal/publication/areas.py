"""The area a report counts in, and the route it came by: real columns set when it is stored.

An area is never finer than a ward. The council configures its list (``STATISTICS_AREAS``:
``"postcode prefix|Area name"`` entries; the longest matching prefix wins). Without a list the
area is the postcode district (the outward code, such as BN2), which is coarser than a ward.
"""

import re
from collections.abc import Mapping
from typing import Any

from portal.constants import Route, SubmissionKind

OTHER_AREA = "other"


def _postcode(answers: Mapping[str, Any] | None) -> str | None:
    where = (answers or {}).get("where")
    if not isinstance(where, Mapping):
        return None
    postcode = re.sub(r"[^A-Z0-9]", "", str(where.get("postcode") or "").upper())
    # A full UK postcode ends in a three-character inward code.
    return postcode if 5 <= len(postcode) <= 7 else None


def area_list(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(prefix, area name) pairs, longest prefix first."""
    pairs = []
    for entry in config.get("STATISTICS_AREAS") or []:
        prefix, _, name = str(entry).partition("|")
        prefix = re.sub(r"[^A-Z0-9]", "", prefix.upper())
        if prefix and name.strip():
            pairs.append((prefix, name.strip()))
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def area_of(answers: Mapping[str, Any] | None, config: Mapping[str, Any]) -> str | None:
    postcode = _postcode(answers)
    if postcode is None:
        return None
    areas = area_list(config)
    if not areas:
        return postcode[:-3]
    return next((name for prefix, name in areas if postcode.startswith(prefix)), OTHER_AREA)


def route_of(kind: str, partner_user_id: int | None) -> str:
    """Partners' reports from the web journey name the person who sent them; by API they do not."""
    if kind == SubmissionKind.PARTNER_REPORT:
        return Route.PARTNER if partner_user_id is not None else Route.API
    return Route.ONLINE
