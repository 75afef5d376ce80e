"""A self-assessment round in a browser: the focal point answers, attaches evidence
from the unit's library and submits; the verifier returns one item with a comment;
the focal point fixes it and resubmits; the verifier approves; the city recap shows
the unit's verified score."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from assessments.models import AnswerType, ItemGroup, SelfAssessment
from assessments.services.evidence import library_add
from evaluations.workflow import Status
from pug_portal.models import Role
from tests.assessments.factories import InstrumentFactory, ItemFactory
from tests.e2e.conftest import login
from tests.factories import DecreeFactory, UnitFactory, UserFactory, appoint

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def switch(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def test_a_self_assessment_goes_round_the_review_loop(page, live_server):
    today = datetime.date.today()
    unit = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    focal = UserFactory(username="dewi", role=Role.FOCAL_POINT, first_name="Dewi")
    decree = DecreeFactory(unit=unit, valid_from=today - datetime.timedelta(days=60))
    appoint(focal, unit, decree=decree, start_date=today - datetime.timedelta(days=30))
    UserFactory(username="rev", role=Role.REVIEWER, first_name="Siti")
    instrument = InstrumentFactory(
        name="Penilaian Mandiri 7 Prasyarat PUG", year=today.year
    )
    sk = ItemFactory(
        instrument=instrument,
        code="3.1",
        group=ItemGroup.KELEMBAGAAN,
        question="Apakah Tim Focal Point PUG ditetapkan dengan SK?",
        weight=Decimal(3),
        evidence_asked="SK Tim Focal Point PUG",
    )
    data = ItemFactory(
        instrument=instrument,
        code="5.1",
        group=ItemGroup.DATA_TERPILAH,
        question="Apakah data terpilah disusun?",
        answer_type=AnswerType.CHOICE,
        options=[
            {"label": "Belum", "score": 0},
            {"label": "Sebagian", "score": 1},
            {"label": "Lengkap", "score": 2},
        ],
        weight=Decimal(2),
    )
    entry = library_add(
        unit=unit,
        by=focal,
        kind="SK",
        title="SK Tim Focal Point PUG Dinkes",
        document_date=today,
        file=SimpleUploadedFile("sk-fp.pdf", PDF),
    )

    # The focal point starts the assessment, answers, links the SK and submits.
    login(page, live_server, "dewi")
    page.goto(f"{live_server.url}/assessments/")
    page.get_by_role("link", name="Mulai penilaian").click()
    page.select_option("[name=instrument]", str(instrument.pk))
    page.get_by_role("button", name="Mulai penilaian").click()
    expect(page.locator(f"#item-{sk.pk}")).to_contain_text("SK Tim Focal Point PUG")
    page.check(f"[name=value-{sk.pk}][value=ya]")
    page.select_option(f"[name=evidence-{sk.pk}]", f"L{entry.pk}")
    page.check(f"[name=value-{data.pk}][value=Belum]")
    page.get_by_role("button", name="Simpan lalu periksa kelengkapan").click()
    expect(page.locator("body")).to_contain_text("Semua butir wajib sudah dijawab")
    page.get_by_role("button", name="Ajukan ke verifikator").click()
    expect(page.locator(".messages")).to_contain_text("Penilaian diajukan")
    assessment = SelfAssessment.objects.get()
    assert assessment.status == Status.SUBMITTED

    # The verifier returns the data item with a comment.
    switch(page, live_server, "rev")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/review/")
    expect(page.locator(f"#item-{sk.pk}")).to_contain_text(
        "SK Tim Focal Point PUG Dinkes"
    )
    page.get_by_role("button", name="Mulai reviu").click()
    page.get_by_label("Alasan").fill("Data terpilah perlu dilengkapi.")
    page.select_option("[name=comments-0-target]", str(data.pk))
    page.fill("[name=comments-0-text]", "Lampirkan profil gender 2025.")
    page.get_by_role("button", name="Kembalikan").click()
    expect(page.locator(".messages")).to_contain_text("Penilaian dikembalikan")

    # The focal point sees the comment on the item, fixes it and resubmits.
    switch(page, live_server, "dewi")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/edit/")
    item = page.locator(f"#item-{data.pk}")
    expect(item).to_contain_text("Lampirkan profil gender 2025.")
    page.check(f"[name=value-{data.pk}][value=Lengkap]")
    page.get_by_role("button", name="Simpan lalu periksa kelengkapan").click()
    page.get_by_role("button", name="Ajukan ke verifikator").click()
    expect(page.locator(".messages")).to_contain_text("Penilaian diajukan")

    # The verifier approves; the recap shows the unit's verified score.
    switch(page, live_server, "rev")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/review/")
    page.get_by_role("button", name="Mulai reviu").click()
    page.get_by_role("button", name="Setujui dan kunci").click()
    expect(page.locator(".messages")).to_contain_text("Penilaian disetujui")
    page.goto(f"{live_server.url}/assessments/recap/")
    row = page.locator("#unit-recap tbody tr", has_text="Dinas Kesehatan")
    expect(row).to_contain_text("Disetujui")
    expect(row).to_contain_text("100,0 / 100,0")
    assessment.refresh_from_db()
    assert assessment.status == Status.APPROVED
