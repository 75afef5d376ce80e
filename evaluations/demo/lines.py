"""The demo's budget lines and the workflow state each dossier reaches.

Codes and names come from `data/nomenclature_050_5889_2021.csv` (Kepmendagri
050-5889/2021, the table the portal checks codes against); sub kegiatan codes have
four digits, as that decree writes them."""

import csv
from pathlib import Path

from evaluations.workflow import Status

NOMENCLATURE_CSV = (
    Path(__file__).resolve().parent.parent / "data" / "nomenclature_050_5889_2021.csv"
)


def nomenclature() -> dict[str, str]:
    """code → name from the reference CSV."""
    with NOMENCLATURE_CSV.open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


# (unit, program, kegiatan, sub code, sub name, pagu in millions, ARG category, topic)
# Program and kegiatan names of 2.08 are read from the CSV when present.
LINES = [
    (
        "Dinkes",
        (
            "1.02.02",
            "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        ),
        (
            "1.02.02.2.02",
            "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        ),
        "1.02.02.2.02.0001",
        "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
        1450,
        "KHUSUS",
        "ibu_hamil",
    ),  # noqa: E501
    (
        "Dinkes",
        (
            "1.02.02",
            "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        ),
        (
            "1.02.02.2.02",
            "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        ),
        "1.02.02.2.02.0002",
        "Pengelolaan Pelayanan Kesehatan Ibu Bersalin",
        1120,
        "KHUSUS",
        "persalinan",
    ),  # noqa: E501
    (
        "Dinkes",
        (
            "1.02.02",
            "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        ),
        (
            "1.02.02.2.02",
            "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        ),
        "1.02.02.2.02.0004",
        "Pengelolaan Pelayanan Kesehatan Balita",
        980,
        "KESETARAAN",
        "balita",
    ),  # noqa: E501
    (
        "Dinkes",
        (
            "1.02.02",
            "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        ),
        (
            "1.02.02.2.02",
            "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        ),
        "1.02.02.2.02.0006",
        "Pengelolaan Pelayanan Kesehatan pada Usia Produktif",
        760,
        "KESETARAAN",
        "usia_produktif",
    ),  # noqa: E501
    (
        "Dinkes",
        (
            "1.02.02",
            "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        ),
        (
            "1.02.02.2.02",
            "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        ),
        "1.02.02.2.02.0007",
        "Pengelolaan Pelayanan Kesehatan pada Usia Lanjut",
        640,
        "",
        "",
    ),  # noqa: E501
    (
        "DPMPPPAKB",
        ("2.08.02", ""),
        ("2.08.02.2.01", ""),
        "2.08.02.2.01.0001",
        "",
        420,
        "PELEMBAGAAN",
        "pug_kebijakan",
    ),  # noqa: E501
    (
        "DPMPPPAKB",
        ("2.08.02", ""),
        ("2.08.02.2.01", ""),
        "2.08.02.2.01.0002",
        "",
        385,
        "PELEMBAGAAN",
        "pug_pelaksanaan",
    ),  # noqa: E501
    (
        "DPMPPPAKB",
        ("2.08.03", ""),
        (
            "2.08.03.2.01",
            "Pencegahan Kekerasan terhadap Perempuan Lingkup Daerah Kabupaten/Kota",
        ),
        "2.08.03.2.01.0001",
        "Advokasi Kebijakan dan Pendampingan untuk Mewujudkan Pencegahan Kekerasan terhadap Perempuan",
        510,
        "KHUSUS",
        "perlindungan",
    ),  # noqa: E501
    (
        "DPMPPPAKB",
        ("2.08.05", ""),
        (
            "2.08.05.2.01",
            "Pengumpulan, Pengolahan Analisis dan Penyajian Data Gender dan Anak dalam Kelembagaan Data di Tingkat Daerah Kabupaten/Kota",
        ),
        "2.08.05.2.01.0001",
        "Penyediaan Data Gender dan Anak di Kewenangan Kabupaten/Kota",
        275,
        "PELEMBAGAAN",
        "",
    ),  # noqa: E501
    (
        "Kec. Setu",
        ("7.01.03", "Program Pemberdayaan Masyarakat Desa dan Kelurahan"),
        ("7.01.03.2.01", "Pemberdayaan Masyarakat Desa dan Kelurahan"),
        "7.01.03.2.01.0001",
        "Fasilitasi Penyelenggaraan Musyawarah Perencanaan Pembangunan Kelurahan",
        185,
        "KESETARAAN",
        "musrenbang",
    ),  # noqa: E501
    (
        "Kec. Setu",
        ("7.01.03", "Program Pemberdayaan Masyarakat Desa dan Kelurahan"),
        ("7.01.03.2.01", "Pemberdayaan Masyarakat Desa dan Kelurahan"),
        "7.01.03.2.01.0002",
        "Fasilitasi Pemberdayaan Kesejahteraan Keluarga (PKK) di Kelurahan",
        240,
        "KHUSUS",
        "pkk",
    ),  # noqa: E501
    (
        "Dindikbud",
        ("1.01.02", "Program Pengelolaan Pendidikan"),
        ("1.01.02.2.04", "Pengelolaan Pendidikan Nonformal/Kesetaraan"),
        "1.01.02.2.04.0001",
        "Penyelenggaraan Pendidikan Kesetaraan Paket A, B dan C",
        690,
        "KESETARAAN",
        "pendidikan",
    ),  # noqa: E501
    (
        "Dindikbud",
        ("1.01.02", "Program Pengelolaan Pendidikan"),
        ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar"),
        "1.01.02.2.01.0009",
        "Pembinaan Minat, Bakat dan Kreativitas Siswa Sekolah Dasar",
        330,
        "",
        "",
    ),  # noqa: E501
    (
        "Dinsos",
        ("1.06.04", "Program Rehabilitasi Sosial"),
        (
            "1.06.04.2.01",
            "Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar, Anak Terlantar, Lanjut Usia Terlantar, serta Gelandangan Pengemis di Luar Panti Sosial",
        ),
        "1.06.04.2.01.0001",
        "Penyediaan Permakanan bagi Lanjut Usia Terlantar",
        450,
        "KHUSUS",
        "",
    ),  # noqa: E501
]

# (unit, sub code, status reached this year, status reached last year or None)
PLAN = [
    ("Dinkes", "1.02.02.2.02.0001", Status.APPROVED, Status.APPROVED),
    ("Dinkes", "1.02.02.2.02.0002", Status.IN_REVIEW, Status.APPROVED),
    ("Dinkes", "1.02.02.2.02.0004", Status.REVISION_REQUESTED, Status.DRAFT),
    ("Dinkes", "1.02.02.2.02.0006", Status.DRAFT, None),
    ("DPMPPPAKB", "2.08.02.2.01.0001", Status.SUBMITTED, Status.APPROVED),
    ("DPMPPPAKB", "2.08.02.2.01.0002", Status.DRAFT, Status.APPROVED),
    ("DPMPPPAKB", "2.08.03.2.01.0001", Status.APPROVED, Status.APPROVED),
    ("Kec. Setu", "7.01.03.2.01.0001", Status.DRAFT, None),
    ("Kec. Setu", "7.01.03.2.01.0002", Status.SUBMITTED, Status.APPROVED),
    ("Dindikbud", "1.01.02.2.04.0001", Status.REVISION_REQUESTED, Status.APPROVED),
]

EDITORS = {"Dinkes": "focal_dinkes", "Kec. Setu": "focal_setu"}  # others: admin
