import datetime

from evaluations.demo import seed_evaluations
from evaluations.models import BudgetLine, CycleState, Dossier, EvaluationCycle
from evaluations.workflow import Status
from focal_points.demo import seed_registry

TODAY = datetime.date(2026, 6, 15)


def test_the_demo_has_two_years_real_codes_and_every_status_and_is_idempotent(db):
    seed_registry(today=TODAY)
    counts = seed_evaluations(today=TODAY)
    assert counts["cycles"] == 2
    assert counts["budget lines"] >= 24
    states = dict(EvaluationCycle.objects.values_list("year", "state"))
    assert states == {2025: CycleState.CLOSED, 2026: CycleState.OPEN}
    this_year = set(
        Dossier.objects.filter(cycle__year=2026).values_list("status", flat=True)
    )
    assert this_year == set(Status.values)
    units = set(Dossier.objects.values_list("unit__short_name", flat=True))
    assert {"Dinkes", "Kec. Setu", "DPMPPPAKB"} <= units
    assert BudgetLine.objects.filter(
        sub_kegiatan_code="2.08.02.2.01.0001",
        sub_kegiatan_name="Koordinasi dan Sinkronisasi Perumusan Kebijakan "
        "Pelaksanaan PUG",
    ).exists()
    assert all(not line.code_warnings() for line in BudgetLine.objects.all())
    approved = Dossier.objects.filter(status=Status.APPROVED).first()
    assert approved.scores.filter(kind="REVIEWER").get().total >= 15

    # total belanja: murni and perubahan last year, murni this year but for Dinsos
    assert counts["total belanja"] == 5 * 2 + 4
    assert counts["realisation"] > 0

    again = seed_evaluations(today=TODAY)
    assert set(again.values()) == {0}
