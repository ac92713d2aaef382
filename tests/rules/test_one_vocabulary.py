"""What must show 3 and 4: one strand vocabulary, counted by one piece of code; no module keeps
its own strand list; no threshold, window or weight literal left in the journeys' code."""

import ast
from datetime import date
from pathlib import Path

from portal import rules
from portal.config import ROOT
from portal.constants import Channel, SubmissionKind
from portal.core.strands import strand_counts
from portal.core.submissions import NewSubmission, store_submission
from portal.extensions import db
from portal.models import IncidentLogEntry, IncidentLogImport, Organisation
from portal.partners import incident_logs

PORTAL = ROOT / "portal"


def test_a_partner_log_row_and_a_portal_report_with_the_same_strand_count_together(app) -> None:  # type: ignore[no-untyped-def]
    organisation = Organisation(name="Hove Community Centre")
    db.session.add(organisation)
    db.session.commit()
    log = (
        b"date,type,strands,area,channel\r\n"
        + f"{date.today().isoformat()},hate,Transgender;race,Central,phone\r\n".encode()
    )
    vocabulary = rules.current().vocabulary
    imported = incident_logs.import_log(
        organisation.id,
        None,
        log,
        incident_logs.Rules(vocabulary=vocabulary, channels=("phone",), max_bytes=10_000, max_rows=10),
    )
    assert imported.errors == [] and imported.new_rows == 1
    assert db.session.scalars(db.select(IncidentLogEntry.strands)).one() == "gender_identity;race"
    store_submission(
        NewSubmission(
            kind=SubmissionKind.REPORT,
            language="en",
            channel=Channel.NONE,
            anonymous=True,
            answers={},
            is_hate=True,
            strands=("gender_identity",),
        ),
        None,
    )
    counts = strand_counts(date(2000, 1, 1), date(2100, 1, 1))
    assert counts == {"gender_identity": 2, "race": 1}
    assert db.session.scalar(db.select(db.func.count()).select_from(IncidentLogImport)) == 1


def test_a_log_row_outside_the_vocabulary_is_refused_listing_the_vocabulary(app) -> None:  # type: ignore[no-untyped-def]
    vocabulary = rules.current().vocabulary
    log_rules = incident_logs.Rules(vocabulary=vocabulary, channels=("phone",), max_bytes=10_000, max_rows=10)
    with app.test_request_context("/"):
        rows, errors = incident_logs.parse_log(
            b"date,type,strands,area,channel\r\n2026-01-05,hate,astrology,Central,phone\r\n",
            log_rules,
            date(2026, 2, 1),
        )
    assert rows == []
    assert errors == [
        f"Row 2: use only these strands, separated by semicolons: {', '.join(vocabulary.accepted_strands())}"
    ]


def _python_files() -> list[Path]:
    return sorted(path for path in PORTAL.rglob("*.py") if "rules" not in path.relative_to(PORTAL).parts[:1])


def test_no_module_defines_its_own_strand_list() -> None:
    """A list, tuple, set or dict of three or more strand codes outside portal/rules is a second
    vocabulary; the codes may appear one at a time (a triage fact, a test value), never as a list."""
    codes = set(rules.default_rules().vocabulary.accepted_strands()) | {
        "transgender",
        "alternative_subculture",
        "sex_gender",
        "age",
    }
    offenders = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            items: list[ast.expr] = []
            if isinstance(node, ast.List | ast.Tuple | ast.Set):
                items = list(node.elts)
            elif isinstance(node, ast.Dict):
                items = [key for key in node.keys if key is not None]
            strings = {item.value for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str)}
            # A comma-separated default like "race,religion,..." counts too.
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "," in node.value:
                strings = {part.strip() for part in node.value.split(",")}
            if len(strings & codes) >= 3:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


JOURNEY_CODE = ("core", "reporting", "trigger", "status", "partners", "casework", "api", "main", "questions")
RULE_WORDS = ("threshold", "window", "weight", "days", "months", "households", "risk")


def test_no_threshold_window_or_weight_literal_is_left_in_the_journeys_code() -> None:
    """A number of 2 or more given to a rule-like name (an assignment, a keyword argument or a
    default: threshold, window, weight, days, months...) is a council's rule written in code."""
    offenders = []
    for package in JOURNEY_CODE:
        for path in sorted((PORTAL / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                pairs: list[tuple[str, ast.expr | None]] = []
                if isinstance(node, ast.Assign):
                    pairs = [(target.id, node.value) for target in node.targets if isinstance(target, ast.Name)]
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    pairs = [(node.target.id, node.value)]
                elif isinstance(node, ast.keyword) and node.arg:
                    pairs = [(node.arg, node.value)]
                for name, value in pairs:
                    if (
                        any(word in name.lower() for word in RULE_WORDS)
                        and isinstance(value, ast.Constant)
                        and isinstance(value.value, int)
                        and not isinstance(value.value, bool)
                        and value.value >= 2
                    ):
                        offenders.append(f"{path.relative_to(ROOT)}:{value.lineno} {name}={value.value}")
    assert offenders == []
