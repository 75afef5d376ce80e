"""The demo's evaluation instruments, loaded from the files shipped in
`assessments/data/` through the same import as an administrator's spreadsheet:
the city frame of Permen PPPA 5/2025 (pelembagaan + 7 proses) and the unit-level
frame of the 7 prasyarat PUG. Idempotent (an instrument that exists is left alone)."""

import datetime
from pathlib import Path

from assessments.importers.instruments import InstrumentItemImporter
from assessments.models import CoReviewer, Instrument, InstrumentScope
from assessments.services.instruments import instrument_create
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


def seed_assessments(*, today: datetime.date) -> dict[str, int]:
    created = {"instruments": 0}
    for frame in FRAMES:
        for year in (today.year - 1, today.year):
            _instrument, new = load_instrument(frame, year=year)
            created["instruments"] += new
    return created
