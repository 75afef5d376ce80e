"""The shape of a PPRG dossier as the official forms print it: the nine GAP steps with
their exact column headers, the GBS rows in official order, and the places a reviewer
comment can point at. Data, not templates: the edit page, the detail page, the
completeness check, the comment targets and the diff all read these lists."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class GapStep:
    number: int
    label: str  # the official column header
    group: str  # the printed matrix's group header ("" for steps 1–2)
    fields: tuple[str, ...]  # Dossier fields holding the step's text
    guidance: str  # what to write, with one example

    @property
    def key(self) -> str:
        return f"gap_{self.number}"


ISU_GENDER = _("Isu Gender")
KEBIJAKAN = _("Kebijakan dan Rencana Ke Depan")
PENGUKURAN = _("Pengukuran Hasil")

GAP_STEPS: tuple[GapStep, ...] = (
    GapStep(
        1,
        _("Pilih Kebijakan/Program/Kegiatan yang akan dianalisis"),
        "",
        ("gap_policy",),
        _(
            "Tuliskan tujuan sub kegiatan yang dianalisis sebagaimana tercantum di "
            "Renja/DPA. Contoh: “Meningkatnya cakupan pelayanan kesehatan ibu hamil "
            "sesuai standar.”"
        ),
    ),
    GapStep(
        2,
        _("Data Pembuka Wawasan"),
        "",
        ("gap_insight",),
        _(
            "Sajikan data terpilah laki-laki dan perempuan yang menunjukkan ada atau "
            "tidaknya kesenjangan, beserta sumbernya; isikan angkanya pada tabel data "
            "terpilah. Contoh: “Kader posyandu 1.240 orang: 1.198 perempuan, 42 "
            "laki-laki (Dinkes, 2025).”"
        ),
    ),
    GapStep(
        3,
        _("Faktor Kesenjangan"),
        ISU_GENDER,
        ("gap_access", "gap_participation", "gap_control", "gap_benefit"),
        _(
            "Uraikan kesenjangan pada aspek Akses, Partisipasi, Kontrol dan Manfaat "
            "(APKM); isi sekurang-kurangnya satu aspek. Contoh (Partisipasi): “Suami "
            "jarang mendampingi kunjungan antenatal (18%).”"
        ),
    ),
    GapStep(
        4,
        _("Sebab Kesenjangan Internal"),
        ISU_GENDER,
        ("gap_internal",),
        _(
            "Sebab di dalam lembaga: kebijakan, SDM, anggaran, data, SOP. Contoh: "
            "“Jadwal kelas ibu hamil hanya pada jam kerja.”"
        ),
    ),
    GapStep(
        5,
        _("Sebab Kesenjangan Eksternal"),
        ISU_GENDER,
        ("gap_external",),
        _(
            "Sebab di luar lembaga: norma sosial, budaya, kondisi ekonomi. Contoh: "
            "“Anggapan bahwa kehamilan urusan perempuan saja.”"
        ),
    ),
    GapStep(
        6,
        _("Reformulasi Tujuan"),
        KEBIJAKAN,
        ("gap_reformulated",),
        _(
            "Rumuskan kembali tujuan agar menjawab kesenjangan. Contoh: “Meningkatnya "
            "cakupan pelayanan ibu hamil dengan keterlibatan suami.”"
        ),
    ),
    GapStep(
        7,
        _("Rencana Aksi"),
        KEBIJAKAN,
        ("gap_action_note",),
        _(
            "Tambahkan satu baris per aksi pada tabel rencana aksi, dengan masukan "
            "(Rp), keluaran dan hasil untuk GBS. Contoh: “Kelas ibu hamil akhir pekan "
            "bersama suami di 29 puskesmas.”"
        ),
    ),
    GapStep(
        8,
        _("Data Dasar (Base-line)"),
        PENGUKURAN,
        ("gap_baseline",),
        _(
            "Data awal yang dipakai untuk mengukur kemajuan; isikan angka L/P pada "
            "tabel data terpilah dengan jenis “Data dasar”. Contoh: “Suami yang "
            "mendampingi K1: 18% (2025).”"
        ),
    ),
    GapStep(
        9,
        _("Indikator Gender"),
        PENGUKURAN,
        ("gap_output_indicator", "gap_outcome_indicator"),
        _(
            "Indikator keluaran dan hasil, masing-masing di kotaknya dengan target "
            "dan satuan. Contoh keluaran: “58 kelas ibu hamil akhir pekan "
            "(kelas)”; hasil: “suami yang mendampingi K1 menjadi 35% (persen)”."
        ),
    ),
)

GAP_FIELDS: tuple[str, ...] = tuple(f for step in GAP_STEPS for f in step.fields)
APKM_FIELDS = ("gap_access", "gap_participation", "gap_control", "gap_benefit")


@dataclass(frozen=True)
class GbsRow:
    key: str
    label: str
    field: str = ""  # the Dossier field that may override the default ("" = fixed)


# Official order of the Gender Budget Statement.
GBS_ROWS: tuple[GbsRow, ...] = (
    GbsRow("gbs_unit", _("Nama Perangkat Daerah")),
    GbsRow("gbs_org_unit", _("Unit Organisasi"), "gbs_org_unit"),
    GbsRow("gbs_year", _("Tahun Anggaran")),
    GbsRow("gbs_program", _("Program")),
    GbsRow("gbs_kegiatan", _("Kegiatan")),
    GbsRow("gbs_sub_kegiatan", _("Sub Kegiatan")),
    GbsRow("gbs_objective", _("Tujuan Sub Kegiatan"), "gbs_objective"),
    GbsRow("gbs_code", _("Kode Sub Kegiatan")),
    GbsRow("gbs_situation", _("Analisis Situasi"), "gbs_situation"),
    GbsRow("gbs_benchmark", _("Capaian Sub Kegiatan: Tolok Ukur"), "gbs_benchmark"),
    GbsRow(
        "gbs_indicators",
        _("Capaian Sub Kegiatan: Indikator dan Target Kinerja"),
        "gbs_indicators",
    ),
    GbsRow("gbs_amount", _("Jumlah Anggaran"), "gbs_amount"),
    GbsRow("gbs_actions", _("Rencana Aksi (Masukan, Keluaran, Hasil)")),
    GbsRow("gbs_impact", _("Dampak/Hasil"), "gbs_impact"),
    GbsRow("gbs_signature", _("Penandatangan")),
)


class CommentTarget(models.TextChoices):
    """Where a reviewer comment points: a GAP step, a GBS row, the KAK or the whole."""

    GENERAL = "general", _("Umum")
    GAP_1 = "gap_1", _("GAP 1 · Kebijakan/Program/Kegiatan")
    GAP_2 = "gap_2", _("GAP 2 · Data Pembuka Wawasan")
    GAP_3 = "gap_3", _("GAP 3 · Faktor Kesenjangan")
    GAP_4 = "gap_4", _("GAP 4 · Sebab Kesenjangan Internal")
    GAP_5 = "gap_5", _("GAP 5 · Sebab Kesenjangan Eksternal")
    GAP_6 = "gap_6", _("GAP 6 · Reformulasi Tujuan")
    GAP_7 = "gap_7", _("GAP 7 · Rencana Aksi")
    GAP_8 = "gap_8", _("GAP 8 · Data Dasar")
    GAP_9 = "gap_9", _("GAP 9 · Indikator Gender")
    GBS_ORG_UNIT = "gbs_org_unit", _("GBS · Unit Organisasi")
    GBS_OBJECTIVE = "gbs_objective", _("GBS · Tujuan Sub Kegiatan")
    GBS_SITUATION = "gbs_situation", _("GBS · Analisis Situasi")
    GBS_BENCHMARK = "gbs_benchmark", _("GBS · Tolok Ukur")
    GBS_INDICATORS = "gbs_indicators", _("GBS · Indikator dan Target Kinerja")
    GBS_AMOUNT = "gbs_amount", _("GBS · Jumlah Anggaran")
    GBS_ACTIONS = "gbs_actions", _("GBS · Rencana Aksi")
    GBS_IMPACT = "gbs_impact", _("GBS · Dampak/Hasil")
    GBS_SIGNATURE = "gbs_signature", _("GBS · Penandatangan")
    KAK = "kak", _("KAK/TOR")
    DATA = "data", _("Data terpilah")
