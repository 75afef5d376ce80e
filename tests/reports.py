"""`download(client, url)`: what a person ends up with after following a report's
URL. A report that covers many units is never rendered in the request: its URL
queues a background run and redirects to /reports/; here the run is generated at
once (the immediate task backend, on the commit) and its file downloaded, so tests
of a report's content read it as before. Other URLs answer as they are."""

from django.http import HttpResponse
from django.test import TestCase, override_settings
from django.urls import reverse

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def download(client, url: str) -> HttpResponse:
    with (
        override_settings(TASKS=IMMEDIATE, PUG_REPORT_FRESH_MINUTES=0),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        response = client.get(url)
    location = response.get("Location", "") if response.status_code == 302 else ""
    if not location.startswith(f"{reverse('reports')}#run-"):
        return response
    run_id = int(location.rsplit("#run-", 1)[1])
    file = client.get(reverse("report_run_download", args=[run_id]))
    content = b"".join(file.streaming_content) if file.streaming else file.content
    result = HttpResponse(content, status=file.status_code)
    for header in ("Content-Type", "Content-Disposition"):
        if header in file:
            result[header] = file[header]
    return result
