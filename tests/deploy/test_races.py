"""Races against a live gunicorn on PostgreSQL, 50 trials each, requests released
together by a barrier: a page's autosaves and its full save (the last edit the user
made always wins, never two "saved" and one lost), and two reviewers appointing the
same new person to two units (both succeed with one person; never a 500)."""

import datetime
import threading
import uuid
from functools import partial

from evaluations.models import Dossier
from focal_points.models import FocalPointAppointment, Person
from pug_portal.models import Role
from tests.deploy.live import ONLY_POSTGRESQL, Browser, live, with_password
from tests.evaluations.test_dossier_views import edit_payload
from tests.factories import (
    CycleFactory,
    DecreeFactory,
    DossierFactory,
    UnitFactory,
    UserFactory,
    appoint,
)

pytestmark = ONLY_POSTGRESQL
__all__ = ["live"]  # the fixture
TRIALS = 50


def together(*calls):
    """Run the calls in threads released at the same instant; their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_autosaves_and_the_full_save_of_one_page(live):
    unit = UnitFactory()
    focal = with_password(UserFactory(username="race_focal", role=Role.FOCAL_POINT))
    appoint(focal, unit)
    dossier = DossierFactory(unit=unit, cycle=CycleFactory())
    browser = Browser(live.web(workers=3, threads=2)).login("race_focal")
    edit = f"/dossiers/{dossier.pk}/edit/"
    autosave = f"/dossiers/{dossier.pk}/autosave/"
    hx = {"HX-Request": "true"}
    lost, errors, superseded = [], [], 0
    for trial in range(TRIALS):
        dossier = Dossier.objects.get(pk=dossier.pk)
        page = {"edit_token": uuid.uuid4().hex}  # one page load
        # Typed in this order: two autosaves, then the Save button.
        first = edit_payload(dossier, gap_internal=f"a{trial}", edit_seq=1, **page)
        second = edit_payload(dossier, gap_internal=f"b{trial}", edit_seq=2, **page)
        full = edit_payload(dossier, gap_internal=f"save{trial}", edit_seq=3, **page)
        answers = together(
            partial(browser.post, autosave, first, hx),
            partial(browser.post, autosave, second, hx),
            partial(browser.post, edit, full),
        )
        errors += [status for status, _ in answers if status != 200]
        saved_page = answers[2][1].decode()
        if "Dokumen PPRG tersimpan" not in saved_page:
            lost.append((trial, "the full save was refused"))
        final = Dossier.objects.values_list("gap_internal", flat=True).get(
            pk=dossier.pk
        )
        if final != f"save{trial}":
            lost.append((trial, final))
        superseded += sum(b"lebih lama diabaikan" in body for _, body in answers[:2])
    print(f"\n{TRIALS} trials: {superseded} late autosaves refused, lost {lost}")
    assert errors == [] and lost == []


def test_two_reviewers_appoint_the_same_new_person(live):
    units = [UnitFactory(), UnitFactory()]
    decrees = [DecreeFactory(unit=unit) for unit in units]
    for name in ("race_rev_a", "race_rev_b"):
        with_password(UserFactory(username=name, role=Role.REVIEWER))
    base = live.web(workers=3, threads=2)
    reviewers = [Browser(base).login("race_rev_a"), Browser(base).login("race_rev_b")]
    for browser in reviewers:
        browser.get(f"/units/{units[0].pk}/appoint/")
    statuses = []
    for trial in range(TRIALS):
        person = {
            "name": f"Orang Baru {trial}",
            # digit 15 is the sex code (2 = perempuan), as the NIP field checks
            "nip": f"199001012020102{trial:03d}",
            "sex": "P",
            "team_role": "ANGGOTA",
            "start_date": datetime.date.today().isoformat(),
        }
        answers = together(
            *(
                partial(
                    browser.post,
                    f"/units/{unit.pk}/appoint/",
                    {**person, "decree": decree.pk},
                )
                for browser, unit, decree in zip(reviewers, units, decrees, strict=True)
            )
        )
        statuses += [status for status, _ in answers]
        assert Person.objects.filter(nip=person["nip"]).count() == 1
        assert (
            FocalPointAppointment.objects.filter(person__nip=person["nip"]).count() == 2
        ), [body.decode()[-2000:] for _, body in answers]
    assert statuses == [200] * (2 * TRIALS)
    print(f"\n{TRIALS} trials: {2 * TRIALS} appointments, {TRIALS} people, no error")
