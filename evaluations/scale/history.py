"""A generated dossier's life: which workflow path it took (following the real
transition table), when each step happened and by whom, and what that leaves on
the dossier row (status, timestamps, version)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from evaluations.workflow import TRANSITION_TABLE, Action, Status

CREATE, UPDATE = "create", "update"
SUBMIT, START, RETURN, APPROVE, REOPEN = (
    Action.SUBMIT,
    Action.START_REVIEW,
    Action.RETURN,
    Action.APPROVE,
    Action.REOPEN,
)
# Paths through the workflow, by the status they end in.
PATHS: dict[str, list[tuple[float, tuple[str, ...]]]] = {
    Status.DRAFT: [(1.0, ())],
    Status.SUBMITTED: [(1.0, (SUBMIT,))],
    Status.IN_REVIEW: [(1.0, (SUBMIT, START))],
    Status.REVISION_REQUESTED: [
        (0.85, (SUBMIT, START, RETURN)),
        (0.15, (SUBMIT, START, APPROVE, REOPEN)),
    ],
    Status.APPROVED: [
        (0.65, (SUBMIT, START, APPROVE)),
        (0.35, (SUBMIT, START, RETURN, SUBMIT, START, APPROVE)),
    ],
}
# How a year's dossiers end up: a closed year is mostly approved, with leftovers;
# the open year is spread over the whole workflow.
CLOSED_YEAR = {
    Status.APPROVED: 0.80,
    Status.REVISION_REQUESTED: 0.08,
    Status.DRAFT: 0.07,
    Status.SUBMITTED: 0.03,
    Status.IN_REVIEW: 0.02,
}
OPEN_YEAR = {
    Status.DRAFT: 0.30,
    Status.SUBMITTED: 0.15,
    Status.IN_REVIEW: 0.10,
    Status.REVISION_REQUESTED: 0.15,
    Status.APPROVED: 0.30,
}
REVIEWER_ACTIONS = frozenset({START, RETURN, APPROVE, REOPEN})
RETURN_REASONS = (
    "Data pembuka wawasan belum terpilah menurut jenis kelamin.",
    "Sebab kesenjangan internal dan eksternal belum dibedakan.",
    "Indikator hasil belum memuat target dan satuan.",
    "Rencana aksi belum terkait dengan anggaran sub kegiatan.",
)


@dataclass
class Step:
    action: str
    at: datetime.datetime
    actor: Any
    from_status: str = ""
    to_status: str = ""
    reason: str = ""


@dataclass
class Life:
    status: str
    steps: list[Step] = field(default_factory=list)
    fill: float = 1.0  # share of the GAP/GBS/KAK fields typed in

    def last(self, *actions: str) -> Step | None:
        return next((s for s in reversed(self.steps) if s.action in actions), None)

    @property
    def returns(self) -> int:
        return sum(1 for s in self.steps if s.action in (RETURN, REOPEN))

    def row_fields(self) -> dict[str, Any]:
        """What the life leaves on the dossier row."""
        submit, changed = self.last(SUBMIT), self.last(*REVIEWER_ACTIONS, SUBMIT)
        back, approved = self.last(RETURN, REOPEN), self.last(APPROVE)
        return {
            "status": self.status,
            "created_at": self.steps[0].at,
            "updated_at": self.steps[-1].at,
            "created_by": self.steps[0].actor,
            "submitted_at": submit.at if submit else None,
            "status_changed_at": changed.at if changed else None,
            "returned_at": back.at if back else None,
            "return_reason": back.reason if back else "",
            "approved_at": approved.at
            if approved and self.status == Status.APPROVED
            else None,
            "version": len(self.steps),
        }


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def plan_life(
    rng: random.Random,
    *,
    status: str,
    window: tuple[datetime.datetime, datetime.datetime],
    focal: Any,
    reviewers: list[Any],
) -> Life:
    """The steps that lead to `status`, dated in order inside `window`, with a
    logged save by the focal point before half of the submissions."""
    paths = PATHS[status]
    path = rng.choices([p for _w, p in paths], weights=[w for w, _p in paths])[0]
    actions: list[str] = [CREATE]
    for action in path:
        if action == SUBMIT and rng.random() < 0.5:
            actions.append(UPDATE)
        actions.append(action)
    if not path:
        actions += [UPDATE] * rng.randint(0, 1)
    start, end = window
    span = (end - start).total_seconds()
    moments = sorted(rng.random() for _ in actions)
    life = Life(status=status, fill=1.0 if path else rng.random())
    current = Status.DRAFT
    reviewer = rng.choice(reviewers)
    for action, f in zip(actions, moments, strict=True):
        at = start + datetime.timedelta(seconds=int(f * span))
        step = Step(action, at, reviewer if action in REVIEWER_ACTIONS else focal)
        if action not in (CREATE, UPDATE):
            step.from_status = current
            current = TRANSITION_TABLE[(current, action)][0]
            step.to_status = current
            if action in (RETURN, REOPEN):
                step.reason = rng.choice(RETURN_REASONS)
        life.steps.append(step)
    assert current == status, (path, current, status)
    return life
