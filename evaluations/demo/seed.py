"""Seeding: cycles, budget lines and dossiers moved through the real services."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.test.utils import override_settings

from evaluations.demo.arg import seed_realisation, seed_total_belanja
from evaluations.demo.lines import EDITORS, LINES, PLAN, nomenclature
from evaluations.demo.topics import TOPICS
from evaluations.models import (
    ActionPlanRow,
    BudgetLine,
    CycleState,
    DisaggregatedDataRow,
    Dossier,
    EvaluationCycle,
    ScoreKind,
)
from evaluations.services.budget import cycle_close
from evaluations.services.dossiers import dossier_create, dossier_submit, dossier_update
from evaluations.services.review import (
    comment_resolve,
    dossier_approve,
    dossier_return,
    dossier_score,
    dossier_start_review,
)
from evaluations.workflow import Status
from focal_points.models import Unit
from pug_portal.models import User


def seed_evaluations(*, today: datetime.date) -> dict[str, int]:
    """Load the demo cycles, budget lines and dossiers; returns what was created."""
    created = {
        "cycles": 0,
        "budget lines": 0,
        "dossiers": 0,
        "total belanja": 0,
        "realisation": 0,
    }
    names = nomenclature()
    units = {u.short_name: u for u in Unit.objects.filter(short_name__in=_units())}
    if len(units) < len(_units()):
        return created  # the registry is not seeded
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    # Transitions mail the other side; the demo must not print or send mail.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        for year in (today.year - 1, today.year):
            cycle, new = _cycle(year, today)
            created["cycles"] += new
            for unit_name, program, kegiatan, code, name, pagu, category, _t in LINES:
                _line, new = BudgetLine.objects.get_or_create(
                    unit=units[unit_name],
                    year=year,
                    sub_kegiatan_code=code,
                    defaults={
                        "program_code": program[0],
                        "program_name": program[1] or names.get(program[0], ""),
                        "kegiatan_code": kegiatan[0],
                        "kegiatan_name": kegiatan[1] or names.get(kegiatan[0], ""),
                        "sub_kegiatan_name": name or names.get(code, ""),
                        # last year a little smaller; realisation reported then
                        "pagu": Decimal(pagu * 1_000_000)
                        * (Decimal("0.92") if year < today.year else 1),
                        "realisasi": Decimal(pagu * 1_000_000) * Decimal("0.87")
                        if year < today.year
                        else None,
                        "is_arg": bool(category),
                        "arg_category": category,
                    },
                )
                created["budget lines"] += new
            for unit_name, code, now_status, last_status in PLAN:
                target = now_status if year == today.year else last_status
                if target is None:
                    continue
                line = BudgetLine.objects.get(
                    unit=units[unit_name], year=year, sub_kegiatan_code=code
                )
                if Dossier.objects.filter(budget_line=line).exists():
                    continue
                topic = next(t for (_u, _p, _k, c, *_rest, t) in LINES if c == code)
                editor = users.get(EDITORS.get(unit_name, "admin"), users["admin"])
                content = TOPICS.get(topic) or TOPICS["pug_kebijakan"]
                _dossier(line, content, target, editor, users["reviewer"])
                created["dossiers"] += 1
            if cycle.state != CycleState.CLOSED:
                created["total belanja"] += seed_total_belanja(
                    units=units, year=year, this_year=today.year, by=users["reviewer"]
                )
                created["realisation"] += seed_realisation(
                    year=year, this_year=today.year, by=users["admin"]
                )
            if year < today.year and cycle.state != CycleState.CLOSED:
                cycle_close(cycle=cycle, by=users["reviewer"])
    return created


def _units() -> set[str]:
    return {line[0] for line in LINES}


def _usernames() -> set[str]:
    return {"admin", "reviewer", *EDITORS.values()}


def _cycle(year: int, today: datetime.date) -> tuple[EvaluationCycle, bool]:
    if year < today.year:
        dates = (
            datetime.date(year, 1, 15),
            datetime.date(year, 7, 31),
            datetime.date(year, 9, 30),
        )
    else:
        # The open cycle's deadline lies ahead, so reminders and the checklist matter.
        submit = max(datetime.date(year, 7, 31), today + datetime.timedelta(days=21))
        dates = (
            datetime.date(year, 1, 15),
            submit,
            submit + datetime.timedelta(days=45),
        )
    # Last year's cycle is created open and closed after its dossiers are reviewed.
    return EvaluationCycle.objects.get_or_create(
        year=year,
        defaults={
            "open_date": dates[0],
            "submission_deadline": dates[1],
            "review_deadline": dates[2],
            "state": CycleState.OPEN,
        },
    )


def _fill(dossier: Dossier, topic: dict, *, complete: bool) -> None:
    fields = {
        k: v for k, v in topic.items() if k.startswith("gap_") or k == "gbs_impact"
    }
    if topic.get("kak"):
        unit = dossier.unit
        fields |= {
            "kak_included": True,
            "kak_legal_basis": "Inpres No. 9 Tahun 2000 tentang PUG; Permendagri No. 15 "
            "Tahun 2008 jo. No. 67 Tahun 2011; Perda Kota Tangerang Selatan tentang "
            "Pengarusutamaan Gender.",
            "kak_beneficiaries": "Ibu hamil dan pasangannya di wilayah 29 puskesmas.",
            "kak_beneficiaries_male": 1400,
            "kak_beneficiaries_female": 4300,
            "kak_purpose": "Meningkatkan pengetahuan ibu hamil dan suami tentang "
            "kehamilan sehat dan tanda bahaya.",
            "kak_method": "Swakelola oleh puskesmas; kelas 4 pertemuan per angkatan.",
            "kak_location": "29 puskesmas se-Kota Tangerang Selatan",
            "kak_schedule": "Februari – November",
            "kak_pic_name": unit.head_name,
            "kak_pic_nip": unit.head_nip,
        }
    if not complete:
        # A draft in progress: the first steps written, the rest still empty.
        keep = ("gap_policy", "gap_insight", "gap_access", "gap_participation")
        fields = {k: v for k, v in fields.items() if k in keep}
    Dossier.objects.filter(pk=dossier.pk).update(**fields)
    for position, (text, millions, output, outcome) in enumerate(topic["actions"]):
        ActionPlanRow.objects.create(
            dossier=dossier,
            position=position,
            description=text,
            input_amount=Decimal(millions * 1_000_000),
            output=output,
            outcome=outcome,
        )
    for position, (label, kind, aspect, male, female, unit, source) in enumerate(
        topic["data"]
    ):
        DisaggregatedDataRow.objects.create(
            dossier=dossier,
            position=position,
            label=label,
            kind=kind,
            aspect=aspect,
            male=Decimal(male),
            female=Decimal(female),
            total=Decimal(male + female),
            unit_of_measure=unit,
            source=source,
        )
    dossier.refresh_from_db()


RUBRIC_GOOD = {f"c{i}": 2 for i in range(1, 11)} | {"c10": 1, "c9": 1}
RUBRIC_FAIR = {f"c{i}": 1 for i in range(1, 11)} | {"c1": 2, "c6": 2}


def _dossier(
    line: BudgetLine, topic: dict, target: str, editor: User, reviewer: User
) -> Dossier:
    dossier = dossier_create(by=editor, budget_line=line)
    complete = target != Status.DRAFT and bool(topic["actions"])
    _fill(dossier, topic, complete=complete)
    if target == Status.DRAFT:
        return dossier
    dossier_score(dossier=dossier, by=editor, kind=ScoreKind.SELF, scores=RUBRIC_GOOD)
    dossier_submit(dossier=dossier, by=editor)
    if target == Status.SUBMITTED:
        return dossier
    dossier_start_review(dossier=dossier, by=reviewer)
    if target == Status.IN_REVIEW:
        return dossier
    dossier_score(
        dossier=dossier, by=reviewer, kind=ScoreKind.REVIEWER, scores=RUBRIC_FAIR
    )
    dossier_return(
        dossier=dossier,
        by=reviewer,
        reason="Sebab kesenjangan belum didukung data terpilah dan indikator hasil "
        "belum memuat target yang terukur.",
        comments=[
            {
                "target": "gap_4",
                "text": "Sebutkan data yang menunjukkan sebab internal (mis. jadwal "
                "layanan, SOP).",
            },
            {
                "target": "gbs_indicators",
                "text": "Indikator hasil perlu target dan satuan yang jelas.",
            },
        ],
    )
    if target == Status.REVISION_REQUESTED:
        return dossier
    # The focal point answers the comments and resubmits; the reviewer approves.
    dossier.refresh_from_db()
    dossier_update(
        dossier=dossier,
        by=editor,
        version=dossier.version,
        data={
            "gap_internal": dossier.gap_internal
            + " Survei puskesmas 2025: 22 dari 29 puskesmas hanya melayani kelas pada "
            "jam kerja."
        },
    )
    for comment in dossier.comments.all():
        comment_resolve(comment=comment, by=editor)
    dossier_submit(dossier=dossier, by=editor)
    dossier_start_review(dossier=dossier, by=reviewer)
    dossier_score(
        dossier=dossier, by=reviewer, kind=ScoreKind.REVIEWER, scores=RUBRIC_GOOD
    )
    dossier_approve(dossier=dossier, by=reviewer)
    return dossier
