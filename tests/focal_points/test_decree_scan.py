"""The SK scan of a decree can be replaced and removed: no 500, the log names the
files, and the storage holds exactly the files the rows point at (none orphaned)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from focal_points.models import Decree
from focal_points.services import registry as services
from pug_portal.models import ActivityLog

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _scan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _form(decree: Decree, **extra) -> dict:
    return {
        "number": decree.number,
        "date": "2026-01-05",
        "title": decree.title,
        "issuer_type": decree.issuer_type,
        "unit": decree.unit_id or "",
        "fiscal_year": decree.fiscal_year,
        "valid_from": "2026-01-05",
        **extra,
    }


def _stored(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def decree_with_scan(reviewer, unit_a):
    return services.decree_create(
        by=reviewer,
        data={
            "number": "800/7/SK/2026",
            "date": "2026-01-05",
            "title": "tentang Tim Focal Point PUG",
            "issuer_type": "KEPALA_PD",
            "unit": unit_a,
            "fiscal_year": 2026,
            "valid_from": "2026-01-05",
            "file": _scan("sk-lama.pdf"),
        },
    )


@pytest.fixture
def edit(django_capture_on_commit_callbacks):
    """POST the decree's edit form, running what waits for the commit."""

    def post(client, decree, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("focal_points:decree_update", args=[decree.pk]), data
            )

    return post


def test_replacing_the_scan_keeps_only_the_new_file_and_logs_both_names(
    decree_with_scan, reviewer, client_for, settings, edit
):
    old_name = decree_with_scan.file.name
    response = edit(
        client_for(reviewer),
        decree_with_scan,
        _form(decree_with_scan, file=_scan("sk-baru.pdf")),
    )
    assert response.status_code == 302
    decree = Decree.objects.get()
    assert decree.file.name != old_name and "sk-baru" in decree.file.name
    assert _stored(settings) == [decree.file.name]
    entry = ActivityLog.objects.filter(action="decree.update").get()
    assert entry.data["file"] == [Path(old_name).name, "sk-baru.pdf"]
    download = client_for(reviewer).get(
        reverse("focal_points:decree_file", args=[decree.pk])
    )
    assert b"".join(download.streaming_content) == PDF


def test_clearing_the_scan_removes_the_file(
    decree_with_scan, reviewer, client_for, settings, edit
):
    response = edit(
        client_for(reviewer),
        decree_with_scan,
        _form(decree_with_scan, **{"file-clear": "on"}),
    )
    assert response.status_code == 302
    decree = Decree.objects.get()
    assert decree.file.name == ""
    assert _stored(settings) == []
    entry = ActivityLog.objects.filter(action="decree.update").get()
    assert entry.data["file"][1] in ("", None)


def test_a_replacement_that_fails_after_writing_the_file_leaves_no_orphan(
    decree_with_scan, reviewer, settings, monkeypatch
):
    before = _stored(settings)

    def broken_log(**kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(services, "log_activity", broken_log)
    with pytest.raises(RuntimeError):
        services.decree_update(
            decree=decree_with_scan, by=reviewer, data={"file": _scan("sk-baru.pdf")}
        )
    assert _stored(settings) == before
    assert Decree.objects.get().file.name == before[0]


def test_an_unchanged_scan_is_kept(
    decree_with_scan, reviewer, client_for, settings, edit
):
    response = edit(
        client_for(reviewer),
        decree_with_scan,
        _form(decree_with_scan, title="tentang Tim Baru"),
    )
    assert response.status_code == 302
    assert _stored(settings) == [decree_with_scan.file.name]
