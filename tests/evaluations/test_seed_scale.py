"""manage.py seed_scale: realistic generated data, reproducible, and never over a
database that holds real data unless forced."""

import datetime
import random
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from psycopg.errors import NotNullViolation

from evaluations.models import (
    ActionPlanRow,
    BudgetLine,
    Classification,
    CycleState,
    DisaggregatedDataRow,
    Dossier,
    EvaluationCycle,
    ReviewComment,
    RubricScore,
    ScoreKind,
)
from evaluations.scale.context import ScaleConfig, ScaleContext, build
from evaluations.scale.words import TextPool, below
from evaluations.workflow import Status
from focal_points.models import (
    Attendance,
    CapacityEvent,
    FocalPointAppointment,
    Unit,
)
from pug_portal.models import ActivityLog, User
from tests.factories import UnitFactory

SMALL = ["--units", "3", "--years", "2", "--dossiers-per-unit", "2"]


def seed(*args):
    call_command("seed_scale", *SMALL, *args)


@pytest.fixture(autouse=True)
def _debug_on(settings, frozen_today):
    settings.DEBUG = True


@pytest.mark.django_db
def test_a_small_run_has_every_workflow_state_with_its_timestamps():
    seed()
    assert Dossier.objects.count() == 3 * 2 * 2
    assert set(Dossier.objects.values_list("status", flat=True)) == set(Status)
    states = dict(EvaluationCycle.objects.values_list("year", "state"))
    assert states == {2025: CycleState.CLOSED, 2026: CycleState.OPEN}
    for d in Dossier.objects.select_related("budget_line", "cycle"):
        assert d.budget_line.unit_id == d.unit_id
        assert d.budget_line.year == d.cycle.year
        assert d.created_at.year == d.cycle.year
        if d.status == Status.DRAFT:
            assert d.submitted_at is None and d.approved_at is None
        else:
            assert d.created_at <= d.submitted_at <= d.updated_at
        assert (d.approved_at is not None) == (d.status == Status.APPROVED)
        if d.status == Status.REVISION_REQUESTED:
            assert d.returned_at and d.return_reason
        if d.status != Status.DRAFT:
            assert 150 <= len(d.gap_policy) <= 500
            assert 400 <= len(d.gap_insight) <= 2000
            assert ActionPlanRow.objects.filter(dossier=d).exists()
            assert DisaggregatedDataRow.objects.filter(dossier=d).exists()


@pytest.mark.django_db
def test_reviews_leave_scores_comments_and_log_entries_that_match_the_state():
    seed()
    approved = Dossier.objects.filter(status=Status.APPROVED)
    reviewer_scores = RubricScore.objects.filter(kind=ScoreKind.REVIEWER)
    assert reviewer_scores.filter(dossier__in=approved).count() == approved.count()
    assert not reviewer_scores.filter(
        dossier__in=approved, classification=Classification.KURANG
    ).exists()
    for score in RubricScore.objects.all():
        assert score.total == sum(v or 0 for _label, v, _computed in score.items())
    returned = Dossier.objects.filter(status=Status.REVISION_REQUESTED)
    for d in returned:
        if ActivityLog.objects.for_object(d).filter(action="dossier.return").exists():
            assert ReviewComment.objects.filter(dossier=d, resolved=False).exists()
    for d in Dossier.objects.all():
        actions = list(
            ActivityLog.objects.for_object(d)
            .order_by("created_at", "pk")
            .values_list("action", flat=True)
        )
        assert actions[0] == "dossier.create"
        assert ("dossier.approve" in actions) >= (d.status == Status.APPROVED)


@pytest.mark.django_db
def test_the_registry_has_appointments_events_and_logins(client):
    seed()
    assert Unit.objects.count() == 3
    assert FocalPointAppointment.objects.current().exists()
    assert CapacityEvent.objects.count() == 6 * 2
    assert Attendance.objects.filter(attended=True).exists()
    response = client.post(
        "/accounts/login/",
        {"username": "scale_reviewer0", "password": "Scale#PUG2026"},
    )
    assert response.status_code == 302
    assert client.get("/dossiers/").status_code == 200
    focal = User.objects.get(username="scale_fp_0")
    assert Unit.objects.visible_to(focal).count() == 1


@pytest.mark.django_db
def test_units_past_the_real_list_are_generated(settings):
    call_command(
        "seed_scale", "--units", "101", "--years", "1", "--dossiers-per-unit", "1"
    )
    assert Unit.objects.count() == 101
    assert Unit.objects.filter(short_name="Dinkes").exists()
    assert Unit.objects.filter(name__startswith="Kelurahan", parent__isnull=False)
    assert BudgetLine.objects.filter(unit__short_name="Dinkes").count() == 2


def _snapshot():
    return (
        list(Dossier.objects.order_by("pk").values_list()),
        list(BudgetLine.objects.order_by("pk").values_list()),
        list(DisaggregatedDataRow.objects.order_by("pk").values_list()),
        list(ReviewComment.objects.order_by("pk").values_list()),
        list(ActivityLog.objects.order_by("pk").values_list()),
        list(User.objects.order_by("pk").values_list("username", "date_joined")),
    )


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    seed("--seed", "7")
    first = _snapshot()
    seed("--seed", "7")
    assert _snapshot() == first
    seed("--seed", "8")
    assert _snapshot()[0] != first[0]


@pytest.mark.django_db
def test_it_refuses_a_database_with_data_it_did_not_generate():
    UnitFactory(name="Dinas Kesehatan", short_name="Dinkes-real")
    with pytest.raises(CommandError, match="did not generate"):
        seed()
    assert Unit.objects.filter(short_name="Dinkes-real").exists()
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_force_replaces_foreign_data_and_a_generated_database_is_reseeded():
    UnitFactory(short_name="Dinkes-real")
    seed("--force")
    assert not Unit.objects.filter(short_name="Dinkes-real").exists()
    seed()  # its own data: no --force needed
    assert Dossier.objects.count() == 12


@pytest.mark.django_db
def test_it_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()


def test_generated_counts_are_written_the_indonesian_way_and_keep_their_commas():
    counts = [s for s in TextPool(random.Random(1)).sentences if "tercatat" in s]
    assert counts
    for sentence in counts:
        assert re.search(
            r"tercatat \d{1,3}(\.\d{3})* orang, terdiri atas \d{1,3}(\.\d{3})* "
            r"laki-laki dan \d{1,3}(\.\d{3})* perempuan",
            sentence,
        ), sentence


@pytest.mark.django_db
def test_units_get_a_total_belanja_and_approved_dossiers_realisation():
    from evaluations.models import Realisation, TotalBelanja

    call_command(
        "seed_scale", "--units", "3", "--years", "2", "--dossiers-per-unit", "12"
    )
    murni = TotalBelanja.objects.filter(phase="MURNI")
    assert murni.filter(year=2025).count() == 3
    for row in murni:
        pagu = sum(
            BudgetLine.objects.filter(unit=row.unit, year=row.year).values_list(
                "pagu", flat=True
            )
        )
        assert row.total > pagu  # ARG is a few per cent of the total, never more
    realised = Realisation.objects.select_related("dossier")
    assert realised.exists()
    assert {r.dossier.status for r in realised} == {Status.APPROVED}


@pytest.mark.django_db(transaction=True)
def test_its_own_transaction_writes_the_same_rows_as_a_callers():
    """Outside any transaction the tables are emptied inside the load's own one and
    (PostgreSQL) COPYed frozen, from a writer thread: the same rows as a run
    inside a caller's transaction, where neither applies."""
    seed("--seed", "7")
    own = _snapshot()
    assert own[0]
    with transaction.atomic():
        seed("--seed", "7")
        assert _snapshot() == own


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the writer thread is PostgreSQL's"
)
def test_a_copy_that_fails_in_the_writer_thread_fails_the_run():
    ctx = ScaleContext(ScaleConfig(units=1, years=1, dossiers_per_unit=1))
    with pytest.raises(NotNullViolation), ctx.copy_behind():
        ctx.bulk([build(EvaluationCycle, year=None, open_date=datetime.date.today())])
        ctx.bulk([build(EvaluationCycle, year=2026, open_date=datetime.date.today())])


def test_generated_text_draws_what_randint_and_choice_would_draw():
    """TextPool.text and `below` inline the standard library's draws: the same
    seed must still give the text (and every later number) it gave before."""

    def reference(pool, rng, low, high):  # TextPool.text as first written
        want, parts, length = rng.randint(low, high), [], 0
        while length < want:
            sentence = rng.choice(pool.sentences)
            parts.append(sentence)
            length += len(sentence) + 1
        text = " ".join(parts)
        return text[:high].rsplit(" ", 1)[0] + "." if len(text) > high else text

    pool = TextPool(random.Random(1))
    ours, theirs = random.Random(5), random.Random(5)
    for low, high in [(80, 240), (150, 500), (400, 2000), (0, 0)] * 50:
        assert pool.text(ours, low, high) == reference(pool, theirs, low, high)
    for n in [*range(1, 70), 4000, 2**20, 2**20 + 1]:
        assert below(ours, n) == theirs.randrange(n)
    assert ours.random() == theirs.random()
