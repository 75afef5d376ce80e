"""`manage.py purge_imports`: batches older than IMPORT_BATCH_EXPIRY_DAYS go, with
their files; younger ones stay. And both kinds of kept file are in the admin,
read-only."""

import datetime
import io
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pug_portal.models import ImportBatch
from tests.factories import import_batch


@pytest.mark.django_db
def test_purge_imports_deletes_old_batches_and_their_files(reviewer, settings):
    settings.IMPORT_BATCH_EXPIRY_DAYS = 3
    old = import_batch(reviewer, importer="units", data=b"a\n1\n", name="old.csv")
    young = import_batch(reviewer, importer="units", data=b"a\n1\n", name="new.csv")
    ImportBatch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3, minutes=1)
    )
    ImportBatch.objects.filter(pk=young.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2, hours=23)
    )
    old_path, young_path = old.file.path, young.file.path
    assert os.path.exists(old_path)

    out = io.StringIO()
    call_command("purge_imports", stdout=out)

    assert out.getvalue().strip() == "Purged 1 import batch(es), 1 file(s) deleted."
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [young.pk]
    assert not os.path.exists(old_path)
    assert os.path.exists(young_path)

    call_command("purge_imports", stdout=out)
    assert "Purged 0 import batch(es), 0 file(s) deleted." in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["importbatch", "reportrun"])
def test_batches_and_report_runs_are_read_only_in_the_admin(
    model, admin, reviewer, client_for
):
    batch = import_batch(reviewer, importer="units", data=b"a\n1\n", name="u.csv")
    client = client_for(admin)
    changelist = client.get(reverse(f"admin:pug_portal_{model}_changelist"))
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:pug_portal_{model}_add")).status_code == 403
    if model == "importbatch":
        assert "u.csv" in changelist.text
        page = client.get(
            reverse("admin:pug_portal_importbatch_change", args=[batch.pk])
        )
        assert page.status_code == 200
        assert 'name="original_name"' not in page.text  # shown, not editable
        delete = reverse("admin:pug_portal_importbatch_delete", args=[batch.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert ImportBatch.objects.filter(pk=batch.pk).exists()
    assert client_for(reviewer).get(
        reverse(f"admin:pug_portal_{model}_changelist")
    ).status_code in (302, 403)
