"""Rencana Pokja PUG: the plan and its rows through the services and the pages —
every bad input gets its message next to the field or row and nothing is half
saved; a ditetapkan plan refuses changes but takes achievements; recording an
achievement never touches the targets."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessments.models import (
    PlanAchievement,
    PlanKind,
    PlanRow,
    PlanStatus,
    PlanTarget,
    PokjaPlan,
)
from assessments.services.plans import (
    AchievementInput,
    PlanRowsInvalid,
    RowInput,
    achievements_record,
    plan_adopt,
    plan_create,
    plan_rows_save,
    plan_update,
)
from pug_portal.models import ActivityLog
from tests.assessments.factories import (
    PlanFactory,
    PlanRowFactory,
    plan_achievement,
    plan_target,
)
from tests.factories import DecreeFactory, UnitFactory

pytestmark = pytest.mark.django_db


def row_data(unit, **overrides):
    data = {
        "order": 1,
        "area": "PELEMBAGAAN",
        "program": "Rapat koordinasi Pokja PUG",
        "baseline": "2 kali (2025)",
        "target_total": "20 kali",
        "indicator": "Jumlah rapat koordinasi",
        "budget": Decimal("25000000"),
        "unit": unit,
    }
    data.update(overrides)
    return data


# --- the plan -----------------------------------------------------------------------


def test_a_five_year_plan_spans_five_years_and_starts_as_a_draft(reviewer):
    plan = plan_create(
        by=reviewer,
        data={
            "kind": PlanKind.FIVE_YEAR,
            "title": "Rencana Pokja PUG 2026–2030",
            "start_year": 2026,
            "end_year": 2030,
        },
    )
    assert plan.status == PlanStatus.DRAFT
    assert plan.years == [2026, 2027, 2028, 2029, 2030]
    assert ActivityLog.objects.filter(action="pokja_plan.create").count() == 1


@pytest.mark.parametrize(
    ("kind", "start", "end", "message"),
    [
        (PlanKind.FIVE_YEAR, 2026, 2028, "mencakup lima tahun: tahun akhir 2030"),
        (PlanKind.ANNUAL, 2026, 2027, "Rencana tahunan mencakup satu tahun"),
        (PlanKind.FIVE_YEAR, 2026, 2025, "Tahun akhir sebelum tahun awal"),
    ],
)
def test_the_years_must_fit_the_kind_of_plan(reviewer, kind, start, end, message):
    with pytest.raises(ValidationError) as refused:
        plan_create(
            by=reviewer,
            data={"kind": kind, "title": "R", "start_year": start, "end_year": end},
        )
    assert message in str(refused.value.message_dict["end_year"])
    assert not PokjaPlan.objects.exists()


def test_an_annual_plan_falls_inside_its_five_year_plan(reviewer):
    five = PlanFactory(start_year=2026)
    with pytest.raises(ValidationError) as refused:
        plan_create(
            by=reviewer,
            data={
                "kind": PlanKind.ANNUAL,
                "title": "R 2031",
                "start_year": 2031,
                "end_year": 2031,
                "parent": five,
            },
        )
    assert "di luar rentang rencana lima tahunan 2026–2030" in str(
        refused.value.message_dict["parent"]
    )


def test_a_plan_rests_on_an_sk_pokja_not_a_focal_point_sk(reviewer, unit_a):
    with pytest.raises(ValidationError) as refused:
        plan_create(
            by=reviewer,
            data={
                "kind": PlanKind.ANNUAL,
                "title": "R",
                "start_year": 2026,
                "end_year": 2026,
                "decree": DecreeFactory(unit=unit_a),
            },
        )
    assert "SK Pokja PUG" in str(refused.value.message_dict["decree"])


def test_only_staff_keep_the_plans(planner, focal_a):
    for user in (planner, focal_a):
        with pytest.raises(PermissionDenied):
            plan_create(
                by=user,
                data={"kind": "TAHUNAN", "title": "R", "start_year": 2026},
            )


# --- the rows -----------------------------------------------------------------------


def test_rows_are_saved_with_one_target_per_year(reviewer, unit_a):
    plan = PlanFactory()
    count = plan_rows_save(
        plan=plan,
        by=reviewer,
        rows=[
            RowInput(
                data=row_data(unit_a),
                targets=[(2026, "4 kali"), (2027, "4 kali"), (2028, "")],
            )
        ],
    )
    assert count == 1
    row = plan.rows.get()
    assert row.budget == Decimal("25000000")
    assert dict(row.targets.values_list("year", "value")) == {
        2026: "4 kali",
        2027: "4 kali",
    }


def bad_rows(unit):
    """One good row and one row with each of its own faults."""
    return [
        RowInput(data=row_data(unit), targets=[(2026, "1")]),
        RowInput(
            data=row_data(unit, area="KOMITMEN", budget=Decimal("-5")),
            targets=[(2031, "1"), (2027, "2"), (2027, "3")],
        ),
    ]


def test_bad_rows_get_their_messages_and_nothing_is_saved(reviewer, unit_a):
    plan = PlanFactory()
    with pytest.raises(PlanRowsInvalid) as refused:
        plan_rows_save(plan=plan, by=reviewer, rows=bad_rows(unit_a))
    errors = refused.value.rows
    assert list(errors) == [1]  # the second row only
    assert errors[1]["area"] == [
        "Area “KOMITMEN” tidak dikenal: pilih pelembagaan PUG atau salah satu dari "
        "7 proses pembangunan."
    ]
    assert errors[1]["budget"] == ["Anggaran tidak boleh negatif."]
    assert errors[1]["targets"] == [
        "Target tahun 2031 di luar rentang rencana 2026–2030.",
        "Target tahun 2027 diisi dua kali.",
    ]
    assert not PlanRow.objects.exists()
    assert not PlanTarget.objects.exists()


def test_a_row_of_another_plan_is_refused(reviewer, unit_a):
    plan, other = PlanFactory(), PlanFactory()
    foreign = PlanRowFactory(plan=other)
    with pytest.raises(PlanRowsInvalid) as refused:
        plan_rows_save(
            plan=plan,
            by=reviewer,
            rows=[RowInput(pk=foreign.pk, data=row_data(unit_a))],
        )
    assert refused.value.rows[0]["__all__"] == ["Baris ini bukan milik rencana ini."]


def test_rows_are_changed_and_deleted_together(reviewer, unit_a):
    plan = PlanFactory()
    keep, drop = PlanRowFactory(plan=plan), PlanRowFactory(plan=plan)
    plan_target(keep, 2026, "1")
    plan_rows_save(
        plan=plan,
        by=reviewer,
        rows=[
            RowInput(
                pk=keep.pk,
                data=row_data(unit_a, program="Diubah"),
                targets=[(2026, ""), (2027, "5")],
            ),
            RowInput(pk=drop.pk, delete=True),
        ],
    )
    assert list(plan.rows.values_list("program", flat=True)) == ["Diubah"]
    assert dict(keep.targets.values_list("year", "value")) == {2027: "5"}


def test_a_ditetapkan_plan_is_read_only_except_its_achievements(reviewer, unit_a):
    plan = PlanFactory()
    row = PlanRowFactory(plan=plan, unit=unit_a)
    plan_target(row, 2026, "4 kali")
    plan_adopt(plan=plan, by=reviewer)
    assert plan.status == PlanStatus.ADOPTED
    message = "Rencana sudah ditetapkan dan tidak dapat diubah"
    with pytest.raises(ValidationError, match=message):
        plan_rows_save(plan=plan, by=reviewer, rows=[])
    with pytest.raises(ValidationError, match=message):
        plan_update(plan=plan, by=reviewer, data={"title": "Lain"})
    achievements_record(
        plan=plan,
        by=reviewer,
        year=2026,
        entries=[AchievementInput(row_pk=row.pk, percent=Decimal("75"))],
    )
    assert PlanAchievement.objects.get().percent == Decimal("75")


def test_a_plan_without_rows_cannot_be_adopted(reviewer):
    with pytest.raises(ValidationError, match="belum mempunyai baris"):
        plan_adopt(plan=PlanFactory(), by=reviewer)


def test_shortening_a_plan_with_targets_in_the_dropped_years_is_refused(reviewer):
    plan = PlanFactory(kind=PlanKind.ANNUAL, start_year=2026)
    plan_target(PlanRowFactory(plan=plan), 2026, "1")
    with pytest.raises(ValidationError) as refused:
        plan_update(plan=plan, by=reviewer, data={"start_year": 2027, "end_year": 2027})
    assert "target tahun 2026 di luar rentang baru" in str(
        refused.value.message_dict["end_year"]
    )


# --- achievements -------------------------------------------------------------------


def test_an_achievement_is_recorded_and_corrected_without_touching_the_target(
    reviewer, unit_a
):
    plan = PlanFactory()
    row = PlanRowFactory(plan=plan, unit=unit_a)
    plan_target(row, 2026, "4 kali")
    for percent in (Decimal("50"), Decimal("100")):
        achievements_record(
            plan=plan,
            by=reviewer,
            year=2026,
            entries=[AchievementInput(row_pk=row.pk, percent=percent, value="x")],
        )
    achievement = PlanAchievement.objects.get()
    assert (achievement.percent, achievement.recorded_by) == (Decimal(100), reviewer)
    assert achievement.target_met
    assert row.targets.get().value == "4 kali"
    logged = ActivityLog.objects.filter(action="pokja_plan.achievement")
    assert [e.data["percent"] for e in logged.order_by("pk")] == [
        [None, "50"],
        ["50.00", "100"],
    ]


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        (
            {"percent": Decimal("-1")},
            "percent",
            "Capaian tidak boleh negatif.",
        ),
        (
            {"percent": Decimal("1000")},
            "percent",
            "Capaian paling tinggi 999,99 persen dari target.",
        ),
        (
            {"note": "hanya catatan"},
            "percent",
            "Isi capaian (persen atau uraian), atau kosongkan catatannya.",
        ),
    ],
)
def test_bad_achievements_get_their_message(reviewer, entry, field, message):
    plan = PlanFactory()
    row = PlanRowFactory(plan=plan)
    with pytest.raises(PlanRowsInvalid) as refused:
        achievements_record(
            plan=plan,
            by=reviewer,
            year=2026,
            entries=[AchievementInput(row_pk=row.pk, **entry)],
        )
    assert message in refused.value.rows[0][field]
    assert not PlanAchievement.objects.exists()


def test_an_achievement_outside_the_plan_years_or_twice_is_refused(reviewer):
    plan = PlanFactory(kind=PlanKind.ANNUAL, start_year=2026)
    row = PlanRowFactory(plan=plan)
    with pytest.raises(ValidationError) as refused:
        achievements_record(plan=plan, by=reviewer, year=2027, entries=[])
    assert refused.value.message_dict["year"] == [
        "Tahun 2027 di luar rentang rencana 2026."
    ]
    twice = [AchievementInput(row_pk=row.pk, value="a")] * 2
    with pytest.raises(PlanRowsInvalid) as refused:
        achievements_record(plan=plan, by=reviewer, year=2026, entries=twice)
    assert refused.value.rows[1]["__all__"] == [
        "Capaian baris ini untuk tahun ini diisi dua kali."
    ]
    assert not PlanAchievement.objects.exists()


def test_an_emptied_entry_clears_the_achievement(reviewer):
    plan = PlanFactory()
    row = PlanRowFactory(plan=plan)
    plan_achievement(row, 2026, percent=Decimal(40))
    achievements_record(
        plan=plan, by=reviewer, year=2026, entries=[AchievementInput(row_pk=row.pk)]
    )
    assert not PlanAchievement.objects.exists()


def test_planners_read_but_do_not_record(planner):
    plan = PlanFactory()
    with pytest.raises(PermissionDenied):
        achievements_record(plan=plan, by=planner, year=2026, entries=[])


# --- the pages ----------------------------------------------------------------------


def test_staff_create_a_plan_on_its_page(client_for, reviewer):
    response = client_for(reviewer).post(
        reverse("assessments:plan_create"),
        {"kind": "LIMA_TAHUNAN", "title": "Rencana 2026–2030", "start_year": "2026"},
    )
    plan = PokjaPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.start_year, plan.end_year) == (2026, 2030)


def formset_post(rows, years, total=None):
    data = {
        "rows-TOTAL_FORMS": str(total or len(rows)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{i}-{key}"] = value
    return data


def test_the_matrix_page_saves_every_row_or_shows_each_message(
    client_for, reviewer, unit_a
):
    plan = PlanFactory(kind=PlanKind.ANNUAL, start_year=2026)
    url = reverse("assessments:plan_rows", args=[plan.pk])
    good = {
        "area": "PERENCANAAN",
        "program": "Penyusunan profil gender",
        "indicator": "Profil gender tersedia",
        "budget": "150.000.000",
        "unit": str(unit_a.pk),
        "target_2026": "1 dokumen",
    }
    bad = {**good, "area": "PRASYARAT", "budget": "-10", "unit": ""}
    client = client_for(reviewer)
    response = client.post(url, formset_post([good, bad], [2026]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Belum tersimpan: periksa baris yang ditandai." in page
    assert "Masukkan pilihan yang valid" in page  # the unknown area, at its field
    assert "Anggaran tidak boleh negatif." in page
    assert "Bidang ini tidak boleh kosong." in page
    assert not PlanRow.objects.exists()  # the good row neither

    response = client.post(url, formset_post([good, {}], [2026], total=2))
    assert response.status_code == 302
    row = plan.rows.get()
    assert (row.order, row.budget) == (1, Decimal("150000000"))
    assert row.targets.get().value == "1 dokumen"


def test_the_achievement_page_records_a_year(client_for, reviewer, unit_a):
    plan = PlanFactory()
    row = PlanRowFactory(plan=plan, unit=unit_a)
    plan_target(row, 2027, "50%")
    url = reverse("assessments:plan_achievements", args=[plan.pk]) + "?year=2027"
    client = client_for(reviewer)
    page = client.get(url).content.decode()
    assert "Capaian tahun 2027" in page and "50%" in page
    data = {
        "achievements-TOTAL_FORMS": "1",
        "achievements-INITIAL_FORMS": "1",
        "achievements-MIN_NUM_FORMS": "0",
        "achievements-MAX_NUM_FORMS": "1000",
        "achievements-0-row": str(row.pk),
        "achievements-0-percent": "abc",
    }
    response = client.post(url, data)
    assert "Masukkan angka persen, misalnya 75 atau 87,5." in response.content.decode()
    response = client.post(url, {**data, "achievements-0-percent": "87,5"})
    assert response.status_code == 302
    assert PlanAchievement.objects.get().percent == Decimal("87.5")
    assert PlanAchievement.objects.get().year == 2027


def test_an_unknown_year_of_the_achievement_page_is_a_404(client_for, reviewer):
    plan = PlanFactory(kind=PlanKind.ANNUAL, start_year=2026)
    url = reverse("assessments:plan_achievements", args=[plan.pk])
    for year in ("2031", "abc"):
        assert client_for(reviewer).get(f"{url}?year={year}").status_code == 404


def test_the_detail_page_shows_targets_achievements_and_who_recorded(
    client_for, reviewer, planner
):
    plan = PlanFactory()
    row = PlanRowFactory(plan=plan, unit=UnitFactory(short_name="Dinkes"))
    plan_target(row, 2026, "4 kali")
    achievement = plan_achievement(row, 2026, percent=Decimal(100), value="4 kali")
    achievement.recorded_by = reviewer
    achievement.save()
    page = client_for(planner).get(plan.get_absolute_url()).content.decode()
    assert "4 kali" in page and "Dinkes" in page
    assert "Capaian = baris rencana yang capaian tahunnya sudah dicatat" in page
    assert "Catat capaian" not in page  # planners read only
