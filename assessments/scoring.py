"""The one place that reads answers and turns them into scores.

An answer is stored as canonical text (`clean_answer`); its *fraction* (0–1) is what
share of the item's weight it earns (`fraction`): yes 1, no 0; a choice its option's
score over the best option's; a percent ÷ 100; a number ÷ the item's target (at most
1); text is not scored (the verifier reads it). A group's score is the sum of
weight × fraction over its items, the total the sum over groups; both are also given
as a share of the weights (`score`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.models.instruments import AnswerType, InstrumentItem, ItemGroup

YES, NO = "ya", "tidak"
_YES_WORDS = {"ya", "y", "yes", "1", "true", "ada"}
_NO_WORDS = {"tidak", "t", "no", "0", "false", "tidak ada"}
ONE = Decimal("1")
FRACTION_PLACES = Decimal("0.0001")


def parse_decimal(text: str) -> Decimal:
    """A number as people type it: "12,5", "12.5", "1.250" (thousands) → Decimal."""
    raw = text.strip().replace(" ", "").rstrip("%")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(_("Isi dengan angka."), code="not_a_number") from None
    if not value.is_finite():
        raise ValidationError(_("Isi dengan angka."), code="not_a_number")
    return value


def clean_answer(item: InstrumentItem, raw: str) -> str:
    """`raw` checked against the item's answer type, as stored; "" is no answer.
    Raises ValidationError with a message for the field."""
    text = (raw or "").strip()
    if not text:
        return ""
    kind = item.answer_type
    if kind == AnswerType.YES_NO:
        word = text.lower()
        if word in _YES_WORDS:
            return YES
        if word in _NO_WORDS:
            return NO
        raise ValidationError(
            _("Butir ini dijawab ya atau tidak."), code="yes_no_expected"
        )
    if kind == AnswerType.CHOICE:
        labels = item.option_labels()
        for label in labels:
            if label.lower() == text.lower():
                return label
        raise ValidationError(
            _("Pilih salah satu: %(options)s.") % {"options": "; ".join(labels)},
            code="bad_choice",
        )
    if kind in (AnswerType.NUMBER, AnswerType.PERCENT):
        value = parse_decimal(text)
        if value < 0:
            raise ValidationError(_("Angka tidak boleh negatif."), code="negative")
        if kind == AnswerType.PERCENT and value > 100:
            raise ValidationError(
                _("Persen harus antara 0 dan 100."), code="percent_range"
            )
        return format(value.normalize(), "f")
    return text


def fraction(item: InstrumentItem, value: str) -> Decimal | None:
    """The share (0–1) of the item's weight that the stored `value` earns; None when
    unanswered or not scored (text)."""
    if not value:
        return None
    kind = item.answer_type
    if kind == AnswerType.YES_NO:
        result = ONE if value == YES else Decimal(0)
    elif kind == AnswerType.CHOICE:
        scores = {str(o["label"]): Decimal(str(o["score"])) for o in item.options}
        best = max(scores.values(), default=Decimal(0))
        if value not in scores or best <= 0:
            return None
        result = scores[value] / best
    elif kind == AnswerType.PERCENT:
        result = Decimal(value) / 100
    elif kind == AnswerType.NUMBER:
        if not item.target:
            return None
        result = min(Decimal(value) / item.target, ONE)
    else:
        return None
    return result.quantize(FRACTION_PLACES)


@dataclass
class GroupScore:
    group: str
    weight: Decimal = Decimal(0)  # the sum of the group's weights (its maximum)
    self_points: Decimal = Decimal(0)
    verified_points: Decimal = Decimal(0)

    @property
    def label(self) -> str:
        return str(ItemGroup(self.group).label)

    @staticmethod
    def _percent(points: Decimal, weight: Decimal) -> Decimal | None:
        if not weight:
            return None
        return (points / weight * 100).quantize(Decimal("0.01"))

    @property
    def self_percent(self) -> Decimal | None:
        return self._percent(self.self_points, self.weight)

    @property
    def verified_percent(self) -> Decimal | None:
        return self._percent(self.verified_points, self.weight)


@dataclass
class Scores:
    groups: list[GroupScore] = field(default_factory=list)

    @property
    def total(self) -> GroupScore:
        total = GroupScore(group="")
        for g in self.groups:
            total.weight += g.weight
            total.self_points += g.self_points
            total.verified_points += g.verified_points
        return total

    def group(self, code: str) -> GroupScore | None:
        return next((g for g in self.groups if g.group == code), None)


def points(weight: Decimal, share: Decimal | None) -> Decimal:
    """Exact (weight has 2 places, the share 4): rounding is for display only."""
    return weight * share if share is not None else Decimal(0)


def score(
    rows: Iterable[tuple[str, Decimal, Decimal | None, Decimal | None]],
) -> Scores:
    """Scores from (group, weight, self fraction, verified fraction) per item, groups
    in the order they first appear (the instrument's item order)."""
    groups: dict[str, GroupScore] = {}
    for group, weight, self_share, verified_share in rows:
        g = groups.setdefault(group, GroupScore(group=group))
        g.weight += weight
        g.self_points += points(weight, self_share)
        g.verified_points += points(weight, verified_share)
    return Scores(groups=list(groups.values()))
