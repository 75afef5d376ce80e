"""The GBS signer is stored at approval: a new head of unit later does not change an
approved GBS; a draft prints the current head; the title falls back by unit type."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from evaluations.models import Dossier
from evaluations.services.review import dossier_approve, dossier_reopen
from evaluations.workflow import Status
from focal_points.models import UnitType
from tests.evaluations.test_exporters import pdf_text
from tests.factories import DossierFactory, UnitFactory, complete_dossier

ANI = {
    "head_name": "dr. Ani Suryani",
    "head_title": "Kepala Dinas Kesehatan",
    "head_rank": "Pembina Utama Muda (IV/c)",
    "head_nip": "197001011995032001",
}
BUDI = {
    "head_name": "Budi Santoso, S.KM.",
    "head_title": "Plt. Kepala Dinas Kesehatan",
    "head_rank": "Pembina (IV/a)",
    "head_nip": "197505052000031002",
}


def set_head(unit, head):
    type(unit).objects.filter(pk=unit.pk).update(**head)
    unit.refresh_from_db()


@pytest.fixture
def reviewing(unit_a, cycle):
    set_head(unit_a, ANI)
    dossier = complete_dossier(DossierFactory(unit=unit_a, cycle=cycle))
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.IN_REVIEW)
    dossier.refresh_from_db()
    return dossier


def gbs_text(client, dossier) -> str:
    url = reverse("evaluations:dossier_document", args=[dossier.pk, "gbs"])
    response = client.get(url)
    assert response.status_code == 200
    return pdf_text(response.content)


def test_approval_stores_the_head_who_signs(reviewing, reviewer):
    dossier_approve(dossier=reviewing, by=reviewer)

    stored = Dossier.objects.get(pk=reviewing.pk)
    assert (
        stored.gbs_signer_title,
        stored.gbs_signer_name,
        stored.gbs_signer_rank,
        stored.gbs_signer_nip,
    ) == (
        "Kepala Dinas Kesehatan",
        "dr. Ani Suryani",
        "Pembina Utama Muda (IV/c)",
        "197001011995032001",
    )


def test_the_stored_signer_survives_a_change_of_head(
    reviewing, reviewer, focal_a, client_for, unit_a, cycle
):
    dossier_approve(dossier=reviewing, by=reviewer)
    set_head(unit_a, BUDI)
    draft = complete_dossier(DossierFactory(unit=unit_a, cycle=cycle))
    client = client_for(focal_a)

    approved_text = gbs_text(client, reviewing)
    draft_text = gbs_text(client, draft)

    assert "dr. Ani Suryani" in approved_text
    assert "19700101 199503 2 001" in approved_text
    assert "Budi Santoso" not in approved_text
    assert "Budi Santoso, S.KM." in draft_text  # until approval: today's head
    assert "Plt. Kepala Dinas Kesehatan" in draft_text
    assert "dr. Ani Suryani" not in draft_text


def test_a_reopened_gbs_prints_todays_head_until_approved_again(
    reviewing, reviewer, unit_a
):
    dossier_approve(dossier=reviewing, by=reviewer)
    set_head(unit_a, BUDI)
    reopened = dossier_reopen(
        dossier=Dossier.objects.get(pk=reviewing.pk), by=reviewer, reason="Revisi"
    )

    assert reopened.gbs_signer().name == "Budi Santoso, S.KM."
    Dossier.objects.filter(pk=reviewing.pk).update(status=Status.IN_REVIEW)
    again = dossier_approve(dossier=Dossier.objects.get(pk=reviewing.pk), by=reviewer)
    assert again.gbs_signer().name == "Budi Santoso, S.KM."
    assert Dossier.objects.get(pk=reviewing.pk).gbs_signer_name == "Budi Santoso, S.KM."


@pytest.mark.parametrize(
    ("unit_type", "name", "title"),
    [
        (UnitType.KECAMATAN, "Kecamatan Setu", "Camat Setu"),
        (UnitType.KELURAHAN, "Kelurahan Babakan", "Lurah Babakan"),
        (UnitType.INSPEKTORAT, "Inspektorat", "Inspektur"),
        (
            UnitType.SETDA,
            "Sekretariat Daerah Kota Tangerang Selatan",
            "Sekretaris Daerah Kota Tangerang Selatan",
        ),
        (UnitType.SETWAN, "Sekretariat DPRD", "Sekretaris DPRD"),
        (
            UnitType.RSUD,
            "RSU Kota Tangerang Selatan",
            "Direktur RSU Kota Tangerang Selatan",
        ),
        (UnitType.DINAS, "Dinas Kesehatan", "Kepala Dinas Kesehatan"),
        (UnitType.BADAN, "Badan Pendapatan Daerah", "Kepala Badan Pendapatan Daerah"),
    ],
)
@pytest.mark.django_db
def test_the_title_falls_back_by_unit_type(unit_type, name, title):
    unit = UnitFactory(unit_type=unit_type, name=name, head_title="")

    assert unit.head_title_or_default() == title


@pytest.mark.django_db
def test_a_recorded_title_wins_over_the_fallback():
    unit = UnitFactory(
        unit_type=UnitType.KECAMATAN,
        name="Kecamatan Setu",
        head_title="Plt. Camat Setu",
    )

    assert unit.head_title_or_default() == "Plt. Camat Setu"


def test_the_migration_signs_approved_dossiers_with_todays_head(
    reviewing, unit_a, cycle
):
    Dossier.objects.filter(pk=reviewing.pk).update(status=Status.APPROVED)
    draft = complete_dossier(DossierFactory(unit=unit_a, cycle=cycle))
    migration = import_module("evaluations.migrations.0008_gbs_signer")

    migration.backfill_signers(apps, None)

    approved = Dossier.objects.get(pk=reviewing.pk)
    assert (approved.gbs_signer_name, approved.gbs_signer_title) == (
        "dr. Ani Suryani",
        "Kepala Dinas Kesehatan",
    )
    assert Dossier.objects.get(pk=draft.pk).gbs_signer_name == ""


def test_the_stored_title_is_indonesian_whatever_the_approvers_language(
    reviewing, reviewer, unit_a
):
    from django.utils import translation

    type(unit_a).objects.filter(pk=unit_a.pk).update(head_title="")
    reviewing.unit.refresh_from_db()
    with translation.override("en"):
        dossier_approve(dossier=reviewing, by=reviewer)

    assert Dossier.objects.get(pk=reviewing.pk).gbs_signer_title == (
        "Kepala Dinas Kesehatan"
    )
