"""Migration 0009: the single co-review note each answer had (only Bappeda
co-reviewed then) becomes Bappeda's own note, by the same person."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessments", "0008_dossier_link")]
AFTER = [("assessments", "0009_co_review_notes")]


@pytest.mark.django_db(transaction=True)
def test_existing_notes_are_kept_as_bappedas():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("pug_portal", "User")
    Unit = apps.get_model("focal_points", "Unit")
    Instrument = apps.get_model("assessments", "Instrument")
    Item = apps.get_model("assessments", "InstrumentItem")
    Assessment = apps.get_model("assessments", "SelfAssessment")
    Answer = apps.get_model("assessments", "Answer")
    planner = User.objects.create(username="m_planner", role="planner")
    unit = Unit.objects.create(
        code="9.99", name="Dinas Uji", short_name="Uji", unit_type="DINAS"
    )
    instrument = Instrument.objects.create(
        name="Uji", year=2025, scope="UNIT", co_reviewers="BAPPEDA"
    )
    items = [
        Item.objects.create(
            instrument=instrument, code=f"K{i}", group="KOMITMEN", question="?", order=i
        )
        for i in (1, 2)
    ]
    assessment = Assessment.objects.create(instrument=instrument, unit=unit, year=2025)
    noted = Answer.objects.create(
        assessment=assessment,
        item=items[0],
        value="ya",
        co_review_note="Renja memuat indikator gender.",
        co_reviewed_by=planner,
    )
    Answer.objects.create(assessment=assessment, item=items[1], value="tidak")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    notes = list(apps.get_model("assessments", "CoReviewNote").objects.all())
    assert [(n.answer_id, n.agency, n.note, n.written_by_id) for n in notes] == [
        (noted.pk, "BAPPEDA", "Renja memuat indikator gender.", planner.pk)
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
