"""Section 3: the big exports as whole processes, each paired with its floor.

  all dossiers XLSX   `manage.py export_report semua-dossier --format xlsx`
                      vs bench/export_floor.py xlsx: a bare openpyxl write-only
                      loop over the export's own rows — both sheets, the dossiers
                      and their L/P data rows —, dumped beforehand (so the floor
                      has the values without the query or the cell work)
  city recap PDF      `manage.py export_report rekap-kota --format pdf --year Y`
                      vs bench/export_floor.py pdf: WeasyPrint on the recap's final
                      HTML, dumped beforehand, with the portal's static-only fetcher

Both sides are timed as processes (start-up, Django set-up, work, exit) with
/usr/bin/time, which also gives each one's peak memory (maximum resident set).

`memory()` runs the XLSX pair again on a smaller database (10,000 dossiers), for
its peak memory next to the one at 100,000: the export streams, so it should not
grow with the data.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from bench.common import PYTHON, ROOT, Database, Paired, env_for

FLOOR = str(ROOT / "bench" / "export_floor.py")
XLSX = "all dossiers XLSX"


def timed(db: Database, args: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of one process."""
    done = subprocess.run(
        ["/usr/bin/time", "-f", "TIME %e %M", *args],
        cwd=ROOT,
        env=env_for(db),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    line = [x for x in done.stderr.splitlines() if x.startswith("TIME ")][-1]
    seconds, kb = line.split()[1:]
    return float(seconds), int(kb) / 1024


def pairs(
    db: Database,
    floor_cmd: list[str],
    real_cmd: list[str],
    rounds: int,
    before_real: list[str] | None = None,
) -> tuple[Paired, dict[str, float]]:
    """`rounds` paired runs, floor first: the times, and each side's highest peak.
    `before_real`, run untimed before each measured export, sets its start."""
    paired, peaks = Paired(), {"floor": 0.0, "real": 0.0}
    for _ in range(rounds):
        f_s, f_mb = timed(db, floor_cmd)
        if before_real:
            subprocess.run(before_real, cwd=ROOT, env=env_for(db), check=True)
        r_s, r_mb = timed(db, real_cmd)
        paired.add(f_s, r_s)
        peaks["floor"] = max(peaks["floor"], f_mb)
        peaks["real"] = max(peaks["real"], r_mb)
    return paired, peaks


def xlsx_commands(tmp: Path) -> tuple[list[str], list[str]]:
    """The floor and the export of the all-dossiers XLSX (rows.pickle dumped)."""
    floor = [PYTHON, FLOOR, "xlsx", str(tmp / "rows.pickle"), str(tmp / "floor.xlsx")]
    real = [
        PYTHON,
        "manage.py",
        "export_report",
        "semua-dossier",
        "--format",
        "xlsx",
        "--out",
        str(tmp / "real.xlsx"),
    ]
    return floor, real


def dump_rows(db: Database, tmp: Path) -> None:
    subprocess.run(
        [PYTHON, FLOOR, "dump-rows", str(tmp / "rows.pickle")],
        cwd=ROOT,
        env=env_for(db),
        check=True,
    )


def memory(db: Database, rounds: int, log) -> dict:
    """The all-dossiers XLSX and its floor on a smaller database: peak memory (and
    the times, paired as in measure())."""
    with tempfile.TemporaryDirectory(prefix="pug-bench-export-") as tmp:
        tmp = Path(tmp)
        dump_rows(db, tmp)
        paired, peaks = pairs(db, *xlsx_commands(tmp), rounds)
    log(
        f"  {XLSX} at {db.size.dossiers:,}: peak {peaks['real']:.0f} MB "
        f"(floor {peaks['floor']:.0f} MB)"
    )
    return {"dossiers": db.size.dossiers, "ratio": paired, "peaks": peaks}


def measure(db: Database, year: int, rounds: int, log) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="pug-bench-export-") as tmp:
        tmp = Path(tmp)
        dump_rows(db, tmp)
        subprocess.run(
            [PYTHON, FLOOR, "dump-html", str(year), str(tmp / "recap.html")],
            cwd=ROOT,
            env=env_for(db),
            check=True,
        )
        cases = [
            (
                XLSX,
                "bare openpyxl write-only loop, same rows (both sheets)",
                *xlsx_commands(tmp),
                None,
            ),
            (
                # cold: its figures are kept in the cache with the data version
                # (city_recap), so the cache is emptied before each measured run,
                # as after a write; the floor's dump-html filled it.
                "city recap PDF",
                "WeasyPrint on the same HTML",
                [PYTHON, FLOOR, "pdf", str(tmp / "recap.html"), str(tmp / "floor.pdf")],
                [
                    PYTHON,
                    "manage.py",
                    "export_report",
                    "rekap-kota",
                    "--format",
                    "pdf",
                    "--year",
                    str(year),
                    "--out",
                    str(tmp / "real.pdf"),
                ],
                [PYTHON, FLOOR, "clear-cache"],
            ),
        ]
        for label, floor_label, floor_cmd, real_cmd, before in cases:
            paired, peaks = pairs(db, floor_cmd, real_cmd, rounds, before)
            log(
                f"  {label}: {Paired.med(paired.measured):.1f} s vs floor "
                f"{Paired.med(paired.floor):.1f} s"
            )
            rows.append(
                {
                    "export": label,
                    "floor_label": floor_label,
                    "ratio": paired,
                    "peaks": peaks,
                }
            )
    return rows
