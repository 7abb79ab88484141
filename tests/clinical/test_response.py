from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from poise.clinical.response import DosePeriod, Point, Trend, trajectory, treat_to_target

START = date(2026, 6, 1)


def week(n: int) -> date:
    return START + timedelta(weeks=n)


def test_a_fall_of_half_or_more_is_a_response() -> None:
    result = trajectory(
        instrument="phq9", points=[Point(START, 20), Point(week(6), 10)], episode_start=START
    )
    assert result is not None and result.trend is Trend.RESPONSE
    assert result.improvement_percent == 50


def test_phq9_under_5_from_above_is_remission() -> None:
    result = trajectory(
        instrument="phq9", points=[Point(START, 16), Point(week(8), 4)], episode_start=START
    )
    assert result is not None and result.trend is Trend.REMISSION


def test_a_rise_into_a_worse_band_is_worsening_and_a_rise_within_one_is_not() -> None:
    points = [Point(START, 16), Point(week(8), 4), Point(week(16), 21)]
    result = trajectory(instrument="phq9", points=points, episode_start=START)
    assert result is not None and result.trend is Trend.WORSENING
    within = trajectory(
        instrument="phq9", points=[Point(START, 16), Point(week(8), 19)], episode_start=START
    )
    assert within is not None and within.trend is Trend.NO_CHANGE


def test_the_baseline_is_the_last_score_before_the_episode_began() -> None:
    points = [Point(week(-4), 12), Point(week(-1), 18), Point(week(6), 9)]
    result = trajectory(instrument="phq9", points=points, episode_start=START)
    assert result is not None and result.baseline.total == 18


def test_one_score_is_no_trajectory() -> None:
    assert trajectory(instrument="gad7", points=[Point(START, 12)], episode_start=START) is None


SERTRALINE = DosePeriod("sertraline", Decimal(100), START, Decimal(50))


def test_four_weeks_at_a_therapeutic_dose_with_little_change_prompts_a_review() -> None:
    now = trajectory(
        instrument="phq9", points=[Point(START, 18), Point(week(5), 17)], episode_start=START
    )
    [prompt] = treat_to_target(today=week(5), trajectory_now=now, doses=[SERTRALINE])
    assert prompt.weeks_on_dose == 5 and prompt.improvement_percent == 6


def test_no_prompt_before_four_weeks_below_a_therapeutic_dose_or_when_improving() -> None:
    flat = trajectory(
        instrument="phq9", points=[Point(START, 18), Point(week(3), 18)], episode_start=START
    )
    assert treat_to_target(today=week(3), trajectory_now=flat, doses=[SERTRALINE]) == []
    low = DosePeriod("sertraline", Decimal(25), START, Decimal(50))
    assert treat_to_target(today=week(6), trajectory_now=flat, doses=[low]) == []
    better = trajectory(
        instrument="phq9", points=[Point(START, 18), Point(week(6), 12)], episode_start=START
    )
    assert treat_to_target(today=week(6), trajectory_now=better, doses=[SERTRALINE]) == []


@given(baseline=st.integers(1, 27), latest=st.integers(0, 27))
def test_lower_scores_never_read_as_worse(baseline: int, latest: int) -> None:
    result = trajectory(
        instrument="phq9",
        points=[Point(START, baseline), Point(week(4), latest)],
        episode_start=START,
    )
    assert result is not None
    if latest < baseline:
        assert result.trend is not Trend.WORSENING
    if latest >= baseline:
        assert result.trend not in (Trend.RESPONSE, Trend.REMISSION, Trend.PARTIAL)


# Gyani et al. 2013 (IAPT): reliable change is 6 points on the PHQ-9 and 4 on the GAD-7.
def test_reliable_change_uses_the_published_index() -> None:
    phq9 = trajectory(
        instrument="phq9", points=[Point(START, 15), Point(week(6), 9)], episode_start=START
    )
    assert phq9 is not None and phq9.reliable == "improvement"
    small = trajectory(
        instrument="phq9", points=[Point(START, 15), Point(week(6), 10)], episode_start=START
    )
    assert small is not None and small.reliable is None
    gad7 = trajectory(
        instrument="gad7", points=[Point(START, 8), Point(week(6), 12)], episode_start=START
    )
    assert gad7 is not None and gad7.reliable == "deterioration"
    pcl5 = trajectory(
        instrument="pcl5", points=[Point(START, 50), Point(week(6), 20)], episode_start=START
    )
    assert pcl5 is not None and pcl5.reliable is None
