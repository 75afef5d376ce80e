"""Cycle and budget-line pages, the home page's dossier summary, and the workflow's
reuse by another reviewed model."""

from django.urls import reverse

from evaluations.models import CycleState, EvaluationCycle
from evaluations.selectors import dossiers as selectors
from evaluations.workflow import Action, Status, Workflow
from pug_portal.models import ActivityLog
from tests.factories import BudgetLineFactory, DossierFactory


def test_a_reviewer_creates_and_opens_a_cycle_through_the_pages(client_for, reviewer):
    client = client_for(reviewer)
    response = client.post(
        reverse("evaluations:cycle_create"),
        {
            "year": 2027,
            "open_date": "2027-02-01",
            "submission_deadline": "2027-07-31",
            "review_deadline": "2027-09-30",
        },
    )
    assert response.status_code == 302
    cycle = EvaluationCycle.objects.get(year=2027)
    client.post(reverse("evaluations:cycle_open", args=[cycle.pk]), {"submit": "1"})
    cycle.refresh_from_db()
    assert cycle.state == CycleState.OPEN
    page = client.get(reverse("evaluations:cycle_list")).content.decode()
    assert "2027" in page and "Dibuka" in page


def test_a_cycle_with_deadlines_out_of_order_is_refused(client_for, reviewer, db):
    response = client_for(reviewer).post(
        reverse("evaluations:cycle_create"),
        {
            "year": 2027,
            "open_date": "2027-02-01",
            "submission_deadline": "2027-01-31",
            "review_deadline": "2027-09-30",
        },
    )
    assert response.status_code == 200
    assert "Batas pengajuan sebelum tanggal dibuka" in response.content.decode()
    assert not EvaluationCycle.objects.exists()


def test_closing_a_cycle_makes_its_dossiers_read_only_on_the_pages(
    client_for, reviewer, focal_a, dossier_a, cycle
):
    client_for(reviewer).post(
        reverse("evaluations:cycle_close", args=[cycle.pk]), {"submit": "1"}
    )
    response = client_for(focal_a).get(
        reverse("evaluations:dossier_edit", args=[dossier_a.pk]), follow=True
    )
    assert "sudah ditutup" in response.content.decode()
    assert response.redirect_chain[-1][0] == dossier_a.get_absolute_url()


def test_the_budget_list_shows_a_units_lines_with_their_dossier_status(
    client_for, focal_a, unit_a, unit_b, cycle
):
    mine = BudgetLineFactory(unit=unit_a, sub_kegiatan_name="Kelas Ibu Hamil")
    DossierFactory(unit=unit_a, cycle=cycle, budget_line=mine)
    BudgetLineFactory(unit=unit_b, sub_kegiatan_name="Musrenbang Kelurahan")
    html = client_for(focal_a).get(reverse("evaluations:budget_line_list")).content
    html = html.decode()
    assert "Kelas Ibu Hamil" in html and "Draf" in html
    assert "Musrenbang Kelurahan" not in html


def test_the_budget_lists_dossier_lookups_do_not_sort(focal_a):
    """Each line's dossier id and status are looked up by the line (one dossier at
    most): without the dossier's default ordering, which joined the cycle and the
    unit and sorted inside every row's subquery."""
    sql = str(selectors.budget_lines(user=focal_a).query)
    outer_order = sql.rindex("ORDER BY")
    assert "ORDER BY" not in sql[:outer_order]
    assert "evaluations_evaluationcycle" not in sql


def test_a_budget_line_is_edited_and_the_change_logged(client_for, focal_a, unit_a):
    line = BudgetLineFactory(unit=unit_a)
    data = {
        "year": line.year,
        "program_code": line.program_code,
        "program_name": line.program_name,
        "kegiatan_code": line.kegiatan_code,
        "kegiatan_name": line.kegiatan_name,
        "sub_kegiatan_code": line.sub_kegiatan_code,
        "sub_kegiatan_name": line.sub_kegiatan_name,
        "pagu": "175000000",
        "realisasi": "",
        "is_arg": "on",
        "arg_category": "PELEMBAGAAN",
    }
    response = client_for(focal_a).post(
        reverse("evaluations:budget_line_update", args=[line.pk]), data
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.pagu == 175000000
    entry = ActivityLog.objects.for_object(line).get(action="budget_line.update")
    assert entry.data["pagu"][1] == "175000000"


def test_the_home_page_shows_the_focal_points_dossiers_by_status(
    client_for, focal_a, unit_a, unit_b, cycle
):
    DossierFactory(unit=unit_a, cycle=cycle)
    DossierFactory(unit=unit_a, cycle=cycle, status=Status.SUBMITTED)
    DossierFactory(unit=unit_b, cycle=cycle, status=Status.SUBMITTED)  # not theirs
    response = client_for(focal_a).get(reverse("evaluations:home"))
    summary = {
        row["status"]: row["count"] for row in response.context["dossier_summary"]
    }
    # only the statuses that have dossiers: no row of zeros
    assert summary == {Status.DRAFT: 1, Status.SUBMITTED: 1}


def test_another_reviewed_model_reuses_the_same_table_with_its_own_permissions():
    self_assessment = Workflow(
        name="self_assessment",
        edit_perm="self_assessments:edit",
        review_perm="self_assessments:review",
    )
    table = self_assessment.transitions
    assert table[(Status.DRAFT, Action.SUBMIT)] == (
        Status.SUBMITTED,
        "self_assessments:edit",
    )
    assert table[(Status.APPROVED, Action.REOPEN)] == (
        Status.REVISION_REQUESTED,
        "self_assessments:review",
    )
    assert len(table) == 6
