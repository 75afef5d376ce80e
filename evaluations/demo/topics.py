"""The content of the demo dossiers, by topic: GAP texts, action rows and
sex-disaggregated rows, written as a focal point of each unit would."""

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

# Each topic's insight data (GAP step 2, GBS Analisis Situasi point 1) as an L/P row:
# the figures its gap_insight text quotes. Listed first among the topic's rows.
INSIGHT_DATA = {
    "ibu_hamil": (
        "Peserta kelas ibu hamil",
        "PARTISIPASI",
        312,
        4120,
        "orang",
        "Laporan KIA 2025",
    ),  # noqa: E501
    "persalinan": (
        "Keputusan rujukan ibu bersalin diambil keluarga",
        "KONTROL",
        21,
        8,
        "kasus",
        "Audit maternal perinatal 2025",
    ),  # noqa: E501
    "balita": ("Kader posyandu", "PARTISIPASI", 42, 1198, "orang", "Dinkes 2025"),
    "usia_produktif": (
        "Peserta skrining PTM",
        "AKSES",
        31900,
        58300,
        "orang",
        "Dinkes 2025",
    ),  # noqa: E501
    "pug_kebijakan": (
        "Focal point PUG perangkat daerah",
        "PARTISIPASI",
        41,
        76,
        "orang",
        "Direktori focal point 2025",
    ),  # noqa: E501
    "perlindungan": (
        "Korban kekerasan yang dilaporkan",
        "AKSES",
        58,
        129,
        "kasus",
        "UPTD PPA 2025",
    ),  # noqa: E501
    "musrenbang": (
        "Peserta musrenbang kelurahan",
        "PARTISIPASI",
        412,
        96,
        "orang",
        "Bappeda 2025",
    ),  # noqa: E501
    "pkk": ("Anggota UP2K-PKK", "AKSES", 0, 318, "orang", "TP PKK Kecamatan Setu 2025"),  # noqa: E501
    "pendidikan": (
        "Warga belajar Paket C",
        "AKSES",
        1420,
        860,
        "orang",
        "Dindikbud 2025",
    ),  # noqa: E501
}
for _key, (_label, _aspect, *_rest) in INSIGHT_DATA.items():
    TOPICS[_key]["data"].insert(0, (_label, "PEMBUKA_WAWASAN", _aspect, *_rest))
