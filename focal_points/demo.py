"""Demo registry for `manage.py seed_demo`: the real unit list, a few decrees and
focal-point teams (one unit deliberately without a valid SK), and one user per role.
Idempotent: running it again changes nothing."""

import datetime
from pathlib import Path

from django.db import transaction

from focal_points.importers import UNIT_COLUMNS, import_units
from focal_points.models import (
    Decree,
    FocalPointAppointment,
    IssuerType,
    Person,
    TeamRole,
    Unit,
    UnitType,
)
from pug_portal.importing import read_table
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
            expired = short_name == "Dinsos"
            sk_year = year - 2 if expired else year
            decree, new = Decree.objects.get_or_create(
                number=f"800/{100 + unit.pk}/{unit.short_name.upper().replace(' ', '').replace('.', '')}/{sk_year}",
                defaults={
                    "date": datetime.date(sk_year, 1, 6),
                    "title": f"tentang Tim Focal Point Pengarusutamaan Gender {unit.name} Tahun {sk_year}",
                    "issuer_type": IssuerType.KEPALA_PD,
                    "unit": unit,
                    "fiscal_year": sk_year,
                    "valid_from": datetime.date(sk_year, 1, 6),
                    "valid_to": datetime.date(sk_year, 12, 31) if expired else None,
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
                        "user": users[username]
                        if username and username != "planner"
                        else None,
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
                    },
                )
                created["appointments"] += new
    return created


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
