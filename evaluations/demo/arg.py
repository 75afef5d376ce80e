"""The demo's total belanja per unit and year, and the realisation its approved
dossiers report, written through the real services.

Figures in billions of Rupiah, plausible for Tangerang Selatan's APBD, not real.
Last year has a murni and a perubahan figure (the year's figure is the latest);
this year only murni, and Dinsos none yet, so the dashboard shows a unit without a
total belanja and its reason."""

from __future__ import annotations

from decimal import Decimal

from evaluations.models import Dossier, Realisation, TotalBelanja
from evaluations.services.arg import realisation_record, total_belanja_set
from evaluations.workflow import Status
from focal_points.models import Unit
from pug_portal.models import User

BILLION = Decimal(1_000_000_000)
# unit → total belanja murni in billions (this year); last year 6 % less, with a
# perubahan 3 % above its murni.
TOTALS = {
    "Dinkes": Decimal("412.5"),
    "Dindikbud": Decimal("905"),
    "DPMPPPAKB": Decimal("46.8"),
    "Dinsos": Decimal("61.2"),
    "Kec. Setu": Decimal("34.9"),
}
WITHOUT_TOTAL_THIS_YEAR = {"Dinsos"}
# Share of the pagu spent and of the work done by the end of each quarter.
QUARTERS = ((1, "0.15", "20"), (2, "0.35", "45"), (3, "0.30", "80"), (4, "0.12", "100"))


def seed_total_belanja(
    *, units: dict[str, Unit], year: int, this_year: int, by: User
) -> int:
    """Record the demo's total belanja of `year`; returns how many rows were new."""
    created = 0
    for name, billions in TOTALS.items():
        if name not in units:
            continue
        if year == this_year:
            phases = [] if name in WITHOUT_TOTAL_THIS_YEAR else [("MURNI", billions)]
        else:
            murni = (billions * Decimal("0.94")).quantize(Decimal("0.1"))
            phases = [("MURNI", murni), ("PERUBAHAN", murni * Decimal("1.03"))]
        for phase, amount in phases:
            unit = units[name]
            if TotalBelanja.objects.filter(unit=unit, year=year, phase=phase).exists():
                continue
            total = (amount * BILLION).quantize(Decimal(1))
            total_belanja_set(unit=unit, year=year, phase=phase, total=total, by=by)
            created += 1
    return created


def seed_realisation(*, year: int, this_year: int, by: User) -> int:
    """Quarterly realisation of the approved dossiers of `year`: the four quarters
    last year, the first two this year. Returns how many were recorded."""
    quarters = QUARTERS if year < this_year else QUARTERS[:2]
    created = 0
    dossiers = Dossier.objects.filter(
        cycle__year=year, status=Status.APPROVED
    ).select_related("budget_line", "cycle", "unit")
    for dossier in dossiers:
        done = set(
            Realisation.objects.filter(dossier=dossier).values_list(
                "quarter", flat=True
            )
        )
        pagu = dossier.budget_line.pagu
        for quarter, share, physical in quarters:
            if quarter in done:
                continue
            realisation_record(
                dossier=dossier,
                by=by,
                data={
                    "quarter": quarter,
                    "amount": (pagu * Decimal(share)).quantize(Decimal(1)),
                    "physical_percent": Decimal(physical),
                    # beneficiaries by sex, more women than men (plausible, not real)
                    "beneficiaries_male": 40 * quarter + dossier.pk % 7,
                    "beneficiaries_female": 95 * quarter + dossier.pk % 11,
                },
            )
            created += 1
    return created
