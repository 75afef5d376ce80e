"""The GAP and GBS details a verifier checks: insight data (data pembuka wawasan)
as its own kind of L/P row, printed in GAP column 2 and as point 1 of the GBS
Analisis Situasi; the Analisis Situasi numbered; a warning when the action rows'
Masukan do not add up to Jumlah Anggaran; GAP column 1 names what is analysed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations.models import DataKind, Dossier
from evaluations.services.dossiers import dossier_submit
from tests.evaluations.test_exporters import (  # noqa: F401
    document_url,
    dossier,
    pdf_text,
    signed_unit,
    squeezed,
)

INSIGHT_ROW = "Kunjungan K1 didampingi suami: L 3.860, P 17.570 kunjungan"


def test_the_gbs_analisis_situasi_is_numbered_with_the_insight_data_first(
    dossier,  # noqa: F811
):
    text = dossier.gbs_values()["gbs_situation"]
    assert text.splitlines() == [
        "1. Data pembuka wawasan:",
        dossier.gap_insight,
        INSIGHT_ROW,
        "2. Isu dan faktor kesenjangan, sebab internal dan eksternal:",
        f"Akses: {dossier.gap_access}",
        f"Partisipasi: {dossier.gap_participation}",
        f"Sebab internal: {dossier.gap_internal}",
        f"Sebab eksternal: {dossier.gap_external}",
    ]


def test_the_gbs_pdf_prints_the_numbered_situation_and_the_masukan_warning(
    dossier,  # noqa: F811
    focal_a,
    client_for,
):
    text = pdf_text(client_for(focal_a).get(document_url(dossier, "gbs")).content)
    flat = squeezed(text)
    first = flat.index(squeezed("1. Data pembuka wawasan"))
    assert first < flat.index(squeezed(INSIGHT_ROW))
    assert flat.index(squeezed(INSIGHT_ROW)) < flat.index(
        squeezed("2. Isu dan faktor kesenjangan")
    )
    assert squeezed(
        "Jumlah Masukan rencana aksi (Rp 45.000.000) berbeda dari Jumlah Anggaran "
        "GBS (Rp 150.000.000)."
    ) in flat.replace("\xa0", "")


def test_no_masukan_warning_when_the_actions_add_up(dossier):  # noqa: F811
    dossier.action_rows.update(input_amount=dossier.budget_line.pagu)
    assert Dossier.objects.get(pk=dossier.pk).amount_warning() == ""


def test_gap_column_1_names_program_kegiatan_and_sub_kegiatan_above_the_objective(
    dossier,  # noqa: F811
    focal_a,
    client_for,
):
    line = dossier.budget_line
    flat = squeezed(
        pdf_text(client_for(focal_a).get(document_url(dossier, "gap")).content)
    )
    program = flat.index(squeezed(f"Program: {line.program_code} {line.program_name}"))
    kegiatan = flat.index(
        squeezed(f"Kegiatan: {line.kegiatan_code} {line.kegiatan_name}")
    )
    sub = flat.index(
        squeezed(f"Sub Kegiatan: {line.sub_kegiatan_code} {line.sub_kegiatan_name}")
    )
    objective = flat.index(squeezed(f"Tujuan: {dossier.gap_policy}"))
    assert program < kegiatan < sub < objective


def test_submit_requires_an_insight_data_row(dossier_a, focal_a):
    dossier_a.data_rows.filter(kind=DataKind.PEMBUKA_WAWASAN).delete()
    draft = Dossier.objects.get(pk=dossier_a.pk)
    with pytest.raises(ValidationError) as error:
        dossier_submit(dossier=draft, by=focal_a)
    assert (
        "Data terpilah L/P: sekurang-kurangnya satu baris data pembuka wawasan"
        in " ".join(error.value.messages)
    )
    assert Dossier.objects.get(pk=dossier_a.pk).status == "DRAFT"


def test_the_editor_offers_insight_data_as_a_kind(dossier_a, focal_a, client_for):
    html = (
        client_for(focal_a)
        .get(reverse("evaluations:dossier_edit", args=[dossier_a.pk]))
        .content.decode()
    )
    assert '<option value="PEMBUKA_WAWASAN"' in html
    assert "Data pembuka wawasan" in html
