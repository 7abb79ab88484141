"""Measurement-based care: how a patient's scores move against the start of treatment.

Pure functions over (date, total) points and the dose history; the caller passes "today".
The thresholds are the conventions the team's clinical brief names, with their sources:
response is a fall of at least 50% from baseline and remission a PHQ-9 or GAD-7 total under 5
(Kroenke & Spitzer, Psychiatr Ann 2002;32:509-15; used for GAD-7 by analogy in measurement-based
care programmes); an adequate trial is 4-8 weeks at a therapeutic dose, and under about 20-25%
improvement by then calls for a change (APA practice guideline for MDD, 2010; CANMAT 2016).
Worsening is a rise into a worse severity band of the instrument's own bands, so that no
threshold is invented; partial response (25-49% fall) is the research convention the brief
records. Reliable change is encoded for PHQ-9 and GAD-7 only, where a published index is at hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from poise.clinical.instruments import INSTRUMENTS

REMISSION_BELOW = {"phq9": 5, "gad7": 5}
# Reliable change: a change larger than the measurement error of the questionnaire, PHQ-9 6
# points and GAD-7 4 points (Gyani A et al. Enhancing recovery rates: lessons from year one of
# IAPT. Behav Res Ther 2013;51:597-606; the IAPT / NHS Talking Therapies manual).
RELIABLE_CHANGE = {"phq9": 6, "gad7": 4}
RESPONSE_FALL = Decimal("0.50")
TREAT_TO_TARGET_WEEKS = 4
TREAT_TO_TARGET_FALL = Decimal("0.20")


class Trend(StrEnum):
    REMISSION = "remission"
    RESPONSE = "response"
    PARTIAL = "partial response"
    NO_CHANGE = "no meaningful change"
    WORSENING = "worsening"


@dataclass(frozen=True, slots=True)
class Point:
    on: date
    total: int


@dataclass(frozen=True, slots=True)
class Trajectory:
    baseline: Point
    latest: Point
    change: Decimal  # fraction of the baseline; negative = better for symptom scales
    trend: Trend
    reliable: str | None = None  # "improvement" or "deterioration" beyond measurement error

    @property
    def improvement_percent(self) -> int:
        return int((-self.change * 100).to_integral_value())


def trajectory(
    *, instrument: str, points: Sequence[Point], episode_start: date
) -> Trajectory | None:
    """Baseline = the last score on or before the episode start (or the first after it);
    None until there are two scores."""
    ordered = sorted(points, key=lambda p: p.on)
    before = [p for p in ordered if p.on <= episode_start]
    baseline = before[-1] if before else (ordered[0] if ordered else None)
    if baseline is None:
        return None
    later = [p for p in ordered if p.on > baseline.on]
    if not later:
        return None
    latest = later[-1]
    change = (
        Decimal(latest.total - baseline.total) / baseline.total if baseline.total else Decimal(0)
    )
    remission_below = REMISSION_BELOW.get(instrument)
    if remission_below is not None and latest.total < remission_below <= baseline.total:
        trend = Trend.REMISSION
    elif change <= -RESPONSE_FALL:
        trend = Trend.RESPONSE
    elif change <= -Decimal("0.25"):
        trend = Trend.PARTIAL
    elif latest.total > baseline.total and _band(instrument, latest) > _band(instrument, baseline):
        trend = Trend.WORSENING
    else:
        trend = Trend.NO_CHANGE
    reliable = None
    threshold = RELIABLE_CHANGE.get(instrument)
    if threshold is not None and abs(latest.total - baseline.total) >= threshold:
        reliable = "improvement" if latest.total < baseline.total else "deterioration"
    return Trajectory(baseline, latest, change, trend, reliable)


def _band(instrument: str, point: Point) -> int:
    """The index of the instrument's severity band (worse = higher); without bands every rise
    counts as a band."""
    bands = INSTRUMENTS[instrument].bands if instrument in INSTRUMENTS else ()
    if not bands:
        return point.total
    return sum(point.total >= lowest for lowest, _ in bands)


@dataclass(frozen=True, slots=True)
class DosePeriod:
    drug: str
    daily_dose_mg: Decimal
    since: date
    therapeutic_from_mg: Decimal | None  # the labelled starting (minimum effective) dose


@dataclass(frozen=True, slots=True)
class Prompt:
    drug: str
    weeks_on_dose: int
    improvement_percent: int
    message: str


def treat_to_target(
    *, today: date, trajectory_now: Trajectory | None, doses: Sequence[DosePeriod]
) -> list[Prompt]:
    """A review prompt per drug held at a therapeutic dose for 4+ weeks while the score has
    improved by less than 20% from baseline."""
    if trajectory_now is None or trajectory_now.trend in (Trend.REMISSION, Trend.RESPONSE):
        return []
    improvement = -trajectory_now.change
    if improvement >= TREAT_TO_TARGET_FALL:
        return []
    prompts = []
    for period in doses:
        weeks = (today - period.since).days // 7
        therapeutic = (
            period.therapeutic_from_mg is None or period.daily_dose_mg >= period.therapeutic_from_mg
        )
        if weeks >= TREAT_TO_TARGET_WEEKS and therapeutic:
            prompts.append(
                Prompt(
                    drug=period.drug,
                    weeks_on_dose=weeks,
                    improvement_percent=trajectory_now.improvement_percent,
                    message=(
                        f"{weeks} weeks on {period.drug} {period.daily_dose_mg.normalize():f} "
                        f"mg/day with {trajectory_now.improvement_percent}% improvement: "
                        "review adherence, then consider raising the dose, switching or "
                        "augmenting."
                    ),
                )
            )
    return prompts
