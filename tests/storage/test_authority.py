"""Every write names an active operator whose role allows it: DeskStore enforces it, not the UI."""

from __future__ import annotations

from datetime import date

import pytest
from storage_helpers import Desk

from desk_app.domain.permissions import Action, NotPermitted
from desk_app.domain.validation import ReferralDraft
from desk_app.storage.operators import LastAdministrator
from desk_app.storage.records import OperatorInfo
from tests.constants import DEPUTY_PIN, OTHER_PIN


@pytest.fixture
def deputy(desk: Desk) -> OperatorInfo:
    return desk.store.add_operator(by=desk.clerk.id, name="王代表", role="deputy", secret=DEPUTY_PIN)


def refused(desk: Desk, call, reason: str = "role") -> NotPermitted:  # type: ignore[no-untyped-def]
    before = desk.counts()
    with pytest.raises(NotPermitted) as info:
        call()
    assert info.value.reason == reason
    assert desk.counts() == before
    return info.value


def test_a_deputy_registers_and_calls_back(desk: Desk, deputy: OperatorInfo) -> None:
    rid = desk.store.register_reception(desk.draft(), by=deputy.id)
    desk.refer(rid)
    desk.reply(rid)
    desk.store.record_callback(rid, desk.callback_draft("satisfied"), by=deputy.id)
    assert desk.status(rid) == "satisfied"


def test_a_deputy_cannot_issue_a_slip(desk: Desk, deputy: OperatorInfo) -> None:
    rid = desk.register()
    draft = ReferralDraft(desk.unit.id, "王科长", desk.now.date(), 5, "赵代表")
    err = refused(desk, lambda: desk.store.refer(rid, draft, by=deputy.id))
    assert err.action is Action.CASE_WORK


def test_a_deputy_cannot_sign_off(desk: Desk, deputy: OperatorInfo) -> None:
    rid = desk.register()
    desk.refer(rid)
    desk.reply(rid)
    desk.callback(rid, "satisfied")
    refused(desk, lambda: desk.store.sign_off(rid, by=deputy.id))


def test_a_deputy_cannot_manage_operators_or_the_station(desk: Desk, deputy: OperatorInfo) -> None:
    refused(desk, lambda: desk.store.add_operator(by=deputy.id, name="新人", role="clerk", secret=OTHER_PIN))
    refused(
        desk, lambda: desk.store.set_operator_active(by=deputy.id, operator_id=desk.clerk.id, active=False)
    )
    st = desk.store.station()
    refused(
        desk,
        lambda: desk.store.update_station(
            by=deputy.id,
            name=st.name,
            short_name="改前缀",
            kind=st.kind,
            district=st.district,
            serial_pattern=st.serial_pattern,
        ),
    )


def test_a_clerk_cannot_manage_operators(desk: Desk) -> None:
    clerk = desk.store.add_operator(by=desk.clerk.id, name="张会计", role="clerk", secret=OTHER_PIN)
    refused(desk, lambda: desk.store.add_operator(by=clerk.id, name="新人", role="clerk", secret=DEPUTY_PIN))


@pytest.mark.parametrize("by", [None, "", "00000000-0000-0000-0000-000000000000"])
def test_a_write_without_a_real_operator_is_refused(desk: Desk, by: str | None) -> None:
    refused(desk, lambda: desk.store.register_reception(desk.draft(), by=by), reason="unknown")  # type: ignore[arg-type]


def test_a_deactivated_operator_cannot_write(desk: Desk, deputy: OperatorInfo) -> None:
    desk.store.set_operator_active(by=desk.clerk.id, operator_id=deputy.id, active=False)
    refused(desk, lambda: desk.store.register_reception(desk.draft(), by=deputy.id), reason="inactive")


def test_the_last_administrator_cannot_be_removed(desk: Desk) -> None:
    with pytest.raises(LastAdministrator):
        desk.store.set_operator_active(by=desk.clerk.id, operator_id=desk.clerk.id, active=False)
    with pytest.raises(LastAdministrator):
        desk.store.set_operator_role(by=desk.clerk.id, operator_id=desk.clerk.id, role="clerk")


def test_a_station_desk_cannot_give_the_centres_role(desk: Desk) -> None:
    from desk_app.storage.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        desk.store.add_operator(by=desk.clerk.id, name="中心人员", role="centre_staff", secret=OTHER_PIN)
    assert "centre_staff" not in desk.store.assignable_roles()


def test_the_first_operator_is_the_administrator(desk: Desk) -> None:
    assert desk.clerk.role == "admin"


def test_the_office_resets_a_deputys_pin_but_not_a_clerks(desk: Desk, deputy: OperatorInfo) -> None:
    clerk = desk.store.add_operator(by=desk.clerk.id, name="张会计", role="clerk", secret=OTHER_PIN)
    desk.store.reset_pin(by=clerk.id, operator_id=deputy.id, new="836142")
    assert desk.store.sign_in(deputy.id, "836142").id == deputy.id
    with pytest.raises(NotPermitted):
        desk.store.reset_pin(by=clerk.id, operator_id=desk.clerk.id, new="836142")


def test_ledger_import_needs_the_office(desk: Desk, deputy: OperatorInfo) -> None:
    refused(desk, lambda: desk.store.import_ledger([], by=deputy.id))


def test_audit_trail_is_for_the_office(desk: Desk, deputy: OperatorInfo) -> None:
    with pytest.raises(NotPermitted):
        desk.store.audit_trail(by=deputy.id)
    assert desk.store.audit_trail(by=desk.clerk.id) is not None


def test_deputy_checks_in_but_does_not_make_the_rota(desk: Desk, deputy: OperatorInfo) -> None:
    d = desk.store.save_deputy(by=desk.clerk.id, name="赵代表", level="county")
    desk.store.check_in(d.id, by=deputy.id)
    refused(desk, lambda: desk.store.make_rota(date(2026, 12, 1), date(2026, 12, 31), by=deputy.id))
