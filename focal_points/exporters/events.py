"""PDFs of a capacity-building event: the daftar hadir (attendance sheet with a
signature column) and the event report.

Kept small on purpose: `render_pdf` is the one place that talks to WeasyPrint, so it
can be swapped for the shared `pug_portal.reports.exporting.PdfExporter` once that exists."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from focal_points.models import CapacityEvent
from focal_points.selectors.events import event_summary
from pug_portal.formatting import tanggal


def _refuse_fetch(url: str, *args, **kwargs):
    """Print layouts carry their own CSS; nothing is ever fetched (no file://, no
    network), so user text cannot make the renderer read anything."""
    raise ValueError(f"URL fetching is disabled in PDF rendering: {url!r}")


def render_pdf(template: str, context: dict) -> bytes:
    """Render `template` to PDF bytes with WeasyPrint, fetching nothing."""
    import weasyprint  # heavy import; only when a PDF is asked for

    # Official documents are in Indonesian whatever the reader's UI language, like
    # the dates pug_portal.formatting writes.
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
    return weasyprint.HTML(
        string=html, base_url=None, url_fetcher=_refuse_fetch
    ).write_pdf()


def _event_context(event: CapacityEvent) -> dict:
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    dates = tanggal(start.date())
    if end.date() != start.date():
        dates = f"{dates} – {tanggal(end.date())}"
    return {
        "event": event,
        "institution": settings.PUG_INSTITUTION_NAME,
        "organiser": event.organiser,
        "dates": dates,
        "times": f"{start:%H.%M} – {end:%H.%M} {start.tzname()}",
        "printed_on": tanggal(timezone.localdate()),
        "speakers": list(event.speakers.all()),
    }


def daftar_hadir_pdf(event: CapacityEvent, *, blank_rows: int = 5) -> bytes:
    """The attendance sheet: every registered participant numbered (name, NIP, unit,
    L/P) with an empty signature column, plus a few blank rows for walk-ins. Usable
    before the event: it lists registrations, not attendance."""
    participants = list(
        event.attendances.select_related("unit").order_by("unit__name", "name")
    )
    context = {
        **_event_context(event),
        "participants": participants,
        "blank_rows": range(len(participants) + 1, len(participants) + 1 + blank_rows),
    }
    return render_pdf("focal_points/events/pdf/daftar_hadir.html", context)


def event_report_pdf(event: CapacityEvent) -> bytes:
    """The event report: participants by unit and sex, pre/post averages, speakers."""
    context = {
        **_event_context(event),
        **event_summary(event=event),
        "invitations": list(event.invitations.select_related("unit")),
    }
    return render_pdf("focal_points/events/pdf/event_report.html", context)
