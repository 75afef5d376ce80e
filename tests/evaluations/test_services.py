"""Each dossier service: what it saves, logs and mails, and what it refuses."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations.models import (
    BudgetLine,
    CycleState,
    DisaggregatedDataRow,
    Dossier,
    ReviewComment,
    ScoreKind,
)
from evaluations.services.budget import (
    budget_line_create,
    budget_line_update,
    cycle_close,
    cycle_create,
    cycle_open,
)
from evaluations.services.dossiers import dossier_create, dossier_submit, dossier_update
from evaluations.services.review import (
    comment_resolve,
    dossier_approve,
    dossier_reopen,
    dossier_return,
    dossier_score,
    dossier_start_review,
)
from evaluations.workflow import Status
from pug_portal.models import ActivityLog
from tests.factories import BudgetLineFactory, CycleFactory, DossierFactory

LINE = {
    "year": 2026,
    "program_code": "1.02.02",
    "program_name": "Program Pemenuhan Upaya Kesehatan Perorangan",
    "kegiatan_code": "1.02.02.2.02",
    "kegiatan_name": "Penyediaan Layanan Kesehatan untuk UKM dan UKP",
    "sub_kegiatan_code": "1.02.02.2.02.0001",
    "sub_kegiatan_name": "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
    "pagu": Decimal("350000000"),
    "is_arg": True,
    "arg_category": "KHUSUS",
}


def in_state(dossier, status):
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    return Dossier.objects.get(pk=dossier.pk)


# --- cycles -------------------------------------------------------------------------


def test_a_reviewer_creates_opens_and_closes_a_cycle(reviewer, db):
    cycle = cycle_create(
        by=reviewer,
        data={
            "year": 2027,
            "open_date": datetime.date(2027, 2, 1),
            "submission_deadline": datetime.date(2027, 7, 31),
            "review_deadline": datetime.date(2027, 9, 30),
        },
    )
    assert cycle.state == CycleState.DRAFT
    cycle_open(cycle=cycle, by=reviewer)
    cycle_close(cycle=cycle, by=reviewer)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    actions = set(
        ActivityLog.objects.for_object(cycle).values_list("action", flat=True)
    )
    assert actions == {"cycle.create", "cycle.open", "cycle.close"}
    with pytest.raises(ValidationError):
        cycle_open(cycle=cycle, by=reviewer)


def test_a_focal_point_cannot_manage_cycles(focal_a, cycle):
    with pytest.raises(PermissionDenied):
        cycle_close(cycle=cycle, by=focal_a)


# --- budget lines -------------------------------------------------------------------


def test_a_budget_line_with_a_bad_code_is_saved_as_typed_with_a_warning(
    focal_a, unit_a, cycle
):
    line = budget_line_create(
        by=focal_a, unit=unit_a, data={**LINE, "sub_kegiatan_code": "1.2.2-2"}
    )
    assert BudgetLine.objects.get(pk=line.pk).sub_kegiatan_code == "1.2.2-2"
    assert line.code_warnings() == [
        "Kode sub kegiatan “1.2.2-2” tidak sesuai pola kode (contoh "
        "2.08.02.2.01.0001); teks disimpan apa adanya, periksa kembali.",
        "Kode sub kegiatan “1.2.2-2” tidak diawali kode kegiatan “1.02.02.2.02”; "
        "periksa kembali.",
        "Kode sub kegiatan “1.2.2-2” tidak ditemukan dalam nomenklatur Kepmendagri "
        "050-5889/2021; teks disimpan apa adanya, periksa kembali.",
    ]


def test_official_codes_raise_no_warning(focal_a, unit_a, cycle):
    line = budget_line_create(by=focal_a, unit=unit_a, data=LINE)
    assert line.code_warnings() == []


def test_a_negative_pagu_is_refused(focal_a, unit_a, cycle):
    with pytest.raises(ValidationError) as error:
        budget_line_create(
            by=focal_a, unit=unit_a, data={**LINE, "pagu": Decimal("-1")}
        )
    assert "pagu" in error.value.message_dict
    assert not BudgetLine.objects.exists()


def test_an_arg_line_needs_its_category(focal_a, unit_a, cycle):
    with pytest.raises(ValidationError) as error:
        budget_line_create(by=focal_a, unit=unit_a, data={**LINE, "arg_category": ""})
    assert "arg_category" in error.value.message_dict


def test_a_focal_point_cannot_register_lines_of_another_unit(focal_b, unit_a, cycle):
    with pytest.raises(PermissionDenied):
        budget_line_create(by=focal_b, unit=unit_a, data=LINE)


def test_budget_lines_of_a_closed_year_are_read_only(focal_a, unit_a, cycle):
    line = BudgetLineFactory(unit=unit_a)
    cycle.state = CycleState.CLOSED
    cycle.save()
    with pytest.raises(ValidationError):
        budget_line_update(line=line, by=focal_a, data={"pagu": Decimal("1")})


# --- dossier content ----------------------------------------------------------------


def test_a_dossier_starts_as_a_draft_with_the_pagu_as_gbs_amount(
    focal_a, unit_a, cycle
):
    line = BudgetLineFactory(unit=unit_a)
    dossier = dossier_create(by=focal_a, budget_line=line)
    assert dossier.status == Status.DRAFT
    assert dossier.cycle == cycle
    assert dossier.gbs_amount == line.pagu
    with pytest.raises(ValidationError):
        dossier_create(by=focal_a, budget_line=line)


def test_a_dossier_needs_a_cycle_for_its_year(focal_a, unit_a, db):
    line = BudgetLineFactory(unit=unit_a, year=2031)
    with pytest.raises(ValidationError, match="Belum ada siklus"):
        dossier_create(by=focal_a, budget_line=line)


def test_an_update_bumps_the_version_and_logs_the_fields(focal_a, dossier_a):
    dossier_update(
        dossier=dossier_a,
        by=focal_a,
        version=1,
        data={"gap_internal": "SOP belum responsif gender"},
    )
    dossier_a.refresh_from_db()
    assert dossier_a.version == 2
    entry = ActivityLog.objects.for_object(dossier_a).get(action="dossier.update")
    assert entry.data["fields"] == ["gap_internal"]


def test_a_stale_update_is_refused_and_the_newer_text_kept(focal_a, admin, dossier_a):
    dossier_update(
        dossier=Dossier.objects.get(pk=dossier_a.pk),
        by=admin,
        version=1,
        data={"gap_internal": "Versi admin"},
    )
    with pytest.raises(ValidationError, match="sudah diubah orang lain"):
        dossier_update(
            dossier=Dossier.objects.get(pk=dossier_a.pk),
            by=focal_a,
            version=1,
            data={"gap_internal": "Versi focal point"},
        )
    assert Dossier.objects.get(pk=dossier_a.pk).gap_internal == "Versi admin"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"male": Decimal("-1"), "female": Decimal("2")}, "tidak boleh negatif"),
        (
            {"male": Decimal("5"), "female": Decimal("6"), "total": Decimal("12")},
            "tidak sama dengan L + P",
        ),
    ],
)
def test_bad_l_p_rows_are_refused(focal_a, dossier_a, row, message):
    base = {
        "label": "Peserta",
        "kind": "TARGET",
        "unit_of_measure": "orang",
        "male": Decimal("1"),
        "female": Decimal("1"),
        "total": None,
    }
    with pytest.raises(ValidationError, match=re.escape(message)):
        dossier_update(
            dossier=dossier_a,
            by=focal_a,
            version=1,
            data={},
            data_rows=[{**base, **row}],
        )
    assert DisaggregatedDataRow.objects.filter(dossier=dossier_a).count() == 2
    assert Dossier.objects.get(pk=dossier_a.pk).version == 1


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW])
def test_content_cannot_change_while_with_the_reviewer(focal_a, dossier_a, status):
    dossier = in_state(dossier_a, status)
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        dossier_update(dossier=dossier, by=focal_a, version=1, data={"gap_policy": "x"})


def test_an_approved_dossier_is_locked(focal_a, admin, dossier_a):
    dossier = in_state(dossier_a, Status.APPROVED)
    for user in (focal_a, admin):
        with pytest.raises(ValidationError, match="terkunci"):
            dossier_update(
                dossier=dossier, by=user, version=1, data={"gap_policy": "x"}
            )


def test_a_closed_cycle_locks_its_dossiers_for_everyone(
    focal_a, reviewer, dossier_a, cycle
):
    cycle.state = CycleState.CLOSED
    cycle.save()
    dossier = Dossier.objects.get(pk=dossier_a.pk)
    with pytest.raises(ValidationError, match="ditutup"):
        dossier_update(dossier=dossier, by=focal_a, version=1, data={"gap_policy": "x"})
    with pytest.raises(PermissionDenied):
        dossier_submit(dossier=dossier, by=focal_a)
    reviewing = in_state(dossier, Status.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        dossier_approve(dossier=reviewing, by=reviewer)


# --- workflow services -------------------------------------------------------------


def test_submit_refuses_an_incomplete_dossier_listing_what_is_missing(
    focal_a, unit_a, cycle
):
    dossier = DossierFactory(unit=unit_a, cycle=cycle)
    with pytest.raises(ValidationError) as error:
        dossier_submit(dossier=dossier, by=focal_a)
    messages = error.value.messages
    assert len([m for m in messages if "GAP langkah" in m]) == 9
    assert any("rencana aksi" in m for m in messages)
    assert any("L/P" in m for m in messages)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.DRAFT


def test_submit_needs_an_open_cycle(focal_a, dossier_a, cycle):
    cycle.state = CycleState.DRAFT
    cycle.save()
    with pytest.raises(ValidationError, match="tidak sedang dibuka"):
        dossier_submit(dossier=Dossier.objects.get(pk=dossier_a.pk), by=focal_a)


def test_submit_mails_the_reviewers_after_commit(
    focal_a, reviewer, dossier_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier_submit(dossier=dossier_a, by=focal_a)
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert "Diajukan" in mail.outbox[0].subject
    assert dossier_a.get_absolute_url() in mail.outbox[0].body


def test_return_keeps_reason_comments_and_a_snapshot_and_mails_the_unit(
    focal_a, reviewer, dossier_a, django_capture_on_commit_callbacks
):
    dossier = in_state(dossier_a, Status.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_return(
            dossier=dossier,
            by=reviewer,
            reason="Sebab eksternal belum didukung data",
            comments=[
                {"target": "gap_5", "text": "Sertakan data survei"},
                {"target": "gbs_amount", "text": "Cocokkan dengan DPA"},
                {"target": "gap_1", "text": "   "},  # empty rows are ignored
            ],
        )
    dossier.refresh_from_db()
    assert dossier.status == Status.REVISION_REQUESTED
    assert dossier.return_reason == "Sebab eksternal belum didukung data"
    assert dossier.returned_snapshot["gap_external"] == dossier.gap_external
    assert list(
        ReviewComment.objects.filter(dossier=dossier).values_list("target", "round")
    ) == [("gap_5", 1), ("gbs_amount", 1)]
    assert [m.to for m in mail.outbox] == [[focal_a.email]]
    assert "Sebab eksternal belum didukung data" in mail.outbox[0].body


def test_return_and_reopen_require_a_reason(reviewer, dossier_a):
    with pytest.raises(ValidationError):
        dossier_return(
            dossier=in_state(dossier_a, Status.IN_REVIEW),
            by=reviewer,
            reason=" ",
            comments=[],
        )
    with pytest.raises(ValidationError):
        dossier_reopen(
            dossier=in_state(dossier_a, Status.APPROVED), by=reviewer, reason=""
        )


def test_a_transition_on_a_stale_copy_is_refused(reviewer, dossier_a):
    stale = in_state(dossier_a, Status.SUBMITTED)
    Dossier.objects.filter(pk=dossier_a.pk).update(version=7)
    with pytest.raises(ValidationError, match="sudah diubah orang lain"):
        dossier_start_review(dossier=stale, by=reviewer)


def test_approve_then_reopen_is_logged_with_the_reason(reviewer, dossier_a):
    dossier = in_state(dossier_a, Status.IN_REVIEW)
    dossier_approve(dossier=dossier, by=reviewer)
    assert dossier.approved_at is not None
    dossier_reopen(dossier=dossier, by=reviewer, reason="Pagu berubah")
    dossier.refresh_from_db()
    assert dossier.status == Status.REVISION_REQUESTED
    assert dossier.approved_at is None
    entry = ActivityLog.objects.for_object(dossier).get(action="dossier.reopen")
    assert entry.data["reason"] == "Pagu berubah"


TYPED = ("c2", "c3", "c4", "c5", "c6", "c7", "c9")


def test_the_reviewer_score_gives_the_document_quality(reviewer, dossier_a, settings):
    dossier = in_state(dossier_a, Status.IN_REVIEW)
    # Seven typed criteria at 1, C1 (GAP complete) and C8 (amount = pagu) computed
    # at 2 each, C10 not yet assessable: 7 + 4 = 11.
    scores = dict.fromkeys(TYPED, 1) | {"c1": 0, "c8": 0, "c10": 2}
    score = dossier_score(
        dossier=dossier, by=reviewer, kind=ScoreKind.REVIEWER, scores=scores
    )
    assert (score.c1, score.c8, score.c10) == (2, 2, None)
    assert (score.total, score.classification) == (11, "CUKUP")
    assert score.get_classification_display() == "Cukup"
    settings.PUG_RUBRIC_CUKUP_MIN = 12
    score = dossier_score(
        dossier=dossier, by=reviewer, kind=ScoreKind.REVIEWER, scores=scores
    )
    assert score.classification == "KURANG"
    with pytest.raises(ValidationError):
        dossier_score(
            dossier=dossier,
            by=reviewer,
            kind=ScoreKind.REVIEWER,
            scores=dict.fromkeys(TYPED, 3),
        )


def test_a_score_with_criteria_unanswered_is_refused_listing_them(reviewer, dossier_a):
    dossier = in_state(dossier_a, Status.IN_REVIEW)
    with pytest.raises(ValidationError) as error:
        dossier_score(
            dossier=dossier,
            by=reviewer,
            kind=ScoreKind.REVIEWER,
            scores=dict.fromkeys(TYPED, 2) | {"c3": None, "c9": ""},
        )
    assert error.value.messages == [
        "Nilai belum lengkap; belum dinilai: C3 Kesenjangan APKM dinyatakan dengan "
        "data; C9 Penerima manfaat terpilah menurut jenis kelamin."
    ]
    assert not dossier.scores.exists()


def test_computed_criteria_follow_the_data(reviewer, dossier_a):
    Dossier.objects.filter(pk=dossier_a.pk).update(
        gbs_amount=dossier_a.budget_line.pagu - 1, gap_internal="", gap_external=""
    )
    dossier = in_state(Dossier.objects.get(pk=dossier_a.pk), Status.IN_REVIEW)
    score = dossier_score(
        dossier=dossier,
        by=reviewer,
        kind=ScoreKind.REVIEWER,
        scores=dict.fromkeys(TYPED, 2),
    )
    # Seven of nine GAP steps → 1; an amount differing from the pagu → 1.
    assert (score.c1, score.c8, score.c10) == (1, 1, None)
    assert score.total == 14 + 2


def test_self_and_reviewer_scores_are_kept_apart(focal_a, reviewer, dossier_a):
    dossier_score(
        dossier=dossier_a,
        by=focal_a,
        kind=ScoreKind.SELF,
        scores=dict.fromkeys(TYPED, 2),
    )
    dossier = in_state(dossier_a, Status.IN_REVIEW)
    dossier_score(
        dossier=dossier,
        by=reviewer,
        kind=ScoreKind.REVIEWER,
        scores=dict.fromkeys(TYPED, 0),
    )
    totals = dict(dossier.scores.values_list("kind", "total"))
    assert totals == {"SELF": 18, "REVIEWER": 4}
    with pytest.raises(PermissionDenied):
        dossier_score(dossier=dossier, by=focal_a, kind=ScoreKind.REVIEWER, scores={})


def test_a_comment_is_marked_addressed_only_inside_scope(focal_a, focal_b, dossier_a):
    dossier = in_state(dossier_a, Status.REVISION_REQUESTED)
    comment = ReviewComment.objects.create(
        dossier=dossier, target="gap_2", text="Tambah sumber"
    )
    with pytest.raises(PermissionDenied):
        comment_resolve(comment=comment, by=focal_b)
    comment_resolve(comment=comment, by=focal_a)
    comment.refresh_from_db()
    assert comment.resolved and comment.resolved_by == focal_a


def test_the_gbs_defaults_from_the_gap(dossier_a):
    values = dossier_a.gbs_values()
    assert values["gbs_objective"] == dossier_a.gap_policy
    assert values["gbs_benchmark"] == dossier_a.gap_reformulated
    assert dossier_a.gap_participation in values["gbs_situation"]
    assert values["gbs_code"] == dossier_a.budget_line.sub_kegiatan_code
    Dossier.objects.filter(pk=dossier_a.pk).update(gbs_objective="Tujuan khusus GBS")
    dossier_a.refresh_from_db()
    assert dossier_a.gbs_values()["gbs_objective"] == "Tujuan khusus GBS"


def test_a_gbs_amount_different_from_the_pagu_warns(dossier_a):
    dossier_a.action_rows.update(input_amount=dossier_a.budget_line.pagu)
    dossier_a = Dossier.objects.get(pk=dossier_a.pk)
    assert dossier_a.amount_warning() == ""
    dossier_a.gbs_amount = Decimal("1")
    assert "berbeda dari pagu" in dossier_a.amount_warning()


def test_a_gbs_warns_when_the_masukan_do_not_add_up_to_the_amount(dossier_a):
    """Pagu and Jumlah Anggaran Rp 150.000.000; one action of Rp 45.000.000."""
    assert dossier_a.amount_warning() == (
        "Jumlah Masukan rencana aksi (Rp\xa045.000.000) berbeda dari Jumlah "
        "Anggaran GBS (Rp\xa0150.000.000)."
    )


def test_visible_to_follows_appointments(focal_a, focal_b, planner, dossier_a):
    assert list(Dossier.objects.visible_to(focal_a)) == [dossier_a]
    assert list(Dossier.objects.visible_to(focal_b)) == []
    assert list(Dossier.objects.visible_to(planner)) == [dossier_a]


def test_other_years_use_their_own_cycle(focal_a, unit_a, db):
    CycleFactory(year=2025, state=CycleState.CLOSED)
    line = BudgetLineFactory(unit=unit_a, year=2025)
    with pytest.raises(ValidationError, match="ditutup"):
        dossier_create(by=focal_a, budget_line=line)


def test_a_pages_own_autosave_in_flight_does_not_make_its_save_stale(
    focal_a, dossier_a
):
    # The page loaded version 1; its autosave (its save number 1) landed (version 2)
    # before the response updated the page, so the full save (number 2) still says
    # version 1.
    dossier_update(
        dossier=dossier_a,
        by=focal_a,
        version=1,
        data={"gap_internal": "Autosave"},
        edit_token="page-a",
        edit_seq=1,
    )
    dossier_update(
        dossier=Dossier.objects.get(pk=dossier_a.pk),
        by=focal_a,
        version=1,
        data={"gap_internal": "Simpan penuh"},
        edit_token="page-a",
        edit_seq=2,
    )
    dossier_a.refresh_from_db()
    assert (dossier_a.gap_internal, dossier_a.version) == ("Simpan penuh", 3)
    # Another page (another tab, another person) with the old version is refused.
    with pytest.raises(ValidationError, match="sudah diubah orang lain"):
        dossier_update(
            dossier=dossier_a,
            by=focal_a,
            version=1,
            data={"gap_internal": "Tab lain"},
            edit_token="page-b",
            edit_seq=9,
        )


def test_an_older_autosave_arriving_after_the_pages_full_save_is_refused(
    focal_a, dossier_a
):
    # The page sent its autosave (number 1) and then its full save (number 2), both
    # at version 1; the full save arrived first.
    dossier_update(
        dossier=dossier_a,
        by=focal_a,
        version=1,
        data={"gap_internal": "Simpan penuh"},
        edit_token="page-a",
        edit_seq=2,
    )
    with pytest.raises(ValidationError) as refused:
        dossier_update(
            dossier=Dossier.objects.get(pk=dossier_a.pk),
            by=focal_a,
            version=1,
            data={"gap_internal": "Autosave lama"},
            edit_token="page-a",
            edit_seq=1,
        )
    assert refused.value.error_list[0].code == "superseded"
    dossier_a.refresh_from_db()
    assert (dossier_a.gap_internal, dossier_a.version) == ("Simpan penuh", 2)


def test_a_save_without_a_number_is_checked_by_version_only(focal_a, dossier_a):
    # A page without the script numbers nothing: its token alone lets nothing pass.
    dossier_update(
        dossier=dossier_a,
        by=focal_a,
        version=1,
        data={"gap_internal": "Pertama"},
        edit_token="page-a",
    )
    with pytest.raises(ValidationError, match="sudah diubah orang lain"):
        dossier_update(
            dossier=Dossier.objects.get(pk=dossier_a.pk),
            by=focal_a,
            version=1,
            data={"gap_internal": "Kedua"},
            edit_token="page-a",
        )
