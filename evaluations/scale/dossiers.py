"""Generator steps for the evaluation side: cycles, budget lines with
Permendagri-shaped codes, dossiers with their text, and per batch of dossiers the
parts that hang off them (action rows, L/P data rows, rubric scores, review
comments, activity-log entries).

`DOSSIER_PARTS` is the list to extend: each part gets the batch's dossiers with
their planned life (`dossier.life`, see history.py) and returns the rows to insert.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from evaluations.gap import GAP_FIELDS, CommentTarget
from evaluations.models import (
    RUBRIC_FIELDS,
    ActionPlanRow,
    ApkmAspect,
    ArgCategory,
    BudgetLine,
    CycleState,
    DataKind,
    DisaggregatedDataRow,
    Dossier,
    EvaluationCycle,
    ReviewComment,
    RubricScore,
    ScoreKind,
    classify,
)
from evaluations.scale import history
from evaluations.scale.arg import realisations
from evaluations.scale.context import ScaleContext, aware, build
from evaluations.scale.words import OBJECTS, SUBJECTS
from evaluations.workflow import Status
from pug_portal.models import ActivityLog

UNITS_PER_BATCH = 20
# Urusan code of the units whose affairs are well known; the rest take one by name.
URUSAN = {
    "Dindikbud": "1.01",
    "Dinkes": "1.02",
    "DSDABMBK": "1.03",
    "DCKTR": "1.03",
    "Disperkimta": "1.04",
    "Satpol PP": "1.05",
    "Dinsos": "1.06",
    "Disnaker": "2.07",
    "DPMPPPAKB": "2.08",
    "DKP3": "2.09",
    "DLH": "2.11",
    "Disdukcapil": "2.12",
    "Dishub": "2.15",
    "Diskominfo": "2.16",
    "Dinkop UKM": "2.17",
    "DPMPTSP": "2.18",
    "DPAD": "2.23",
    "Bappelitbangda": "5.01",
    "BPKAD": "5.02",
    "Bapenda": "5.02",
    "BKPSDM": "5.03",
    "Inspektorat": "6.01",
}
FALLBACK_URUSAN = ("4.01", "7.01", "8.01", "2.20", "2.21")
PROGRAMS = (
    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    "Program Peningkatan Kualitas Pelayanan Publik",
    "Program Pemberdayaan Masyarakat dan Kelembagaan",
    "Program Pengarusutamaan Gender dan Pemberdayaan Perempuan",
)
KEGIATAN = (
    "Penyediaan Layanan Dasar Responsif Gender",
    "Koordinasi dan Sinkronisasi Program Lintas Sektor",
    "Peningkatan Kapasitas Kelembagaan",
    "Pengelolaan Data dan Informasi Terpilah",
)
SUB_VERBS = ("Penyelenggaraan", "Fasilitasi", "Pengembangan", "Penyediaan")
# Worked out once: a choices enum builds the list anew on every `.values`.
ARG_CATEGORIES = ArgCategory.values
ASPECTS = ["", *ApkmAspect.values]
# (field, shortest, longest) of the text typed into a complete dossier
GAP_LENGTHS = {
    "gap_policy": (150, 500),
    "gap_insight": (400, 2000),
    "gap_access": (150, 700),
    "gap_participation": (150, 700),
    "gap_control": (150, 700),
    "gap_benefit": (150, 700),
    "gap_internal": (150, 700),
    "gap_external": (150, 700),
    "gap_reformulated": (150, 500),
    "gap_action_note": (0, 0),
    "gap_baseline": (200, 800),
    "gap_output_indicator": (80, 300),
    "gap_outcome_indicator": (80, 300),
}
KAK_LENGTHS = {
    "kak_legal_basis": (200, 700),
    "kak_beneficiaries": (150, 500),
    "kak_purpose": (200, 700),
    "kak_method": (300, 1200),
    "kak_schedule": (80, 300),
}


def cycles(ctx: ScaleContext) -> None:
    """One cycle a year: past years closed, the current one open."""
    made = [
        EvaluationCycle(
            year=year,
            open_date=datetime.date(year, 1, 15),
            submission_deadline=datetime.date(year, 7, 31),
            review_deadline=datetime.date(year, 9, 30),
            state=CycleState.OPEN if year == ctx.current_year else CycleState.CLOSED,
            created_at=aware(datetime.date(year, 1, 2)),
        )
        for year in ctx.years
    ]
    ctx.cycles = {c.year: c for c in ctx.bulk(made)}


def budget_and_dossiers(ctx: ScaleContext) -> None:
    """Per year and batch of units: the budget lines (K with a dossier, about one
    in twelve more without), the dossiers, then every part in DOSSIER_PARTS."""
    ctx.dossier_type = ContentType.objects.get_for_model(Dossier)
    with ctx.copy_behind():
        _lines_and_dossiers(ctx)


def _lines_and_dossiers(ctx: ScaleContext) -> None:
    per_unit = ctx.config.dossiers_per_unit
    for year in ctx.years:
        for low in range(0, len(ctx.units), UNITS_PER_BATCH):
            batch = ctx.units[low : low + UNITS_PER_BATCH]
            rng = ctx.rng("dossiers", year, low)
            lines, with_dossier = [], []
            for unit in batch:
                extra = max(1, per_unit // 12)
                made = budget_lines(rng, unit, year, per_unit + extra, ctx.current_year)
                lines += made
                with_dossier += made[:per_unit]
            ctx.bulk(lines)
            # The open year's first dossiers take every status in turn, so even a
            # tiny run shows the whole workflow; the rest follow the weights.
            every = list(Status) if year == ctx.current_year and low == 0 else []
            dossiers = [
                make_dossier(ctx, rng, line, every[i] if i < len(every) else None)
                for i, line in enumerate(with_dossier)
            ]
            ctx.bulk(dossiers)
            for part in DOSSIER_PARTS:
                ctx.bulk(part(ctx, ctx.rng(part.__name__, year, low), dossiers))


def budget_lines(
    rng: random.Random, unit, year: int, count: int, current_year: int
) -> list[BudgetLine]:
    """`count` lines of `unit` in `year`: codes urusan.program.2.kegiatan.sub,
    four in five flagged ARG; realisation reported for past years."""
    urusan = URUSAN.get(unit.short_name) or FALLBACK_URUSAN[unit.pk % 5]
    made = []
    for i in range(count):
        program = f"{urusan}.{1 + (i // 50) % 4:02d}"
        kegiatan = f"{program}.2.{1 + (i // 10) % 20:02d}"
        arg = rng.random() < 0.8
        made.append(
            build(
                BudgetLine,
                unit=unit,
                year=year,
                program_code=program,
                program_name=PROGRAMS[(i // 50) % 4],
                kegiatan_code=kegiatan,
                kegiatan_name=KEGIATAN[(i // 10) % 4],
                sub_kegiatan_code=f"{kegiatan}.{i + 1:04d}",
                sub_kegiatan_name=f"{rng.choice(SUB_VERBS)} {rng.choice(OBJECTS)}",
                pagu=Decimal(rng.randrange(50, 5000) * 1_000_000),
                realisasi=None
                if year == current_year
                else Decimal(rng.randrange(40, 100) * 10_000_000),
                is_arg=arg,
                arg_category=rng.choice(ARG_CATEGORIES) if arg else "",
                created_at=aware(datetime.date(year - 1, 11, 1)),
                updated_at=aware(datetime.date(year - 1, 11, 1)),
            )
        )
    return made


def make_dossier(
    ctx: ScaleContext, rng: random.Random, line: BudgetLine, status: str | None
) -> Dossier:
    """A dossier of `line` whose planned life ends in `status` (by default drawn
    with the weights of an open or a closed year), its text typed to match."""
    year = line.year
    weights = history.OPEN_YEAR if year == ctx.current_year else history.CLOSED_YEAR
    life = history.plan_life(
        rng,
        status=status or history.pick(rng, weights),
        window=ctx.year_window(year),
        focal=ctx.focal_user_by_unit[line.unit_id],
        reviewers=ctx.users["reviewer"],
    )
    dossier = build(
        Dossier,
        unit=line.unit,
        cycle=ctx.cycles[year],
        budget_line=line,
        gbs_amount=line.pagu if rng.random() < 0.95 else line.pagu / 2,
        gbs_sign_place="Tangerang Selatan",
        **life.row_fields(),
    )
    typed = int(life.fill * len(GAP_FIELDS))
    for name in GAP_FIELDS[:typed]:
        low, high = GAP_LENGTHS.get(name, (200, 600))
        if high:
            setattr(dossier, name, ctx.pool.text(rng, low, high))
    if life.fill == 1.0:
        _gbs_and_kak(ctx, rng, dossier, life)
    dossier.life = life
    return dossier


def _gbs_and_kak(ctx, rng, dossier: Dossier, life: history.Life) -> None:
    dossier.gbs_impact = ctx.pool.text(rng, 150, 500)
    if rng.random() < 0.1:
        dossier.gbs_situation = ctx.pool.text(rng, 600, 2000)
    submitted = life.last(history.SUBMIT)
    dossier.gbs_sign_date = submitted.at.date() if submitted else None
    if rng.random() < 0.6:
        dossier.kak_included = True
        for name, (low, high) in KAK_LENGTHS.items():
            setattr(dossier, name, ctx.pool.text(rng, low, high))
        dossier.kak_location = "Kantor kelurahan dan puskesmas se-Kota"
        dossier.kak_beneficiaries_male = rng.randrange(20, 2000)
        dossier.kak_beneficiaries_female = rng.randrange(20, 2000)
        dossier.kak_pic_name = dossier.unit.head_name
        dossier.kak_pic_nip = dossier.unit.head_nip


# --- parts: rows that hang off a batch of dossiers -------------------------------


def action_rows(ctx, rng, dossiers: list[Dossier]) -> list[ActionPlanRow]:
    rows = []
    for d in dossiers:
        if d.life.fill < 0.5:
            continue
        for position in range(rng.randint(1, 3)):
            rows.append(
                build(
                    ActionPlanRow,
                    dossier=d,
                    position=position,
                    description=ctx.pool.phrase(rng),
                    input_amount=Decimal(rng.randrange(5, 400) * 1_000_000),
                    output=f"{rng.randrange(2, 60)} kegiatan terlaksana",
                    outcome=ctx.pool.text(rng, 80, 240),
                )
            )
    return rows


def data_rows(ctx, rng, dossiers: list[Dossier]) -> list[DisaggregatedDataRow]:
    rows = []
    kinds = [DataKind.PEMBUKA_WAWASAN, DataKind.BASELINE, DataKind.TARGET]
    for d in dossiers:
        wanted = kinds[: round(d.life.fill * 3)]
        if d.life.status == Status.APPROVED and d.cycle.is_closed:
            wanted = [*wanted, DataKind.REALISASI]
        for position, kind in enumerate(wanted):
            male, female = rng.randrange(10, 5000), rng.randrange(10, 5000)
            rows.append(
                build(
                    DisaggregatedDataRow,
                    dossier=d,
                    position=position,
                    label=f"Jumlah {rng.choice(SUBJECTS).lower()}",
                    kind=kind,
                    aspect=rng.choice(ASPECTS),
                    male=male,
                    female=female,
                    total=male + female if rng.random() < 0.5 else None,
                    unit_of_measure="orang",
                    source=f"Data {d.unit.short_name} {d.cycle.year}",
                )
            )
    return rows


def scores(ctx, rng, dossiers: list[Dossier]) -> list[RubricScore]:
    """The reviewer's score on every approved dossier (never below 'Cukup': an
    approved document is not 'Kurang') and on some returned ones; a self-score on
    two in five submitted ones."""
    rows = []
    for d in dossiers:
        life = d.life
        if life.status == Status.APPROVED or (life.returns and rng.random() < 0.5):
            low = 1 if life.status == Status.APPROVED else 0
            rows.append(_score(rng, d, ScoreKind.REVIEWER, low, life.steps[-1]))
        submitted = life.last(history.SUBMIT)
        if submitted and rng.random() < 0.4:
            rows.append(_score(rng, d, ScoreKind.SELF, 0, submitted))
    return rows


def _score(rng, dossier, kind, low, step) -> RubricScore:
    score = build(
        RubricScore,
        dossier=dossier,
        kind=kind,
        scored_by=step.actor,
        scored_at=step.at,
        **{name: rng.randint(low, 2) for name in RUBRIC_FIELDS},
    )
    score.total = sum(getattr(score, name) for name in RUBRIC_FIELDS)
    score.classification = classify(score.total)
    return score


TARGETS = [t for t in CommentTarget.values if t != CommentTarget.GENERAL]


def comments(ctx, rng, dossiers: list[Dossier]) -> list[ReviewComment]:
    """One to three comments per return: open while the dossier waits for its
    revision, resolved by the focal point once it was resubmitted."""
    rows = []
    for d in dossiers:
        returns = [s for s in d.life.steps if s.action == history.RETURN]
        for round_no, step in enumerate(returns, 1):
            open_now = (
                d.life.status == Status.REVISION_REQUESTED and step is returns[-1]
            )
            for _ in range(rng.randint(1, 3)):
                rows.append(
                    build(
                        ReviewComment,
                        dossier=d,
                        target=rng.choice(TARGETS),
                        text=ctx.pool.text(rng, 80, 400),
                        round=round_no,
                        author=step.actor,
                        created_at=step.at,
                        resolved=not open_now,
                        resolved_by=None if open_now else d.created_by,
                        resolved_at=None if open_now else d.updated_at,
                    )
                )
    return rows


def activity(ctx, rng, dossiers: list[Dossier]) -> list[ActivityLog]:
    """An entry per step of each dossier's life, as the services write them."""
    rows = []
    for d in dossiers:
        line = d.budget_line
        label = f"{line.sub_kegiatan_name} — {line.unit.short_name} {line.year}"
        for step in d.life.steps:
            data = (
                {"from": step.from_status, "to": step.to_status, "reason": step.reason}
                if step.to_status
                else {"budget_line": str(line)}
                if step.action == "create"
                else {}
            )
            rows.append(
                build(
                    ActivityLog,
                    created_at=step.at,
                    actor=step.actor,
                    action=f"dossier.{step.action}",
                    content_type=ctx.dossier_type,
                    object_id=str(d.pk),
                    object_repr=label[:255],
                    data=data,
                )
            )
    return rows


DossierPart = Callable[[ScaleContext, random.Random, list[Dossier]], list]
DOSSIER_PARTS: list[DossierPart] = [
    action_rows,
    data_rows,
    scores,
    comments,
    activity,
    realisations,
]
