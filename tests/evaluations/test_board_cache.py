"""The city board cached as HTML per (year, scope, data version): a repeat view runs
no figure query, renders no chart and no template of the board; a write, committed,
changes the data version, so the next view shows it (evaluations.board_cache). The
cached fragments hold nothing of the user who first asked for them."""

import base64
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from evaluations import board_cache, charts
from evaluations.models import Dossier
from evaluations.selectors import dashboard_city
from evaluations.services.dossiers import dossier_submit, dossier_update
from evaluations.views.dashboard import BOARD_BODY, BOARD_HEAD
from evaluations.workflow import Status
from focal_points.filters import PERANGKAT_DAERAH
from focal_points.models import today
from tests.evaluations.test_dashboard_queries import BOARD_CACHE_HIT
from tests.factories import CycleFactory, DossierFactory

BOARD = reverse("evaluations:city_dashboard") + "?year=2026"


@pytest.fixture
def builds(monkeypatch):
    """How many times the board's figures were computed and its charts rendered."""
    calls = {"board": 0, "charts": 0}

    def counted(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        dashboard_city,
        "city_dashboard",
        counted("board", dashboard_city.city_dashboard),
    )
    monkeypatch.setattr(charts, "city_charts", counted("charts", charts.city_charts))
    return calls


def same_page(response) -> bytes:
    """The page without its per-request tokens (CSP nonce, CSRF token)."""
    return re.sub(rb'(nonce|csrfmiddlewaretoken" value)="[^"]*"', b"", response.content)


def without_chart_ids(page: bytes) -> bytes:
    """The page with its charts' random element ids (pygal draws a new one each
    time a chart is rendered) taken out of their inline SVG."""

    def chart(found: re.Match) -> bytes:
        svg = base64.b64decode(found.group(1))
        return re.sub(rb"chart-[0-9a-f-]{36}", b"chart", svg)

    return re.sub(rb'src="data:image/svg\+xml;base64,([^"]+)"', chart, page)


def submitted(response) -> int:
    return response.context["board"].status_totals[Status.SUBMITTED]


@pytest.mark.django_db
def test_a_repeat_view_runs_no_figure_query_and_renders_no_chart(
    frozen_today, dossier_a, client_for, reviewer, builds, django_assert_num_queries
):
    client = client_for(reviewer)
    first = client.get(BOARD)
    assert first.status_code == 200
    assert builds == {"board": 1, "charts": 1}
    # the session, the user, then the data version and the board from the cache
    # in one read
    with django_assert_num_queries(2 + BOARD_CACHE_HIT):
        again = client.get(BOARD)
    assert builds == {"board": 1, "charts": 1}
    assert same_page(again) == same_page(first)
    # nor does it render the board's templates: its HTML comes from the cache
    rendered = {t.name for t in again.templates}
    assert "evaluations/dashboard/includes/city_board.html" in rendered
    assert not rendered & {
        BOARD_HEAD,
        BOARD_BODY,
        "evaluations/dashboard/includes/chart.html",
    }
    # another scope or sort is another entry
    client.get(BOARD + "&unit_type=ALL")
    client.get(BOARD + "&sort=name")
    assert builds == {"board": 3, "charts": 3}


@pytest.mark.django_db
def test_a_committed_write_is_on_the_next_view(
    frozen_today,
    dossier_a,
    focal_a,
    client_for,
    reviewer,
    builds,
    django_capture_on_commit_callbacks,
):
    client = client_for(reviewer)
    assert submitted(client.get(BOARD)) == 0
    # the submission updates the row (no signal) inside the service's transaction
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dossier_submit(dossier=dossier_a, by=focal_a)
    # one new version per transaction (the other callback sends the mail)
    assert callbacks.count(board_cache._new_version) == 1
    assert submitted(client.get(BOARD)) == 1
    assert builds["board"] == 2
    # a plain save, outside a transaction, changes the version at once
    DossierFactory(unit=dossier_a.unit, cycle=dossier_a.cycle, status=Status.SUBMITTED)
    assert submitted(client.get(BOARD)) == 2
    # a deletion too (Django deletes in a transaction)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_a.delete()
    assert submitted(client.get(BOARD)) == 1


@pytest.mark.django_db
def test_an_editors_save_of_a_draft_keeps_the_cached_board(
    frozen_today,
    dossier_a,
    focal_a,
    client_for,
    reviewer,
    builds,
    django_capture_on_commit_callbacks,
):
    """Autosaves of a dossier being written change no board figure (board_cache):
    they keep the data version, and a board built afresh after them is the same
    page. Its submission changes the version."""
    client = client_for(reviewer)
    before = same_page(client.get(BOARD))
    version = board_cache.data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dossier_update(
            dossier=dossier_a,
            by=focal_a,
            version=1,
            data={"gap_policy": "Tujuan baru.", "gbs_amount": Decimal("1000")},
            action_rows=[
                {
                    "description": "Kelas ayah",
                    "input_amount": Decimal("5000000"),
                    "output": "10 kelas",
                    "outcome": "Ayah ikut kelas",
                }
            ],
            data_rows=[
                {
                    "label": "Peserta",
                    "kind": "TARGET",
                    "unit_of_measure": "orang",
                    "male": Decimal("4"),
                    "female": Decimal("6"),
                    "total": None,
                }
            ],
        )
    assert board_cache._new_version not in callbacks
    assert board_cache.data_version() == version
    assert same_page(client.get(BOARD)) == before and builds["board"] == 1
    cache.clear()  # built afresh from the saved rows: the same figures
    assert (
        without_chart_ids(same_page(client.get(BOARD))) == without_chart_ids(before)
        and builds["board"] == 2
    )

    with django_capture_on_commit_callbacks(execute=True):
        dossier_submit(dossier=Dossier.objects.get(pk=dossier_a.pk), by=focal_a)
    assert board_cache.data_version() != version
    assert submitted(client.get(BOARD)) == 1


@pytest.mark.django_db
def test_the_version_changes_once_per_transaction_and_not_on_rollback(
    dossier_a, django_capture_on_commit_callbacks
):
    before = board_cache.data_version()
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            for status in (Status.SUBMITTED, Status.DRAFT):
                dossier_a.status = status
                dossier_a.save()
        try:
            with transaction.atomic():
                dossier_a.save()
                raise RuntimeError
        except RuntimeError:
            pass
    # not yet committed: readers still get the board of the committed rows
    assert board_cache.data_version() == before
    assert callbacks == [board_cache._new_version]
    callbacks[0]()
    assert board_cache.data_version() != before


def cached_fragments(year, unit_type=PERANGKAT_DAERAH) -> tuple[str, str]:
    """The head and body fragments of the board the cache holds."""
    key = board_cache.board_key(
        year=year, unit_type=unit_type, sort="-outstanding", on=today()
    )
    _version, page = cache.get(key)
    return page.head, page.body


CREATE_CYCLE = "Buat siklus monev untuk tahun anggaran ini"
REGISTER_LINES = "daftarkan sub kegiatan ARG, lalu mulai dokumennya"


@pytest.mark.django_db
@pytest.mark.parametrize("first", ["admin", "planner"])
def test_users_of_different_roles_never_see_each_others_notices(
    first, frozen_today, client_for, admin, planner, django_capture_on_commit_callbacks
):
    """Whoever fills the cache, the other role reads the same fragments with its
    own notices: the administrator is told to create the cycle and register the
    budget lines (cycles:manage, budget:edit), the planner, who may do neither,
    is not."""
    users = {"admin": admin, "planner": planner}
    second = "planner" if first == "admin" else "admin"
    url = reverse("evaluations:city_dashboard")

    def pages() -> dict[str, str]:
        return {
            name: client_for(users[name]).get(url).content.decode()
            for name in (first, second)
        }

    def assert_shared_and_clean(html: dict[str, str]) -> None:
        fragments = cached_fragments(None)
        for fragment in fragments:
            for text in (REGISTER_LINES, CREATE_CYCLE, "t_admin", "t_planner", "csrf"):
                assert text not in fragment
            for page in html.values():
                assert fragment in page

    # no cycle yet: the year is None
    html = pages()
    assert CREATE_CYCLE in html["admin"]
    assert CREATE_CYCLE not in html["planner"]
    assert "Belum ada siklus monev" in html["planner"]
    assert_shared_and_clean(html)
    # a cycle without any data yet (get_or_create saves in a transaction)
    with django_capture_on_commit_callbacks(execute=True):
        CycleFactory(year=2026)
    html = pages()
    assert REGISTER_LINES in html["admin"]
    assert REGISTER_LINES not in html["planner"]
    assert "Belum ada dokumen PPRG untuk tahun 2026" in html["planner"]
    assert_shared_and_clean(html)


@pytest.mark.django_db
def test_the_cached_board_does_not_echo_other_query_parameters(
    frozen_today, dossier_a, client_for, reviewer, planner
):
    """The sort links are built from the board's own parameters: a parameter the
    first visitor's URL carried never reaches the cache, nor the next visitor."""
    first = client_for(reviewer).get(BOARD + "&next=%2Fevil&unit_type=ALL")
    assert b'href="?year=2026&amp;unit_type=ALL&amp;sort=name"' in first.content
    # (the language switch in the page's header sends the visitor back to their URL)
    assert b"evil" not in first.content.split(b"<main")[1].split(b"</main>")[0]
    assert all("evil" not in part for part in cached_fragments(2026, "ALL"))
    again = client_for(planner).get(BOARD + "&unit_type=ALL")
    assert b'href="?year=2026&amp;unit_type=ALL&amp;sort=name"' in again.content


@pytest.mark.django_db
def test_a_board_built_while_a_write_committed_is_rebuilt_on_the_next_view():
    """The entry keeps the version read before building: a write committed during
    the build leaves it stale, and the next view builds again."""
    calls = []

    def build():
        calls.append(1)
        if len(calls) == 1:
            board_cache._new_version()  # a write commits meanwhile
        return len(calls)

    assert board_cache.cached_board("k", build) == 1
    assert board_cache.cached_board("k", build) == 2
    assert board_cache.cached_board("k", build) == 2
    assert len(calls) == 2
