"""PDF reports with WeasyPrint, and the URL fetcher that keeps the renderer at home.

Print templates extend `pdf/base.html` (letterhead, page numbers, print.css) and refer
to static files as `{{ PRINT_STATIC }}css/print.css`. That prefix is a private URL
scheme served by `static_only_fetcher()` from the project's static directories, and
it is the only thing the fetcher serves: `file:`, `http(s):`, `data:`, relative URLs and
anything else are refused, so text a user typed can never make the renderer read a
local file or reach the network (and user text is autoescaped before that anyway).
"""

from __future__ import annotations

import datetime
import functools
import logging
import mimetypes
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, ClassVar
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from pug_portal import charts, formats
from pug_portal.reports.exporting import (
    BaseExporter,
    Column,
    Kind,
    ListExporter,
    Typed,
)

logger = logging.getLogger(__name__)

SCHEME = "pug-static"
PRINT_STATIC = f"{SCHEME}:"


class RefusedURL(ValueError):
    """The fetcher refused a URL; WeasyPrint logs it and renders without it."""


def static_roots() -> list[Path]:
    """The directories the staticfiles finders search (STATICFILES_DIRS and every
    app's static/), resolved, so a symlink out of them is recognised."""
    roots: list[Path] = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    return roots


def resolve_static(url: str) -> Path | None:
    """The file a `pug-static:` URL names, or None when the URL is anything else,
    tries to leave the static directories, or names no file."""
    if not url.startswith(PRINT_STATIC):
        return None
    raw = url[len(PRINT_STATIC) :].split("#", 1)[0].split("?", 1)[0]
    path = unquote(raw)
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        return None
    # No empty, "." or ".." segment: the name must be a plain relative path.
    if any(part in ("", ".", "..") for part in path.split("/")):
        return None
    found = finders.find(path)
    if not found:
        return None
    real = Path(found).resolve()
    if not real.is_file() or not any(real.is_relative_to(r) for r in static_roots()):
        return None
    return real


# WeasyPrint takes about half a second to import (it loads Pango through cffi). Apps
# import their exporters at start-up to register them, so WeasyPrint is imported on
# the first render instead, and the fetcher class is built then.


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnlyFetcher(URLFetcher):
        """A WeasyPrint URL fetcher that serves the project's static files and
        nothing else. `served` and `refused` record what was asked."""

        def __init__(self) -> None:
            # No protocol is allowed to the parent class: even if `fetch` below were
            # bypassed, urllib would not open anything.
            super().__init__(allowed_protocols=(), allow_redirects=False, timeout=1)
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = resolve_static(url)
            if path is None:
                self.refused.append(url)
                logger.warning("PDF renderer refused to fetch %.200r", url)
                raise RefusedURL(f"not a project static file: {url[:200]}")
            self.served.append(url)
            content_type = (
                mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            )
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesOnlyFetcher


def static_only_fetcher() -> Any:
    """A new fetcher serving only project static files (see the module docstring)."""
    return _fetcher_class()()


def html_to_pdf(html: str, stream: IO[bytes], fetcher: Any = None) -> None:
    """Render an HTML string to PDF into `stream`, with the static-only fetcher and
    no base URL (so relative URLs resolve to nothing)."""
    from weasyprint import HTML

    HTML(
        string=html, base_url=None, url_fetcher=fetcher or static_only_fetcher()
    ).write_pdf(target=stream)


class PdfExporter(BaseExporter):
    """A report rendered from a Django template to PDF.

    Subclasses set `template_name` (extending "pdf/base.html"), may set
    `landscape = True`, and add to `get_context_data()`. Official documents are
    rendered in the default language (Indonesian) whatever the reader's UI language:
    its words, and its numbers and dates through Django's localisation
    ("Rp 1.250.000", "10 Maret 2017")."""

    formats: ClassVar[tuple[str, ...]] = ("pdf",)
    template_name: ClassVar[str] = ""
    landscape: ClassVar[bool] = False

    def get_title(self) -> str:
        """The document title, printed under the letterhead."""
        return str(self.verbose_name)

    def get_subtitle(self) -> str:
        """A line under the title (the period or date the document covers)."""
        return ""

    def letterhead_unit(self) -> str:
        """The unit named in the letterhead under the institution (empty: none)."""
        return ""

    def letterhead_address(self) -> str:
        """The address under the letterhead's names: the city's (settings) unless a
        document names a unit with its own."""
        return settings.PUG_INSTITUTION_ADDRESS

    def get_context_data(self) -> dict[str, Any]:
        """The template context: letterhead, title, print date, static prefix."""
        logo = getattr(settings, "PUG_LOGO_STATIC", "")
        return {
            "PRINT_STATIC": PRINT_STATIC,
            "institution": settings.PUG_INSTITUTION_NAME,
            "unit_name": self.letterhead_unit(),
            "letterhead_address": self.letterhead_address(),
            "logo_url": f"{PRINT_STATIC}{logo}" if logo else "",
            "title": self.get_title(),
            "subtitle": self.get_subtitle(),
            "printed_on": date_format(timezone.localdate()),
            "landscape": self.landscape,
            "exporter": self,
        }

    def render_html(self) -> str:
        """The final HTML handed to WeasyPrint."""
        with translation.override(settings.LANGUAGE_CODE):
            return render_to_string(self.template_name, self.get_context_data())

    def write_pdf(self, stream: IO[bytes]) -> None:
        """Render the template and write the PDF to `stream`."""
        html_to_pdf(self.render_html(), stream)


def print_value(value: Any, kind: Kind = Kind.TEXT) -> str:
    """A cell of a list report (or a `Typed` figure) as the printed table shows it,
    in the active language's formats (the PDF's own language: Indonesian)."""
    if isinstance(value, Typed):
        value, kind = value
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(translation.gettext("Ya") if value else translation.gettext("Tidak"))
    if kind == Kind.MONEY:
        return formats.rupiah(value)
    if kind == Kind.NUMBER:
        return charts.format_number(value)
    if kind == Kind.DECIMAL:
        return charts.format_number(value, 1)
    if kind == Kind.PERCENT:
        return charts.format_percent(float(value) * 100)
    if isinstance(value, datetime.date):
        return date_format(value)
    return str(value)


class ListPdfExporter(PdfExporter, ListExporter):
    """A list report that is also printed: the same columns and rows as the
    spreadsheet, laid out by "pdf/list.html" (columns with `print=False` are left
    out of the PDF), the summary as a block above the table."""

    formats: ClassVar[tuple[str, ...]] = ("pdf", "xlsx", "csv")
    template_name: ClassVar[str] = "pdf/list.html"

    def print_columns(self) -> list[tuple[int, Column]]:
        return [(i, c) for i, c in enumerate(self.get_columns()) if c.print]

    def print_headers(self) -> list[tuple[Column, str]]:
        """Printed columns with their share of the table width (96%; the row
        number takes the rest), in proportion to the spreadsheet widths."""
        chosen = [c for _, c in self.print_columns()]
        total = sum(c.display_width() for c in chosen) or 1
        return [(c, f"{c.display_width() * 96 / total:.1f}%") for c in chosen]

    def print_rows(self) -> Iterator[list[tuple[str, str]]]:
        """Rows as (text, kind) pairs for the printed columns."""
        chosen = self.print_columns()
        for row in self.rows():
            yield [(print_value(row[i], c.kind), str(c.kind)) for i, c in chosen]

    def print_summary(self) -> Sequence[tuple[str, str]]:
        return [
            (str(label), print_value(v, Kind.NUMBER)) for label, v in self.summary()
        ]

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        context.update(
            columns=self.print_headers(),
            rows=self.print_rows(),
            summary=self.print_summary(),
        )
        return context
