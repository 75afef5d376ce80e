"""Demo evaluations for `manage.py seed_demo`: two fiscal years (last year's cycle
closed, this year's open), a few dozen budget lines with sub-kegiatan codes, and PPRG
dossiers in every workflow state across Dinkes, DPMPPPAKB, Kec. Setu, Dindikbud and
Dinsos. Dossiers move through the real services (so the activity log and the review
history are real). Idempotent: a second run creates nothing.

`lines` holds the budget lines and the state each dossier reaches, `topics` the
dossiers' content, `seed` the loading."""

from evaluations.demo.seed import seed_evaluations

__all__ = ["seed_evaluations"]
