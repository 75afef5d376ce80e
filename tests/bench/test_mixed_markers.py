"""bench/run's mixed load decides that a write succeeded by the success message the
page shows (bench/mixed.py MARKERS). When the pages' words changed ("Dossier
tersimpan." became "Dokumen PPRG tersimpan.") every save read as failed and the
load reported mismatches that were not there; this keeps the two together."""

from pathlib import Path

from bench.mixed import MARKERS

VIEWS = Path(__file__).resolve().parents[2] / "evaluations" / "views"


def test_every_success_marker_is_a_message_the_views_show():
    source = "\n".join(
        (VIEWS / name).read_text(encoding="utf-8")
        for name in ("dossiers.py", "review.py")
    )
    missing = [kind for kind, marker in MARKERS.items() if marker not in source]
    assert missing == []
