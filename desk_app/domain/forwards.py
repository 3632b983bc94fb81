"""转12345: forwarding a case to a 12345 platform (issue 12, docs/open311.md).

A desk of the office records a forward (`case_forward`, state pending); the central server, which
has the network, posts the case to the partner's Open311 endpoint, keeps the work-order number
(the partner's service_request_id), polls the request's status and writes what comes back into
the same row (sent, then closed with the partner's notes); the desk pulls it and shows it in the
case's timeline. Pure rules here: the states, what is sent, and the delay before a retry.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ForwardState(StrEnum):
    PENDING = "pending"  # 待转交: recorded at the desk, not yet accepted by the platform
    SENT = "sent"  # 已转交: the platform gave a work-order number; its status is polled
    CLOSED = "closed"  # 12345已办结: the platform closed the request (its notes kept)
    FAILED = "failed"  # 转交失败: the platform refused it (e.g. an unknown service); not retried


FORWARD_ZH: dict[ForwardState, str] = {
    ForwardState.PENDING: "待转交",
    ForwardState.SENT: "已转交",
    ForwardState.CLOSED: "12345已办结",
    ForwardState.FAILED: "转交失败",
}
# Fields only the server writes (a desk inserts a forward as pending and never changes it).
SERVER_FIELDS = frozenset({"work_order", "status_notes", "sent_at", "closed_at", "error"})
MAX_DESCRIPTION = 4_000  # Open311's limit of a request's description


@dataclass(frozen=True, slots=True)
class PartnerConfig:
    """How one 12345 platform is reached: its Open311 endpoint, the key it gave this server, the
    jurisdiction to post to, the service_code of each category (by name) and the fallback, and
    whether the citizen's phone may be sent."""

    name: str
    base_url: str
    api_key: str
    jurisdiction_id: str = ""
    service_codes: Mapping[str, str] | None = None
    default_service_code: str = ""
    send_phone: bool = False


def service_code_for(config: PartnerConfig, category: str) -> str:
    return (config.service_codes or {}).get(category, "") or config.default_service_code


def request_fields(config: PartnerConfig, case: Mapping[str, Any], category: str) -> dict[str, str]:
    """The form of the Open311 POST for a case (its reception's values): the matter and the place;
    the citizen's phone and name only when the partner's config allows it."""
    fields = {
        "api_key": config.api_key,
        "service_code": service_code_for(config, category),
        "description": str(case.get("content") or "")[:MAX_DESCRIPTION],
        "address_string": str(case.get("citizen_address") or ""),
    }
    if config.jurisdiction_id:
        fields["jurisdiction_id"] = config.jurisdiction_id
    if config.send_phone:
        fields["phone"] = str(case.get("citizen_phone") or "")
        name = str(case.get("citizen_name") or "")
        if name:
            fields["last_name"] = name
    return fields


def retry_delay(attempts: int, first: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds before try `attempts + 1` of a platform that is down: exponential from `first`
    (doubling per failed try, at most `cap`), with jitter (between half and all of it), so many
    forwards waiting on one platform do not all knock at once when it comes back."""
    base = min(cap, first * (2 ** max(0, attempts - 1)))
    return base * (0.5 + 0.5 * (rng or random).random())
