"""The whole transition matrix, for every reviewed model (PPRG dossiers and
self-assessments share one table and one set of services): every state × every
action × every persona."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from assessments.models import SelfAssessment
from assessments.services import assessments as assessment_services
from evaluations.models import Dossier
from evaluations.services.dossiers import ALLOWED_TRANSITIONS, dossier_submit
from evaluations.services.dossiers import require_editable as dossier_require_editable
from evaluations.services.review import (
    dossier_approve,
    dossier_reopen,
    dossier_return,
    dossier_start_review,
)
from evaluations.workflow import Status
from pug_portal.models import ActivityLog
from tests.assessments.factories import AnswerFactory, AssessmentFactory

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
DOSSIER_ACTIONS = {
    "submit": lambda d, u: dossier_submit(dossier=d, by=u),
    "start_review": lambda d, u: dossier_start_review(dossier=d, by=u),
    "return": lambda d, u: dossier_return(
        dossier=d, by=u, reason="Data L/P belum lengkap", comments=[]
    ),
    "approve": lambda d, u: dossier_approve(dossier=d, by=u),
    "reopen": lambda d, u: dossier_reopen(dossier=d, by=u, reason="Salah input pagu"),
}
ASSESSMENT_ACTIONS = {
    "submit": lambda a, u: assessment_services.assessment_submit(assessment=a, by=u),
    "start_review": lambda a, u: assessment_services.assessment_start_review(
        assessment=a, by=u
    ),
    "return": lambda a, u: assessment_services.assessment_return(
        assessment=a, by=u, reason="Bukti belum ada", comments=[]
    ),
    "approve": lambda a, u: assessment_services.assessment_approve(assessment=a, by=u),
    "reopen": lambda a, u: assessment_services.assessment_reopen(
        assessment=a, by=u, reason="Salah verifikasi"
    ),
}


@pytest.fixture
def assessment_a(unit_a):
    """A self-assessment of unit A whose one required item is answered."""
    answer = AnswerFactory(assessment=AssessmentFactory(unit=unit_a), value="ya")
    return answer.assessment


# kind → (fixture of a complete object of unit A, its model, services, log prefix)
KINDS = {
    "dossier": ("dossier_a", Dossier, DOSSIER_ACTIONS, "dossier"),
    "assessment": ("assessment_a", SelfAssessment, ASSESSMENT_ACTIONS, "assessment"),
}
ROLES = ["admin", "reviewer", "planner", "focal_a", "focal_b", "head_a"]
CASES = [
    (kind, state, action, role)
    for kind in KINDS
    for state in Status.values
    for action in DOSSIER_ACTIONS
    for role in ROLES
]


def test_the_transition_table_is_exactly_design_section_4():
    for table in (ALLOWED_TRANSITIONS, assessment_services.ALLOWED_TRANSITIONS):
        assert {key: to for key, (to, _perm) in table.items()} == {
            key: to for key, (to, _roles) in EXPECTED.items()
        }


@pytest.mark.parametrize(("kind", "state", "action", "role"), CASES)
def test_each_state_action_and_role_is_allowed_or_refused_as_designed(
    kind, state, action, role, request, db
):
    fixture, model, actions, prefix = KINDS[kind]
    obj = request.getfixturevalue(fixture)
    user = request.getfixturevalue({"head_a": "unit_head_a"}.get(role, role))
    model.objects.filter(pk=obj.pk).update(status=state)
    obj = model.objects.get(pk=obj.pk)
    target, allowed_roles = EXPECTED.get((state, action), (None, set()))

    if role in allowed_roles:
        actions[action](obj, user)
        obj.refresh_from_db()
        assert obj.status == target
        assert obj.version == 2
        entry = ActivityLog.objects.for_object(obj).get(action=f"{prefix}.{action}")
        assert entry.data["from"] == state and entry.data["to"] == target
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            actions[action](obj, user)
        obj.refresh_from_db()
        assert obj.status == state
        assert obj.version == 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_workflow_columns_are_written_alike_for_every_reviewed_model(
    kind, request, reviewer, focal_a
):
    """transition() itself sets the ReviewedModel columns: submitted, returned (with
    the reason), approved, and a reopen clears the approval."""
    fixture, model, actions, _prefix = KINDS[kind]
    obj = request.getfixturevalue(fixture)

    def step(action, user):
        actions[action](model.objects.get(pk=obj.pk), user)
        return model.objects.get(pk=obj.pk)

    submitted = step("submit", focal_a)
    assert submitted.submitted_at is not None
    assert (submitted.returned_at, submitted.approved_at) == (None, None)
    step("start_review", reviewer)
    returned = step("return", reviewer)
    assert returned.returned_at is not None
    assert returned.return_reason in {"Data L/P belum lengkap", "Bukti belum ada"}
    step("submit", focal_a)
    step("start_review", reviewer)
    approved = step("approve", reviewer)
    assert approved.approved_at is not None
    assert approved.status_changed_at == approved.approved_at
    reopened = step("reopen", reviewer)
    assert reopened.approved_at is None
    assert reopened.status == Status.REVISION_REQUESTED


@pytest.mark.parametrize(
    ("kind", "language", "words"),
    [
        ("dossier", "id", "Dokumen PPRG"),
        ("dossier", "en", "PPRG document"),
        ("assessment", "id", "Penilaian mandiri PUG"),
        ("assessment", "en", "PUG self-assessment"),
    ],
)
def test_a_transition_mail_names_what_it_is_about_in_the_readers_words(
    kind,
    language,
    words,
    request,
    focal_a,
    reviewer,
    django_capture_on_commit_callbacks,
):
    fixture, model, actions, _prefix = KINDS[kind]
    obj = request.getfixturevalue(fixture)
    with (
        translation.override(language),
        django_capture_on_commit_callbacks(execute=True),
    ):
        actions["submit"](obj, focal_a)
    message = mail.outbox[0]
    assert message.subject.startswith(f"[PUG] {words} ")
    assert message.body.startswith(f"{words} ")
    assert "Dossier" not in message.subject + message.body


@pytest.mark.parametrize(
    ("kind", "state", "words"),
    [
        ("dossier", Status.APPROVED, "Dokumen PPRG sudah disetujui dan terkunci"),
        ("dossier", Status.IN_REVIEW, "(status: Sedang direviu)"),
        ("assessment", Status.APPROVED, "Penilaian sudah disetujui dan terkunci"),
        ("assessment", Status.SUBMITTED, "(status: Diajukan)"),
    ],
)
def test_content_outside_the_editable_states_is_refused_saying_why(
    kind, state, words, request, focal_a
):
    fixture, model, _actions, _prefix = KINDS[kind]
    obj = request.getfixturevalue(fixture)
    model.objects.filter(pk=obj.pk).update(status=state)
    obj = model.objects.get(pk=obj.pk)
    require_editable = {
        "dossier": dossier_require_editable,
        "assessment": assessment_services.require_editable,
    }[kind]
    with pytest.raises(ValidationError) as refused:
        require_editable(obj, focal_a)
    assert refused.value.code == "locked"
    assert words in refused.value.messages[0]
