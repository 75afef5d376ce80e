"""Demo evaluations for `manage.py seed_demo`: two fiscal years (last year's cycle
closed, this year's open), a few dozen budget lines with sub-kegiatan codes, and PPRG
dossiers in every workflow state across Dinkes, DPMPPPAKB, Kec. Setu, Dindikbud and
Dinsos. Dossiers move through the real services (so the activity log and the review
history are real). Idempotent: a second run creates nothing.

The 2.08 (PPPA) codes come from `data/nomenclature_2_08.csv` (Permendagri 90/2019);
the codes of other fields follow the same pattern and are plausible, not verified."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.test.utils import override_settings

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

NOMENCLATURE_CSV = Path(__file__).parent / "data" / "nomenclature_2_08.csv"


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
        "2.08.02.2.01.01",
        "",
        420,
        "PELEMBAGAAN",
        "pug_kebijakan",
    ),  # noqa: E501
    (
        "DPMPPPAKB",
        ("2.08.02", ""),
        ("2.08.02.2.01", ""),
        "2.08.02.2.01.02",
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
        "2.08.03.2.01.01",
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
        "2.08.05.2.01.01",
        "Penyediaan Data Gender dan Anak di Kewenangan Kabupaten/Kota",
        275,
        "PELEMBAGAAN",
        "",
    ),  # noqa: E501
    (
        "Kec. Setu",
        ("7.01.04", "Program Pemberdayaan Masyarakat Desa dan Kelurahan"),
        ("7.01.04.2.01", "Pemberdayaan Masyarakat Desa dan Kelurahan"),
        "7.01.04.2.01.0001",
        "Fasilitasi Penyelenggaraan Musyawarah Perencanaan Pembangunan Kelurahan",
        185,
        "KESETARAAN",
        "musrenbang",
    ),  # noqa: E501
    (
        "Kec. Setu",
        ("7.01.04", "Program Pemberdayaan Masyarakat Desa dan Kelurahan"),
        ("7.01.04.2.01", "Pemberdayaan Masyarakat Desa dan Kelurahan"),
        "7.01.04.2.01.0002",
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

# topic → GAP text, action rows (description, Rp millions, output, outcome) and
# sex-disaggregated rows (label, kind, aspect, male, female, unit, source).
TOPICS = {
    "ibu_hamil": {
        "gap_policy": "Meningkatnya cakupan pelayanan kesehatan ibu hamil sesuai standar (K6) di 29 puskesmas.",  # noqa: E501
        "gap_insight": "Cakupan K6 2025 sebesar 86%. Dari 21.430 kunjungan antenatal, hanya 3.860 (18%) didampingi suami. Kelas ibu hamil diikuti 4.120 ibu dan 312 suami.",  # noqa: E501
        "gap_access": "Kelas ibu hamil hanya tersedia pada hari kerja sehingga suami yang bekerja sulit hadir.",  # noqa: E501
        "gap_participation": "Partisipasi suami dalam kelas ibu hamil 7% dari peserta.",
        "gap_control": "Keputusan tempat bersalin sering ditentukan suami atau keluarga tanpa informasi risiko kehamilan.",  # noqa: E501
        "gap_benefit": "Manfaat kelas ibu hamil belum dirasakan keluarga secara utuh; tanda bahaya kehamilan hanya dikenali ibu.",  # noqa: E501
        "gap_internal": "Jadwal kelas mengikuti jam kerja puskesmas; materi belum memuat peran suami; data kunjungan belum terpilah menurut pendamping.",  # noqa: E501
        "gap_external": "Norma bahwa kehamilan adalah urusan perempuan; suami bekerja di luar kota pada hari kerja.",  # noqa: E501
        "gap_reformulated": "Meningkatnya cakupan pelayanan kesehatan ibu hamil sesuai standar dengan keterlibatan suami dalam pemeriksaan dan kelas ibu hamil.",  # noqa: E501
        "gap_baseline": "Kunjungan K1 didampingi suami 18% (2025); peserta laki-laki kelas ibu hamil 312 orang.",  # noqa: E501
        "gap_output_indicator": "58 kelas ibu hamil akhir pekan di 29 puskesmas (kelas)",
        "gap_outcome_indicator": "Kunjungan K1 didampingi suami menjadi 35% (persen)",
        "gbs_impact": "Menurunnya kasus komplikasi kehamilan yang terlambat dirujuk.",
        "actions": [
            (
                "Kelas ibu hamil akhir pekan bersama suami di 29 puskesmas",
                420,
                "58 kelas",
                "Suami memahami tanda bahaya kehamilan",
            ),  # noqa: E501
            (
                "Penyusunan modul peran suami dalam kehamilan dan persalinan",
                95,
                "1 modul, 600 eksemplar",
                "Materi kelas memuat peran suami",
            ),  # noqa: E501
            (
                "Pencatatan kunjungan antenatal terpilah menurut pendamping",
                60,
                "29 puskesmas mencatat data pendamping",
                "Data terpilah tersedia setiap bulan",
            ),  # noqa: E501
        ],
        "data": [
            (
                "Kunjungan K1 didampingi suami",
                "BASELINE",
                "PARTISIPASI",
                3860,
                0,
                "kunjungan",
                "SIMPUS Dinkes 2025",
            ),  # noqa: E501
            (
                "Peserta kelas ibu hamil",
                "BASELINE",
                "AKSES",
                312,
                4120,
                "orang",
                "Laporan KIA 2025",
            ),  # noqa: E501
            (
                "Peserta kelas ibu hamil",
                "TARGET",
                "AKSES",
                1400,
                4300,
                "orang",
                "Renja Dinkes",
            ),  # noqa: E501
        ],
        "kak": True,
    },
    "persalinan": {
        "gap_policy": "Meningkatnya persalinan di fasilitas kesehatan yang ditolong tenaga kesehatan.",  # noqa: E501
        "gap_insight": "Persalinan di fasilitas kesehatan 97,2% (2025). 41 ibu bersalin dirujuk terlambat; 29 di antaranya karena menunggu keputusan keluarga.",  # noqa: E501
        "gap_control": "Keputusan rujukan persalinan kerap menunggu persetujuan suami atau orang tua.",  # noqa: E501
        "gap_internal": "Belum ada prosedur persetujuan rujukan yang melibatkan pendamping sejak kunjungan antenatal.",  # noqa: E501
        "gap_external": "Kepercayaan bahwa persalinan di rumah lebih baik; jarak ke RS rujukan di Setu dan Serpong Utara.",  # noqa: E501
        "gap_reformulated": "Meningkatnya persalinan di fasilitas kesehatan dengan rencana persalinan yang disepakati ibu dan pasangan sejak trimester ketiga.",  # noqa: E501
        "gap_baseline": "Rujukan terlambat karena keputusan keluarga: 29 kasus (2025).",
        "gap_output_indicator": "4.800 keluarga menyusun rencana persalinan (P4K) bersama (keluarga)",  # noqa: E501
        "gap_outcome_indicator": "Rujukan terlambat karena keputusan keluarga turun menjadi 10 kasus (kasus)",  # noqa: E501
        "actions": [
            (
                "Konseling P4K bagi ibu hamil dan pasangan",
                310,
                "4.800 keluarga",
                "Keputusan rujukan lebih cepat",
            ),  # noqa: E501
        ],
        "data": [
            (
                "Rujukan persalinan terlambat",
                "BASELINE",
                "KONTROL",
                0,
                41,
                "kasus",
                "Laporan KIA 2025",
            ),  # noqa: E501
        ],
    },
    "balita": {
        "gap_policy": "Meningkatnya cakupan pelayanan kesehatan balita sesuai standar.",
        "gap_insight": "Kunjungan balita ke posyandu: 61% dibawa ibu, 9% dibawa ayah, sisanya nenek/pengasuh. Kader posyandu 1.198 perempuan dan 42 laki-laki.",  # noqa: E501
        "gap_participation": "Ayah jarang terlibat dalam pemantauan tumbuh kembang balita.",
        "gap_internal": "Jadwal posyandu pagi hari kerja; penyuluhan menyasar ibu saja.",
        "gap_external": "Pengasuhan dianggap tugas ibu.",
        "gap_reformulated": "Meningkatnya cakupan pelayanan kesehatan balita dengan keterlibatan ayah dalam pemantauan tumbuh kembang.",  # noqa: E501
        "gap_baseline": "Balita dibawa ayah ke posyandu 9% (2025).",
        "gap_output_indicator": "648 pelaksanaan posyandu sore (kegiatan)",
        "gap_outcome_indicator": "Balita dibawa ayah ke posyandu 20% (persen)",
        "actions": [
            (
                "Posyandu sore di 54 kelurahan sebulan sekali",
                240,
                "648 pelaksanaan",
                "Ayah dapat hadir setelah jam kerja",
            ),  # noqa: E501
        ],
        "data": [
            (
                "Pendamping balita ke posyandu",
                "BASELINE",
                "PARTISIPASI",
                2140,
                14530,
                "orang",
                "Laporan posyandu 2025",
            ),  # noqa: E501
            (
                "Kader posyandu",
                "BASELINE",
                "PARTISIPASI",
                42,
                1198,
                "orang",
                "Dinkes 2025",
            ),  # noqa: E501
        ],
    },
    "usia_produktif": {
        "gap_policy": "Meningkatnya skrining kesehatan usia produktif (15–59 tahun).",
        "gap_insight": "Skrining PTM 2025: 58.300 perempuan dan 31.900 laki-laki.",
        "gap_access": "Laki-laki pekerja sulit mengakses posbindu pada jam kerja.",
        "actions": [],
        "data": [],
    },
    "pug_kebijakan": {
        "gap_policy": "Terkoordinasinya perumusan kebijakan pelaksanaan PUG di seluruh perangkat daerah.",  # noqa: E501
        "gap_insight": "Dari 38 perangkat daerah, 29 memiliki SK Focal Point PUG yang berlaku; 21 menyusun GAP/GBS untuk sekurang-kurangnya satu sub kegiatan pada 2025.",  # noqa: E501
        "gap_access": "Perangkat daerah kecil (kecamatan) belum mendapat pendampingan PPRG.",
        "gap_control": "Keputusan anggaran responsif gender belum melibatkan focal point.",
        "gap_internal": "Pergantian focal point akibat mutasi; belum ada modul PPRG daerah.",
        "gap_external": "Pemahaman PUG di tingkat kecamatan dan kelurahan masih rendah.",
        "gap_reformulated": "Terkoordinasinya kebijakan PUG dengan seluruh perangkat daerah memiliki focal point terlatih dan dossier PPRG.",  # noqa: E501
        "gap_baseline": "PD dengan SK focal point berlaku 29 dari 38 (2025); focal point terlatih 47 L dan 68 P.",  # noqa: E501
        "gap_output_indicator": "6 kali rapat koordinasi Pokja PUG (kegiatan)",
        "gap_outcome_indicator": "PD yang menyusun dossier PPRG menjadi 32 (perangkat daerah)",
        "actions": [
            (
                "Rapat koordinasi Pokja PUG triwulanan",
                120,
                "6 rapat",
                "Kebijakan PUG disepakati lintas PD",
            ),  # noqa: E501
            (
                "Penguatan Focal Point PUG bagi PD yang mengalami mutasi",
                180,
                "120 focal point terlatih",
                "Dossier PPRG disusun tepat waktu",
            ),  # noqa: E501
        ],
        "data": [
            (
                "Focal point terlatih",
                "BASELINE",
                "AKSES",
                47,
                68,
                "orang",
                "DPMPPPAKB 2025",
            ),  # noqa: E501
            (
                "Focal point terlatih",
                "TARGET",
                "AKSES",
                60,
                80,
                "orang",
                "Renja DPMPPPAKB",
            ),  # noqa: E501
        ],
    },
    "perlindungan": {
        "gap_policy": "Meningkatnya pencegahan kekerasan terhadap perempuan melalui advokasi dan pendampingan.",  # noqa: E501
        "gap_insight": "Kasus kekerasan terhadap perempuan yang dilaporkan ke UPTD PPA 2025: 187 kasus; 64% KDRT. Korban laki-laki (anak) 58 kasus.",  # noqa: E501
        "gap_access": "Perempuan korban di kelurahan pinggiran sulit menjangkau layanan UPTD PPA.",  # noqa: E501
        "gap_benefit": "Layanan pendampingan belum menjangkau korban penyandang disabilitas.",  # noqa: E501
        "gap_internal": "Jumlah konselor 6 orang untuk 7 kecamatan.",
        "gap_external": "Stigma dan anggapan KDRT sebagai urusan rumah tangga.",
        "gap_reformulated": "Meningkatnya pencegahan kekerasan terhadap perempuan dengan layanan pendampingan yang menjangkau kelurahan dan korban disabilitas.",  # noqa: E501
        "gap_baseline": "Kasus dilaporkan 187 (2025); kelurahan dengan satgas PPA 18 dari 54.",  # noqa: E501
        "gap_output_indicator": "36 kelurahan memiliki satgas PPA terlatih (kelurahan)",
        "gap_outcome_indicator": "Waktu tanggap pengaduan kurang dari 24 jam pada 90% kasus (persen)",  # noqa: E501
        "actions": [
            (
                "Pelatihan satgas PPA kelurahan",
                210,
                "18 satgas baru",
                "Pengaduan tertangani lebih cepat",
            ),  # noqa: E501
            (
                "Advokasi pencegahan KDRT bersama tokoh agama",
                140,
                "14 forum",
                "Norma penolakan KDRT menguat",
            ),  # noqa: E501
        ],
        "data": [
            (
                "Korban kekerasan yang dilaporkan",
                "BASELINE",
                "MANFAAT",
                58,
                187,
                "orang",
                "UPTD PPA 2025",
            ),  # noqa: E501
        ],
    },
    "musrenbang": {
        "gap_policy": "Terselenggaranya musrenbang kelurahan yang partisipatif di 6 kelurahan Kecamatan Setu.",  # noqa: E501
        "gap_insight": "Peserta musrenbang kelurahan 2025: 412 laki-laki dan 96 perempuan.",
        "gap_participation": "Perempuan 19% dari peserta musrenbang.",
        "gap_internal": "Undangan ditujukan kepada ketua RT/RW yang mayoritas laki-laki.",
        "gap_external": "",
        "actions": [],
        "data": [
            (
                "Peserta musrenbang kelurahan",
                "BASELINE",
                "PARTISIPASI",
                412,
                96,
                "orang",
                "Kec. Setu 2025",
            ),  # noqa: E501
        ],
    },
    "pkk": {
        "gap_policy": "Meningkatnya peran PKK kelurahan dalam pemberdayaan ekonomi keluarga.",  # noqa: E501
        "gap_insight": "Kelompok UP2K-PKK di Kecamatan Setu 24 kelompok, 318 anggota perempuan; 40% belum memiliki akses permodalan.",  # noqa: E501
        "gap_access": "Anggota UP2K kesulitan mengakses pelatihan pemasaran daring.",
        "gap_control": "Pengelolaan pendapatan usaha keluarga sebagian besar diputuskan suami.",  # noqa: E501
        "gap_internal": "Pembinaan PKK belum terjadwal dengan dinas teknis.",
        "gap_external": "Keterbatasan waktu perempuan karena beban pengasuhan.",
        "gap_reformulated": "Meningkatnya kemandirian ekonomi perempuan anggota PKK melalui pelatihan dan pendampingan usaha.",  # noqa: E501
        "gap_baseline": "Anggota UP2K dengan akses permodalan 60% (2025).",
        "gap_output_indicator": "6 pelatihan pemasaran daring (kegiatan)",
        "gap_outcome_indicator": "Anggota UP2K dengan akses permodalan 80% (persen)",
        "actions": [
            (
                "Pelatihan pemasaran daring bagi UP2K-PKK",
                96,
                "150 anggota terlatih",
                "Penjualan produk meningkat",
            ),  # noqa: E501
        ],
        "data": [
            (
                "Anggota UP2K-PKK",
                "BASELINE",
                "AKSES",
                0,
                318,
                "orang",
                "TP-PKK Kec. Setu 2025",
            ),  # noqa: E501
        ],
    },
    "pendidikan": {
        "gap_policy": "Meningkatnya angka partisipasi pendidikan kesetaraan Paket A, B dan C.",  # noqa: E501
        "gap_insight": "Warga belajar Paket C 2025: 1.420 laki-laki, 860 perempuan; putus belajar perempuan 23%.",  # noqa: E501
        "gap_access": "Jadwal tutorial malam menyulitkan perempuan yang mengasuh anak.",
        "gap_internal": "PKBM belum menyediakan ruang ramah anak.",
        "gap_external": "Perkawinan usia anak dan beban domestik.",
        "gap_reformulated": "Meningkatnya partisipasi dan penyelesaian pendidikan kesetaraan, terutama bagi perempuan.",  # noqa: E501
        "gap_baseline": "Putus belajar warga belajar perempuan 23% (2025).",
        "gap_output_indicator": "12 PKBM dengan tutorial siang dan ruang ramah anak (PKBM)",
        "gap_outcome_indicator": "Putus belajar perempuan menjadi 12% (persen)",
        "actions": [
            (
                "Tutorial siang dan ruang ramah anak di PKBM",
                180,
                "12 PKBM",
                "Perempuan menyelesaikan program",
            ),  # noqa: E501
        ],
        "data": [
            (
                "Warga belajar Paket C",
                "BASELINE",
                "AKSES",
                1420,
                860,
                "orang",
                "Dapodik PKBM 2025",
            ),  # noqa: E501
        ],
    },
}

# (unit, sub code, status reached this year, status reached last year or None)
PLAN = [
    ("Dinkes", "1.02.02.2.02.0001", Status.APPROVED, Status.APPROVED),
    ("Dinkes", "1.02.02.2.02.0002", Status.IN_REVIEW, Status.APPROVED),
    ("Dinkes", "1.02.02.2.02.0004", Status.REVISION_REQUESTED, Status.DRAFT),
    ("Dinkes", "1.02.02.2.02.0006", Status.DRAFT, None),
    ("DPMPPPAKB", "2.08.02.2.01.01", Status.SUBMITTED, Status.APPROVED),
    ("DPMPPPAKB", "2.08.02.2.01.02", Status.DRAFT, Status.APPROVED),
    ("DPMPPPAKB", "2.08.03.2.01.01", Status.APPROVED, Status.APPROVED),
    ("Kec. Setu", "7.01.04.2.01.0001", Status.DRAFT, None),
    ("Kec. Setu", "7.01.04.2.01.0002", Status.SUBMITTED, Status.APPROVED),
    ("Dindikbud", "1.01.02.2.04.0001", Status.REVISION_REQUESTED, Status.APPROVED),
]

EDITORS = {"Dinkes": "focal_dinkes", "Kec. Setu": "focal_setu"}  # others: admin


def seed_evaluations(*, today: datetime.date) -> dict[str, int]:
    """Load the demo cycles, budget lines and dossiers; returns what was created."""
    created = {"cycles": 0, "budget lines": 0, "dossiers": 0}
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
