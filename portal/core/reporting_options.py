"""The reporting journey's lists and weights, read from the council's rules (portal/rules/).

The strands and ASB types are the rules' one vocabulary (``[vocabulary]``); their labels are
translated in ``portal/rules/labels.py`` or, for a council's own codes, written in its rules
file. The risk weights and levels are ``[risk]``; the Community Trigger hint's window is
``[community_trigger.hint]``.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal import rules
from portal.rules.labels import ASB_TYPE_LABELS, STRAND_LABELS
from portal.rules.model import Risk, Text, Vocabulary, text_in

NOT_SURE = "not_sure"

#: The shipped risk weights (portal/rules/default.toml), for code outside an app.
RISK_WEIGHTS: Mapping[str, int] = rules.default_rules().risk.weights


@dataclass(frozen=True)
class RiskRules:
    weights: Mapping[str, int]
    medium: int
    high: int
    long_running_days: int = rules.default_rules().risk.long_running_days


def _council_text(text: Text) -> str:
    locale = get_locale()
    return text_in(text, locale.language if locale is not None else None)


def hate_strands(vocabulary: Vocabulary) -> list[tuple[str, Any, Any]]:
    """The strands offered (code, label, hint), in the vocabulary's order, then "not sure" last."""
    options: list[tuple[str, Any, Any]] = []
    for code in vocabulary.strands:
        if code in vocabulary.strand_labels:
            options.append((code, _council_text(vocabulary.strand_labels[code]), None))
        else:
            options.append((code, *STRAND_LABELS[code]))
    return [*options, (NOT_SURE, _l("I’m not sure"), None)]


def asb_types(vocabulary: Vocabulary) -> list[tuple[str, Any]]:
    """The ASB types offered (code, label), in the vocabulary's order."""
    return [
        (
            code,
            _council_text(vocabulary.asb_type_labels[code])
            if code in vocabulary.asb_type_labels
            else ASB_TYPE_LABELS[code],
        )
        for code in vocabulary.asb_types
    ]


def asb_category(asb_type: str | None) -> str | None:
    return rules.current().vocabulary.asb_category(asb_type)


def risk_rules_from(risk: Risk) -> RiskRules:
    return RiskRules(
        weights=risk.weights, medium=risk.medium_from, high=risk.high_from, long_running_days=risk.long_running_days
    )


def risk_rules(config: Mapping[str, Any]) -> RiskRules:
    """The shipped risk rules with the deprecated REPORT_RISK_* settings of ``config`` over them."""
    default = rules.default_rules().risk
    return RiskRules(
        weights={**default.weights, **dict(config.get("REPORT_RISK_WEIGHTS") or {})},
        medium=int(config.get("REPORT_RISK_MEDIUM") or default.medium_from),
        high=int(config.get("REPORT_RISK_HIGH") or default.high_from),
        long_running_days=default.long_running_days,
    )


def repeat_asb_days() -> int:
    return rules.current().second_report_hint_days
