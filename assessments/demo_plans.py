"""The demo's Rencana Pokja PUG: the five-year plan 2026–2030 and the 2026 annual
plan (ditetapkan) under the SK Pokja PUG of 2026, ten rows over pelembagaan and
the 7 proses, with some 2026 achievements. Made through the services, as staff
would; idempotent (a plan with the same title is left alone)."""

from decimal import Decimal

from assessments.models import PlanKind, PokjaPlan
from assessments.services.plans import (
    AchievementInput,
    RowInput,
    achievements_record,
    plan_adopt,
    plan_create,
    plan_rows_save,
)
from focal_points.models import Decree, DecreeType, Unit
from pug_portal.permissions import SYSTEM_USER

FIRST_YEAR = 2026
YEARS = range(FIRST_YEAR, FIRST_YEAR + 5)
FIVE_YEAR_TITLE = "Rencana Pokja PUG Kota Tangerang Selatan 2026–2030"
ANNUAL_TITLE = "Rencana Kerja Pokja PUG Kota Tangerang Selatan Tahun 2026"

# (area, program/kegiatan, data dasar, target 5 tahun, targets 2026..2030,
#  indikator, anggaran 2026, PD penanggung jawab, achievement 2026 (%, text))
ROWS = [
    (
        "PELEMBAGAAN",
        "Rapat koordinasi Pokja PUG",
        "2 kali (2025)",
        "20 kali",
        ["4 kali"] * 5,
        "Jumlah rapat koordinasi Pokja PUG",
        "45000000",
        "Bappelitbangda",
        (Decimal(50), "2 kali (Maret, Juni)"),
    ),
    (
        "PELEMBAGAAN",
        "Penguatan focal point PUG perangkat daerah",
        "60% PD",
        "100% PD",
        ["70%", "80%", "90%", "95%", "100%"],
        "PD dengan SK Tim Focal Point PUG yang berlaku",
        "60000000",
        "DPMPPPAKB",
        (Decimal(100), "34 dari 45 PD"),
    ),
    (
        "PERENCANAAN",
        "Penyusunan profil gender dan data terpilah kota",
        "Profil gender 2024",
        "5 dokumen",
        ["1 dokumen"] * 5,
        "Profil gender tahunan tersedia",
        "150000000",
        "DPMPPPAKB",
        None,
    ),
    (
        "PERENCANAAN",
        "Pendampingan penyusunan GAP perangkat daerah",
        "12 PD",
        "45 PD",
        ["20 PD", "25 PD", "32 PD", "40 PD", "45 PD"],
        "PD yang menyusun GAP",
        "75000000",
        "Bappelitbangda",
        (Decimal(75), "15 PD"),
    ),
    (
        "PENGANGGARAN",
        "Verifikasi GBS dalam pembahasan RKA oleh TAPD",
        "Belum",
        "Setiap tahun",
        ["Ya"] * 5,
        "RKA perangkat daerah yang GBS-nya diverifikasi",
        "30000000",
        "BPKAD",
        None,
    ),
    (
        "PELAKSANAAN",
        "Bimtek PPRG bagi perencana perangkat daerah",
        "40 orang",
        "250 orang",
        ["50 orang"] * 5,
        "Peserta terlatih (L/P)",
        "120000000",
        "DPMPPPAKB",
        (Decimal(110), "55 orang (L 21, P 34)"),
    ),
    (
        "PEMANTAUAN",
        "Pemantauan pelaksanaan PPRG semesteran",
        "1 kali",
        "10 kali",
        ["2 kali"] * 5,
        "Laporan pemantauan",
        "25000000",
        "DPMPPPAKB",
        None,
    ),
    (
        "EVALUASI",
        "Evaluasi penyelenggaraan PUG (Permen PPPA 5/2025)",
        "Evaluasi 2025",
        "5 laporan",
        ["1 laporan"] * 5,
        "Laporan evaluasi PUG tahunan",
        "40000000",
        "DPMPPPAKB",
        None,
    ),
    (
        "PENGAWASAN",
        "Pengawasan pelaksanaan ARG dalam PKPT Inspektorat",
        "0 PD",
        "45 PD",
        ["10 PD", "20 PD", "30 PD", "40 PD", "45 PD"],
        "PD yang diperiksa pelaksanaan ARG-nya",
        "35000000",
        "Inspektorat",
        None,
    ),
    (
        "PELAPORAN",
        "Laporan pelaksanaan PUG kepada Gubernur dan KemenPPPA",
        "Terlambat",
        "Tepat waktu",
        ["Tepat waktu"] * 5,
        "Laporan disampaikan tepat waktu",
        "15000000",
        "DPMPPPAKB",
        None,
    ),
]


def seed_plans() -> dict[str, int]:
    """Both plans when the registry holds their units; counts of what was made."""
    created = {"pokja plans": 0, "pokja plan achievements": 0}
    units = {
        u.short_name: u
        for u in Unit.objects.filter(short_name__in={r[7] for r in ROWS})
    }
    if len(units) < len({r[7] for r in ROWS}):
        return created  # the registry is not seeded
    decree = (
        Decree.objects.filter(decree_type=DecreeType.POKJA, fiscal_year=FIRST_YEAR)
        .order_by("-date")
        .first()
    )
    five = PokjaPlan.objects.filter(title=FIVE_YEAR_TITLE).first()
    if five is None:
        five = plan_create(
            by=SYSTEM_USER,
            data={
                "kind": PlanKind.FIVE_YEAR,
                "title": FIVE_YEAR_TITLE,
                "start_year": FIRST_YEAR,
                "end_year": FIRST_YEAR + 4,
                "decree": decree,
            },
        )
        plan_rows_save(plan=five, by=SYSTEM_USER, rows=_rows(units, years=list(YEARS)))
        plan_adopt(plan=five, by=SYSTEM_USER)
        created["pokja plans"] += 1
    if PokjaPlan.objects.filter(title=ANNUAL_TITLE).exists():
        return created
    annual = plan_create(
        by=SYSTEM_USER,
        data={
            "kind": PlanKind.ANNUAL,
            "title": ANNUAL_TITLE,
            "start_year": FIRST_YEAR,
            "end_year": FIRST_YEAR,
            "parent": five,
            "decree": decree,
        },
    )
    plan_rows_save(plan=annual, by=SYSTEM_USER, rows=_rows(units, years=[FIRST_YEAR]))
    plan_adopt(plan=annual, by=SYSTEM_USER)
    created["pokja plans"] += 1
    entries = [
        AchievementInput(row_pk=row.pk, percent=spec[8][0], value=spec[8][1])
        for row, spec in zip(annual.rows.order_by("order"), ROWS, strict=True)
        if spec[8] is not None
    ]
    created["pokja plan achievements"] = achievements_record(
        plan=annual, by=SYSTEM_USER, year=FIRST_YEAR, entries=entries
    )
    return created


def _rows(units: dict[str, Unit], *, years: list[int]) -> list[RowInput]:
    rows = []
    for order, spec in enumerate(ROWS, start=1):
        area, program, baseline, total, targets, indicator, budget, unit, _ = spec
        rows.append(
            RowInput(
                data={
                    "order": order,
                    "area": area,
                    "program": program,
                    "baseline": baseline,
                    "target_total": total,
                    "indicator": indicator,
                    "budget": Decimal(budget) * (5 if len(years) > 1 else 1),
                    "unit": units[unit],
                },
                targets=[
                    (year, target)
                    for year, target in zip(YEARS, targets, strict=True)
                    if year in years
                ],
            )
        )
    return rows
