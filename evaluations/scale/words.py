"""Indonesian-looking text for generated dossiers: sentences assembled from the
vocabulary of PPRG documents (gender analysis, budget statements, terms of
reference), so pages, exports and PDFs lay out text of realistic length and shape.

A pool of sentences is built once per run from a seeded random generator; a field's
text is a run of sentences drawn from it until the wanted length is reached, so a
100,000-dossier run costs a few list look-ups per field, not word-by-word assembly.
"""

from __future__ import annotations

import random

from django.template.defaultfilters import floatformat
from django.utils import translation

SUBJECTS = (
    "Perempuan kepala keluarga",
    "Ibu hamil di wilayah kelurahan",
    "Kader posyandu",
    "Pelaku usaha mikro perempuan",
    "Anak usia sekolah",
    "Penyandang disabilitas",
    "Lansia perempuan",
    "Pekerja informal laki-laki",
    "Remaja putri",
    "Aparatur sipil negara perempuan",
    "Pengemudi ojek daring",
    "Petugas kebersihan",
    "Pengurus RT dan RW",
    "Tenaga kesehatan puskesmas",
    "Guru pendidikan anak usia dini",
    "Warga di bantaran sungai",
)
VERBS = (
    "belum sepenuhnya memperoleh",
    "jarang terlibat dalam",
    "memiliki keterbatasan dalam",
    "masih kurang terwakili dalam",
    "lebih sering mengakses",
    "belum mempunyai kendali atas",
    "menerima manfaat yang lebih kecil dari",
    "mengalami hambatan waktu untuk mengikuti",
    "belum mendapat informasi tentang",
    "mulai berpartisipasi aktif dalam",
)
OBJECTS = (
    "layanan kesehatan ibu dan anak",
    "musyawarah perencanaan pembangunan kelurahan",
    "pelatihan kewirausahaan",
    "pengambilan keputusan anggaran",
    "program padat karya",
    "fasilitas sanitasi yang layak",
    "kelas ibu hamil akhir pekan",
    "bantuan permodalan usaha",
    "pelayanan administrasi kependudukan",
    "transportasi umum yang aman",
    "ruang laktasi di kantor pelayanan",
    "beasiswa pendidikan",
    "penyuluhan keluarga berencana",
    "pelatihan kesiapsiagaan bencana",
    "layanan pengaduan kekerasan",
)
CAUSES = (
    "karena jadwal kegiatan bertepatan dengan jam kerja",
    "sebab data terpilah menurut jenis kelamin belum tersedia",
    "akibat anggapan bahwa urusan rumah tangga hanya tanggung jawab perempuan",
    "karena lokasi layanan jauh dari permukiman",
    "sebab petugas belum mendapat pelatihan responsif gender",
    "karena prosedur pendaftaran memerlukan dokumen yang sulit dipenuhi",
    "akibat minimnya sosialisasi di tingkat RT dan RW",
    "karena belum ada standar pelayanan yang memperhatikan kebutuhan spesifik",
)
CONNECTORS = (
    "Berdasarkan data tahun sebelumnya,",
    "Hasil survei lapangan menunjukkan bahwa",
    "Menurut laporan puskesmas,",
    "Dalam rapat koordinasi Pokja PUG disampaikan bahwa",
    "Data Dinas Kependudukan mencatat bahwa",
    "Selain itu,",
    "Di sisi lain,",
    "Oleh karena itu,",
    "Sejalan dengan RPJMD,",
    "Berdasarkan hasil monitoring triwulan,",
)
ACTIONS = (
    "menyelenggarakan kelas pada akhir pekan",
    "menyusun data terpilah secara berkala",
    "melibatkan organisasi perempuan dalam perencanaan",
    "menyediakan layanan jemput bola di kelurahan",
    "melatih petugas tentang analisis gender",
    "menetapkan target partisipasi perempuan minimal tiga puluh persen",
    "memperbaiki formulir pendaftaran agar mencatat jenis kelamin",
    "mengalokasikan anggaran untuk sarana ramah anak dan disabilitas",
)
SOURCES = ("Dinkes", "Disdukcapil", "BPS Kota", "Dinsos", "Disnaker", "survei PD")


def _count(n: int) -> str:
    """A count as an Indonesian document writes it ("1.234"), whatever language the
    command runs in."""
    with translation.override("id"):
        return floatformat(n, "0g")


def _sentence(rng: random.Random) -> str:
    shape = rng.randrange(4)
    year = rng.randrange(2015, 2026)
    male, female = rng.randrange(40, 4000), rng.randrange(40, 4000)
    if shape == 0:
        return (
            f"{rng.choice(CONNECTORS)} {rng.choice(SUBJECTS).lower()} "
            f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CAUSES)}."
        )
    if shape == 1:
        return (
            f"Pada tahun {year} tercatat {_count(male + female)} orang, terdiri atas "
            f"{_count(male)} laki-laki dan {_count(female)} perempuan "
            f"(sumber: {rng.choice(SOURCES)})."
        )
    if shape == 2:
        return (
            f"Untuk itu perangkat daerah akan {rng.choice(ACTIONS)} dan "
            f"{rng.choice(ACTIONS)}, sehingga {rng.choice(SUBJECTS).lower()} "
            f"dapat memanfaatkan {rng.choice(OBJECTS)}."
        )
    share = rng.randrange(5, 95)
    return (
        f"Persentase {rng.choice(SUBJECTS).lower()} yang memanfaatkan "
        f"{rng.choice(OBJECTS)} baru mencapai {share} persen, "
        f"{rng.choice(CAUSES)}."
    )


def below(rng: random.Random, n: int) -> int:
    """A number in range(n), the very draw `rng.randrange(n)` and `rng.choice` of
    n items make (CPython's getrandbits rejection sampling, pinned by a test), a
    few Python calls fewer."""
    k = n.bit_length()
    r = rng.getrandbits(k)
    while r >= n:
        r = rng.getrandbits(k)
    return r


class TextPool:
    """Sentences made once from `rng`; `text(rng, low, high)` strings of them whose
    length falls between `low` and `high` characters (cut at a word boundary)."""

    def __init__(self, rng: random.Random, size: int = 4000):
        self.sentences = [_sentence(rng) for _ in range(size)]

    def text(self, rng: random.Random, low: int, high: int) -> str:
        want = low + below(rng, high - low + 1)  # rng.randint(low, high)
        parts: list[str] = []
        length = 0
        sentences = self.sentences
        getrandbits, n = rng.getrandbits, len(sentences)
        k = n.bit_length()
        while length < want:
            # rng.choice(sentences), inline: this loop draws most of a run's numbers
            r = getrandbits(k)
            while r >= n:
                r = getrandbits(k)
            sentence = sentences[r]
            parts.append(sentence)
            length += len(sentence) + 1
        text = " ".join(parts)
        if len(text) > high:
            text = text[:high].rsplit(" ", 1)[0] + "."
        return text

    def phrase(self, rng: random.Random) -> str:
        """A short line: an action, an output, an outcome."""
        return f"{rng.choice(ACTIONS).capitalize()} bagi {rng.choice(SUBJECTS).lower()}"
