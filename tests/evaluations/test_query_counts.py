"""The reviewer queue and the focal point's dossier list run a fixed number of queries
whatever the number of dossiers (measured at 20 and 2,000)."""

import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import BudgetLine, Dossier, ReviewComment, RubricScore
from evaluations.workflow import Status

_codes = itertools.count()


def make_dossiers(unit, cycle, n: int, status: str) -> None:
    """`n` dossiers with their budget lines, a comment and a score each, in bulk."""
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(
            unit=unit,
            year=cycle.year,
            program_code="1.02.02",
            program_name="Program Pemenuhan Upaya Kesehatan",
            kegiatan_code="1.02.02.2.02",
            kegiatan_name="Penyediaan Layanan Kesehatan",
            sub_kegiatan_code=f"1.02.02.2.02.{next(_codes):04d}",
            sub_kegiatan_name="Pelayanan Kesehatan Ibu Hamil",
            pagu=Decimal("1000000"),
            is_arg=True,
            arg_category="KHUSUS",
        )
        for _ in range(n)
    )
    now = timezone.now()
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            unit=unit,
            cycle=cycle,
            budget_line=line,
            status=status,
            submitted_at=now,
        )
        for line in lines
    )
    ReviewComment.objects.bulk_create(
        ReviewComment(dossier=d, target="gap_2", text="Tambah data") for d in dossiers
    )
    RubricScore.objects.bulk_create(
        RubricScore(dossier=d, kind="REVIEWER", total=12) for d in dossiers
    )


# Both pages, 6 queries whatever the size:
#   1 session, 2 user,
#   3 paginator COUNT,
#   4 cycles and 5 units for the filter form's choices (units through visible_to:
#     for a focal point one query with the appointment subquery),
#   6 the page of dossiers: unit, cycle and budget line joined, open comments
#     counted, the reviewer's total and class as subqueries — nothing per row.
QUEUE_QUERIES = 6
# The dossier list, opening on the current cycle, also looks that cycle up and the
# filter form checks the chosen one: 8.
LIST_QUERIES = 8


@pytest.mark.parametrize("size", [20, 2000])
def test_the_review_queue_query_count_does_not_grow(
    size, client_for, reviewer, unit_a, cycle, django_assert_num_queries
):
    make_dossiers(unit_a, cycle, size, Status.SUBMITTED)
    client = client_for(reviewer)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("evaluations:review_queue"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size


@pytest.mark.parametrize("size", [20, 2000])
def test_the_focal_points_dossier_list_query_count_does_not_grow(
    size, client_for, focal_a, unit_a, unit_b, cycle, django_assert_num_queries
):
    make_dossiers(unit_a, cycle, size, Status.DRAFT)
    make_dossiers(unit_b, cycle, 5, Status.DRAFT)  # another unit's: not shown
    client = client_for(focal_a)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("evaluations:dossier_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size


# Budget lines of the focal point's unit, 6 queries whatever the size:
#   1 session, 2 user, 3 the current cycle (the list opens on its year),
#   4 units for the filter form, 5 the rows per unit and year (the count; the page
#   is read from the groups it falls in: pug_portal.seek), 6 the page of lines
#   (unit joined; the dossier's id and status as subqueries).
@pytest.mark.parametrize("size", [20, 2000])
def test_the_budget_line_list_query_count_does_not_grow(
    size, client_for, focal_a, unit_a, cycle, django_assert_num_queries
):
    make_dossiers(unit_a, cycle, size, Status.DRAFT)
    client = client_for(focal_a)
    with django_assert_num_queries(BUDGET_QUERIES):
        response = client.get(reverse("evaluations:budget_line_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size


BUDGET_QUERIES = 6


def add_rows(dossier, n: int) -> None:
    from evaluations.models import ActionPlanRow, DisaggregatedDataRow

    ActionPlanRow.objects.bulk_create(
        ActionPlanRow(
            dossier=dossier,
            description=f"Aksi {i}",
            input_amount=Decimal("1000"),
            output="Keluaran",
            outcome="Hasil",
        )
        for i in range(n)
    )
    DisaggregatedDataRow.objects.bulk_create(
        DisaggregatedDataRow(
            dossier=dossier,
            label=f"Data {i}",
            kind="BASELINE",
            male=Decimal(1),
            female=Decimal(2),
            unit_of_measure="orang",
        )
        for i in range(n)
    )


@pytest.mark.parametrize("rows", [2, 200])
def test_the_dossier_and_review_pages_do_not_query_per_row(
    rows, client_for, reviewer, dossier_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_rows(dossier_a, rows)
    client = client_for(reviewer)
    counts = []
    for name in ("dossier_detail", "dossier_review"):
        url = reverse(f"evaluations:{name}", args=[dossier_a.pk])
        client.get(url)  # warm the content-type cache, as a running server has it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    # Detail, 10 queries: 1 session, 2 user, 3 the dossier (unit, cycle, budget line
    # joined), 4 its action rows and 5 data rows (prefetched), 6 rubric scores,
    # 7 open comments, 8 evidence, 9 the files linked from the unit's library (the
    # assessments app's panel), 10 all comments, 11 activity log.
    # Review adds 12: the reviewer's score for the rubric form, and 13: the
    # dossier's realisation records, for the computed C10.
    assert counts == PAGE_QUERIES


PAGE_QUERIES = [11, 13]
