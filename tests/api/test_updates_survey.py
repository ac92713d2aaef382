"""A case the case system closes is offered the satisfaction survey like one the duty desk closes."""

from flask.testing import FlaskClient

from portal.extensions import db
from portal.quality.models import SurveyClaim
from portal.quality.survey import SurveyState, survey_state
from tests.api.test_updates import body_for, post
from tests.api.test_updates import secrets as secrets
from tests.intake.factories import stored_submission


def test_closing_through_the_api_invites_the_reporter_to_the_survey(client: FlaskClient) -> None:
    submission = stored_submission()
    response = post(client, body_for(submission.reference, stage="closed"))
    assert response.status_code == 200
    db.session.expire_all()
    claim = db.session.get(SurveyClaim, submission.id)
    assert claim is not None and claim.invited_at is not None and claim.answered_at is None
    assert survey_state(submission) is SurveyState.OPEN
