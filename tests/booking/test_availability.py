from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

import pytest

from models.accounts.working_hours import WeeklyRange
from models.booking.availability import HostSchedule, SlotRules, available_slots

MONDAY, FRIDAY, SUNDAY = 1, 5, 7
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
FAR_AHEAD = datetime(2100, 1, 1, tzinfo=UTC)


def minutes(count: int) -> timedelta:
    return timedelta(minutes=count)


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def weekdays(start: time, end: time) -> list[WeeklyRange]:
    return [WeeklyRange(day, start, end) for day in range(MONDAY, FRIDAY + 1)]


def host(
    time_zone: str,
    weekly: Sequence[WeeklyRange],
    overrides: Mapping[date, Sequence[tuple[time, time]]] | None = None,
    busy: Sequence[tuple[datetime, datetime]] = (),
) -> HostSchedule:
    return HostSchedule(time_zone=time_zone, weekly=weekly, overrides=overrides or {}, busy=busy)


def rules(
    *,
    duration: int = 30,
    interval: int = 30,
    buffer_before: int = 0,
    buffer_after: int = 0,
    earliest_start: datetime = LONG_AGO,
    latest_start: datetime = FAR_AHEAD,
    starts_before: datetime | None = None,
) -> SlotRules:
    return SlotRules(
        duration=minutes(duration),
        interval=minutes(interval),
        buffer_before=minutes(buffer_before),
        buffer_after=minutes(buffer_after),
        earliest_start=earliest_start,
        latest_start=latest_start,
        starts_before=starts_before,
    )


def as_text(slots: list[datetime]) -> list[str]:
    return [f"{slot:%m-%d %H:%M}" for slot in slots]


def test_a_working_day_offers_every_interval_until_the_last_meeting_that_fits() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(17)))

    # when
    slots = available_slots([alice], rules(), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == [
        "06-01 09:00", "06-01 09:30", "06-01 10:00", "06-01 10:30",
        "06-01 11:00", "06-01 11:30", "06-01 12:00", "06-01 12:30",
        "06-01 13:00", "06-01 13:30", "06-01 14:00", "06-01 14:30",
        "06-01 15:00", "06-01 15:30", "06-01 16:00", "06-01 16:30",
    ]  # fmt: skip


def test_starts_are_utc_aware_instants_converted_from_the_hosts_zone() -> None:
    # given
    alice = host("Europe/Berlin", weekdays(time(9), time(10)))

    # when
    slots = available_slots([alice], rules(), utc(6, 1), utc(6, 2))

    # then
    assert slots == [utc(6, 1, 7, 0), utc(6, 1, 7, 30)]
    assert [slot.tzinfo for slot in slots] == [UTC, UTC]


def test_a_meeting_longer_than_the_interval_overlaps_the_next_start() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(11)))

    # when
    slots = available_slots([alice], rules(duration=60, interval=15), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == [
        "06-01 09:00",
        "06-01 09:15",
        "06-01 09:30",
        "06-01 09:45",
        "06-01 10:00",
    ]


def test_the_grid_is_anchored_at_the_start_of_the_working_range() -> None:
    # given
    alice = host("UTC", weekdays(time(9, 10), time(10, 30)))

    # when
    slots = available_slots([alice], rules(), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 09:10", "06-01 09:40"]


def test_touching_ranges_form_one_working_window() -> None:
    # given
    alice = host(
        "UTC", [WeeklyRange(MONDAY, time(9), time(10)), WeeklyRange(MONDAY, time(10), time(11))]
    )

    # when
    slots = available_slots([alice], rules(duration=60), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 09:00", "06-01 09:30", "06-01 10:00"]


def test_the_weekend_is_off_when_only_weekdays_have_hours() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(10)))

    # when
    slots = available_slots([alice], rules(), utc(6, 5), utc(6, 9))

    # then
    assert as_text(slots) == ["06-05 09:00", "06-05 09:30", "06-08 09:00", "06-08 09:30"]


def test_an_empty_override_takes_that_date_off() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(10)), overrides={date(2026, 6, 2): []})

    # when
    slots = available_slots([alice], rules(), utc(6, 1), utc(6, 4))

    # then
    assert as_text(slots) == ["06-01 09:00", "06-01 09:30", "06-03 09:00", "06-03 09:30"]


def test_an_override_replaces_the_weekly_hours_of_that_date() -> None:
    # given
    overrides = {date(2026, 6, 2): [(time(13), time(14)), (time(16), time(16, 30))]}
    alice = host("UTC", weekdays(time(9), time(10)), overrides=overrides)

    # when
    slots = available_slots([alice], rules(), utc(6, 2), utc(6, 3))

    # then
    assert as_text(slots) == ["06-02 13:00", "06-02 13:30", "06-02 16:00"]


def test_an_override_opens_a_day_without_weekly_hours() -> None:
    # given
    alice = host(
        "UTC", weekdays(time(9), time(10)), overrides={date(2026, 6, 6): [(time(11), time(12))]}
    )

    # when
    slots = available_slots([alice], rules(), utc(6, 6), utc(6, 8))

    # then
    assert as_text(slots) == ["06-06 11:00", "06-06 11:30"]


def test_minimum_notice_removes_earlier_starts_without_shifting_the_grid() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(11)))

    # when
    slots = available_slots([alice], rules(earliest_start=utc(6, 1, 9, 20)), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 09:30", "06-01 10:00", "06-01 10:30"]


def test_the_earliest_start_itself_is_offered() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(11)))

    # when
    slots = available_slots([alice], rules(earliest_start=utc(6, 1, 10)), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 10:00", "06-01 10:30"]


def test_the_horizon_is_inclusive() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(11)))

    # when
    slots = available_slots([alice], rules(latest_start=utc(6, 1, 9, 30)), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 09:00", "06-01 09:30"]


def test_the_start_cutoff_is_exclusive() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(11)))

    # when
    slots = available_slots([alice], rules(starts_before=utc(6, 1, 9, 30)), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 09:00"]


def test_a_booking_blocks_every_start_whose_buffered_meeting_overlaps_it() -> None:
    # given
    booking = (utc(6, 1, 10, 30), utc(6, 1, 11))
    alice = host("UTC", weekdays(time(9, 30), time(12)), busy=[booking])
    slot_rules = rules(interval=10, buffer_before=20, buffer_after=10)

    # when
    slots = available_slots([alice], slot_rules, utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == [
        "06-01 09:30",
        "06-01 09:40",
        "06-01 09:50",
        "06-01 11:20",
        "06-01 11:30",
    ]


def test_buffers_without_bookings_remove_nothing() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(10)))

    # when
    slots = available_slots(
        [alice], rules(buffer_before=15, buffer_after=15), utc(6, 1, 9), utc(6, 2)
    )

    # then
    assert as_text(slots) == ["06-01 09:00", "06-01 09:30"]


def test_a_booking_before_the_window_still_blocks_through_the_buffer() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(11)), busy=[(utc(6, 1, 9), utc(6, 1, 9, 20))])

    # when
    slots = available_slots([alice], rules(buffer_before=15), utc(6, 1, 9, 30), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 10:00", "06-01 10:30"]


def test_a_booking_after_the_horizon_still_blocks_the_meeting_running_into_it() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(11)), busy=[(utc(6, 1, 10, 20), utc(6, 1, 10, 30))])

    # when
    slots = available_slots([alice], rules(latest_start=utc(6, 1, 10)), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 09:00", "06-01 09:30"]


def test_a_short_booking_inside_a_long_one_does_not_reopen_it() -> None:
    # given
    busy = [(utc(6, 1, 10, 30), utc(6, 1, 10, 45)), (utc(6, 1, 10), utc(6, 1, 12))]
    alice = host("UTC", weekdays(time(9), time(13)), busy=busy)

    # when
    slots = available_slots([alice], rules(), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 09:00", "06-01 09:30", "06-01 12:00", "06-01 12:30"]


def test_bookings_in_any_order_block_their_own_starts() -> None:
    # given
    busy = [(utc(6, 2, 9, 30), utc(6, 2, 10)), (utc(6, 1, 9), utc(6, 1, 9, 30))]
    alice = host("UTC", weekdays(time(9), time(10)), busy=busy)

    # when
    slots = available_slots([alice], rules(), utc(6, 1), utc(6, 3))

    # then
    assert as_text(slots) == ["06-01 09:30", "06-02 09:00"]


def test_hosts_in_different_zones_share_only_their_overlap() -> None:
    # given
    berlin = host("Europe/Berlin", weekdays(time(9), time(17)))
    new_york = host("America/New_York", weekdays(time(9, 15), time(17)))

    # when
    slots = available_slots([berlin, new_york], rules(), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 13:15", "06-01 13:45", "06-01 14:15"]


def test_a_booking_of_any_host_blocks_the_collective_start() -> None:
    # given
    berlin = host("Europe/Berlin", weekdays(time(9), time(17)))
    new_york = host(
        "America/New_York", weekdays(time(9), time(17)), busy=[(utc(6, 1, 13, 30), utc(6, 1, 14))]
    )

    # when
    slots = available_slots([berlin, new_york], rules(), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 13:00", "06-01 14:00", "06-01 14:30"]


def test_every_range_of_one_host_meets_the_longer_range_of_another() -> None:
    # given
    full_day = host("UTC", weekdays(time(9), time(17)))
    split_day = host(
        "UTC", [WeeklyRange(MONDAY, time(9), time(10)), WeeklyRange(MONDAY, time(11), time(12))]
    )

    # when
    slots = available_slots([full_day, split_day], rules(), utc(6, 1), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 09:00", "06-01 09:30", "06-01 11:00", "06-01 11:30"]


def test_hosts_that_never_overlap_offer_nothing() -> None:
    # given
    auckland = host("Pacific/Auckland", weekdays(time(9), time(12)))
    berlin = host("Europe/Berlin", weekdays(time(9), time(12)))

    # when
    slots = available_slots([auckland, berlin], rules(), utc(6, 1), utc(6, 8))

    # then
    assert slots == []


def test_a_local_date_that_starts_on_the_previous_utc_day_is_found() -> None:
    # given
    auckland = host("Pacific/Auckland", [WeeklyRange(MONDAY, time(9), time(10))])

    # when
    slots = available_slots([auckland], rules(), utc(5, 31), utc(6, 1))

    # then
    assert as_text(slots) == ["05-31 21:00", "05-31 21:30"]


def test_a_local_evening_that_ends_on_the_next_utc_day_is_found() -> None:
    # given
    los_angeles = host("America/Los_Angeles", [WeeklyRange(MONDAY, time(20), time(21))])

    # when
    slots = available_slots([los_angeles], rules(), utc(6, 2), utc(6, 3))

    # then
    assert as_text(slots) == ["06-02 03:00", "06-02 03:30"]


def test_window_start_is_inclusive_and_window_end_exclusive() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(12)))

    # when
    slots = available_slots([alice], rules(), utc(6, 1, 9, 30), utc(6, 1, 11))

    # then
    assert as_text(slots) == ["06-01 09:30", "06-01 10:00", "06-01 10:30"]


def test_a_window_starting_between_grid_points_does_not_shift_the_grid() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(11)))

    # when
    slots = available_slots([alice], rules(), utc(6, 1, 9, 10), utc(6, 2))

    # then
    assert as_text(slots) == ["06-01 09:30", "06-01 10:00", "06-01 10:30"]


def test_no_hosts_offer_nothing() -> None:
    # when
    slots = available_slots([], rules(), utc(6, 1), utc(6, 8))

    # then
    assert slots == []


def test_a_host_without_hours_blocks_the_collective_booking() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(17)))
    idle = host("UTC", [])

    # when
    slots = available_slots([alice, idle], rules(), utc(6, 1), utc(6, 8))

    # then
    assert slots == []


def test_a_non_positive_interval_is_rejected() -> None:
    # given
    alice = host("UTC", weekdays(time(9), time(17)))

    # when / then
    with pytest.raises(ValueError, match="duration and interval must be positive"):
        available_slots([alice], rules(interval=0), utc(6, 1), utc(6, 2))


@pytest.mark.parametrize(
    ("time_zone", "start", "end", "expected"),
    [
        pytest.param(
            "Europe/Berlin",
            utc(3, 29),
            utc(3, 30),
            ["03-29 00:00", "03-29 00:30", "03-29 01:00", "03-29 01:30"],
            id="berlin-spring-forward-loses-an-hour",
        ),
        pytest.param(
            "Europe/Berlin",
            utc(10, 24, 12),
            utc(10, 25, 12),
            [
                "10-24 23:00", "10-24 23:30", "10-25 00:00", "10-25 00:30",
                "10-25 01:00", "10-25 01:30", "10-25 02:00", "10-25 02:30",
            ],
            id="berlin-fall-back-repeats-an-hour",
        ),
        pytest.param(
            "America/New_York",
            utc(3, 8),
            utc(3, 9),
            ["03-08 06:00", "03-08 06:30", "03-08 07:00", "03-08 07:30"],
            id="new-york-spring-forward-loses-an-hour",
        ),
        pytest.param(
            "America/New_York",
            utc(11, 1),
            utc(11, 2),
            [
                "11-01 05:00", "11-01 05:30", "11-01 06:00", "11-01 06:30",
                "11-01 07:00", "11-01 07:30", "11-01 08:00", "11-01 08:30",
            ],
            id="new-york-fall-back-repeats-an-hour",
        ),
        pytest.param(
            "Australia/Lord_Howe",
            utc(4, 4),
            utc(4, 5),
            [
                "04-04 14:00", "04-04 14:30", "04-04 15:00", "04-04 15:30",
                "04-04 16:00", "04-04 16:30", "04-04 17:00",
            ],
            id="lord-howe-autumn-repeats-half-an-hour",
        ),
        pytest.param(
            "Australia/Lord_Howe",
            utc(10, 3),
            utc(10, 4),
            ["10-03 14:30", "10-03 15:00", "10-03 15:30", "10-03 16:00", "10-03 16:30"],
            id="lord-howe-spring-skips-half-an-hour",
        ),
    ],
)  # fmt: skip
def test_a_range_across_a_dst_change_lasts_the_real_elapsed_time(
    time_zone: str, start: datetime, end: datetime, expected: list[str]
) -> None:
    # given
    sunday_night = host(time_zone, [WeeklyRange(SUNDAY, time(1), time(4))])

    # when
    slots = available_slots([sunday_night], rules(), start, end)

    # then
    assert as_text(slots) == expected


def test_a_range_starting_in_the_spring_forward_gap_uses_the_offset_before_the_gap() -> None:
    # given 02:30 does not exist in Berlin on 2026-03-29; read at +01:00 it is 03:30 summer time
    berlin = host("Europe/Berlin", [WeeklyRange(SUNDAY, time(2, 30), time(4))])

    # when
    slots = available_slots([berlin], rules(), utc(3, 29), utc(3, 30))

    # then
    assert as_text(slots) == ["03-29 01:30"]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(time(2), time(3), id="the-whole-gap"),
        pytest.param(time(2, 30), time(3, 15), id="start-read-after-the-end"),
    ],
)
def test_a_range_that_converts_to_nothing_in_the_spring_forward_gap_is_dropped(
    start: time, end: time
) -> None:
    # given 02:00 and 02:30 read at +01:00 are 03:00 and 03:30 summer time
    berlin = host("Europe/Berlin", [WeeklyRange(SUNDAY, start, end)])

    # when
    slots = available_slots([berlin], rules(), utc(3, 29), utc(3, 30))

    # then
    assert slots == []


def test_an_ambiguous_end_means_its_first_occurrence() -> None:
    # given 02:30 happens twice in Berlin on 2026-10-25: first at +02:00 (00:30 UTC)
    berlin = host("Europe/Berlin", [WeeklyRange(SUNDAY, time(1), time(2, 30))])

    # when
    slots = available_slots([berlin], rules(), utc(10, 24, 12), utc(10, 25, 12))

    # then
    assert as_text(slots) == ["10-24 23:00", "10-24 23:30", "10-25 00:00"]


def test_an_ambiguous_start_means_its_first_occurrence() -> None:
    # given 02:30 first occurs at +02:00 (00:30 UTC); 03:00 is unambiguous at +01:00 (02:00 UTC)
    berlin = host("Europe/Berlin", [WeeklyRange(SUNDAY, time(2, 30), time(3))])

    # when
    slots = available_slots([berlin], rules(), utc(10, 24, 12), utc(10, 25, 12))

    # then
    assert as_text(slots) == ["10-25 00:30", "10-25 01:00", "10-25 01:30"]
