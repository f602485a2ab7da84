from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interlink.store import Database
from interlink.store.repositories.judgements import Judgement

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_newest_judgement_of_a_pair_is_in_force_and_history_is_kept(db: Database) -> None:
    with db.uow() as uow:
        uow.judgements.record(
            "k1", "un:QDi.006", Judgement.FALSE_POSITIVE, decided_by="officer.a", at=T0
        )
        uow.judgements.record(
            "k2", "un:QDi.006", Judgement.FALSE_POSITIVE, decided_by="officer.a", at=T0
        )
        uow.judgements.record("k3", "un:QDi.006", Judgement.CONFIRMED, decided_by="b", at=T0)
    with db.uow() as uow:
        assert uow.judgements.false_positives() == {("k1", "un:QDi.006"), ("k2", "un:QDi.006")}
        uow.judgements.record(
            "k1",
            "un:QDi.006",
            Judgement.WITHDRAWN,
            decided_by="supervisor",
            at=T0 + timedelta(hours=1),
            note="same passport as the listed man",
        )
    with db.uow() as uow:
        assert uow.judgements.false_positives() == {("k2", "un:QDi.006")}
        history = uow.judgements.history("k1", "un:QDi.006")
    assert [(h.judgement, h.decided_by) for h in history] == [
        (Judgement.FALSE_POSITIVE, "officer.a"),
        (Judgement.WITHDRAWN, "supervisor"),
    ]
    assert history[1].decided_at == T0 + timedelta(hours=1)


def test_an_agency_s_judgements_suppress_its_own_runs_only(db: Database) -> None:
    fp = Judgement.FALSE_POSITIVE
    with db.uow() as uow:
        uow.judgements.record("k1", "ua:1", fp, decided_by="kz.border", at=T0, agency="KZ-KNB")
        uow.judgements.record("k2", "ua:1", fp, decided_by="uz.border", at=T0, agency="UZ-SGB")
        uow.judgements.record("k3", "ua:1", fp, decided_by="operator", at=T0)
        # A later withdrawal by another agency does not take back KZ's judgement.
        later = T0 + timedelta(hours=1)
        uow.judgements.record(
            "k1", "ua:1", Judgement.WITHDRAWN, decided_by="uz.border", at=later, agency="UZ-SGB"
        )
    with db.uow() as uow:
        assert uow.judgements.false_positives("KZ-KNB") == {("k1", "ua:1")}
        assert uow.judgements.false_positives("UZ-SGB") == {("k2", "ua:1")}
        assert uow.judgements.false_positives() == {("k3", "ua:1")}
