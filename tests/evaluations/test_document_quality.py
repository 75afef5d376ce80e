"""The rubric measures the quality of the document: its bands read "Kualitas
dokumen: Baik / Cukup / Kurang" everywhere, never a gender label; the verifier answers
every criterion a person judges (nothing preset), C1 and C8 come from the data."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Dossier, RubricScore, ScoreKind, classify
from evaluations.services.arg import realisation_record
from evaluations.services.review import dossier_score
from evaluations.workflow import Status
from tests.evaluations.test_exporters import city, pdf_text  # noqa: F401
from tests.reports import download

OLD_LABELS = ("Responsif gender", "Sensitif gender", "Netral", "belum responsif")


def _workbook_text(content: bytes) -> str:
    wb = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    )


def test_no_approved_dossier_shows_a_gender_label_for_its_band(
    city,  # noqa: F811
    reviewer,
    planner,
    client_for,
):
    """A1 is approved with a reviewer total of 16: everywhere it reads "Baik"."""
    a1 = city.a1
    assert a1.status == Status.APPROVED
    year = "?year=2026"
    pages = {
        "detail": reverse("evaluations:dossier_detail", args=[a1.pk]),
        "review": reverse("evaluations:dossier_review", args=[a1.pk]),
        "board": reverse("evaluations:city_dashboard") + year,
        "unit board": reverse("evaluations:unit_dashboard", args=[a1.unit_id]) + year,
        "records": reverse("evaluations:dashboard_dossiers") + year,
    }
    client = client_for(reviewer)
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        for old in OLD_LABELS:
            assert old not in html, (name, old)
    detail = client.get(pages["detail"]).content.decode()
    assert "Kualitas dokumen: Baik" in detail

    texts = {}
    for report in ("rekap-kota", "rekap-tahunan-pd", "semua-dossier"):
        for fmt in ("pdf", "xlsx"):
            url = reverse("report_download", args=[report, fmt])
            response = download(client_for(planner), url + year)
            if response.status_code == 404:  # a report without this format
                continue
            assert response.status_code == 200, (report, fmt)
            read = pdf_text if fmt == "pdf" else _workbook_text
            texts[report, fmt] = read(response.content)
    assert ("rekap-kota", "pdf") in texts and ("semua-dossier", "xlsx") in texts
    for key, text in texts.items():
        for old in OLD_LABELS:
            assert old not in text, (key, old)
    assert "Baik" in texts["rekap-kota", "xlsx"]


def test_the_scoring_form_starts_empty_and_says_what_each_score_means(
    dossier_a, reviewer, client_for
):
    Dossier.objects.filter(pk=dossier_a.pk).update(status=Status.IN_REVIEW)
    html = (
        client_for(reviewer)
        .get(reverse("evaluations:dossier_review", args=[dossier_a.pk]))
        .content.decode()
    )
    form = html[html.index("review/score/") :]
    form = form[: form.index("</form>")]
    assert "checked" not in form
    assert 'name="c1"' not in form and 'name="c8"' not in form  # computed
    assert "0: tanpa angka" in form and "2: internal dan eksternal" in form
    assert "C1 GAP lengkap: <strong>2</strong>" in html
    assert "C10 Realisasi dilaporkan L/P: <strong>belum dapat dinilai</strong>" in html


def test_saving_with_criteria_unanswered_lists_them_and_saves_nothing(
    dossier_a, reviewer, client_for
):
    Dossier.objects.filter(pk=dossier_a.pk).update(status=Status.IN_REVIEW)
    data = {"c2": "2", "c3": "1", "c4": "2", "c5": "2", "c6": "1"}  # c7, c9 missing

    response = client_for(reviewer).post(
        reverse("evaluations:review_score", args=[dossier_a.pk]), data
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Nilai belum lengkap; belum dinilai: C7 Data dasar dan indikator gender "
        "dengan target; C9 Penerima manfaat terpilah menurut jenis kelamin."
    ) in html
    assert "Pilih 0, 1 atau 2." in html
    assert not RubricScore.objects.exists()


def test_a_full_score_is_saved_with_the_computed_criteria(
    dossier_a, reviewer, client_for
):
    Dossier.objects.filter(pk=dossier_a.pk).update(status=Status.IN_REVIEW)
    data = dict.fromkeys(("c2", "c3", "c4", "c5", "c6", "c7", "c9"), "2")

    response = client_for(reviewer).post(
        reverse("evaluations:review_score", args=[dossier_a.pk]), data, follow=True
    )

    score = RubricScore.objects.get(dossier=dossier_a, kind=ScoreKind.REVIEWER)
    assert (score.c1, score.c8, score.c10, score.total) == (2, 2, None, 18)
    assert score.classification == "BAIK"
    assert "Nilai tersimpan: 18/20, kualitas dokumen Baik." in response.content.decode()


@pytest.mark.parametrize(
    "total,band", [(15, "BAIK"), (14, "CUKUP"), (8, "CUKUP"), (7, "KURANG")]
)
def test_bands_follow_the_thresholds(total, band):
    assert classify(total) == band


def test_c10_is_scored_from_the_realisation_once_recorded(dossier_a, reviewer, focal_a):
    Dossier.objects.filter(pk=dossier_a.pk).update(status=Status.IN_REVIEW)
    dossier = Dossier.objects.get(pk=dossier_a.pk)
    typed = dict.fromkeys(("c2", "c3", "c4", "c5", "c6", "c7", "c9"), 1)
    score = dossier_score(
        dossier=dossier, by=reviewer, kind=ScoreKind.REVIEWER, scores=typed
    )
    assert (score.c10, score.total, score.classification) == (None, 11, "CUKUP")
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.APPROVED)
    dossier = Dossier.objects.get(pk=dossier.pk)
    quarter = {"amount": 1000, "physical_percent": 25}

    realisation_record(
        dossier=dossier,
        by=focal_a,
        data={"quarter": 1, "beneficiaries_male": 40, "beneficiaries_female": 60}
        | quarter,
    )
    score.refresh_from_db()
    assert (score.c10, score.total, score.classification) == (2, 13, "CUKUP")

    realisation_record(
        dossier=dossier,
        by=focal_a,
        data={"quarter": 2, "beneficiaries_male": 0, "beneficiaries_female": 0}
        | quarter,
    )
    score.refresh_from_db()
    assert (score.c10, score.total) == (1, 12)  # a quarter without anyone by sex
