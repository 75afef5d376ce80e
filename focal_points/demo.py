"""Demo registry for `manage.py seed_demo`: the real unit list, a few decrees and
focal-point teams (one unit deliberately without a valid SK), and one user per role.
Idempotent: running it again changes nothing."""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from focal_points.importers import UNIT_COLUMNS, import_units
from focal_points.models import (
    Attendance,
    AwardCategory,
    AwardFramework,
    AwardResult,
    CapacityEvent,
    Decree,
    DecreeType,
    EventInvitation,
    EventMode,
    EventSpeaker,
    EventType,
    FocalPointAppointment,
    IssuerType,
    Person,
    TeamRole,
    Unit,
    UnitType,
)
from pug_portal.imports import read_table
from pug_portal.models import Role, User

UNITS_CSV = Path(__file__).parent / "data" / "tangsel_units.csv"
DEMO_PASSWORD = "Demo#PUG2026"

DEMO_USERS = [
    # username, role, first name, last name, e-mail
    ("admin", Role.ADMIN, "Admin", "Portal", "admin@demo.pug.local"),
    ("reviewer", Role.REVIEWER, "Siti", "Rahmawati", "reviewer@demo.pug.local"),
    ("planner", Role.PLANNER, "Caroline", "Bappelitbangda", "planner@demo.pug.local"),
    (
        "focal_dinkes",
        Role.FOCAL_POINT,
        "Dewi",
        "Lestari",
        "focal.dinkes@demo.pug.local",
    ),
    ("focal_setu", Role.FOCAL_POINT, "Ahmad", "Fauzi", "focal.setu@demo.pug.local"),
    ("kepala_dinkes", Role.UNIT_HEAD, "Budi", "Santoso", "kadinkes@demo.pug.local"),
    ("inspektorat", Role.AUDITOR, "Rina", "Wulandari", "inspektorat@demo.pug.local"),
]

# short name → (head name, head title, NIP, rank)
HEADS = {
    "DPMPPPAKB": (
        "drg. Khairati, M.Kes.",
        "Plt. Kepala Dinas Pemberdayaan Masyarakat, Pemberdayaan Perempuan, "
        "Perlindungan Anak dan Keluarga Berencana",
        "196805121997032004",
        "Pembina Utama Muda (IV/c)",
    ),
    "Dinkes": (
        "dr. Budi Santoso, M.K.M.",
        "Kepala Dinas Kesehatan",
        "197203151999031005",
        "Pembina Utama Muda (IV/c)",
    ),
    "Kec. Setu": (
        "Hendra Wijaya, S.STP., M.Si.",
        "Camat Setu",
        "198001202002121003",
        "Pembina (IV/a)",
    ),
}

# unit short name → list of (name, NIP, sex, position, team role, username or None)
TEAMS = {
    "Dinkes": [
        (
            "dr. Budi Santoso, M.K.M.",
            "197203151999031005",
            "L",
            "Kepala Dinas",
            TeamRole.PENANGGUNG_JAWAB,
            "kepala_dinkes",
        ),
        (
            "Dewi Lestari, S.KM., M.Kes.",
            "198304172008012011",
            "P",
            "Kepala Subbagian Perencanaan",
            TeamRole.KETUA,
            "focal_dinkes",
        ),
        (
            "Rina Marlina, S.Gz.",
            "198909252014022002",
            "P",
            "Analis Program",
            TeamRole.SEKRETARIS,
            None,
        ),
        (
            "Agus Setiawan, S.E.",
            "199101082015031004",
            "L",
            "Pengelola Keuangan",
            TeamRole.ANGGOTA,
            None,
        ),
    ],
    "Kec. Setu": [
        (
            "Ahmad Fauzi, S.Sos.",
            "198507142010011007",
            "L",
            "Sekretaris Kecamatan",
            TeamRole.KETUA,
            "focal_setu",
        ),
        (
            "Nurhayati, S.AP.",
            "198812302011012005",
            "P",
            "Kepala Seksi Kesejahteraan Sosial",
            TeamRole.ANGGOTA,
            None,
        ),
    ],
    "DPMPPPAKB": [
        (
            "Sri Wahyuni, S.Psi., M.Si.",
            "197811042003122006",
            "P",
            "Kepala Bidang PUG",
            TeamRole.KETUA,
            None,
        ),
        (
            "Yusuf Hidayat, S.Kom.",
            "199206112019031008",
            "L",
            "Analis Data Gender",
            TeamRole.ANGGOTA,
            None,
        ),
    ],
    "Bappelitbangda": [
        (
            "Caroline Siregar, S.T., M.T.",
            "198102262006042009",
            "P",
            "Perencana Ahli Muda",
            TeamRole.KETUA,
            "planner",
        ),
    ],
    "Dindikbud": [
        (
            "Eko Prasetyo, S.Pd., M.Pd.",
            "197909092005011012",
            "L",
            "Kepala Subbagian Program",
            TeamRole.KETUA,
            None,
        ),
        (
            "Fitri Handayani, S.Pd.",
            "198604212010012016",
            "P",
            "Analis Kurikulum",
            TeamRole.ANGGOTA,
            None,
        ),
    ],
    # Dinsos had a team under an SK that has expired: it shows in the "no valid focal
    # point" alert on purpose.
    "Dinsos": [
        (
            "Joko Susilo, S.Sos.",
            "198203032009011006",
            "L",
            "Kepala Subbagian Program",
            TeamRole.KETUA,
            None,
        ),
    ],
}


# Last year's teams were the same people under last year's SK, but for Dinkes, whose
# secretary then has moved on: the recaps of last year show last year's team.
LAST_YEAR_ONLY = {
    "Dinkes": [
        (
            "Hendra Gunawan, S.KM., M.Kes.",
            "197603152001121003",
            "L",
            "Kepala Seksi Kesehatan Keluarga",
            TeamRole.SEKRETARIS,
            None,
        ),
    ],
}


def seed_registry(*, today: datetime.date) -> dict[str, int]:
    """Load the demo registry; returns counts of what was created."""
    created = {"users": 0, "decrees": 0, "appointments": 0}
    with transaction.atomic():
        with UNITS_CSV.open("rb") as handle:
            result = import_units(
                read_table(handle, name=UNITS_CSV.name, required=UNIT_COLUMNS)
            )
        created["units"] = result.created
        users = {}
        for username, role, first, last, email in DEMO_USERS:
            user, new = User.objects.get_or_create(
                username=username,
                defaults={
                    "role": role,
                    "first_name": first,
                    "last_name": last,
                    "email": email,
                },
            )
            if new:
                user.set_password(DEMO_PASSWORD)
                user.save()
                created["users"] += 1
            users[username] = user

        _predecessor_of_dpmpppakb()
        for short_name, (name, title, nip, rank) in HEADS.items():
            Unit.objects.filter(short_name=short_name, head_name="").update(
                head_name=name, head_title=title, head_nip=nip, head_rank=rank
            )
        Unit.objects.filter(short_name="Dinkes", head_user__isnull=True).update(
            head_user=users["kepala_dinkes"]
        )

        year = today.year
        for short_name, members in TEAMS.items():
            unit = Unit.objects.get(short_name=short_name)
            if short_name == "Dinsos":  # an SK that has expired
                _seed_team(unit, members, users, created, year - 2, expired=True)
                continue
            last_year = members + LAST_YEAR_ONLY.get(short_name, [])
            _seed_team(unit, last_year, users, created, year - 1, expired=True)
            _seed_team(unit, members, users, created, year)
        created["pokja_members"] = _seed_pokja(year)
        created["awards"] = _seed_awards()
    return created


# Tangerang Selatan's results in the APE (the PPE from the 2024 evaluation on).
AWARDS = [
    (2014, AwardCategory.MADYA),
    (2016, AwardCategory.UTAMA),
    (2018, AwardCategory.UTAMA),
    (2020, AwardCategory.UTAMA),
    (2023, AwardCategory.UTAMA),
]


def _seed_awards() -> int:
    created = 0
    for year, category in AWARDS:
        _, new = AwardResult.objects.get_or_create(
            year=year, framework=AwardFramework.APE, defaults={"category": category}
        )
        created += new
    return created


def _seed_pokja(year: int) -> int:
    """The city's SK Pokja PUG for `year`, its members the unit heads on record
    (ketua Bappelitbangda, sekretaris DPMPPPAKB, anggota the other heads)."""
    from focal_points.services.registry import pokja_fill_from_unit_heads
    from pug_portal.permissions import SYSTEM_USER

    decree, _ = Decree.objects.get_or_create(
        number=f"100.3.3.2/Kep.12-Huk/{year}",
        defaults={
            "decree_type": DecreeType.POKJA,
            "date": datetime.date(year, 1, 13),
            "title": "tentang Kelompok Kerja Pengarusutamaan Gender Kota "
            f"Tangerang Selatan Tahun {year}",
            "issuer_type": IssuerType.WALI_KOTA,
            "fiscal_year": year,
            "valid_from": datetime.date(year, 1, 13),
        },
    )
    return len(pokja_fill_from_unit_heads(by=SYSTEM_USER, decree=decree))


def _seed_team(
    unit: Unit,
    members: list[tuple],
    users: dict[str, User],
    created: dict[str, int],
    sk_year: int,
    *,
    expired: bool = False,
) -> None:
    """`unit`'s team under its SK for `sk_year` (valid to the year's end when
    `expired`, the appointments ending with it)."""
    short = unit.short_name.upper().replace(" ", "").replace(".", "")
    end = datetime.date(sk_year, 12, 31) if expired else None
    decree, new = Decree.objects.get_or_create(
        number=f"800/{100 + unit.pk}/{short}/{sk_year}",
        defaults={
            "date": datetime.date(sk_year, 1, 6),
            "title": f"tentang Tim Focal Point Pengarusutamaan Gender {unit.name} "
            f"Tahun {sk_year}",
            "issuer_type": IssuerType.KEPALA_PD,
            "unit": unit,
            "fiscal_year": sk_year,
            "valid_from": datetime.date(sk_year, 1, 6),
            "valid_to": end,
        },
    )
    created["decrees"] += new
    for name, nip, sex, position, role, username in members:
        person, _ = Person.objects.get_or_create(
            nip=nip,
            defaults={
                "name": name,
                "sex": sex,
                "email": users[username].email if username else "",
                "user": users[username] if username and username != "planner" else None,
            },
        )
        _, new = FocalPointAppointment.objects.get_or_create(
            person=person,
            unit=unit,
            decree=decree,
            defaults={
                "team_role": role,
                "position": position,
                "start_date": decree.valid_from,
                "end_date": end,
            },
        )
        created["appointments"] += new


def _predecessor_of_dpmpppakb() -> None:
    """BPMPPKB became DPMPPPAKB in 2017: keep the old name as history."""
    old, _ = Unit.objects.get_or_create(
        short_name="BPMPPKB",
        defaults={
            "name": "Badan Pemberdayaan Masyarakat, Pemberdayaan Perempuan dan Keluarga Berencana",
            "unit_type": UnitType.BADAN,
            "valid_to": datetime.date(2016, 12, 31),
            "is_active": False,
            "note": "Nomenklatur sampai 2016; diganti DPMPPPAKB.",
        },
    )
    Unit.objects.filter(short_name="DPMPPPAKB", predecessor__isnull=True).update(
        predecessor=old, valid_from=datetime.date(2017, 1, 1)
    )


# --- capacity-building events --------------------------------------------------------

# The real event of 10 March 2017 (reference/seed-article-2017.txt). Participants: NIPs
# of TEAMS members who attended, or (name, unit short name, sex, position) free entries.
EVENT_2017_ATTENDED = [
    "198304172008012011",  # Dewi Lestari, Dinkes
    "198909252014022002",  # Rina Marlina, Dinkes
    "198507142010011007",  # Ahmad Fauzi, Kec. Setu
    "197811042003122006",  # Sri Wahyuni, DPMPPPAKB
    "197909092005011012",  # Eko Prasetyo, Dindikbud
    "198203032009011006",  # Joko Susilo, Dinsos
]
EVENT_2017_REGISTERED_ABSENT = ["199101082015031004"]  # Agus Setiawan, Dinkes
EVENT_2017_FREE = [
    ("Hj. Maemunah, S.Sos.", "Setwan", "P", "Kepala Subbagian Perencanaan"),
    ("Rudi Hartono, S.IP.", "Diskominfo", "L", "Analis Kebijakan"),
    ("Lina Marlina", "Kel. Pondok Benda", "P", "Kepala Seksi Pemberdayaan Masyarakat"),
]
EVENT_2017_UNITS = [
    "Dinkes",
    "Kec. Setu",
    "Dindikbud",
    "Dinsos",
    "Bappelitbangda",
    "Setwan",
    "Diskominfo",
    "DPMPPPAKB",
]


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def seed_events(*, today: datetime.date) -> dict[str, int]:
    """The 2017 "Penguatan Focal Point Gender" with attendance, and one upcoming PPRG
    training in the current fiscal year with invitations. Idempotent (events are found
    again by title)."""
    created = {"events": 0, "invitations": 0, "attendances": 0}
    organiser = Unit.objects.get(short_name="DPMPPPAKB")
    units = {u.short_name: u for u in Unit.objects.all()}
    with transaction.atomic():
        day = datetime.date(2017, 3, 10)
        event, new = CapacityEvent.objects.get_or_create(
            title="Penguatan Focal Point Gender",
            starts_at=_local(day, 8),
            defaults={
                "event_type": EventType.PENGUATAN_FOCAL_POINT,
                "ends_at": _local(day, 15),
                "venue": "RM Kampoeng Anggrek, Serpong",
                "mode": EventMode.LURING,
                "opened_by": "Wakil Wali Kota Tangerang Selatan, Benyamin Davnie",
                "organiser": organiser,
                "target_participants": 40,
                "description": (
                    "Mengoptimalkan pelaksanaan PUG dan meningkatkan pengintegrasian "
                    "gender melalui penguatan kelembagaan, perencanaan, penyusunan dan "
                    "pelaksanaan kegiatan. Sambutan Plt. Kepala DPMPPPAKB drg. "
                    "Khairati, M.Kes.; sasaran pemantauan dan evaluasi: seluruh SKPD "
                    "se-Kota Tangerang Selatan."
                ),
            },
        )
        created["events"] += new
        if new:
            EventSpeaker.objects.create(
                event=event,
                name="drg. Khairati, M.Kes.",
                institution="Plt. Kepala DPMPPPAKB Kota Tangerang Selatan",
                topic="Sambutan dan arahan pelaksanaan PUG",
                order=1,
            )
            EventSpeaker.objects.create(
                event=event,
                name="Caroline",
                institution="Bappeda Kota Tangerang Selatan",
                topic="Narasumber",
                order=2,
            )
        created["invitations"] += _invite(event, [units[s] for s in EVENT_2017_UNITS])
        people = {p.nip: p for p in Person.objects.filter(nip__isnull=False)}
        appointments = {
            a.person.nip: a
            for a in FocalPointAppointment.objects.select_related("person", "unit")
        }
        for nip in EVENT_2017_ATTENDED + EVENT_2017_REGISTERED_ABSENT:
            appointment = appointments[nip]
            _, new = Attendance.objects.get_or_create(
                event=event,
                person=people[nip],
                defaults={
                    "name": appointment.person.name,
                    "nip": nip,
                    "sex": appointment.person.sex,
                    "unit": appointment.unit,
                    "position": appointment.position,
                    "attended": nip in EVENT_2017_ATTENDED,
                    "pre_test": 50 + int(nip[-2:]) % 20
                    if nip in EVENT_2017_ATTENDED
                    else None,
                    "post_test": 80 if nip in EVENT_2017_ATTENDED else None,
                },
            )
            created["attendances"] += new
        for name, short_name, sex, position in EVENT_2017_FREE:
            _, new = Attendance.objects.get_or_create(
                event=event,
                name=name,
                defaults={
                    "sex": sex,
                    "unit": units[short_name],
                    "position": position,
                    "attended": True,
                },
            )
            created["attendances"] += new

        start = today + datetime.timedelta(days=14)
        if start.year != today.year:  # keep it in the current fiscal year
            start = today
        upcoming, new = CapacityEvent.objects.get_or_create(
            title=f"Pelatihan PPRG bagi Focal Point PUG Tahun {today.year}",
            defaults={
                "event_type": EventType.PELATIHAN_PPRG,
                "starts_at": _local(start, 8),
                "ends_at": _local(start, 16),
                "venue": "Aula Gedung Pusat Pemerintahan Kota Tangerang Selatan",
                "mode": EventMode.HYBRID,
                "organiser": organiser,
                "target_participants": 30,
                "funding_reference": "2.08.02.2.01.01 Koordinasi dan Sinkronisasi "
                "Perumusan Kebijakan Pelaksanaan PUG",
                "description": "Penyusunan GAP, GBS dan KAK untuk tahun anggaran "
                "berikutnya.",
            },
        )
        created["events"] += new
        if new:
            EventSpeaker.objects.create(
                event=upcoming,
                name="Sri Wahyuni, S.Psi., M.Si.",
                institution="DPMPPPAKB",
                topic="Gender Analysis Pathway (GAP) dan GBS",
                order=1,
            )
        invited = [units[s] for s in ("Dinkes", "Kec. Setu", "Dindikbud")]
        created["invitations"] += _invite(upcoming, invited)
        for appointment in (
            FocalPointAppointment.objects.current(today)
            .filter(unit__in=invited)
            .select_related("person", "unit")
        ):
            person = appointment.person
            _, new = Attendance.objects.get_or_create(
                event=upcoming,
                person=person,
                defaults={
                    "name": person.name,
                    "nip": person.nip,
                    "sex": person.sex,
                    "unit": appointment.unit,
                    "position": appointment.position,
                },
            )
            created["attendances"] += new
    return created


def _invite(event: CapacityEvent, units: list[Unit]) -> int:
    """Invitations without mail: demo data is not announced to anyone."""
    count = 0
    for unit in units:
        _, new = EventInvitation.objects.get_or_create(
            event=event, unit=unit, defaults={"notified": True}
        )
        count += new
    return count
