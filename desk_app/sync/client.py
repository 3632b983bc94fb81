"""The HTTP side of sync (docs/sync.md): one requests.Session, timeouts on every call, and every
failure turned into a `SyncError` with a stable `code` that the window and the command line
translate into plain Chinese. No Qt, no database here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import orjson
import requests

API = "/api/v1"
# (connect, read) seconds. A push of 1000 changes is applied in one server transaction: give it time.
TIMEOUT = (5.0, 60.0)
STATUS_TIMEOUT = (3.0, 10.0)


class SyncProblem(StrEnum):
    UNREACHABLE = "unreachable"  # no connection, timeout, connection dropped mid-answer
    TOKEN_REVOKED = "token_revoked"  # 401 token_revoked: stop syncing until enrolled again
    UNAUTHORIZED = "unauthorized"  # 401 otherwise: bad token
    REFUSED = "refused"  # 403: outside this desk's station or district
    ENROLL_REFUSED = "enroll_refused"  # the enrolment code is wrong, used or expired
    BAD_REQUEST = "bad_request"  # 400/404/409/422 on anything but enrolment
    SERVER_ERROR = "server_error"  # 5xx: retry with backoff
    BAD_ANSWER = "bad_answer"  # 2xx but not the JSON the contract promises
    NOT_ENROLLED = "not_enrolled"  # the desk has no server yet (engine-level)
    NO_SERIALS = "no_serials"  # no granted slip number left (engine-level)


# Plain Chinese, for the command line (the window translates its own English strings).
MESSAGES_ZH: dict[str, str] = {
    SyncProblem.UNREACHABLE: "连不上中心服务器（网络断开或服务器未开），数据已保存在本机，稍后会自动重试。",
    SyncProblem.TOKEN_REVOKED: "本台电脑的同步授权已被中心撤销，已停止同步。数据都在本机，请向中心索取新的注册码后重新注册。",
    SyncProblem.UNAUTHORIZED: "中心服务器不认可本台电脑的授权，请重新注册。",
    SyncProblem.REFUSED: "中心服务器拒绝：这些记录不属于本站点。",
    SyncProblem.ENROLL_REFUSED: "注册码无效、已使用或已过期，请向中心索取新的注册码。",
    SyncProblem.BAD_REQUEST: "中心服务器不接受这次请求。",
    SyncProblem.SERVER_ERROR: "中心服务器出错，稍后会自动重试。",
    SyncProblem.BAD_ANSWER: "中心服务器的回答无法识别，稍后会自动重试。",
    SyncProblem.NOT_ENROLLED: "本台电脑还没有注册到中心服务器（单机使用）。",
    SyncProblem.NO_SERIALS: "本机已没有中心分配的交办单编号，请先联网同步后再打印交办单。",
}

# Worth trying again later on their own (with backoff); the others need a person.
RETRYABLE = frozenset({SyncProblem.UNREACHABLE, SyncProblem.SERVER_ERROR, SyncProblem.BAD_ANSWER})


def describe_zh(code: str) -> str:
    return MESSAGES_ZH.get(code, "同步失败。")


class SyncError(Exception):
    def __init__(self, code: SyncProblem, detail: str = "", *, status: int | None = None,
                 server_code: str = "") -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail
        self.status = status
        self.server_code = server_code

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE

    def message_zh(self) -> str:
        return describe_zh(self.code)


@dataclass(frozen=True, slots=True)
class Enrolment:
    desk_id: str
    token: str
    station: dict[str, Any] | None
    district: dict[str, Any]


def normalize_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if url and "://" not in url:
        url = "http://" + url
    return url


class SyncClient:
    def __init__(self, server_url: str, token: str | None = None) -> None:
        self.base = normalize_url(server_url)
        self.token = token
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "station-desk"

    def close(self) -> None:
        self.session.close()

    # -- the calls of docs/sync.md -------------------------------------------------------------

    def enroll(self, code: str, desk_name: str) -> Enrolment:
        body = self._call("POST", "/enroll", json={"code": code.strip(), "desk_name": desk_name},
                          auth=False, enrolling=True)
        try:
            return Enrolment(str(body["desk_id"]), str(body["token"]), body.get("station"),
                             body.get("district") or {})
        except (KeyError, TypeError) as exc:
            raise SyncError(SyncProblem.BAD_ANSWER, f"enroll answer: {exc}") from exc

    def status(self) -> dict[str, Any]:
        return self._call("GET", "/status", timeout=STATUS_TIMEOUT)

    def push(self, changes: list[dict[str, Any]]) -> dict[str, Any]:
        return self._call("POST", "/push", json={"changes": changes})

    def pull(self, since: int, limit: int = 500, mine: list[str] | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"since": since, "limit": limit}
        if mine:
            params["mine"] = ",".join(mine)
        return self._call("GET", "/pull", params=params)

    def serial_block(self, year: int, size: int) -> dict[str, Any]:
        return self._call("POST", "/serials/blocks", json={"year": year, "size": size})

    # -- plumbing ----------------------------------------------------------------------------

    def _call(self, method: str, path: str, *, auth: bool = True, enrolling: bool = False,
              timeout: tuple[float, float] = TIMEOUT, **kwargs: Any) -> dict[str, Any]:
        if not self.base:
            raise SyncError(SyncProblem.NOT_ENROLLED, "no server address")
        headers = {}
        if auth:
            if not self.token:
                raise SyncError(SyncProblem.NOT_ENROLLED, "no token")
            headers["Authorization"] = f"Bearer {self.token}"
        if "json" in kwargs:
            # orjson: a push of 1,000 changes encodes in ~2 ms instead of ~10 (benchmarks).
            kwargs["data"] = orjson.dumps(kwargs.pop("json"))
            headers["Content-Type"] = "application/json"
        try:
            resp = self.session.request(method, self.base + API + path, headers=headers,
                                        timeout=timeout, **kwargs)
            content = resp.content  # read the whole body here: a cut mid-body is "unreachable"
        except requests.exceptions.InvalidURL as exc:
            raise SyncError(SyncProblem.UNREACHABLE, f"bad server address: {exc}") from exc
        except requests.exceptions.RequestException as exc:
            # ConnectionError, Timeout, ChunkedEncodingError (dropped mid-answer) and the rest.
            raise SyncError(SyncProblem.UNREACHABLE, f"{type(exc).__name__}: {exc}") from exc
        body: Any
        try:
            body = orjson.loads(content) if content else {}
        except orjson.JSONDecodeError:
            body = None
        if resp.status_code >= 400:
            raise _http_error(resp.status_code, body, enrolling)
        if not isinstance(body, dict):
            raise SyncError(SyncProblem.BAD_ANSWER, f"{method} {path}: not a JSON object",
                            status=resp.status_code)
        return body


def _http_error(status: int, body: Any, enrolling: bool) -> SyncError:
    detail = body.get("detail") if isinstance(body, dict) else None
    server_code, message = "", ""
    if isinstance(detail, dict):
        server_code, message = str(detail.get("code", "")), str(detail.get("message", ""))
    elif detail is not None:
        message = str(detail)
    if status >= 500:
        code = SyncProblem.SERVER_ERROR
    elif enrolling and status < 500:
        code = SyncProblem.ENROLL_REFUSED
    elif status == 401:
        code = SyncProblem.TOKEN_REVOKED if server_code == "token_revoked" else SyncProblem.UNAUTHORIZED
    elif status == 403:
        code = SyncProblem.REFUSED
    else:
        code = SyncProblem.BAD_REQUEST
    return SyncError(code, message or f"HTTP {status}", status=status, server_code=server_code)
