"""The whole transition matrix: every state × every action × every persona."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations.models import Dossier
from evaluations.services.dossiers import ALLOWED_TRANSITIONS, dossier_submit
from evaluations.services.review import (
    dossier_approve,
    dossier_reopen,
    dossier_return,
    dossier_start_review,
)
from evaluations.workflow import Status
from pug_portal.models import ActivityLog

EDITORS = {"admin", "focal_a"}
REVIEWERS = {"admin", "reviewer"}
# Written out by hand (not derived from ALLOWED_TRANSITIONS) so the test can fail.
EXPECTED = {
    (Status.DRAFT, "submit"): (Status.SUBMITTED, EDITORS),
    (Status.REVISION_REQUESTED, "submit"): (Status.SUBMITTED, EDITORS),
    (Status.SUBMITTED, "start_review"): (Status.IN_REVIEW, REVIEWERS),
    (Status.IN_REVIEW, "return"): (Status.REVISION_REQUESTED, REVIEWERS),
    (Status.IN_REVIEW, "approve"): (Status.APPROVED, REVIEWERS),
    (Status.APPROVED, "reopen"): (Status.REVISION_REQUESTED, REVIEWERS),
}
ACTIONS = {
    "submit": lambda d, u: dossier_submit(dossier=d, by=u),
    "start_review": lambda d, u: dossier_start_review(dossier=d, by=u),
    "return": lambda d, u: dossier_return(
        dossier=d, by=u, reason="Data L/P belum lengkap", comments=[]
    ),
    "approve": lambda d, u: dossier_approve(dossier=d, by=u),
    "reopen": lambda d, u: dossier_reopen(dossier=d, by=u, reason="Salah input pagu"),
}
ROLES = ["admin", "reviewer", "planner", "focal_a", "focal_b", "head_a"]
CASES = [
    (state, action, role)
    for state in Status.values
    for action in ACTIONS
    for role in ROLES
]


def test_the_transition_table_is_exactly_design_section_4():
    assert {key: to for key, (to, _perm) in ALLOWED_TRANSITIONS.items()} == {
        key: to for key, (to, _roles) in EXPECTED.items()
    }


@pytest.mark.parametrize(("state", "action", "role"), CASES)
def test_each_state_action_and_role_is_allowed_or_refused_as_designed(
    state, action, role, dossier_a, request
):
    fixture = {"head_a": "unit_head_a"}.get(role, role)
    user = request.getfixturevalue(fixture)
    Dossier.objects.filter(pk=dossier_a.pk).update(status=state)
    dossier = Dossier.objects.get(pk=dossier_a.pk)
    target, allowed_roles = EXPECTED.get((state, action), (None, set()))

    if role in allowed_roles:
        ACTIONS[action](dossier, user)
        dossier.refresh_from_db()
        assert dossier.status == target
        assert dossier.version == 2
        entry = ActivityLog.objects.for_object(dossier).get(action=f"dossier.{action}")
        assert entry.data["from"] == state and entry.data["to"] == target
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            ACTIONS[action](dossier, user)
        dossier.refresh_from_db()
        assert dossier.status == state
        assert dossier.version == 1
