"""The permission table (docs/design.md): deputies receive and call back, the office decides."""

from __future__ import annotations

import pytest

from desk_app.domain.lifecycle import Move
from desk_app.domain.permissions import MOVE_ACTION, Action, may_reset_pin, permits
from desk_app.domain.vocab import OperatorRole

R = OperatorRole

# Written out by hand from the bulletin's practice (issue 9), not copied from the module.
DEPUTY_MAY = {Action.REGISTER, Action.CALLBACK, Action.CHASE, Action.CHECK_IN}
OFFICE_ONLY = {
    Action.CASE_WORK,
    Action.DIRECTORIES,
    Action.ROTA,
    Action.IMPORT_LEDGER,
    Action.CALENDAR,
    Action.RESET_DEPUTY_PIN,
    Action.FULL_NUMBERS,
    Action.AUDIT,
    Action.FORWARD_12345,  # 转12345: the office forwards a case to the 12345 platform (issue 12)
}
ADMIN_ONLY = {Action.OPERATORS, Action.STATION_SETTINGS, Action.ENROL}


def test_the_three_sets_name_every_action() -> None:
    assert set(Action) == DEPUTY_MAY | OFFICE_ONLY | ADMIN_ONLY


@pytest.mark.parametrize("action", sorted(Action))
def test_deputy(action: Action) -> None:
    assert permits(R.DEPUTY, action) is (action in DEPUTY_MAY)


@pytest.mark.parametrize("role", [R.CLERK, R.CENTRE_STAFF])
@pytest.mark.parametrize("action", sorted(Action))
def test_office(role: OperatorRole, action: Action) -> None:
    assert permits(role, action) is (action not in ADMIN_ONLY)


@pytest.mark.parametrize("action", sorted(Action))
def test_administrator_may_do_everything(action: Action) -> None:
    assert permits(R.ADMIN, action)


@pytest.mark.parametrize("role", [None, "", "root", "ADMIN"])
def test_unknown_roles_may_do_nothing(role: str | None) -> None:
    assert not any(permits(role, a) for a in Action)


@pytest.mark.parametrize(
    "move",
    [
        Move.REFER,
        Move.SIGN_OFF,
        Move.RETURN,
        Move.DECIDE_EXTENSION,
        Move.CLOSE_EXPLAINED,
        Move.REOPEN,
        Move.VOID,
        Move.MERGE,
        Move.CORRECT_VERDICT,
    ],
)
def test_a_deputy_cannot_make_the_offices_moves(move: Move) -> None:
    assert not permits(R.DEPUTY, MOVE_ACTION[move])


@pytest.mark.parametrize("move", [Move.CALLBACK, Move.CALLBACK_NOT_REACHED, Move.CHASE])
def test_a_deputy_calls_back_and_chases(move: Move) -> None:
    assert permits(R.DEPUTY, MOVE_ACTION[move])


def test_every_move_needs_an_action() -> None:
    assert set(MOVE_ACTION) == set(Move)


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        (R.ADMIN, R.CLERK, True),
        (R.ADMIN, R.ADMIN, True),
        (R.CLERK, R.DEPUTY, True),
        (R.CLERK, R.CLERK, False),
        (R.CLERK, R.ADMIN, False),
        (R.DEPUTY, R.DEPUTY, False),
        (R.CENTRE_STAFF, R.DEPUTY, True),
    ],
)
def test_who_may_reset_whose_pin(actor: OperatorRole, target: OperatorRole, allowed: bool) -> None:
    assert may_reset_pin(actor, target) is allowed
