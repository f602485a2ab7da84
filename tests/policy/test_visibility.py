from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from interlink.domain.codes import Classification, HandlingCode, SharingLevel, Topic
from interlink.policy import (
    AccessView,
    Grant,
    PolicyColumns,
    SubjectLabel,
    Viewer,
    Visibility,
    levels,
    visibility,
)
from tests.policy.oracle import expected_level

TODAY = date(2026, 11, 22)
T, E, F = Topic.TERRORISM, Topic.EXTREMISM, Topic.TERRORIST_FINANCING
FULL, HIT = SharingLevel.FULL, SharingLevel.HIT


def subject(owner: str = "UA-SBU", *topics: Topic, **marks: object) -> SubjectLabel:
    return SubjectLabel(owner, frozenset(topics or (T,)), **marks)  # type: ignore[arg-type]


def grant(*parties: str, **levels: SharingLevel) -> Grant:
    return Grant(
        "AG-" + "-".join(parties),
        frozenset(parties),
        {Topic(t): level for t, level in levels.items()},
        valid_from=date(2026, 1, 1),
    )


def viewer(agency: str = "KZ-KNB", clearance: Classification = Classification.SECRET) -> Viewer:
    return Viewer(agency, clearance)


def level(s: SubjectLabel, v: Viewer, *grants: Grant, on: date = TODAY) -> Visibility:
    """The policy's answer, checked to be the same from the array form."""
    found = visibility(s, v, grants, on)
    columns = PolicyColumns()
    columns.set(3, s)
    assert levels(AccessView(v, grants, on), columns)[3] == found.rank
    return found


def test_the_owner_sees_its_subjects_and_strangers_see_nothing() -> None:
    assert level(subject("UA-SBU"), viewer("UA-SBU")) is Visibility.FULL
    assert level(subject("UA-SBU"), viewer("KZ-KNB")) is Visibility.NONE


def test_a_partner_gets_the_level_of_a_shared_topic() -> None:
    both = grant("UA-SBU", "KZ-KNB", terrorism=FULL, extremism=HIT)
    assert level(subject("UA-SBU", T), viewer(), both) is Visibility.FULL
    assert level(subject("UA-SBU", E), viewer(), both) is Visibility.HIT
    # A topic the agreement does not cover gives nothing; the best of several topics counts.
    assert level(subject("UA-SBU", F), viewer(), both) is Visibility.NONE
    assert level(subject("UA-SBU", E, T), viewer(), both) is Visibility.FULL


def test_an_agreement_between_other_agencies_gives_nothing() -> None:
    others = grant("UA-SBU", "UZ-SGB", terrorism=FULL)
    assert level(subject("UA-SBU"), viewer("KZ-KNB"), others) is Visibility.NONE


def test_only_agreements_in_force_count() -> None:
    dated = Grant(
        "AG", frozenset({"UA-SBU", "KZ-KNB"}), {T: FULL}, date(2026, 1, 1), date(2026, 6, 30)
    )
    assert level(subject(), viewer(), dated, on=date(2026, 6, 30)) is Visibility.FULL
    assert level(subject(), viewer(), dated, on=date(2026, 7, 1)) is Visibility.NONE
    assert level(subject(), viewer(), dated, on=date(2025, 12, 31)) is Visibility.NONE
    suspended = Grant(
        "AG", frozenset({"UA-SBU", "KZ-KNB"}), {T: FULL}, date(2026, 1, 1), None, True
    )
    assert level(subject(), viewer(), suspended) is Visibility.NONE


def test_h2_is_full_only_under_a_bilateral_agreement() -> None:
    council = grant("UA-SBU", "KZ-KNB", "UZ-SGB", terrorism=FULL)
    pair = grant("UA-SBU", "KZ-KNB", terrorism=FULL)
    h2 = subject(handling_code=HandlingCode.H2)
    assert level(h2, viewer(), council) is Visibility.HIT
    assert level(h2, viewer(), council, pair) is Visibility.FULL
    assert level(subject(handling_code=HandlingCode.H1), viewer(), council) is Visibility.FULL


def test_h3_caps_partners_at_hit_but_not_the_owner() -> None:
    h3 = subject(handling_code=HandlingCode.H3)
    pair = grant("UA-SBU", "KZ-KNB", terrorism=FULL)
    assert level(h3, viewer(), pair) is Visibility.HIT
    assert level(h3, viewer("UA-SBU"), pair) is Visibility.FULL


def test_classification_above_clearance_leaves_a_hit() -> None:
    secret = subject(classification=Classification.SECRET)
    pair = grant("UA-SBU", "KZ-KNB", terrorism=FULL)
    assert level(secret, viewer(clearance=Classification.SECRET), pair) is Visibility.FULL
    assert level(secret, viewer(clearance=Classification.CONFIDENTIAL), pair) is Visibility.HIT
    assert level(secret, viewer("UA-SBU", Classification.RESTRICTED)) is Visibility.HIT
    # Clearance never raises a level: no agreement, nothing.
    assert level(secret, viewer(clearance=Classification.RESTRICTED)) is Visibility.NONE


def test_published_lists_are_public_and_deleted_subjects_are_the_owners_alone() -> None:
    listed = subject("UN-SC", published=True)
    assert level(listed, viewer()) is Visibility.FULL
    gone = subject("UA-SBU", deleted=True)
    pair = grant("UA-SBU", "KZ-KNB", terrorism=FULL)
    assert level(gone, viewer(), pair) is Visibility.NONE
    assert level(gone, viewer("UA-SBU")) is Visibility.FULL
    assert level(subject("UN-SC", published=True, deleted=True), viewer()) is Visibility.NONE


def test_partners_are_the_agencies_sharing_with_the_viewer_on_the_day() -> None:
    view = AccessView(
        viewer(),
        [grant("UA-SBU", "KZ-KNB", terrorism=FULL), grant("UZ-SGB", "TJ-GKNB", terrorism=FULL)],
        TODAY,
    )
    assert view.partners() == {"UA-SBU"}


AGENCIES = ["A1", "A2", "A3", "A4"]
dates = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def grants(draw: st.DrawFn) -> Grant:
    parties = draw(st.sets(st.sampled_from(AGENCIES), min_size=2, max_size=4))
    levels = draw(st.dictionaries(st.sampled_from([T, E, F]), st.sampled_from([FULL, HIT])))
    start = draw(dates)
    end = draw(st.none() | dates.filter(lambda d: d >= start))
    return Grant("AG", frozenset(parties), levels, start, end, draw(st.booleans()))


labels = st.builds(
    SubjectLabel,
    owner=st.sampled_from(AGENCIES),
    topics=st.frozensets(st.sampled_from([T, E, F]), max_size=2),
    handling_code=st.sampled_from(HandlingCode),
    classification=st.sampled_from(Classification),
    published=st.booleans(),
    deleted=st.booleans(),
)
viewers = st.builds(
    Viewer, agency=st.sampled_from(AGENCIES), clearance=st.sampled_from(Classification)
)


@settings(max_examples=400, deadline=None)
@given(st.lists(grants(), max_size=5), st.lists(labels, min_size=1, max_size=8), viewers, dates)
def test_the_policy_agrees_with_the_plain_restatement(
    some: list[Grant], subjects: list[SubjectLabel], who: Viewer, on: date
) -> None:
    view = AccessView(who, some, on)
    for s in subjects:
        assert view.level(s).value == expected_level(s, who, some, on)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(grants(), max_size=5),
    st.lists(st.none() | labels, min_size=1, max_size=12),
    viewers,
    dates,
)
def test_the_array_levels_equal_the_policy_row_by_row(
    some: list[Grant], rows: list[SubjectLabel | None], who: Viewer, on: date
) -> None:
    columns = PolicyColumns()
    columns.agency_id("A4")  # an agency known to the columns before any subject names it
    for row, label in enumerate(rows):
        if label is not None:
            columns.set(row * 200, label)  # sparse rows, past the first growth
    view = AccessView(who, some, on)
    ranks = levels(view, columns)
    for row, label in enumerate(rows):
        want = Visibility.NONE if label is None else view.level(label)
        # Rows past the columns' length were never set: none.
        assert (ranks[row * 200] if row * 200 < len(ranks) else 0) == want.rank
    assert not ranks[1::200].any()  # rows never set are none
