"""Budget lines from a SIPD/RKA-like workbook: preview, commit, idempotence, scope and
every kind of bad row."""

import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.importers.budget import BudgetLineImporter
from evaluations.models import BudgetLine, CycleState
from evaluations.models.budget import nomenclature_for
from evaluations.workflow import Status
from focal_points.models import Unit
from pug_portal.imports import RowStatus
from pug_portal.models import ActivityLog, ImportBatch, ImportBatchState
from tests.factories import (
    BudgetLineFactory,
    CycleFactory,
    DossierFactory,
    UnitFactory,
    xlsx_bytes,
)

HEADER = [
    "Tahun",
    "Nama Singkat PD",
    "Kode Program",
    "Nama Program",
    "Kode Kegiatan",
    "Nama Kegiatan",
    "Kode Sub Kegiatan",
    "Nama Sub Kegiatan",
    "Pagu",
    "Realisasi",
    "ARG",
    "Kategori ARG",
]
PROGRAM = ["2.08.02", "Program Pengarusutamaan Gender dan Pemberdayaan Perempuan"]
KEGIATAN = ["2.08.02.2.01", "Pelembagaan PUG pada Lembaga Pemerintah"]
# A SIPD export starts with a title block; the header row comes after it.
TITLE = [
    ["RENCANA KERJA DAN ANGGARAN PERANGKAT DAERAH"],
    ["Pemerintah Kota Tangerang Selatan — Tahun Anggaran 2026"],
    [],
]


def line(unit="Dinkes", code="2.08.02.2.01.01", pagu=125000000, **over):
    values = {
        "year": 2026,
        "name": f"Sub kegiatan {code}",
        "realisasi": "",
        "arg": "ya",
        "category": "PELEMBAGAAN",
        **over,
    }
    return [
        values["year"],
        unit,
        *PROGRAM,
        *KEGIATAN,
        code,
        values["name"],
        pagu,
        values["realisasi"],
        values["arg"],
        values["category"],
    ]


GOOD = [
    line(code="2.08.02.2.01.01", pagu=125000000, realisasi=98500000),
    line(code="2.08.02.2.01.02", pagu="1.250.000,50", arg="tidak", category=""),
    line(code="2.08.02.2.01.03", pagu=75000000, category="KHUSUS"),
]


def upload(client, rows, *, name="rka.xlsx", above=TITLE):
    data = xlsx_bytes([HEADER, *rows], above=above)
    return client.post(
        reverse("import_upload", args=["budget-lines"]),
        {"file": SimpleUploadedFile(name, data)},
    )


def latest_batch() -> ImportBatch:
    return ImportBatch.objects.latest("pk")


def commit(client, batch):
    return client.post(reverse("import_commit", args=[batch.pk]), follow=True)


@pytest.fixture
def focal_client(client_for, focal_a, cycle):
    return client_for(focal_a)


def test_a_good_file_is_previewed_then_committed_with_counts(focal_client, unit_a):
    response = upload(focal_client, GOOD)
    batch = latest_batch()
    assert response.status_code == 302
    assert response["Location"] == reverse("import_preview", args=[batch.pk])

    preview = focal_client.get(response["Location"])
    assert preview.status_code == 200
    assert [r["row"].status for r in preview.context["rows"]] == [RowStatus.NEW] * 3
    # The title block is skipped: data starts on line 5 of the sheet.
    assert [r["row"].line for r in preview.context["rows"]] == [5, 6, 7]
    assert preview.context["can_commit"]
    assert not BudgetLine.objects.exists(), "a preview writes nothing"

    result = commit(focal_client, batch)
    assert result.status_code == 200
    assert result.context["result"]["created"] == 3
    assert "Impor selesai: 3 baru, 0 diperbarui, 0 tidak berubah." in result.text
    lines = {b.sub_kegiatan_code: b for b in BudgetLine.objects.filter(unit=unit_a)}
    assert lines["2.08.02.2.01.01"].pagu == Decimal("125000000.00")
    assert lines["2.08.02.2.01.01"].realisasi == Decimal("98500000.00")
    assert lines["2.08.02.2.01.01"].arg_category == "PELEMBAGAAN"
    assert lines["2.08.02.2.01.02"].pagu == Decimal("1250000.50")
    assert not lines["2.08.02.2.01.02"].is_arg
    assert lines["2.08.02.2.01.03"].arg_category == "KHUSUS"
    assert ActivityLog.objects.filter(action="budget_line.create").count() == 3
    batch.refresh_from_db()
    assert batch.state == ImportBatchState.COMMITTED


def test_re_importing_the_same_file_changes_nothing(focal_client, unit_a):
    upload(focal_client, GOOD)
    commit(focal_client, latest_batch())
    before = list(BudgetLine.objects.values("pk", "updated_at", "pagu"))

    upload(focal_client, GOOD)
    batch = latest_batch()
    preview = focal_client.get(reverse("import_preview", args=[batch.pk]))
    assert preview.context["preview"].counts == {
        "new": 0,
        "update": 0,
        "unchanged": 3,
        "error": 0,
    }
    result = commit(focal_client, batch)
    assert result.context["result"]["unchanged"] == 3
    assert list(BudgetLine.objects.values("pk", "updated_at", "pagu")) == before
    assert ActivityLog.objects.filter(action="budget_line.create").count() == 3


def test_a_changed_pagu_is_an_update_showing_the_old_value(focal_client, unit_a):
    upload(focal_client, GOOD)
    commit(focal_client, latest_batch())
    changed = [GOOD[0][:8] + [130000000] + GOOD[0][9:], *GOOD[1:]]
    upload(focal_client, changed)
    batch = latest_batch()
    preview = focal_client.get(reverse("import_preview", args=[batch.pk]))
    first = preview.context["rows"][0]
    assert first["row"].status == RowStatus.UPDATE
    pagu = next(c for c in first["cells"] if c["column"].key == "pagu")
    assert pagu["changed"] and pagu["previous"] == Decimal("125000000.00")
    assert "sebelumnya:" in preview.text
    result = commit(focal_client, batch)
    assert (
        result.context["result"]["updated"],
        result.context["result"]["unchanged"],
    ) == (1, 2)
    assert BudgetLine.objects.get(sub_kegiatan_code="2.08.02.2.01.01").pagu == 130000000


def preview_errors(client, rows) -> dict[tuple[int, str], str]:
    upload(client, rows, above=())
    batch = latest_batch()
    response = client.get(reverse("import_preview", args=[batch.pk]))
    assert response.status_code == 200
    assert not response.context["can_commit"]
    assert "Impor sekarang" not in response.text
    return {(e.row, e.column): e.message for e in response.context["preview"].errors}


def test_text_where_a_number_is_expected_is_shown_by_row_and_column(focal_client):
    errors = preview_errors(
        focal_client,
        [
            line(pagu="seratus juta"),
            line(code="2.08.02.2.01.02", year="2026a"),
            line(code="2.08.02.2.01.03", realisasi="belum"),
            line(code="2.08.02.2.01.04", pagu=-5),
        ],
    )
    assert "“seratus juta” bukan angka" in errors[(2, "pagu")]
    assert "bukan bilangan bulat" in errors[(3, "tahun")]
    assert "“belum” bukan angka" in errors[(4, "realisasi")]
    assert errors[(5, "pagu")] == "tidak boleh negatif"
    assert not BudgetLine.objects.exists()


def test_an_unknown_unit_and_another_units_row_read_the_same(focal_client, unit_b):
    errors = preview_errors(
        focal_client,
        [line(unit="Dinas Entah"), line(unit="Kec. Setu", code="2.08.02.2.01.02")],
    )
    assert (
        errors[(2, "nama_singkat_pd")] == "perangkat daerah Dinas Entah tidak dikenal"
    )
    # Unit B exists, but it is not the focal point's: nothing says so.
    assert errors[(3, "nama_singkat_pd")] == "perangkat daerah Kec. Setu tidak dikenal"


def test_a_reviewer_imports_for_every_unit(client_for, reviewer, unit_a, unit_b, cycle):
    client = client_for(reviewer)
    upload(client, [line(), line(unit="kec. setu")])
    result = commit(client, latest_batch())
    assert result.context["result"]["created"] == 2
    assert set(BudgetLine.objects.values_list("unit__short_name", flat=True)) == {
        "Dinkes",
        "Kec. Setu",
    }


def test_duplicate_keys_inside_the_file_are_refused(focal_client):
    errors = preview_errors(focal_client, [line(), line(pagu=1), line(unit="dinkes")])
    assert "sudah ada di baris 2" in errors[(3, "kode_sub_kegiatan")]
    assert "sudah ada di baris 2" in errors[(4, "kode_sub_kegiatan")]


def test_arg_category_rules_and_unknown_category(focal_client):
    errors = preview_errors(
        focal_client,
        [
            line(arg="tidak", category="KHUSUS"),
            line(code="2.08.02.2.01.02", category="LAINNYA"),
            line(code="2.08.02.2.01.03", arg="mungkin"),
        ],
    )
    assert errors[(2, "kategori_arg")] == (
        "Kategori ARG hanya untuk sub kegiatan yang ditandai ARG."
    )
    assert "“LAINNYA” tidak dikenal" in errors[(3, "kategori_arg")]
    assert "ya atau tidak" in errors[(4, "arg")]


def test_an_off_pattern_code_is_a_warning_not_an_error(focal_client):
    upload(focal_client, [line(code="2.8.2.1")], above=())
    response = focal_client.get(reverse("import_preview", args=[latest_batch().pk]))
    row = response.context["rows"][0]["row"]
    assert row.status == RowStatus.NEW
    assert "tidak sesuai pola kode" in row.warnings[0]
    assert response.context["can_commit"]


def test_a_closed_cycle_and_an_approved_dossier_lock_their_lines(focal_client, unit_a):
    CycleFactory(year=2025, state=CycleState.CLOSED)
    approved = DossierFactory(unit=unit_a, status=Status.APPROVED).budget_line
    errors = preview_errors(
        focal_client,
        [
            line(year=2025),
            line(code=approved.sub_kegiatan_code, pagu=approved.pagu + 1),
        ],
    )
    assert "Siklus monev 2025 sudah ditutup" in errors[(2, "tahun")]
    assert "sudah disetujui" in errors[(3, "kode_sub_kegiatan")]


def test_an_unchanged_line_of_a_closed_year_is_not_an_error(focal_client, unit_a):
    CycleFactory(year=2025, state=CycleState.CLOSED)
    old = BudgetLineFactory(
        unit=unit_a,
        year=2025,
        sub_kegiatan_code="2.08.02.2.01.01",
        sub_kegiatan_name="Lama",
        program_name=PROGRAM[1],
        kegiatan_name=KEGIATAN[1],
        pagu=Decimal("5000"),
        is_arg=False,
        arg_category="",
    )
    upload(
        focal_client,
        [
            line(
                year=2025,
                code=old.sub_kegiatan_code,
                name="Lama",
                pagu=5000,
                arg="tidak",
                category="",
            )
        ],
    )
    preview = focal_client.get(reverse("import_preview", args=[latest_batch().pk]))
    assert preview.context["rows"][0]["row"].status == RowStatus.UNCHANGED


def test_a_failure_in_the_middle_of_the_commit_rolls_everything_back(
    focal_client, monkeypatch
):
    upload(focal_client, GOOD)
    batch = latest_batch()
    original = BudgetLineImporter.apply_row

    def fail_on_third(self, row):
        if row.line == 7:
            raise RuntimeError("disk full")
        return original(self, row)

    monkeypatch.setattr(BudgetLineImporter, "apply_row", fail_on_third)
    response = commit(focal_client, batch)
    assert "tidak ada data yang disimpan" in response.text
    assert not BudgetLine.objects.exists()
    assert not ActivityLog.objects.filter(action="budget_line.create").exists()
    batch.refresh_from_db()
    assert batch.state == ImportBatchState.FAILED

    monkeypatch.setattr(BudgetLineImporter, "apply_row", original)
    response = commit(focal_client, batch)
    assert response.context["result"]["created"] == 3


def test_the_template_round_trips(focal_client, unit_a):
    response = focal_client.get(reverse("import_template", args=["budget-lines"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('"templat-impor-budget-lines.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["tahun", "nama_singkat_pd", "kode_program"]
    assert workbook.worksheets[1]["A2"].value == "tahun"  # the instructions sheet
    sheet.append(line())
    buffer = io.BytesIO()
    workbook.save(buffer)
    focal_client.post(
        reverse("import_upload", args=["budget-lines"]),
        {"file": SimpleUploadedFile("isi.xlsx", buffer.getvalue())},
    )
    assert commit(focal_client, latest_batch()).context["result"]["created"] == 1


def test_a_planner_cannot_import_budget_lines(client_for, planner):
    client = client_for(planner)
    assert (
        client.get(reverse("import_upload", args=["budget-lines"])).status_code == 403
    )


def test_other_unit_lines_are_untouched_by_a_scoped_import(focal_client, unit_b):
    other = BudgetLineFactory(unit=unit_b, sub_kegiatan_code="2.08.02.2.01.01")
    UnitFactory(short_name="Dinas Lain")
    upload(focal_client, [line()])
    commit(focal_client, latest_batch())
    other.refresh_from_db()
    assert other.pagu == Decimal("150000000")
    assert BudgetLine.objects.count() == 2


def test_an_indonesian_csv_with_semicolons_is_accepted(focal_client, unit_a):
    text = (
        "tahun;nama_singkat_pd;kode_program;nama_program;kode_kegiatan;"
        "nama_kegiatan;kode_sub_kegiatan;nama_sub_kegiatan;pagu\n"
        "2026;Dinkes;2.08.02;Program PUG;2.08.02.2.01;Pelembagaan PUG;"
        "2.08.02.2.01.01;Koordinasi PUG;Rp 1.250.000\n"
    )
    focal_client.post(
        reverse("import_upload", args=["budget-lines"]),
        {"file": SimpleUploadedFile("rka.csv", text.encode("utf-8-sig"))},
    )
    assert commit(focal_client, latest_batch()).context["result"]["created"] == 1
    line = BudgetLine.objects.get()
    assert line.pagu == Decimal("1250000")
    # Columns absent from the file keep their defaults.
    assert (line.is_arg, line.arg_category, line.realisasi) == (False, "", None)


def test_a_file_over_the_limit_is_refused_on_the_form(focal_client, settings):
    settings.MAX_UPLOAD_MB = 1
    response = focal_client.post(
        reverse("import_upload", args=["budget-lines"]),
        {"file": SimpleUploadedFile("besar.csv", b"a;b\n" * 300_000)},
    )
    assert response.status_code == 200
    assert "Berkas terlalu besar (1,1 MB). Batas 1 MB." in response.text
    assert not ImportBatch.objects.exists()


def test_the_preview_costs_the_queries_of_the_services_it_runs_per_new_row(
    focal_client, unit_a, django_assert_num_queries
):
    # Fixed: session, user, batch with its uploader, savepoint, the uploader's
    # units (scope), existing lines, rollback to and release of the savepoint (8).
    # Each new row runs budget_line_create: unit in scope, closed year, savepoint,
    # unit exists, unique code, insert, activity log, release (8); the first one
    # also looks up the content type for the log (1). The preview is then kept on
    # the batch (1), and the next views read only session, user and batch (3).
    # The row's code warnings read the nomenclature of its year once per process
    # (2: the version, its codes).
    for size, expected in ((3, 8 + 1 + 3 * 8 + 1 + 2), (60, 8 + 1 + 60 * 8 + 1 + 2)):
        codes = [f"2.08.02.2.01.{n:02d}" for n in range(1, size + 1)]
        upload(focal_client, [line(code=code) for code in codes])
        url = reverse("import_preview", args=[latest_batch().pk])
        ContentType.objects.clear_cache()
        nomenclature_for.cache_clear()
        with django_assert_num_queries(expected):
            response = focal_client.get(url)
        assert response.context["preview"].counts["new"] == size
        with django_assert_num_queries(3):
            again = focal_client.get(url, {"page": 1})
        assert again.context["preview"].counts == response.context["preview"].counts


def test_re_importing_an_unchanged_file_costs_the_same_queries_for_3_or_60_rows(
    focal_client, unit_a, django_assert_num_queries
):
    for size in (3, 60):
        codes = [f"2.08.02.2.01.{n:02d}" for n in range(1, size + 1)]
        upload(focal_client, [line(code=code) for code in codes])
        commit(focal_client, latest_batch())
        upload(focal_client, [line(code=code) for code in codes])
        url = reverse("import_preview", args=[latest_batch().pk])
        # session, user, batch with its uploader, savepoint, the uploader's units,
        # existing lines (with their units), rollback to and release of the
        # savepoint: an unchanged row runs no service; then the preview is kept.
        with django_assert_num_queries(9):
            response = focal_client.get(url)
        assert response.context["preview"].counts["unchanged"] == size


def page_errors(client, url, line_values: list) -> dict[str, list[str]]:
    """The budget-line page's form errors for the same values as an import row."""
    (year, unit, program, program_name, kegiatan, kegiatan_name, code, name, pagu) = (
        line_values[:9]
    )
    response = client.post(
        url,
        {
            "unit": Unit.objects.get(short_name=unit).pk,
            "year": year,
            "program_code": program,
            "program_name": program_name,
            "kegiatan_code": kegiatan,
            "kegiatan_name": kegiatan_name,
            "sub_kegiatan_code": code,
            "sub_kegiatan_name": name,
            "pagu": pagu,
            "realisasi": "",
            "is_arg": "on",
            "arg_category": "PELEMBAGAAN",
        },
    )
    assert response.status_code == 200, "the page refuses it"
    return response.context["form"].errors


def test_a_closed_years_line_is_refused_with_the_pages_words_in_preview_and_commit(
    focal_client, unit_a
):
    CycleFactory(year=2025, state=CycleState.CLOSED)
    row = line(year=2025)
    shown = page_errors(focal_client, reverse("evaluations:budget_line_create"), row)
    message = "Siklus monev 2025 sudah ditutup; datanya tidak dapat diubah."
    assert shown["year"] == [message]

    upload(focal_client, [row, line(code="2.08.02.2.01.02")], above=())
    batch = latest_batch()
    preview = focal_client.get(reverse("import_preview", args=[batch.pk]))
    errors = [(e.row, e.column, e.message) for e in preview.context["preview"].errors]
    assert errors == [(2, "tahun", message)]
    assert [r["row"].status for r in preview.context["rows"]] == ["error", "new"]

    result = commit(focal_client, batch)
    assert result.context["result"]["errors"] == [
        {"row": 2, "column": "tahun", "message": message}
    ]
    assert not BudgetLine.objects.exists(), "the clean row is rolled back too"


def test_an_approved_dossiers_line_is_locked_with_the_pages_words(
    focal_client, unit_a, cycle
):
    approved = DossierFactory(unit=unit_a, status=Status.APPROVED).budget_line
    row = line(code=approved.sub_kegiatan_code, year=approved.year, pagu=1)
    url = reverse("evaluations:budget_line_update", args=[approved.pk])
    (message,) = page_errors(focal_client, url, row)["__all__"]
    assert "sudah disetujui" in message
    errors = preview_errors(focal_client, [row])
    assert errors == {(2, "kode_sub_kegiatan"): message}
