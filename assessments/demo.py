"""The demo's evaluation instruments, loaded from the files shipped in
`assessments/data/` through the same import as an administrator's spreadsheet:
the city frame of Permen PPPA 5/2025 (pelembagaan + 7 proses) and the unit-level
frame of the 7 prasyarat PUG; Dinkes's self-assessments and the city's evaluation.
Idempotent (what exists is left alone)."""

import datetime
from pathlib import Path

from django.test import override_settings

from assessments.demo_plans import seed_plans
from assessments.importers.instruments import InstrumentItemImporter
from assessments.models import CoReviewer, Instrument, InstrumentScope, SelfAssessment
from assessments.services.assessments import (
    assessment_approve,
    assessment_save,
    assessment_start,
    assessment_start_review,
    assessment_submit,
    assessment_verify,
)
from assessments.services.instruments import instrument_create
from focal_points.models import Unit
from pug_portal.models import User
from pug_portal.permissions import SYSTEM_USER

DATA = Path(__file__).resolve().parent / "data"

CITY_FRAME = {
    "name": "Evaluasi Penyelenggaraan PUG Kota",
    "legal_basis": "Permen PPPA No. 5 Tahun 2025",
    "scope": InstrumentScope.CITY,
    "co_reviewers": CoReviewer.BOTH,
    "description": (
        "Pelembagaan PUG dan PUG dalam 7 proses pembangunan: perencanaan, "
        "penganggaran, pelaksanaan, pemantauan, evaluasi, pengawasan, pelaporan."
    ),
    "file": "evaluasi_pug_kota_permen_pppa_5_2025.csv",
}
UNIT_FRAME = {
    "name": "Penilaian Mandiri 7 Prasyarat PUG Perangkat Daerah",
    "legal_basis": "Permendagri No. 67 Tahun 2011; Permen PPPA No. 5 Tahun 2025",
    "scope": InstrumentScope.UNIT,
    "co_reviewers": CoReviewer.NONE,
    "description": (
        "Komitmen, kebijakan, kelembagaan, sumber daya, data terpilah, alat analisis, "
        "partisipasi masyarakat."
    ),
    "file": "prasyarat_pug_perangkat_daerah.csv",
}
FRAMES = (CITY_FRAME, UNIT_FRAME)


def load_instrument(
    frame: dict, *, year: int, by=SYSTEM_USER
) -> tuple[Instrument, bool]:
    """The frame's instrument for `year` (created with its items when missing)."""
    existing = Instrument.objects.filter(name=frame["name"], year=year).first()
    if existing is not None:
        return existing, False
    data = {k: v for k, v in frame.items() if k != "file"}
    instrument = instrument_create(by=by, data={**data, "year": year})
    with (DATA / frame["file"]).open("rb") as handle:
        importer = InstrumentItemImporter(
            user=by, context={"instrument": instrument.pk}
        )
        rows = importer.read(handle, name=frame["file"])
    result = importer.commit(rows)
    if not result.ok:  # the shipped files are tested; this is a loud safety net
        raise ValueError(f"{frame['file']}: {[str(e) for e in result.errors]}")
    return instrument, True


# Dinkes's answers to the 7-prasyarat frame (item code → answer): last year's were
# verified and approved, this year's are a draft to continue.
DINKES_ANSWERS = {
    "1.1": "ya",
    "1.2": "Dimuat sebagian",
    "2.1": "ya",
    "2.2": "40",
    "3.1": "ya",
    "3.2": "Kadang-kadang",
    "4.1": "2",
    "4.2": "tidak",
    "5.1": "Sebagian",
    "5.2": "ya",
    "6.1": "60",
    "6.2": "ya",
    "7.1": "ya",
    "7.2": "Musrenbang tematik perempuan dan anak di tujuh kecamatan.",
}


def seed_assessments(*, today: datetime.date) -> dict[str, int]:
    """The two instruments for last year and this year, the Rencana Pokja PUG
    2026–2030 and 2026, Dinkes's self-assessments (last year's approved, this
    year's a draft) and this year's city evaluation pre-filled from the portal's
    records."""
    created = {"instruments": 0, "self-assessments": 0}
    instruments = {}
    for frame in FRAMES:
        for year in (today.year - 1, today.year):
            instrument, new = load_instrument(frame, year=year)
            instruments[frame["name"], year] = instrument
            created["instruments"] += new
    # The Rencana Pokja PUG before the city's evaluation, which is pre-filled
    # with its achievement.
    created |= seed_plans()
    units = {u.short_name: u for u in Unit.objects.filter(short_name="Dinkes")}
    users = {u.username: u for u in User.objects.filter(username__in=USERS)}
    if "Dinkes" not in units or set(users) != USERS:
        return created  # the registry is not seeded
    # Transitions mail the other side; the demo must not print or send mail.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
    ):
        for year, approve in ((today.year - 1, True), (today.year, False)):
            instrument = instruments[UNIT_FRAME["name"], year]
            if SelfAssessment.objects.filter(
                instrument=instrument, unit=units["Dinkes"]
            ).exists():
                continue
            _unit_assessment(instrument, units["Dinkes"], users, approve=approve)
            created["self-assessments"] += 1
        city = instruments[CITY_FRAME["name"], today.year]
        if not SelfAssessment.objects.filter(instrument=city).exists():
            assessment_start(by=users["reviewer"], instrument=city)
            created["self-assessments"] += 1
    return created


USERS = {"focal_dinkes", "reviewer"}


def _unit_assessment(instrument, unit, users, *, approve: bool) -> None:
    focal, reviewer = users["focal_dinkes"], users["reviewer"]
    assessment = assessment_start(by=focal, instrument=instrument, unit=unit)
    codes = {item.code: item.pk for item in instrument.items.all()}
    answers = {codes[c]: {"value": v} for c, v in DINKES_ANSWERS.items() if c in codes}
    if not approve:  # a draft half done
        answers = dict(list(answers.items())[:6])
    assessment_save(
        assessment=assessment, by=focal, version=assessment.version, answers=answers
    )
    if not approve:
        return
    assessment_submit(assessment=assessment, by=focal)
    assessment_start_review(assessment=assessment, by=reviewer)
    assessment_verify(
        assessment=assessment,
        by=reviewer,
        answers={
            codes["4.1"]: {
                "verified_value": "1",
                "verified_note": "Sertifikat pelatihan hanya untuk satu orang.",
            }
        },
    )
    assessment_approve(assessment=assessment, by=reviewer)
