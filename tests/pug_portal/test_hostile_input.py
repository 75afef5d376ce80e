"""No input reaches a 500, and a refused form writes nothing: property-based tests
(Hypothesis) over every page of the permission matrix (test_permissions.ROWS).

The pages are not listed here. Each row of the matrix is opened by a persona the
matrix lets in; a page whose HTML holds a POST form aimed at itself is a form page,
and its fields (names, types, options) are read from that HTML. Hypothesis then
fills them with what careless and hostile users type — years 1 and 9999, unicode
digits, control characters, 1e100000, thirty digits, long text, choices that do not
exist — and every GET page gets arbitrary query parameters (the names its own
filter forms use, plus the common ones). A response may refuse the input (200 with
errors, 302, 400, 403, 404, 405), never fail with a 500; a POST that is not accepted
(anything but a redirect) leaves every table as it was.

Each form first gets one explicit example per date, date-time and number field (that
field alone at year 1 or 1e100000, the rest as rendered: the inputs that once
reached a 500), then PROPERTY_EXAMPLES random ones (default 3, so `make test` stays
fast; PROPERTY_EXAMPLES=200 searches deeper). Every example is rolled back, so each
starts from the same data."""

from __future__ import annotations

import os
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.pug_portal.test_permissions import LOGIN, PERSONAS, ROWS, objs  # noqa: F401

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "3"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI fails the same way
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
# Query parameters the portal's pages read, besides their filter forms' fields.
COMMON_PARAMETERS = ["page", "sort", "year", "unit", "next", "q", "tampil", "cycle"]
ACCEPTED = {200, 204, 302, 400, 403, 404, 405}


# --- what is typed -----------------------------------------------------------------

CONTROL = st.characters(codec="utf-8", categories=["Cc", "Cf"])
UNICODE_DIGITS = st.sampled_from(["²", "٣", "߃", "１２", "Ⅻ", "𝟗", "½"])
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=CONTROL, max_size=8),
    UNICODE_DIGITS,
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "0001-01-01T00:00",
            "9999-12-31T23:59",
            "31-02-2026",
            "1e100000",
            "-1e100000",
            "1" * 30,
            "NaN",
            "-0",
            "2147483648",
            "9" * 20,
            "https://elsewhere.example/",
            "//elsewhere.example",
            "=1+1",
            "<script>alert(1)</script>",
            "\x00",
            "a" * 5000,
        ]
    ),
    st.integers().map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


# The edge a field of each input type is first tried with, alone, the rest of the
# form as rendered (explicit examples: the classes that once reached a 500).
EDGES = {
    "date": ["0001-01-01", "9999-12-31"],
    "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59"],
    "number": ["1e100000", "²"],
}
TYPED = {
    "date": st.one_of(st.sampled_from(EDGES["date"]), st.dates().map(str)),
    "datetime-local": st.one_of(
        st.sampled_from(EDGES["datetime-local"]),
        st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    ),
    "number": st.one_of(
        st.sampled_from(EDGES["number"]), st.integers().map(str), UNICODE_DIGITS
    ),
}


def value_for(field: dict) -> st.SearchStrategy:
    """What a user might send for `field` (as read from the page): its own values
    and options, what its input type invites, anything."""
    own = [v for v in [field.get("value"), *field.get("options", [])] if v is not None]
    typed = [TYPED[field["type"]]] if field["type"] in TYPED else []
    return st.one_of(*typed, *([st.sampled_from(own)] if own else []), HOSTILE_TEXT)


def edge_examples(fields: dict) -> list[dict]:
    """One change per typed field: that field at its input type's edge."""
    return [
        {name: edge}
        for name, field in sorted(fields.items())
        for edge in EDGES.get(field["type"], [])[:1]
    ]


def upload_for(name: str) -> st.SearchStrategy:
    return st.one_of(
        st.none(),
        st.binary(max_size=200).map(lambda b: SimpleUploadedFile(name, b)),
        st.sampled_from(
            [b"%PDF-1.4\n%%EOF\n", b"PK\x03\x04junk", b"\xd0\xcf\x11\xe0"]
        ).map(lambda b: SimpleUploadedFile(name, b)),
    )


# --- reading a page's forms ---------------------------------------------------------


class FormReader(HTMLParser):
    """The forms of a page: method, action and fields (name, type, value, options)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._text: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if a.get("inputmode") in {"decimal", "numeric"}:
                kind = "number"  # a grouped number typed in a text box
            if kind in {"submit", "button", "reset", "image"}:
                return
            field = self._form["fields"].setdefault(
                a["name"], {"type": kind, "options": []}
            )
            if kind in {"checkbox", "radio"}:
                field["options"].append(a.get("value") or "on")
                if "checked" in a:
                    field["value"] = a.get("value") or "on"
            elif kind != "file":
                field["value"] = a.get("value") or ""
        elif tag == "textarea":
            self._text = self._form["fields"][a["name"]] = {
                "type": "textarea",
                "options": [],
                "value": "",
            }
        elif tag == "select":
            self._select = self._form["fields"][a["name"]] = {
                "type": "select",
                "options": [],
            }
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a or "value" not in self._select:
                self._select["value"] = a.get("value", "")

    def handle_data(self, data):
        if self._text is not None:
            self._text["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._text = None


def forms_of(html: str) -> list[dict]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def own_post_form(html: str, url: str) -> dict | None:
    """The page's POST form aimed at the page itself (not the language switch, the
    logout button or an action form elsewhere on the page)."""
    path = urlsplit(url).path
    for form in forms_of(html):
        if form["method"] == "post" and form["action"] in ("", path, url):
            return form
    return None


# --- the pages -----------------------------------------------------------------------


def persona_for(row) -> str | None:
    """The persona the matrix lets in (an administrator where it can)."""
    allowed = [p for p in PERSONAS if row.expected[p] == 200]
    return "admin" if "admin" in allowed else (allowed[0] if allowed else None)


OPEN_ROWS = [row for row in ROWS if persona_for(row)]


def tables() -> tuple[int, ...]:
    """Rows per table, in one query: a refused POST must leave every one as it
    was."""
    names = [
        connection.ops.quote_name(model._meta.db_table)
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    ]
    counts = ", ".join(f"(SELECT COUNT(*) FROM {name})" for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608 - table names, quoted
        return tuple(cursor.fetchone())


def check(response, what) -> None:
    assert response.status_code in ACCEPTED, (what, response.status_code)


def is_html(response) -> bool:
    return response.status_code == 200 and "html" in response.get("Content-Type", "")


@contextmanager
def rolled_back():
    """Each example starts from the same data: whatever a request wrote (a POST
    that was accepted, too) is undone before the next one."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def search_parameters(client, url: str, names: set[str], examples: int) -> None:
    @settings(PROPERTY, max_examples=examples)
    @given(
        st.dictionaries(
            st.one_of(st.sampled_from(sorted(names)), st.text(max_size=8)),
            HOSTILE_TEXT,
            max_size=4,
        )
    )
    def search(params):
        with rolled_back():
            check(client.get(url, params), (url, params))

    # Explicit first (pages, not documents, which take a second each): every name
    # a unicode digit, then a number past any integer column and any year
    # (OverflowError in SQLite and in Python's dates).
    for edge in ("²", "9" * 20) if examples > 1 else ():
        search = example(dict.fromkeys(sorted(names), edge))(search)
    search()


def submit_form(client, url: str, form: dict) -> None:
    """POST the form as the page filled it (an edit page's form is valid as it
    stands), with one to three fields replaced by what a user might send, or every
    field replaced; files are left out or replaced by arbitrary bytes."""
    fields = {
        name: field
        for name, field in form["fields"].items()
        if name != "csrfmiddlewaretoken"
    }
    as_rendered = {
        name: field["value"]
        for name, field in fields.items()
        if field.get("value") is not None and field["type"] != "file"
    }

    def strategy(name):
        field = fields[name]
        return upload_for(name) if field["type"] == "file" else value_for(field)

    some = st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=3)
    changes = st.one_of(
        some.flatmap(
            lambda names: st.fixed_dictionaries({n: strategy(n) for n in names})
        ),
        st.fixed_dictionaries({n: strategy(n) for n in fields}),
    )

    def submit(change):
        data = {**as_rendered, **change}
        data = {k: v for k, v in data.items() if v is not None}
        with rolled_back():
            before = tables()
            response = client.post(url, data)
            check(response, (url, data))
            if response.status_code != 302:
                assert tables() == before, (url, data)

    for edge in edge_examples(fields):
        submit = example(edge)(submit)
    PROPERTY(given(changes)(submit))()


def test_no_query_parameter_makes_a_get_page_fail(objs, client_for):  # noqa: F811
    for row in OPEN_ROWS:
        client = client_for(objs.users[persona_for(row)])
        url = row.url(objs)
        page = client.get(url)
        check(page, url)
        names = set(COMMON_PARAMETERS)
        if is_html(page):
            for form in forms_of(page.content.decode()):
                if form["method"] == "get":
                    names |= set(form["fields"])
        # A document (PDF, workbook) takes a second to render: one example each.
        search_parameters(client, url, names, EXAMPLES if is_html(page) else 1)


def form_pages(objs, client_for):  # noqa: F811
    """(row, client, url, form) for every page of the matrix with a form of its
    own."""
    for row in OPEN_ROWS:
        client = client_for(objs.users[persona_for(row)])
        url = row.url(objs)
        page = client.get(url)
        if is_html(page):
            form = own_post_form(page.content.decode(), url)
            if form and set(form["fields"]) - {"csrfmiddlewaretoken"}:
                yield row, client, url, form


def test_no_input_makes_a_form_page_fail_or_half_save(objs, client_for):  # noqa: F811
    found = set()
    for row, client, url, form in form_pages(objs, client_for):
        found.add(row.name)
        submit_form(client, url, form)
    # The discovery finds the pages it should (a broken reader would find none).
    assert {"unit create", "decree create", "event create"} <= found, found
    assert len(found) >= 20, sorted(found)
