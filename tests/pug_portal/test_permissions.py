"""Every URL × every persona → expected status.

anonymous → login redirect (302 to the login page); outsider → 404 (nothing leaks that
the object exists); wrong role → 403; right role → 200. Each new URL adds its rows here.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from evaluations.models import Evidence, ReviewComment
from focal_points.models import AwardResult
from tests.factories import (
    AppointmentFactory,
    DecreeFactory,
    DossierFactory,
    EventFactory,
    EventInvitationFactory,
    EventSpeakerFactory,
)

LOGIN = "login"
PERSONAS = [
    "anonymous",
    "admin",
    "reviewer",
    "planner",
    "auditor",
    "focal_a",
    "focal_b",
    "head_a",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def expect(default: int | str, **overrides: int | str) -> dict[str, int | str]:
    """Statuses by persona: `default` for every signed-in persona unless overridden;
    anonymous is always sent to the login page."""
    table = dict.fromkeys(PERSONAS, default)
    table["anonymous"] = LOGIN
    table.update(overrides)
    # Inspektorat's auditor reads every unit and changes nothing, like the planner:
    # on every URL it gets the planner's answer unless a row says otherwise (the
    # co-review page, where each answers for its own agency).
    if "auditor" not in overrides:
        table["auditor"] = table["planner"]
    return table


CITY_ONLY = {"focal_a": 403, "focal_b": 403, "head_a": 403}
STAFF_ONLY = {"planner": 403, "focal_a": 403, "focal_b": 403, "head_a": 403}
ADMIN_ONLY = {"reviewer": 403, **STAFF_ONLY}
# Objects of unit A: focal point of B and ... are outsiders (404).
UNIT_A_READ = {"focal_b": 404}
UNIT_A_STAFF = {"planner": 403, "focal_a": 403, "focal_b": 404, "head_a": 403}
# Reports of an event unit A was invited to: city readers only.
UNIT_A_REPORT = {"focal_a": 403, "focal_b": 404, "head_a": 403}


def _pokja_member(o):
    """A member of the city's SK Pokja PUG, made on first use."""
    if not hasattr(o, "pokja_member"):
        from focal_points.models import PokjaMembership
        from tests.factories import PersonFactory

        o.pokja_member = PokjaMembership.objects.create(
            person=PersonFactory(),
            decree=o.decree_pokja,
            pokja_role="ANGGOTA",
            start_date=o.decree_pokja.valid_from,
        )
    return o.pokja_member


def event_url(name: str, *extra: str):
    return lambda o: reverse(f"focal_points:{name}", args=[o.event_a.pk, *extra])


@dataclass(frozen=True)
class Row:
    name: str
    url: object  # callable(objs) -> str
    expected: dict


ROWS = [
    Row("home", lambda o: reverse("evaluations:home"), expect(200)),
    Row("unit list", lambda o: reverse("focal_points:unit_list"), expect(200)),
    Row(
        "unit create",
        lambda o: reverse("focal_points:unit_create"),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "unit A detail",
        lambda o: o.unit_a.get_absolute_url(),
        expect(200, **UNIT_A_READ),
    ),
    Row(
        "unit A edit",
        lambda o: reverse("focal_points:unit_update", args=[o.unit_a.pk]),
        expect(200, **UNIT_A_STAFF),
    ),
    Row(
        "unit A rename",
        lambda o: reverse("focal_points:unit_rename", args=[o.unit_a.pk]),
        expect(200, **UNIT_A_STAFF),
    ),
    Row(
        "unit A deactivate",
        lambda o: reverse("focal_points:unit_deactivate", args=[o.unit_a.pk]),
        expect(200, **UNIT_A_STAFF),
    ),
    Row(
        "unit A appoint",
        lambda o: reverse("focal_points:appointment_create", args=[o.unit_a.pk]),
        expect(200, **UNIT_A_STAFF),
    ),
    Row("directory", lambda o: reverse("focal_points:directory"), expect(200)),
    Row("alerts", lambda o: reverse("focal_points:alerts"), expect(200, **CITY_ONLY)),
    Row(
        "appointment A",
        lambda o: o.appointment_a.get_absolute_url(),
        expect(200, **UNIT_A_READ),
    ),
    Row(
        "appointment A end",
        lambda o: reverse("focal_points:appointment_end", args=[o.appointment_a.pk]),
        expect(200, **UNIT_A_STAFF),
    ),
    Row(
        "appointment A transfer",
        lambda o: reverse(
            "focal_points:appointment_transfer", args=[o.appointment_a.pk]
        ),
        expect(200, **UNIT_A_STAFF),
    ),
    Row("decree list", lambda o: reverse("focal_points:decree_list"), expect(200)),
    Row(
        "decree create",
        lambda o: reverse("focal_points:decree_create"),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "decree A", lambda o: o.decree_a.get_absolute_url(), expect(200, **UNIT_A_READ)
    ),
    Row(
        "decree A edit",
        lambda o: reverse("focal_points:decree_update", args=[o.decree_a.pk]),
        expect(200, **UNIT_A_STAFF),
    ),
    Row(
        "decree A file",
        lambda o: reverse("focal_points:decree_file", args=[o.decree_a.pk]),
        expect(200, **UNIT_A_READ),
    ),
    # the city's SK Pokja PUG: not a unit's, so outside a unit user's scope
    Row(
        "decree Pokja",
        lambda o: o.decree_pokja.get_absolute_url(),
        expect(200, focal_a=404, focal_b=404, head_a=404),
    ),
    *[
        Row(
            f"Pokja member {name}",
            lambda o, name=name: reverse(
                f"focal_points:pokja_member_{name}", args=[_pokja_member(o).pk]
            ),
            expect(200, planner=403, focal_a=404, focal_b=404, head_a=404),
        )
        for name in ("update", "end", "transfer")
    ],
    Row(
        "decree Pokja add member",
        lambda o: reverse("focal_points:pokja_member_add", args=[o.decree_pokja.pk]),
        expect(200, planner=403, focal_a=404, focal_b=404, head_a=404),
    ),
    Row(
        "decree Pokja fill",
        # POST only: a GET is 405 for everyone signed in, before any lookup.
        lambda o: reverse("focal_points:pokja_fill", args=[o.decree_pokja.pk]),
        expect(405),
    ),
    # the city's APE/PPE results: read by all, recorded by DPMPPPAKB
    Row("award list", lambda o: reverse("focal_points:award_list"), expect(200)),
    Row(
        "award create",
        lambda o: reverse("focal_points:award_create"),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "award edit",
        lambda o: reverse("focal_points:award_update", args=[o.award.pk]),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "award delete",
        lambda o: reverse("focal_points:award_delete", args=[o.award.pk]),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "award file",
        lambda o: reverse("focal_points:award_file", args=[o.award.pk]),
        expect(200),
    ),
    # capacity-building events; event A: unit A invited
    Row("event list", lambda o: reverse("focal_points:event_list"), expect(200)),
    Row(
        "event upcoming",
        lambda o: reverse("focal_points:event_upcoming"),
        expect(200),
    ),
    Row(
        "event create",
        lambda o: reverse("focal_points:event_create"),
        expect(200, **STAFF_ONLY),
    ),
    Row("event A", lambda o: o.event_a.get_absolute_url(), expect(200, **UNIT_A_READ)),
    Row("event A edit", event_url("event_update"), expect(200, **UNIT_A_STAFF)),
    Row(
        "event A speaker add",
        event_url("event_speaker_add"),
        expect(200, **UNIT_A_STAFF),
    ),
    # POST-only actions: a GET is refused for everyone signed in (their POST
    # permissions are tested in tests/focal_points/test_events_views.py).
    Row(
        "event A speaker remove",
        lambda o: reverse(
            "focal_points:event_speaker_remove", args=[o.event_a.pk, o.speaker_a.pk]
        ),
        expect(405),
    ),
    Row("event A invite", event_url("event_invite"), expect(200, **UNIT_A_STAFF)),
    Row(
        "event A attendance add",
        event_url("event_attendance_add"),
        expect(200, **UNIT_A_STAFF),
    ),
    Row(
        "event A attendance remove",
        event_url("event_attendance_remove", "1"),
        expect(405),
    ),
    Row(
        "event A attendance mark",
        event_url("event_attendance_mark"),
        expect(200, **UNIT_A_STAFF),
    ),
    Row(
        "event A attendance import",
        event_url("event_attendance_import"),
        expect(200, **UNIT_A_STAFF),
    ),
    Row(
        "event A daftar hadir",
        event_url("event_daftar_hadir"),
        expect(200, **UNIT_A_REPORT),
    ),
    Row(
        "event A report PDF",
        event_url("event_report_pdf"),
        expect(200, **UNIT_A_REPORT),
    ),
    Row(
        "event A materials",
        event_url("event_materials"),
        expect(200, **UNIT_A_READ),
    ),
    Row(
        "event A report file",
        event_url("event_report_file"),
        expect(200, **UNIT_A_READ),
    ),
    Row("reports", lambda o: reverse("reports"), expect(200)),
    Row(
        "report download",
        lambda o: reverse("report_download", args=["direktori-focal-point", "xlsx"]),
        expect(200),
    ),
    Row(
        "report download, unit A",
        lambda o: (
            reverse("report_download", args=["direktori-focal-point", "pdf"])
            + "?unit=Dinkes"
        ),
        expect(200, **UNIT_A_READ),
    ),
    Row("user list", lambda o: reverse("user_list"), expect(200, **ADMIN_ONLY)),
    Row("user create", lambda o: reverse("user_create"), expect(200, **ADMIN_ONLY)),
    Row(
        "user edit",
        lambda o: reverse("user_update", args=[o.users["focal_a"].pk]),
        expect(200, **ADMIN_ONLY),
    ),
    Row("password change", lambda o: reverse("password_change"), expect(200)),
    Row(
        "django admin",
        lambda o: reverse("admin:index"),
        expect(
            200,
            reviewer=302,
            planner=302,
            focal_a=302,
            focal_b=302,
            head_a=302,
            anonymous=302,
        ),
    ),
]

# --- evaluations: cycles, budget lines, PPRG dossiers and their review --------------
UNIT_A_EDIT = {"reviewer": 403, "planner": 403, "focal_b": 404, "head_a": 403}
UNIT_A_EDIT_POST = {**UNIT_A_EDIT, "admin": 405, "focal_a": 405}  # GET on a POST URL
UNIT_A_REVIEW = {"planner": 403, "focal_a": 403, "focal_b": 404, "head_a": 403}
UNIT_A_REVIEW_POST = {**UNIT_A_REVIEW, "admin": 405, "reviewer": 405}
EDITORS_ONLY = {"reviewer": 403, "planner": 403, "head_a": 403}


def _ev(name, *attr):
    """URL of evaluations:`name` for the objects named by `attr` (pk)."""
    return lambda o: reverse(
        f"evaluations:{name}", args=[getattr(o, a).pk for a in attr]
    )


ROWS += [
    Row("cycle list", _ev("cycle_list"), expect(200)),
    Row("cycle create", _ev("cycle_create"), expect(200, **STAFF_ONLY)),
    Row("cycle edit", _ev("cycle_update", "cycle"), expect(200, **STAFF_ONLY)),
    Row("cycle open", _ev("cycle_open", "cycle"), expect(200, **STAFF_ONLY)),
    Row("cycle close", _ev("cycle_close", "cycle"), expect(200, **STAFF_ONLY)),
    Row("budget lines", _ev("budget_line_list"), expect(200)),
    Row("budget line create", _ev("budget_line_create"), expect(200, **EDITORS_ONLY)),
    Row(
        "budget line A edit",
        _ev("budget_line_update", "budget_line_a"),
        expect(200, **UNIT_A_EDIT),
    ),
    Row("dossier list", _ev("dossier_list"), expect(200)),
    Row("dossier create", _ev("dossier_create"), expect(200, **EDITORS_ONLY)),
    Row("dossier A", _ev("dossier_detail", "dossier_a"), expect(200, **UNIT_A_READ)),
    Row(
        "dossier A edit",
        _ev("dossier_edit", "dossier_a"),
        expect(200, **UNIT_A_EDIT),
    ),
    Row(
        "dossier A autosave",
        _ev("dossier_autosave", "dossier_a"),
        expect(200, **UNIT_A_EDIT_POST),
    ),
    Row(
        "dossier A submit",
        _ev("dossier_submit", "dossier_a"),
        expect(200, **UNIT_A_EDIT),
    ),
    Row(
        "dossier A self-score",
        _ev("dossier_self_score", "dossier_a"),
        expect(200, **UNIT_A_EDIT),
    ),
    Row(
        "dossier A evidence upload",
        _ev("evidence_upload", "dossier_a"),
        expect(200, **UNIT_A_EDIT),
    ),
    Row(
        "dossier A evidence file",
        _ev("evidence_download", "evidence_a"),
        expect(200, **UNIT_A_READ),
    ),
    Row(
        "dossier A evidence delete",
        _ev("evidence_delete", "evidence_a"),
        expect(200, **UNIT_A_EDIT),
    ),
    Row(
        "dossier A comment resolve",
        _ev("comment_resolve", "comment_a"),
        expect(405, planner=403, focal_b=404, head_a=403),
    ),
    Row("review queue", _ev("review_queue"), expect(200, **STAFF_ONLY)),
    Row(
        "dossier A review",
        _ev("dossier_review", "dossier_a"),
        expect(200, **UNIT_A_REVIEW),
    ),
    *[
        Row(
            f"dossier A {name}",
            _ev(name, "dossier_a"),
            expect(200, **UNIT_A_REVIEW_POST),
        )
        for name in (
            "review_start",
            "review_score",
            "review_return",
            "review_approve",
            "review_reopen",
        )
    ],
]

# --- dashboards: the city board for city readers; a unit's dashboard for
# whoever may see the unit; the lists behind the figures are scoped, open to all roles
ROWS += [
    Row("city dashboard", _ev("city_dashboard"), expect(200, **CITY_ONLY)),
    Row(
        "unit A dashboard",
        lambda o: reverse("evaluations:unit_dashboard", args=[o.unit_a.pk]),
        expect(200, **UNIT_A_READ),
    ),
    Row("dashboard dossiers", _ev("dashboard_dossiers"), expect(200)),
    Row("dashboard budget lines", _ev("dashboard_budget_lines"), expect(200)),
    # total belanja: DPMPPPAKB records it; the unit only reads it on its dashboard
    Row(
        "unit A total belanja",
        lambda o: reverse("evaluations:total_belanja", args=[o.unit_a.pk]),
        expect(200, **UNIT_A_STAFF),
    ),
    # quarterly realisation: the unit's focal point (and the administrators)
    Row(
        "dossier A realisation",
        _ev("realisation_record", "dossier_a"),
        expect(200, **UNIT_A_EDIT),
    ),
]


# --- imports: the page for admin/reviewer/focal point; units and focal points
# for staff; a batch is its uploader's (admins may look) — focal_a's batch below
IMPORTERS = {"planner": 403, "head_a": 403}


def _batch_a(o, **kwargs):
    from pug_portal.models import ImportBatchState
    from tests.factories import import_batch, xlsx_bytes

    data = xlsx_bytes(
        [
            ["tahun", "nama_singkat_pd", "kode_program", "nama_program"]
            + ["kode_kegiatan", "nama_kegiatan", "kode_sub_kegiatan"]
            + ["nama_sub_kegiatan", "pagu"],
            [2026, o.unit_a.short_name, "2.08.02", "P", "2.08.02.2.01", "K"]
            + ["2.08.02.2.01.99", "S", 1000],
        ]
    )
    kwargs.setdefault("state", ImportBatchState.PREVIEWED)
    return import_batch(
        o.users["focal_a"],
        importer="budget-lines",
        data=data,
        name="rka.xlsx",
        **kwargs,
    )


BATCH_A = {"reviewer": 404, "focal_b": 404, **IMPORTERS}
ROWS += [
    Row("imports", lambda o: reverse("import_list"), expect(200, **IMPORTERS)),
    Row(
        "import units",
        lambda o: reverse("import_upload", args=["units"]),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "import focal points",
        lambda o: reverse("import_upload", args=["focal-points"]),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "import budget lines",
        lambda o: reverse("import_upload", args=["budget-lines"]),
        expect(200, **IMPORTERS),
    ),
    Row(
        "import template, budget lines",
        lambda o: reverse("import_template", args=["budget-lines"]),
        expect(200, **IMPORTERS),
    ),
    Row(
        "import template, units",
        lambda o: reverse("import_template", args=["units"]),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "import preview, focal_a's batch",
        lambda o: reverse("import_preview", args=[_batch_a(o).pk]),
        expect(200, **BATCH_A),
    ),
    Row(
        "import result, focal_a's committed batch",
        lambda o: reverse(
            "import_result",
            args=[_batch_a(o, state="committed", result={"created": 1}).pk],
        ),
        expect(200, **BATCH_A),
    ),
    Row(
        # POST only: a GET is 405 for whoever may import, before any lookup.
        "import commit (GET)",
        lambda o: reverse("import_commit", args=[_batch_a(o).pk]),
        expect(405, **IMPORTERS),
    ),
]


# --- attendance import of event A: started from the event's page (reviewers
# and admins; scope → 404 first), then the import pages; the batch is the reviewer's
def _attendance_batch_a(o, **kwargs):
    from tests.factories import import_batch

    kwargs.setdefault("state", "previewed")
    return import_batch(
        o.users["reviewer"],
        importer="attendance",
        data=b"nama,jenis_kelamin\nSiti,P\n",
        name="peserta.csv",
        context={"event": o.event_a.pk},
        **kwargs,
    )


ATTENDANCE_BATCH_A = {"focal_a": 404, "focal_b": 404, **IMPORTERS}
ROWS += [
    Row(
        "import template, attendance",
        lambda o: reverse("import_template", args=["attendance"]),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        # Needs its event: only from the event's page ("event A attendance import").
        "import upload, attendance (no event)",
        lambda o: reverse("import_upload", args=["attendance"]),
        expect(404, **STAFF_ONLY),
    ),
    Row(
        "import preview, reviewer's attendance batch of event A",
        lambda o: reverse("import_preview", args=[_attendance_batch_a(o).pk]),
        expect(200, **ATTENDANCE_BATCH_A),
    ),
    Row(
        "import result, reviewer's committed attendance batch of event A",
        lambda o: reverse(
            "import_result",
            args=[_attendance_batch_a(o, state="committed", result={"created": 1}).pk],
        ),
        expect(200, **ATTENDANCE_BATCH_A),
    ),
]


# --- official documents of a dossier and the reports ---------------------------------
ROWS += [
    Row(
        "dossier A GAP matrix PDF",
        lambda o: reverse("evaluations:dossier_document", args=[o.dossier_a.pk, "gap"]),
        expect(200, **UNIT_A_READ),
    ),
    Row(
        "dossier A GBS PDF",
        lambda o: reverse("evaluations:dossier_document", args=[o.dossier_a.pk, "gbs"]),
        expect(200, **UNIT_A_READ),
    ),
    Row(
        # KAK/TOR not included in this dossier: nothing to print, for anyone.
        "dossier A KAK PDF (not included)",
        lambda o: reverse("evaluations:dossier_document", args=[o.dossier_a.pk, "kak"]),
        expect(404),
    ),
    # Reports over many units are queued, not rendered: 302 to the run on /reports/.
    Row(
        "report download, city recap",
        lambda o: reverse("report_download", args=["rekap-kota", "xlsx"]),
        expect(302, **CITY_ONLY),
    ),
    Row(
        "report download, unit recap of unit A",
        lambda o: (
            reverse("report_download", args=["rekap-tahunan-pd", "xlsx"])
            + "?unit=Dinkes&year=2026"
        ),
        expect(302, **UNIT_A_READ),
    ),
    Row(
        "report download, every dossier",
        lambda o: reverse("report_download", args=["semua-dossier", "csv"]),
        expect(302),
    ),
]


# --- background report runs: a run is its requester's (admins may look) -------------
def _run_a(o):
    """A finished background report asked for by focal_a."""
    import datetime

    from django.utils import timezone

    from pug_portal.models import ReportRun

    run = ReportRun(
        requester=o.users["focal_a"],
        exporter="rekap-tahunan-pd",
        fmt="pdf",
        state="done",
        filename="rekap.pdf",
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    run.file.save("rekap.pdf", ContentFile(PDF), save=False)
    run.save()
    return run


RUN_A = expect(404, admin=200, focal_a=200)
ROWS += [
    Row(
        # POST only: a GET is 405 for everyone signed in, before any lookup.
        "report run start (GET)",
        lambda o: reverse("report_run_start", args=["rekap-kota"]),
        expect(405),
    ),
    Row(
        "report run progress, focal_a's run",
        lambda o: reverse("report_run_progress", args=[_run_a(o).pk]),
        RUN_A,
    ),
    Row(
        "report run download, focal_a's run",
        lambda o: reverse("report_run_download", args=[_run_a(o).pk]),
        RUN_A,
    ),
    Row(
        # POST only: the run is looked up first (others: 404), then a GET is 405.
        "report run retry (GET), focal_a's run",
        lambda o: reverse("report_run_retry", args=[_run_a(o).pk]),
        expect(404, admin=405, focal_a=405),
    ),
]


def _instrument(o):
    """An instrument with one item, made on first use (assessments app)."""
    if not hasattr(o, "instrument"):
        from tests.assessments.factories import ItemFactory

        o.item = ItemFactory()
        o.instrument = o.item.instrument
    return o.instrument


def _item(o):
    _instrument(o)
    return o.item


def assessments_url(name: str, obj=None):
    return lambda o: reverse(f"assessments:{name}", args=[obj(o).pk] if obj else [])


ROWS += [
    Row("instrument list", assessments_url("instrument_list"), expect(200)),
    Row(
        "instrument create",
        assessments_url("instrument_create"),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "instrument detail",
        assessments_url("instrument_detail", _instrument),
        expect(200),
    ),
    Row(
        "instrument edit",
        assessments_url("instrument_update", _instrument),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "instrument copy",
        assessments_url("instrument_copy", _instrument),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "instrument item create",
        assessments_url("item_create", _instrument),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "instrument import",
        assessments_url("instrument_import", _instrument),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "instrument item edit",
        assessments_url("item_update", _item),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "instrument item delete",
        assessments_url("item_delete", _item),
        expect(200, **STAFF_ONLY),
    ),
]


def _library_a(o):
    """A file in unit A's evidence library, made on first use."""
    if not hasattr(o, "library_a"):
        from assessments.models import EvidenceFile

        o.library_a = EvidenceFile(
            unit=o.unit_a, kind="SK", title="SK", document_date="2026-01-10"
        )
        o.library_a.file.save("sk.pdf", ContentFile(PDF), save=True)
    return o.library_a


EVIDENCE_MANAGERS = {"planner": 403, "head_a": 403}


def _dossier_link_a(o):
    """Unit A's library file linked from dossier A, made on first use."""
    if not hasattr(o, "dossier_link_a"):
        from assessments.models import DossierLink

        o.dossier_link_a = DossierLink.objects.create(
            dossier=o.dossier_a, library_file=_library_a(o)
        )
    return o.dossier_link_a


ROWS += [
    Row(
        "dossier A library picker",
        assessments_url("dossier_library", lambda o: o.dossier_a),
        expect(200, **UNIT_A_EDIT),
    ),
    Row(
        "dossier A library upload and link",
        assessments_url("dossier_library_upload", lambda o: o.dossier_a),
        expect(200, **UNIT_A_EDIT),
    ),
    Row(
        "dossier A library unlink",
        assessments_url("dossier_library_unlink", _dossier_link_a),
        expect(200, **UNIT_A_EDIT),
    ),
]
ROWS += [
    Row("evidence library", assessments_url("library_list"), expect(200)),
    Row(
        "evidence library upload",
        assessments_url("library_upload"),
        expect(200, **EVIDENCE_MANAGERS),
    ),
    Row(
        "evidence library file A",
        assessments_url("library_download", _library_a),
        expect(200, **UNIT_A_READ),
    ),
    Row(
        "evidence library file A delete",
        assessments_url("library_delete", _library_a),
        expect(200, **EVIDENCE_MANAGERS, focal_b=404),
    ),
]


def _assessment_a(o):
    """A draft self-assessment of unit A, made on first use."""
    if not hasattr(o, "assessment_a"):
        from tests.assessments.factories import AssessmentFactory

        o.assessment_a = AssessmentFactory(instrument=_instrument(o), unit=o.unit_a)
        # Bappeda co-reviews it (the co-review page answers planners)
        type(o.instrument).objects.filter(pk=o.instrument.pk).update(
            co_reviewers="BAPPEDA"
        )
    return o.assessment_a


def _assessment_a_inspektorat(o):
    """Unit A's assessment on an instrument naming only Inspektorat."""
    if not hasattr(o, "assessment_a_insp"):
        from tests.assessments.factories import AssessmentFactory, InstrumentFactory

        instrument = InstrumentFactory(co_reviewers="INSPEKTORAT", name="Pengawasan")
        o.assessment_a_insp = AssessmentFactory(instrument=instrument, unit=o.unit_a)
    return o.assessment_a_insp


# Only the unit's focal point (and the administrators) answer; only DPMPPPAKB
# verifies; a POST-only URL answers a GET with 405 once scope and role pass.
UNIT_A_EDITORS = {"reviewer": 403, "planner": 403, "focal_b": 404, "head_a": 403}
VERIFY_POST = expect(405, planner=403, focal_a=403, focal_b=404, head_a=403)
ROWS += [
    Row("assessment list", assessments_url("assessment_list"), expect(200)),
    Row(
        "evaluation recap",
        assessments_url("evaluation_recap"),
        expect(200, **CITY_ONLY),
    ),
    Row(
        "assessment start",
        assessments_url("assessment_start"),
        expect(200, reviewer=403, planner=403, head_a=403),
    ),
    Row(
        "city assessment start (GET)",
        assessments_url("city_assessment_start", _instrument),
        expect(405, **STAFF_ONLY),
    ),
    Row(
        "assessment A",
        assessments_url("assessment_detail", _assessment_a),
        expect(200, **UNIT_A_READ),
    ),
    Row(
        "assessment A edit",
        assessments_url("assessment_edit", _assessment_a),
        expect(200, **UNIT_A_EDITORS),
    ),
    Row(
        "assessment A autosave (GET)",
        assessments_url("assessment_autosave", _assessment_a),
        expect(405, focal_b=404),
    ),
    Row(
        "assessment A submit",
        assessments_url("assessment_submit", _assessment_a),
        expect(200, **UNIT_A_EDITORS),
    ),
    Row(
        "assessment A co-review",
        assessments_url("assessment_co_review", _assessment_a),
        expect(403, admin=200, planner=200, auditor=403, focal_b=404),
    ),
    Row(
        "assessment A co-review (Inspektorat's instrument)",
        assessments_url("assessment_co_review", _assessment_a_inspektorat),
        expect(403, admin=200, planner=403, auditor=200, focal_b=404),
    ),
    Row(
        "assessment A review",
        assessments_url("assessment_review", _assessment_a),
        expect(200, **UNIT_A_STAFF),
    ),
    *[
        Row(
            f"assessment A {name} (GET)",
            assessments_url(name, _assessment_a),
            VERIFY_POST,
        )
        for name in (
            "assessment_prefill",
            "review_start_review",
            "review_verify",
            "review_return",
            "review_approve",
            "review_reopen",
        )
    ],
]


def _plan(o):
    """A draft five-year Rencana Pokja PUG with one row (the city's: no outsider,
    the roles decide)."""
    if not hasattr(o, "plan"):
        from tests.assessments.factories import PlanRowFactory

        o.plan = PlanRowFactory(unit=o.unit_a).plan
    return o.plan


ROWS += [
    Row("pokja plan list", assessments_url("plan_list"), expect(200, **CITY_ONLY)),
    Row(
        "pokja plan create",
        assessments_url("plan_create"),
        expect(200, **STAFF_ONLY),
    ),
    Row(
        "pokja plan detail",
        assessments_url("plan_detail", _plan),
        expect(200, **CITY_ONLY),
    ),
    *[
        Row(
            f"pokja plan {name}",
            assessments_url(name, _plan),
            expect(200, **STAFF_ONLY),
        )
        for name in ("plan_update", "plan_rows", "plan_adopt", "plan_achievements")
    ],
    *[
        Row(
            f"pokja plan download {fmt}",
            lambda o, fmt=fmt: reverse(
                "assessments:plan_download", args=[_plan(o).pk, fmt]
            ),
            expect(200, **CITY_ONLY),
        )
        for fmt in ("pdf", "xlsx")
    ],
]


@pytest.fixture
def objs(admin, reviewer, planner, auditor, focal_a, focal_b, unit_head_a, unit_a):
    decree_a = DecreeFactory(unit=unit_a)
    decree_a.file.save("sk.pdf", ContentFile(PDF), save=True)
    event_a = EventFactory()
    event_a.materials.save("bahan.pdf", ContentFile(PDF), save=False)
    event_a.report_file.save("laporan.pdf", ContentFile(PDF), save=True)
    EventInvitationFactory(event=event_a, unit=unit_a)
    dossier_a = DossierFactory(unit=unit_a)
    evidence_a = Evidence(dossier=dossier_a, kind="SK", original_name="sk.pdf")
    evidence_a.file.save("sk.pdf", ContentFile(PDF), save=True)
    award = AwardResult(year=2023, framework="APE", category="UTAMA")
    award.evidence.save("piagam.pdf", ContentFile(PDF), save=True)
    return SimpleNamespace(
        award=award,
        cycle=dossier_a.cycle,
        budget_line_a=dossier_a.budget_line,
        dossier_a=dossier_a,
        evidence_a=evidence_a,
        comment_a=ReviewComment.objects.create(
            dossier=dossier_a, target="gap_2", text="Lengkapi data L/P"
        ),
        event_a=event_a,
        speaker_a=EventSpeakerFactory(event=event_a),
        unit_a=unit_a,
        decree_a=decree_a,
        decree_pokja=DecreeFactory(
            unit=None, decree_type="POKJA", issuer_type="WALI_KOTA"
        ),
        appointment_a=AppointmentFactory(unit=unit_a, decree=decree_a),
        users={
            "anonymous": None,
            "admin": admin,
            "reviewer": reviewer,
            "planner": planner,
            "auditor": auditor,
            "focal_a": focal_a,
            "focal_b": focal_b,
            "head_a": unit_head_a,
        },
    )


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_every_url_answers_each_persona_as_the_matrix_says(row, objs, client_for):
    url = row.url(objs)
    for persona in PERSONAS:
        response = client_for(objs.users[persona]).get(url)
        expected = row.expected[persona]
        if expected == LOGIN:
            assert response.status_code == 302, (persona, url)
            assert response["Location"].startswith(reverse("login")), (persona, url)
        else:
            assert response.status_code == expected, (
                persona,
                url,
                response.status_code,
            )


def test_the_matrix_covers_every_named_url():
    """A new URL without a row here fails this test, so the matrix stays complete."""
    from django.urls import URLPattern, get_resolver

    from pug_portal import urls as project_urls

    covered = {
        "evaluations:home",
        "focal_points:unit_list",
        "focal_points:unit_create",
        "focal_points:unit_detail",
        "focal_points:unit_update",
        "focal_points:unit_rename",
        "focal_points:unit_deactivate",
        "focal_points:appointment_create",
        "focal_points:directory",
        "focal_points:alerts",
        "focal_points:appointment_detail",
        "focal_points:appointment_end",
        "focal_points:appointment_transfer",
        "focal_points:decree_list",
        "focal_points:decree_create",
        "focal_points:decree_detail",
        "focal_points:decree_update",
        "focal_points:decree_file",
        "focal_points:pokja_fill",
        "focal_points:pokja_member_add",
        "focal_points:pokja_member_update",
        "focal_points:pokja_member_end",
        "focal_points:pokja_member_transfer",
        "focal_points:award_list",
        "focal_points:award_create",
        "focal_points:award_update",
        "focal_points:award_file",
        "focal_points:award_delete",
        "focal_points:event_list",
        "focal_points:event_upcoming",
        "focal_points:event_create",
        "focal_points:event_detail",
        "focal_points:event_update",
        "focal_points:event_speaker_add",
        "focal_points:event_speaker_remove",
        "focal_points:event_invite",
        "focal_points:event_attendance_add",
        "focal_points:event_attendance_remove",
        "focal_points:event_attendance_mark",
        "focal_points:event_attendance_import",
        "focal_points:event_daftar_hadir",
        "focal_points:event_report_pdf",
        "focal_points:event_materials",
        "focal_points:event_report_file",
        "evaluations:cycle_list",
        "evaluations:cycle_create",
        "evaluations:cycle_update",
        "evaluations:cycle_open",
        "evaluations:cycle_close",
        "evaluations:budget_line_list",
        "evaluations:budget_line_create",
        "evaluations:budget_line_update",
        "evaluations:dossier_list",
        "evaluations:dossier_create",
        "evaluations:dossier_detail",
        "evaluations:dossier_edit",
        "evaluations:dossier_autosave",
        "evaluations:dossier_submit",
        "evaluations:dossier_self_score",
        "evaluations:evidence_upload",
        "evaluations:evidence_download",
        "evaluations:evidence_delete",
        "evaluations:comment_resolve",
        "evaluations:review_queue",
        "evaluations:dossier_review",
        "evaluations:review_start",
        "evaluations:review_score",
        "evaluations:review_return",
        "evaluations:review_approve",
        "evaluations:review_reopen",
        "evaluations:city_dashboard",
        "evaluations:unit_dashboard",
        "evaluations:dashboard_dossiers",
        "evaluations:dashboard_budget_lines",
        "evaluations:total_belanja",
        "evaluations:realisation_record",
        "evaluations:dossier_document",
        "user_list",
        "user_create",
        "user_update",
        "reports",
        "report_download",
        "report_run_start",
        "report_run_progress",
        "report_run_retry",
        "report_run_download",
        "import_list",
        "import_upload",
        "import_template",
        "import_preview",
        "import_commit",
        "import_result",
        "assessments:instrument_list",
        "assessments:instrument_create",
        "assessments:instrument_detail",
        "assessments:instrument_update",
        "assessments:instrument_copy",
        "assessments:item_create",
        "assessments:instrument_import",
        "assessments:item_update",
        "assessments:item_delete",
        "assessments:library_list",
        "assessments:library_upload",
        "assessments:library_download",
        "assessments:library_delete",
        "assessments:dossier_library",
        "assessments:dossier_library_upload",
        "assessments:dossier_library_unlink",
        "assessments:assessment_list",
        "assessments:assessment_start",
        "assessments:city_assessment_start",
        "assessments:assessment_detail",
        "assessments:assessment_edit",
        "assessments:assessment_autosave",
        "assessments:assessment_submit",
        "assessments:assessment_review",
        "assessments:review_start_review",
        "assessments:review_verify",
        "assessments:review_return",
        "assessments:review_approve",
        "assessments:review_reopen",
        "assessments:assessment_prefill",
        "assessments:evaluation_recap",
        "assessments:assessment_co_review",
        "assessments:plan_list",
        "assessments:plan_create",
        "assessments:plan_detail",
        "assessments:plan_update",
        "assessments:plan_rows",
        "assessments:plan_adopt",
        "assessments:plan_achievements",
        "assessments:plan_download",
    }
    names = set()
    for namespace in ("focal_points", "evaluations", "assessments"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {
            f"{namespace}:{name}"
            for name in resolver.reverse_dict
            if isinstance(name, str)
        }
    # The project's own names outside any namespace (Django's auth and i18n views
    # are not ours to list).
    names |= {
        pattern.name
        for pattern in project_urls.urlpatterns
        if isinstance(pattern, URLPattern) and pattern.name
    }
    assert names - covered == set(), "add rows to ROWS for these URLs"
