"""Numbers and dates as each language writes them, through Django's localisation
(pug_portal/formats): pages follow the reader's language, official PDFs stay
Indonesian whatever it is, workbooks hold numbers (the reader's Excel formats them)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluations.exporters.dossier_list import DossierListExporter
from evaluations.models import Dossier, Evidence
from pug_portal import charts
from pug_portal.formats import rupiah
from tests.factories import BudgetLineFactory, DecreeFactory, DossierFactory

NBSP = "\u00a0"


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def dossier(unit_a, cycle):
    """Pagu Rp 1.250.000, signed on 10 March 2026, with a 28.6 MB piece of
    evidence."""
    line = BudgetLineFactory(unit=unit_a, year=cycle.year, pagu=Decimal("1250000"))
    dossier = DossierFactory(unit=unit_a, cycle=cycle, budget_line=line)
    Dossier.objects.filter(pk=dossier.pk).update(
        gbs_amount=Decimal("1250000"), gbs_sign_date=datetime.date(2026, 3, 10)
    )
    Evidence.objects.create(
        dossier=dossier,
        kind="SK",
        file="evidence/2026/sk.pdf",
        original_name="sk.pdf",
        size=int(28.6 * 1024 * 1024),
    )
    return dossier


@pytest.mark.parametrize(
    ("language", "pagu", "size"),
    [
        ("id", "Rp\u00a01.250.000", "28,6\u00a0MB"),
        ("en", "Rp\u00a01,250,000", "28.6\u00a0MB"),
    ],
)
def test_a_page_writes_money_and_file_sizes_in_the_readers_language(
    dossier, reviewer, client_for, language, pagu, size
):
    client = in_language(client_for(reviewer), language)
    page = client.get(reverse("evaluations:dossier_detail", args=[dossier.pk]))
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert pagu in html
    assert size in html


@pytest.mark.parametrize(
    ("language", "day"), [("id", "10 Maret 2017"), ("en", "10 March 2017")]
)
def test_a_page_writes_dates_with_the_readers_month_names(
    reviewer, client_for, language, day
):
    decree = DecreeFactory(date=datetime.date(2017, 3, 10))
    client = in_language(client_for(reviewer), language)
    page = client.get(reverse("focal_points:decree_detail", args=[decree.pk]))
    assert day in page.content.decode()


def test_an_official_pdf_stays_indonesian_for_an_english_reader(
    dossier, focal_a, client_for
):
    client = in_language(client_for(focal_a), "en")
    response = client.get(
        reverse("evaluations:dossier_document", args=[dossier.pk, "gbs"])
    )
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Rp\u00a01.250.000" in text
    assert "10 Maret 2026" in text
    assert "Halaman 1 dari 1" in text


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_workbook_holds_numbers_whatever_the_language(dossier, reviewer, language):
    with translation.override(language):
        content = DossierListExporter(user=reviewer, fmt="xlsx").render()
    sheet = load_workbook(io.BytesIO(content)).active
    headers = [c.value for c in sheet[1]]
    row = dict(zip(headers, sheet[2], strict=True))
    pagu = row["Pagu"]
    assert (pagu.value, pagu.data_type) == (1250000, "n")
    assert pagu.number_format == '"Rp" #,##0'
    year = row["Tahun anggaran" if language == "id" else "Budget year"]
    assert (year.value, year.data_type, year.number_format) == (2026, "n", "0")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["Rp\u00a01.250.001", "12,3 %", "1.234.567", "–"]),
        ("en", ["Rp\u00a01,250,001", "12.3 %", "1,234,567", "–"]),
    ],
)
def test_the_figures_round_half_up_in_the_active_language(language, expected):
    with translation.override(language):
        assert [
            rupiah(Decimal("1250000.50")),
            charts.format_percent(12.25),
            charts.format_number(1234567),
            charts.format_number(None),
        ] == expected
