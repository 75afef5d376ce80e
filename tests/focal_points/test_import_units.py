import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from focal_points.models import Unit
from pug_portal.models import ActivityLog

HEADER = (
    "short_name,name,unit_type,parent_short_name,is_coordinator,is_planning_agency\n"
)
SEED = (
    Path(__file__).resolve().parents[2] / "focal_points" / "data" / "tangsel_units.csv"
)


def write(tmp_path, text: str, name: str = "units.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path) -> str:
    out = io.StringIO()
    call_command("import_units", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_real_seed_list_imports_and_a_second_run_changes_nothing():
    assert "created 98" in run(SEED)
    setu = Unit.objects.get(short_name="Kel. Setu")
    assert setu.parent.short_name == "Kec. Setu"
    assert Unit.objects.get(short_name="DPMPPPAKB").is_coordinator
    assert "created 0, updated 0, unchanged 98" in run(SEED)


@pytest.mark.django_db
def test_a_row_may_name_a_parent_listed_after_it(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "Kel. A,Kelurahan A,KELURAHAN,Kec. A,0,0\nKec. A,Kecamatan A,KECAMATAN,,0,0\n",
    )
    run(path)
    assert Unit.objects.get(short_name="Kel. A").parent.short_name == "Kec. A"


@pytest.mark.django_db
def test_changed_rows_are_updated(tmp_path):
    run(write(tmp_path, HEADER + "Dinkes,Dinas Kesehatan,DINAS,,0,0\n"))
    output = run(write(tmp_path, HEADER + "Dinkes,Dinas Kesehatan Kota,DINAS,,0,0\n"))
    assert "updated 1" in output
    assert Unit.objects.get().name == "Dinas Kesehatan Kota"


@pytest.mark.django_db
def test_bad_rows_are_reported_by_row_and_nothing_is_imported(tmp_path, capsys):
    path = write(
        tmp_path,
        HEADER
        + "Dinkes,Dinas Kesehatan,DINAS,,0,0\n"
        + "Kel. X,Kelurahan X,KELURAHAN,Kec. Nowhere,0,0\n"
        + "Dinas Y,Dinas Y,DINASTI,,0,0\n"
        + "Dinkes,Dinas Kesehatan lagi,DINAS,,0,0\n",
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        run(path)
    err = capsys.readouterr().err
    assert "baris 3, kolom parent_short_name: induk Kec. Nowhere tidak dikenal" in err
    assert "baris 4, kolom unit_type" in err
    assert "baris 5, kolom short_name" in err
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_xlsx_is_accepted(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["short_name", "name", "unit_type"])
    sheet.append(["Dinkes", "Dinas Kesehatan", "DINAS"])
    path = tmp_path / "units.xlsx"
    workbook.save(path)
    assert "created 1" in run(path)


@pytest.mark.django_db
def test_missing_headers_and_fake_xlsx_are_refused(tmp_path):
    with pytest.raises(CommandError, match="Kolom wajib tidak ada: unit_type"):
        run(write(tmp_path, "short_name,name\nA,B\n"))
    fake = tmp_path / "units.xlsx"
    fake.write_bytes(b"short_name,name,unit_type\n")
    with pytest.raises(CommandError, match="bukan XLSX"):
        run(fake)
    with pytest.raises(CommandError, match="kosong"):
        run(write(tmp_path, ""))


@pytest.mark.django_db
def test_a_unit_named_as_its_own_parent_is_refused_by_the_service(tmp_path, capsys):
    path = write(tmp_path, HEADER + "Kec. A,Kecamatan A,KECAMATAN,Kec. A,0,0\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        run(path)
    assert (
        "baris 2, kolom parent_short_name: Perangkat daerah tidak dapat menjadi induk "
        "dirinya sendiri." in capsys.readouterr().err
    )
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_the_command_acts_as_the_system_user(tmp_path):
    run(write(tmp_path, HEADER + "Dinkes,Dinas Kesehatan,DINAS,,0,0\n"))
    entry = ActivityLog.objects.get(action="unit.create")
    assert entry.actor is None and entry.object_repr == "Dinas Kesehatan"
