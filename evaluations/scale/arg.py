"""Generator pieces for Persentase ARG: each unit's total belanja per year (a step)
and the quarterly realisation of approved dossiers (a dossier part)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from evaluations.models import BudgetPhase, Dossier, Realisation, TotalBelanja
from evaluations.scale.context import ScaleContext, aware, build
from evaluations.workflow import Status

# Average pagu of a generated budget line (budget_lines: 50 M – 5 bn Rupiah).
MEAN_LINE_PAGU = Decimal(2_525_000_000)


def total_belanja(ctx: ScaleContext) -> None:
    """A murni figure for every unit and year, well above its lines' pagu (ARG
    takes a few per cent of it); past years also a perubahan figure for about half
    the units; one unit in twenty has none yet in the current year, so the boards
    show the "—" with its reason."""
    lines = ctx.config.dossiers_per_unit + max(1, ctx.config.dossiers_per_unit // 12)
    rows = []
    for year in ctx.years:
        rng = ctx.rng("total_belanja", year)
        for unit in ctx.units:
            if year == ctx.current_year and rng.random() < 0.05:
                continue
            murni = (MEAN_LINE_PAGU * lines * Decimal(rng.uniform(8, 30))).quantize(
                Decimal(1_000_000)
            )
            when = aware(datetime.date(year - 1, 12, 1))
            rows.append(_row(unit, year, BudgetPhase.MURNI, murni, when))
            if year < ctx.current_year and rng.random() < 0.5:
                changed = (murni * Decimal(rng.uniform(0.95, 1.1))).quantize(
                    Decimal(1_000_000)
                )
                when = aware(datetime.date(year, 9, 30))
                rows.append(_row(unit, year, BudgetPhase.PERUBAHAN, changed, when))
    ctx.bulk(rows)


def _row(unit, year: int, phase: str, total: Decimal, when) -> TotalBelanja:
    return build(
        TotalBelanja, unit=unit, year=year, phase=phase, total=total, updated_at=when
    )


def realisations(
    ctx: ScaleContext, rng: random.Random, dossiers: list[Dossier]
) -> list[Realisation]:
    """About a third of the approved dossiers report realisation: every quarter in
    past years, the first one or two in the current year; spending about the pagu,
    beneficiaries by sex."""
    rows = []
    for d in dossiers:
        if d.life.status != Status.APPROVED or rng.random() > 0.3:
            continue
        year = d.cycle.year
        quarters = 4 if year < ctx.current_year else rng.randint(1, 2)
        pagu = d.budget_line.pagu
        for quarter in range(1, quarters + 1):
            rows.append(
                build(
                    Realisation,
                    dossier=d,
                    quarter=quarter,
                    amount=(pagu * Decimal(rng.uniform(0.1, 0.3))).quantize(Decimal(1)),
                    physical_percent=Decimal(min(100, 25 * quarter)),
                    beneficiaries_male=rng.randrange(10, 2000),
                    beneficiaries_female=rng.randrange(10, 2000),
                    recorded_by=ctx.focal_user_by_unit[d.unit_id],
                    created_at=aware(
                        min(
                            datetime.date(year, 3 * quarter, 28),
                            ctx.year_window(year)[1].date(),
                        )
                    ),
                )
            )
    return rows
