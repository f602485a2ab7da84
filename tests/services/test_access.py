from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update

from interlink.domain.agencies import AgencyKind, AgencySpec, AgreementSpec, TopicTerm
from interlink.domain.codes import Classification, HandlingCode, SharingLevel, Topic
from interlink.domain.subjects import Name, Provenance, SubjectRecord
from interlink.policy import Viewer, Visibility
from interlink.services.access import access_view, grant_of, label_of, levels
from interlink.store import Database
from interlink.store.tables import subjects
from tests.policy.oracle import expected_level

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def _record(uid: str, name: str, *topics: Topic, **marks: object) -> SubjectRecord:
    return SubjectRecord.model_validate(
        {"uid": uid, "kind": "person", "names": [Name(full=name)], "topics": topics, **marks}
    )


def _world(db: Database) -> None:
    with db.uow() as uow:
        ids = {}
        for code, kind, country in (
            ("UA-SBU", AgencyKind.SECURITY, "UA"),
            ("KZ-KNB", AgencyKind.SECURITY, "KZ"),
            ("UZ-SGB", AgencyKind.SECURITY, "UZ"),
            ("UN-SC", AgencyKind.LIST_AUTHORITY, None),
        ):
            ids[code] = uow.agencies.add(
                AgencySpec(code=code, name=code, kind=kind, country=country)
            ).id
        uow.agreements.add(
            AgreementSpec(
                code="UA-KZ",
                title="UA and KZ",
                parties=("UA-SBU", "KZ-KNB"),
                terms=(TopicTerm(topic=Topic.TERRORISM, level=SharingLevel.FULL),),
                valid_from=date(2026, 1, 1),
            )
        )
        records = [
            (_record("ua:1", "Тарас Шевчук", Topic.TERRORISM), "UA-SBU"),
            (_record("ua:2", "Ivan Koval", Topic.EXTREMISM), "UA-SBU"),
            (
                _record(
                    "ua:3",
                    "Олег Бондар",
                    Topic.TERRORISM,
                    handling_code=HandlingCode.H3,
                    handling_note="ask the desk first",
                ),
                "UA-SBU",
            ),
            (
                _record(
                    "ua:4", "Petro Melnyk", Topic.TERRORISM, classification=Classification.SECRET
                ),
                "UA-SBU",
            ),
            (_record("ua:5", "Andriy Lysenko", Topic.TERRORISM), "UA-SBU"),
            (_record("un:1", "Abu Example", Topic.TERRORISM), "UN-SC"),
            (_record("uz:1", "Aziz Karimov", Topic.TERRORISM), "UZ-SGB"),
        ]
        uow.subjects.write(
            [r for r, _ in records],
            [ids[o] for _, o in records],
            Provenance(source="test", added_by="test", added_at=NOW),
            now=NOW,
        )
        uow.connection.execute(
            update(subjects).where(subjects.c.uid == "ua:5").values(deleted_at=NOW)
        )


def test_levels_follow_the_policy_for_every_stored_subject(db: Database) -> None:
    _world(db)
    kz = Viewer("KZ-KNB", Classification.CONFIDENTIAL)
    with db.uow() as uow:
        seen = levels(uow, access_view(uow, kz, TODAY))
        everything = uow.subjects.marks(include_deleted=True)
        grants = [grant_of(a) for a in uow.agreements.all()]
        with_deleted = levels(
            uow,
            access_view(uow, Viewer("UA-SBU", Classification.SECRET), TODAY),
            include_deleted=True,
        )
    assert seen == {
        "ua:1": Visibility.FULL,
        "ua:3": Visibility.HIT,  # H3: ask the owner
        "ua:4": Visibility.HIT,  # secret, above a confidential clearance
        "un:1": Visibility.FULL,  # a published list
    }
    for uid, marks in everything.items():
        want = expected_level(label_of(marks), kz, grants, TODAY)
        assert seen.get(uid, Visibility.NONE).value == want, uid
    assert with_deleted["ua:5"] is Visibility.FULL  # the owner still sees what it deleted
    assert "uz:1" not in with_deleted


def test_levels_of_named_subjects_leave_out_the_invisible_and_the_unknown(db: Database) -> None:
    _world(db)
    with db.uow() as uow:
        view = access_view(uow, Viewer("KZ-KNB", Classification.SECRET), TODAY)
        assert levels(uow, view, ["ua:1", "ua:2", "uz:1", "nobody", "ua:5"]) == {
            "ua:1": Visibility.FULL
        }
        view_later = access_view(uow, Viewer("KZ-KNB", Classification.SECRET), date(2025, 12, 1))
        assert levels(uow, view_later, ["ua:1", "un:1"]) == {"un:1": Visibility.FULL}
