"""Indonesian as officials write it: the login error names the user name once, the
password rules say "Kata sandi Anda" in one form, notices say what was done
("Diajukan oleh", "Dikembalikan untuk perbaikan oleh")."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from evaluations.services.dossiers import dossier_submit
from evaluations.services.review import dossier_return
from evaluations.workflow import Status
from tests.factories import CycleFactory, DossierFactory, complete_dossier


def test_the_login_error_does_not_repeat_nama_pengguna(reviewer):
    response = Client().post(
        reverse("login"), {"username": reviewer.username, "password": "salah"}
    )
    html = response.content.decode()
    assert "Periksa nama pengguna dan kata sandi Anda." in html
    assert "nama pengguna nama pengguna" not in html


def test_password_rules_say_kata_sandi_anda_in_one_form():
    with translation.override("id"):
        texts = " ".join(password_validators_help_texts())
    assert "Kata sandi Anda" in texts
    assert "andi anda" not in texts and "Sandi anda" not in texts


@pytest.fixture
def reviewers_mail(reviewer):
    reviewer.email = "reviu@example.test"
    reviewer.save(update_fields=["email"])


def test_notices_say_diajukan_oleh_and_dikembalikan_untuk_perbaikan_oleh(
    focal_a, reviewer, reviewers_mail, unit_a, django_capture_on_commit_callbacks
):
    dossier = complete_dossier(DossierFactory(unit=unit_a, cycle=CycleFactory()))
    with django_capture_on_commit_callbacks(execute=True):
        dossier_submit(dossier=dossier, by=focal_a)
    submitted = mail.outbox[-1].body
    assert "Diajukan oleh" in submitted and "Ajukan oleh" not in submitted.replace(
        "Diajukan oleh", ""
    )

    dossier.refresh_from_db()
    dossier.status = Status.IN_REVIEW
    dossier.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        dossier_return(dossier=dossier, by=reviewer, reason="Lengkapi", comments=[])
    assert "Dikembalikan untuk perbaikan oleh" in mail.outbox[-1].body
