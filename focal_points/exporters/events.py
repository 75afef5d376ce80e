"""Documents of a capacity-building event, printed on the shared PDF base
(pug_portal.reports.pdf: letterhead, page numbers, the static-only URL fetcher):
the daftar hadir (attendance sheet with a signature column) and the event report.
Like a dossier's documents they are fetched through their event, in the user's
scope, by the view; they are not in the /reports/ registry."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from focal_points.models import CapacityEvent
from focal_points.selectors.events import event_summary
from pug_portal.reports.pdf import PdfExporter


def day_and_date(moment: datetime.datetime) -> str:
    """The day name and date a "Hari/tanggal" line asks for: "Jumat, 10 Maret 2017"."""
    return f"{date_format(moment, 'l')}, {date_format(moment)}"


class EventDocument(PdfExporter):
    """An event printed for the file, under the organising unit's letterhead."""

    permission = "events:report"

    def __init__(self, *, user: Any, event: CapacityEvent, fmt: str = "pdf") -> None:
        super().__init__(user=user, fmt=fmt)
        self.event = event

    def filename(self) -> str:
        stem = slugify(self.event.title)[:60] or f"kegiatan-{self.event.pk}"
        return f"{self.identifier}-{stem}.pdf"

    def letterhead_unit(self) -> str:
        return self.event.organiser.name

    def when(self) -> str:
        """Hari/tanggal and time: one day, or the first and last day, then the
        hours in the portal's time zone ("09.00 – 15.00 WIB")."""
        start = timezone.localtime(self.event.starts_at)
        end = timezone.localtime(self.event.ends_at)
        days = day_and_date(start)
        if end.date() != start.date():
            days = f"{days} – {day_and_date(end)}"
        return f"{days}, {time_format(start)} – {time_format(end)} {start.tzname()}"

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        context.update(
            event=self.event,
            organiser=self.event.organiser,
            when=self.when(),
        )
        return context


class DaftarHadirDocument(EventDocument):
    """The attendance sheet: every registered participant numbered (name, NIP,
    unit, L/P) with an empty signature column, plus a few blank rows for walk-ins.
    Usable before the event: it lists registrations, not attendance."""

    identifier = "daftar-hadir"
    verbose_name = _("Daftar Hadir")
    template_name = "focal_points/events/pdf/daftar_hadir.html"
    blank_rows: ClassVar[int] = 5

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        participants = list(
            self.event.attendances.select_related("unit").order_by("unit__name", "name")
        )
        first_blank = len(participants) + 1
        context.update(
            participants=participants,
            blank_rows=range(first_blank, first_blank + self.blank_rows),
        )
        return context


class EventReportDocument(EventDocument):
    """The event report: participants by unit and sex, pre/post averages, speakers."""

    identifier = "laporan"
    verbose_name = _("Laporan Kegiatan")
    template_name = "focal_points/events/pdf/event_report.html"

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        context.update(
            **event_summary(event=self.event),
            speakers=list(self.event.speakers.all()),
            invitations=list(self.event.invitations.select_related("unit")),
        )
        return context
