"""Random days at a desk, pushed to a real server, with forged changes mixed in (issue 9).

A hypothesis state machine drives random sequences of the office's moves through a real desk
(DeskStore on its own SQLite file) and syncs it with a real server, while an attacker holding
the desk's token pushes forged status changes between them. Whatever happens, the server never
stores a state the desk could not reach: after every sync, each case as the server keeps it (as
a second desk pulls it) is the desk's own, status and round, and every forged change was
refused.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from sqlalchemy import select

from desk_app.domain.lifecycle import CaseStatus, IllegalMove
from desk_app.domain.permissions import NotPermitted
from desk_app.storage.case_moves import AttemptDraft, ChaseDraft, ExtensionDraft
from desk_app.storage.errors import DeskError
from desk_app.storage.models import Reception
from desk_app.storage.store import DeskStore
from desk_app.sync.client import SyncClient
from desk_app.sync.engine import SyncEngine
from tests.conftest import FakeClock
from tests.constants import CLERK_PIN
from tests.server_process import ServerProcess

STATUSES = [s.value for s in CaseStatus]
REASON = "理由"


@pytest.fixture(scope="module")
def machine_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    srv = ServerProcess(tmp_path_factory.mktemp("machine-server"), migrated=True)
    srv.start()
    yield srv
    srv.close()


class DeskDays(RuleBasedStateMachine):
    server: ServerProcess
    root: Path
    # tests/conftest.py new_desk_dir: each example's desk starts as a copy of the migrated template
    # (tests/storage/test_migrations.py covers the migrations themselves).
    new_desk_dir: Callable[[Path], Path]

    cases = Bundle("cases")

    def __init__(self) -> None:
        super().__init__()
        folder = self.root / uuid.uuid4().hex
        self.clock = FakeClock()
        self.store = DeskStore.open(type(self).new_desk_dir(folder / "desk"), clock=self.clock)
        self.admin = self.store.set_up(
            station_name="站",
            short_name="测试站",
            kind="supervision_post",
            district="区",
            operator_name="李明",
            secret=CLERK_PIN,
        )
        self.by = self.admin.id
        self.unit = self.store.save_handling_unit(by=self.by, name="住建局").id
        district = self.server.admin.create_district()
        self.station = self.server.admin.create_station(district)
        self.engine = SyncEngine(self.store, desk_name="machine")
        self.engine.enroll(self.server.url, self.server.admin.enroll_code(station_id=self.station))
        reader_code = self.server.admin.enroll_code(station_id=self.station)
        self.reader = SyncClient(self.server.url, None)
        self.reader_token = self.reader.enroll(reader_code, "reader").token
        self.reader.close()
        self.reader = SyncClient(self.server.url, self.reader_token)
        self.forged: list[str] = []
        self.sync()

    def teardown(self) -> None:
        self.engine.close()
        self.reader.close()
        self.store.close()

    # -- helpers ----------------------------------------------------------------------------------

    def tick(self, minutes: int = 30) -> None:
        self.clock.now += timedelta(minutes=minutes)

    def attempt(self, move: Any) -> None:
        """A move the desk may refuse (the lifecycle, a form check, a role): refused changes nothing."""
        with contextlib.suppress(IllegalMove, NotPermitted, DeskError):
            move()
        self.tick()

    def sync(self) -> None:
        report = self.engine.sync_once()
        assert report.ok, report
        rejected = [c for c in self.engine.conflicts() if c.kind == "rejected"]
        assert rejected == [], [(c.entity, c.code, c.message) for c in rejected]

    def server_view(self) -> dict[str, tuple[str, int]]:
        """Each case's status and round as the server keeps them (pulled by a second desk)."""
        view: dict[str, tuple[str, int]] = {}
        since = 0
        while True:
            page = self.reader.pull(since, 500, [])
            for c in page["changes"]:
                if c["entity"] == "reception":
                    status, round_no = view.get(c["entity_id"], ("", 0))
                    view[c["entity_id"]] = (
                        c["fields"].get("status", status),
                        c["fields"].get("round_no", round_no),
                    )
            since = page["next"]
            if not page["more"]:
                return view

    def desk_view(self) -> dict[str, tuple[str, int]]:
        with self.store.db.reading() as s:
            return {r.id: (r.status, r.round_no) for r in s.scalars(select(Reception))}

    # -- the desk's moves -----------------------------------------------------------------------------

    @rule(target=cases, outcome=st.sampled_from(["needs_referral", "needs_referral", "resolved_on_site"]))
    def register(self, outcome: str) -> str:
        from desk_app.domain.validation import ReceptionDraft

        draft = ReceptionDraft(
            received_at=self.clock.now - timedelta(minutes=5),
            channel="walk_in",
            content="小区电梯停运",
            outcome=outcome,
            on_site_answer="当场解答",
        )
        rid = self.store.register_reception(draft, by=self.by)
        self.tick()
        return rid

    @rule(case=cases, days=st.integers(1, 20))
    def refer(self, case: str, days: int) -> None:
        from desk_app.domain.validation import ReferralDraft

        self.attempt(
            lambda: self.store.refer(
                case, ReferralDraft(self.unit, "王科长", self.clock.now.date(), days, "李明"), by=self.by
            )
        )

    @rule(case=cases)
    def reply(self, case: str) -> None:
        self.attempt(
            lambda: self.store.record_reply(
                case, replied_on=self.clock.now.date(), reply_text="已办", by=self.by
            )
        )

    @rule(
        case=cases,
        verdict=st.sampled_from(["satisfied", "basically_satisfied", "dissatisfied"]),
        cause=st.sampled_from(["unit_fault", "beyond_policy"]),
    )
    def callback(self, case: str, verdict: str, cause: str) -> None:
        from desk_app.storage.cases import CallbackDraft

        dissatisfied = verdict == "dissatisfied"
        draft = CallbackDraft(
            self.clock.now,
            "李明",
            "phone",
            verdict,
            citizen_words="还是没有解决" if dissatisfied else "",
            cause=cause if dissatisfied else "",
        )
        self.attempt(lambda: self.store.record_callback(case, draft, by=self.by))

    @rule(case=cases)
    def sign_off(self, case: str) -> None:
        self.attempt(lambda: self.store.sign_off(case, by=self.by, note="满意"))

    @rule(case=cases)
    def return_slip(self, case: str) -> None:
        self.attempt(
            lambda: self.store.return_slip(case, returned_on=self.clock.now.date(), reason=REASON, by=self.by)
        )

    @rule(case=cases)
    def chase(self, case: str) -> None:
        self.attempt(
            lambda: self.store.record_chase(
                case, ChaseDraft(self.clock.now, "phone", "王科长", "请尽快"), by=self.by
            )
        )

    @rule(case=cases, approve=st.booleans())
    def extension(self, case: str, approve: bool) -> None:
        def move() -> None:
            ext = self.store.request_extension(
                case, ExtensionDraft(self.clock.now.date(), REASON, 3), by=self.by
            )
            self.store.decide_extension(ext, approve=approve, note="意见", by=self.by)

        self.attempt(move)

    @rule(case=cases)
    def not_reached(self, case: str) -> None:
        self.attempt(
            lambda: self.store.record_callback_attempt(
                case, AttemptDraft(self.clock.now, "李明", "phone", "无人接听"), by=self.by
            )
        )

    @rule(case=cases, move=st.sampled_from(["close_explained", "reopen", "withdraw", "void"]))
    def office_move(self, case: str, move: str) -> None:
        self.attempt(lambda: getattr(self.store, move)(case, reason=REASON, by=self.by))

    @rule(case=cases, into=cases)
    def merge(self, case: str, into: str) -> None:
        self.attempt(lambda: self.store.merge(case, into_id=into, reason=REASON, by=self.by))

    @rule(case=cases, verdict=st.sampled_from(["satisfied", "dissatisfied"]))
    def correct_verdict(self, case: str, verdict: str) -> None:
        self.attempt(
            lambda: self.store.correct_verdict(
                case, verdict=verdict, cause="beyond_policy", reason=REASON, by=self.by
            )
        )

    # -- the attacker, and the sync ---------------------------------------------------------------------

    @rule(case=cases, status=st.sampled_from(STATUSES), round_no=st.integers(0, 4))
    def forge(self, case: str, status: str, round_no: int) -> None:
        """A status change the desk did not make, pushed with the desk's token and operator."""
        self.sync()
        current = self.desk_view()[case]
        if (status, round_no) == current:
            return
        client = SyncClient(self.server.url, self.store.setting("sync.token"))  # type: ignore[arg-type]
        change = {
            "id": str(uuid.uuid4()),
            "entity": "reception",
            "entity_id": case,
            "op": "update",
            "fields": {"status": [current[0], status], "round_no": [current[1], round_no]},
            "operator_id": self.by,
            "at": "2026-11-20T09:00:00",
        }
        try:
            answer = client.push([change])
        finally:
            client.close()
        assert [r["id"] for r in answer["rejected"]] == [change["id"]], answer
        self.forged.append(change["id"])

    @rule()
    def push_and_pull(self) -> None:
        self.sync()

    @invariant()
    def the_server_keeps_exactly_the_desks_cases(self) -> None:
        if self.engine.pending_count():
            return  # checked after the next sync
        assert self.server_view() == self.desk_view()


@pytest.mark.slow
def test_random_days_and_forgeries_never_leave_the_server_with_a_state_the_desk_could_not_reach(
    machine_server: ServerProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    new_desk_dir: Callable[[Path], Path],
) -> None:
    DeskDays.server = machine_server
    DeskDays.root = tmp_path
    DeskDays.new_desk_dir = new_desk_dir
    DeskDays.TestCase.settings = settings(
        max_examples=12, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    DeskDays.TestCase().runTest()
