"""Section 4: a mixed load against gunicorn, then a count of what it left.

Focal points (one thread each, each in its own unit) open their editable dossiers,
autosave, save the whole form and now and then submit; reviewers take submitted
dossiers, start the review and approve or return them with a reason; planners
download the focal-point directory and GBS PDFs. Every client works like a browser
(cookies, CSRF token, the forms as the pages render them) and keeps its own tally of
what the pages said succeeded. Afterwards the database must hold exactly those
writes: one activity entry per successful save, autosave and transition, each
dossier's version raised once per successful write on it, and the text of the last
save it reported (no lost update, no duplicate). Any 5xx, 403/404 or connection
error counts as an error.
"""

from __future__ import annotations

import http.cookiejar
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from html.parser import HTMLParser

# The success messages the views show (evaluations/views/dossiers.py, review.py):
# when their words change, these must follow, or every write reads as failed and
# the report says "nothing succeeded".
MARKERS = {
    "save": "Dokumen PPRG tersimpan.",
    "submit": "Dokumen PPRG diajukan.",
    "start_review": "Reviu dimulai",
    "approve": "Dokumen PPRG disetujui dan dikunci",
    "return": "Dokumen PPRG dikembalikan",
}
LOG_ACTIONS = {
    "autosave": "dossier.update",
    "save": "dossier.update",
    "submit": "dossier.submit",
    "start_review": "dossier.start_review",
    "approve": "dossier.approve",
    "return": "dossier.return",
}


class Forms(HTMLParser):
    """The forms of a page: action and fields as a browser would send them."""

    def __init__(self, page: str):
        super().__init__()
        self.page = page  # a form without an action posts to its page
        self.forms: list[dict] = []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or self.page, "fields": []})
        elif not self.forms or "name" not in a and tag != "option":
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1]["fields"].append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
            self.forms[-1]["fields"].append(self._textarea)
        elif tag == "select":
            self._select = [a["name"], None]
            self.forms[-1]["fields"].append(self._select)
        elif (
            tag == "option"
            and self._select is not None
            and (self._select[1] is None or "selected" in a)
        ):
            self._select[1] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def form(self, ending: str) -> dict | None:
        return next((f for f in self.forms if f["action"].endswith(ending)), None)


class Client:
    def __init__(self, base: str, tally: Counter, errors: list):
        self.base, self.tally, self.errors = base, tally, errors
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def request(
        self, path: str, data: list | None = None, raw: bool = False
    ) -> tuple[int, str | bytes]:
        body = None
        if data is not None:
            token = next(c.value for c in self.jar if c.name == "csrftoken")
            data = [
                (k, "" if v is None else v)
                for k, v in data
                if k != "csrfmiddlewaretoken"
            ]
            body = urllib.parse.urlencode([*data, ("csrfmiddlewaretoken", token)])
        request = urllib.request.Request(
            self.base + path,
            data=body.encode() if body else None,
            headers={"Referer": self.base + path},
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                body = response.read()
                return response.status, body if raw else body.decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            self.errors.append(f"{error.code} {path}")
            return error.code, ""
        except OSError as error:
            self.errors.append(f"{type(error).__name__} {path}")
            return 0, ""

    def login(self, username: str, password: str) -> None:
        self.request("/accounts/login/")
        self.request(
            "/accounts/login/", [("username", username), ("password", password)]
        )

    def forms(self, path: str) -> Forms:
        parser = Forms(path)
        parser.feed(self.request(path)[1])
        return parser


def focal_point(client: Client, dossiers: list[int], deadline: list[float], wrote, rng):
    n = 0
    while time.monotonic() < deadline[0] and dossiers:
        pk = rng.choice(dossiers)
        form = client.forms(f"/dossiers/{pk}/edit/").form(f"/dossiers/{pk}/edit/")
        if form is None or not any(f[0] == "version" for f in form["fields"]):
            dossiers.remove(pk)  # submitted meanwhile: no longer editable
            continue
        fields = dict(map(tuple, form["fields"]))
        # Numbered as the page's script numbers them (edit_seq): the full save
        # after the autosave of the same page load.
        for seq, (kind, path) in enumerate(
            (
                ("autosave", f"/dossiers/{pk}/autosave/"),
                ("save", f"/dossiers/{pk}/edit/"),
            ),
            start=1,
        ):
            n += 1
            text = f"Tujuan kebijakan (beban campuran {id(client)}-{n})."
            now = {"gap_policy": text, "edit_seq": str(seq)}
            fields_now = [[k, now.get(k, v)] for k, v in form["fields"]]
            status, page = client.request(path, fields_now)
            ok = (
                "tersimpan" in page and "Belum tersimpan" not in page
                if kind == "autosave"
                else MARKERS["save"] in page
            )
            if ok:
                wrote(kind, pk, text)
        if rng.random() < 0.3:
            submit = client.forms(f"/dossiers/{pk}/submit/").form(
                f"/dossiers/{pk}/submit/"
            )
            if (
                submit
                and MARKERS["submit"]
                in client.request(f"/dossiers/{pk}/submit/", submit["fields"])[1]
            ):
                wrote("submit", pk, None)
                dossiers.remove(pk)
        del fields


def reviewer(client: Client, queue, deadline: list[float], wrote, rng):
    while time.monotonic() < deadline[0]:
        pk = queue()
        if pk is None:
            time.sleep(0.5)
            continue
        page = client.forms(f"/dossiers/{pk}/review/")
        start = page.form(f"/dossiers/{pk}/review/start/")
        if start is None:
            continue
        body = client.request(f"/dossiers/{pk}/review/start/", start["fields"])[1]
        if MARKERS["start_review"] not in body:
            continue
        wrote("start_review", pk, None)
        page = client.forms(f"/dossiers/{pk}/review/")
        if rng.random() < 0.5:
            form, kind = page.form(f"/dossiers/{pk}/review/approve/"), "approve"
            fields = form["fields"] if form else []
        else:
            form, kind = page.form(f"/dossiers/{pk}/review/return/"), "return"
            fields = [
                [k, "Data L/P belum lengkap (beban campuran)." if k == "reason" else v]
                for k, v in (form["fields"] if form else [])
            ]
        if form and MARKERS[kind] in client.request(form["action"], fields)[1]:
            wrote(kind, pk, None)


def planner(client: Client, dossiers: list[int], deadline: list[float], wrote, rng):
    """Downloads: a workbook must be a zip, a PDF a PDF (a login page is neither)."""
    while time.monotonic() < deadline[0]:
        for path, magic in (
            ("/reports/direktori-focal-point/xlsx/", b"PK"),
            (f"/dossiers/{rng.choice(dossiers)}/pdf/gbs/", b"%PDF"),
        ):
            status, body = client.request(path, raw=True)
            if status == 200 and body.startswith(magic):
                client.tally["download"] += 1
            elif status == 200:
                client.errors.append(f"not a download: {path}")


def run(base: str, plan: dict, seconds: int) -> dict:
    """`plan`: focal (username → editable dossier pks), reviewers, planners,
    pdf_dossiers, submitted() → a submitted dossier pk or None."""
    tally, errors = Counter(), []
    per_dossier: dict[int, int] = defaultdict(int)
    last_text: dict[int, str] = {}
    lock = threading.Lock()

    def wrote(kind, pk, text):
        with lock:
            tally[kind] += 1
            per_dossier[pk] += 1
            if text is not None:
                last_text[pk] = text

    deadline = [0.0]  # set once every client has logged in
    # (who, what they work on, their loop): each client logs in first
    roles = [
        *((name, list(pks), focal_point) for name, pks in plan["focal"].items()),
        *((name, plan["submitted"], reviewer) for name in plan["reviewers"]),
        *((name, plan["pdf_dossiers"], planner) for name in plan["planners"]),
    ]
    threads = []
    for i, (username, work, loop) in enumerate(roles):
        c = Client(base, tally, errors)
        c.login(username, plan["password"])
        args = (c, work, deadline, wrote, random.Random(i))
        threads.append(threading.Thread(target=loop, args=args))
    deadline[0] = time.monotonic() + seconds
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "tally": tally,
        "errors": errors,
        "per_dossier": per_dossier,
        "last_text": last_text,
        "clients": len(threads),
    }
