"""The HTTP side of sync (docs/sync.md): one requests.Session, timeouts on every call, and every
failure turned into a `SyncError` with a stable `code` that the window and the command line
translate into plain Chinese. No Qt, no database here.

Transport (docs/sync.md, TLS): HTTPS, with the server's certificate pinned by its SHA-256
fingerprint when the desk was enrolled with one (a district server's self-signed certificate),
else checked against the system's certificate authorities (a server behind a proxy with a public
certificate). Plain HTTP only to this computer itself, unless the desk was told otherwise.
"""

from __future__ import annotations

import ipaddress
import math
import re
import ssl
from dataclasses import dataclass
from email.utils import formatdate
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import orjson
import requests
from requests.adapters import HTTPAdapter

API = "/api/v1"
# (connect, read) seconds. A push of 1000 changes is applied in one server transaction: give it time.
TIMEOUT = (5.0, 60.0)
STATUS_TIMEOUT = (3.0, 10.0)
# A push body above this is sent as two pushes (the server refuses bodies over 16 MB: 413). The
# desk's batch is counted in changes, and 1,000 receptions at the longest content the desk allows
# would be far over it.
MAX_PUSH_BYTES = 8 * 1024 * 1024


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
    CLOCK_AHEAD = "clock_ahead"  # 400 clock_ahead: this computer's clock is ahead of the server's
    INSECURE = "insecure"  # plain http:// to another computer, refused before connecting
    CERT_MISMATCH = "cert_mismatch"  # the server's certificate is not the one pinned at enrolment
    CERT_UNTRUSTED = "cert_untrusted"  # no pin, and no certificate authority vouches for it
    BAD_FINGERPRINT = "bad_fingerprint"  # the fingerprint typed at enrolment is not one
    TOO_MANY_ATTEMPTS = "too_many_attempts"  # 429: too many failed enrolments from this address
    TOO_LARGE = "too_large"  # 413: more than the server takes in one request
    TOKEN_LOST = "token_lost"  # the token is gone from the system's credential store


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
    SyncProblem.CLOCK_AHEAD: "本机时钟比服务器快，请校准时间后再同步。",
    SyncProblem.INSECURE: "服务器地址是不加密的 http://，数据会以明文在网络上传输，已拒绝连接。"
    "请改用 https:// 地址；确需明文连接时，请管理员在注册时加上 --allow-insecure。",
    SyncProblem.CERT_MISMATCH: "服务器的证书与注册时核对的指纹不一致，可能有人冒充中心服务器，已停止连接。"
    "请联系中心管理员核实。",
    SyncProblem.CERT_UNTRUSTED: "无法验证服务器的证书。请向中心管理员索取证书指纹（SHA256:…），"
    "核对一致后注册时加上 --fingerprint。",
    SyncProblem.BAD_FINGERPRINT: "证书指纹格式不对，应为 SHA256: 开头的 64 位十六进制数（可带冒号）。",
    SyncProblem.TOO_MANY_ATTEMPTS: "注册尝试过于频繁，请稍后再试。",
    SyncProblem.TOO_LARGE: "一次发送的数据超过中心服务器的上限，请联系管理员。",
    SyncProblem.TOKEN_LOST: "系统凭据库中找不到本台电脑的同步授权，请向中心索取新的注册码后重新注册。",
}

# Worth trying again later on their own (with backoff); the others need a person.
RETRYABLE = frozenset({SyncProblem.UNREACHABLE, SyncProblem.SERVER_ERROR, SyncProblem.BAD_ANSWER})


def describe_zh(code: str, detail: str = "") -> str:
    """The clerk's message for a problem; `detail` is the SyncError's (a report's error_detail)."""
    if code == SyncProblem.CLOCK_AHEAD and detail.isdigit():
        return f"本机时钟比服务器快 {detail} 分钟，请校准时间后再同步。"
    if code == SyncProblem.CERT_UNTRUSTED and detail.startswith("SHA256:"):
        return (
            f"无法验证服务器的证书。该服务器证书的指纹是 {detail}，请与中心管理员提供的指纹逐位核对，"
            "一致后注册时加上 --fingerprint。"
        )
    if code == SyncProblem.TOO_MANY_ATTEMPTS and detail.isdigit():
        return f"注册尝试过于频繁，请 {detail} 秒后再试。"
    return MESSAGES_ZH.get(code, "同步失败。")


class SyncError(Exception):
    def __init__(
        self, code: SyncProblem, detail: str = "", *, status: int | None = None, server_code: str = ""
    ) -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail
        self.status = status
        self.server_code = server_code

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE

    def message_zh(self) -> str:
        return describe_zh(self.code, self.detail)


@dataclass(frozen=True, slots=True)
class Enrolment:
    desk_id: str
    token: str
    station: dict[str, Any] | None
    district: dict[str, Any]


def normalize_url(url: str) -> str:
    """The server's base URL; an address without a scheme is HTTPS."""
    url = url.strip().rstrip("/")
    if url and "://" not in url:
        url = "https://" + url
    return url


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_HEX64 = re.compile(r"[0-9a-f]{64}")


def normalize_fingerprint(text: str) -> str:
    """`SHA256:AB:CD:…` (as `desk-server make-cert` and openssl print it), hex with or without colons
    or spaces: the canonical `SHA256:AB:CD:…`. Raises SyncError(BAD_FINGERPRINT)."""
    value = text.strip()
    if value.upper().startswith("SHA256:"):
        value = value[7:]
    elif value.upper().startswith("SHA256 FINGERPRINT="):
        value = value[19:]
    hexed = re.sub(r"[\s:]", "", value).lower()
    if not _HEX64.fullmatch(hexed):
        raise SyncError(SyncProblem.BAD_FINGERPRINT, text)
    return "SHA256:" + ":".join(hexed[i : i + 2] for i in range(0, 64, 2)).upper()


def server_fingerprint(url: str, timeout: float = 5.0) -> str | None:
    """The SHA-256 fingerprint of the certificate a server presents, unverified: only ever shown to
    a person to compare with the one the centre gave them, never trusted by itself."""
    parts = urlsplit(url)
    try:
        pem = ssl.get_server_certificate((parts.hostname or "", parts.port or 443), timeout=timeout)
    except (OSError, ValueError):
        return None
    from hashlib import sha256

    digest = sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest().upper()
    return "SHA256:" + ":".join(digest[i : i + 2] for i in range(0, 64, 2))


class PinnedAdapter(HTTPAdapter):
    """HTTPS to one server whose certificate must have a given SHA-256 fingerprint.

    urllib3 checks the peer certificate against `assert_fingerprint` on every new connection (also
    through a proxy's tunnel). The pin replaces the certificate authorities: a district server's
    certificate is self-signed, so the CA check is off and the fingerprint is the whole check.
    """

    def __init__(self, fingerprint: str, **kwargs: Any) -> None:
        # urllib3 reads hex with colons; set before HTTPAdapter.__init__ builds the pool manager.
        self.fingerprint = normalize_fingerprint(fingerprint)[7:]
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        pool_kwargs["assert_fingerprint"] = self.fingerprint
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs["assert_fingerprint"] = self.fingerprint
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs["verify"] = False  # no CA signed it; the fingerprint is checked instead
        return super().send(request, **kwargs)


class SyncClient:
    def __init__(
        self,
        server_url: str,
        token: str | None = None,
        *,
        fingerprint: str | None = None,
        allow_insecure: bool = False,
    ) -> None:
        self.base = normalize_url(server_url)
        self.token = token
        self.fingerprint = normalize_fingerprint(fingerprint) if fingerprint else None
        self.allow_insecure = allow_insecure
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "station-desk"
        if self.fingerprint and self.base.lower().startswith("https://"):
            self.session.mount(self.base + "/", PinnedAdapter(self.fingerprint))

    def close(self) -> None:
        self.session.close()

    # -- the calls of docs/sync.md -------------------------------------------------------------

    def enroll(self, code: str, desk_name: str) -> Enrolment:
        body = self._call(
            "POST", "/enroll", json={"code": code.strip(), "desk_name": desk_name}, auth=False, enrolling=True
        )
        try:
            return Enrolment(
                str(body["desk_id"]), str(body["token"]), body.get("station"), body.get("district") or {}
            )
        except (KeyError, TypeError) as exc:
            raise SyncError(SyncProblem.BAD_ANSWER, f"enroll answer: {exc}") from exc

    def status(self) -> dict[str, Any]:
        return self._call("GET", "/status", timeout=STATUS_TIMEOUT)

    def push(self, changes: list[dict[str, Any]]) -> dict[str, Any]:
        """One push; a body over MAX_PUSH_BYTES goes as two (the answers joined, in order)."""
        body = orjson.dumps({"changes": changes})
        if len(body) <= MAX_PUSH_BYTES or len(changes) < 2:
            return self._call("POST", "/push", body=body)
        half = len(changes) // 2
        first, second = self.push(changes[:half]), self.push(changes[half:])
        return {
            key: list(first.get(key) or []) + list(second.get(key) or [])
            for key in ("accepted", "duplicates", "rejected", "rekeys", "conflicts")
        }

    def pull(self, since: int, limit: int = 500, mine: list[str] | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"since": since, "limit": limit}
        if mine:
            params["mine"] = ",".join(mine)
        return self._call("GET", "/pull", params=params)

    def serial_block(self, year: int, size: int) -> dict[str, Any]:
        return self._call("POST", "/serials/blocks", json={"year": year, "size": size})

    def rotate_token(self) -> str:
        """A new token; the current one keeps working until the new one is first used."""
        body = self._call("POST", "/token/rotate")
        token = body.get("token")
        if not isinstance(token, str) or not token:
            raise SyncError(SyncProblem.BAD_ANSWER, "token rotation answer without a token")
        return token

    # -- plumbing ----------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        enrolling: bool = False,
        timeout: tuple[float, float] = TIMEOUT,
        **kwargs: Any,
    ) -> dict[str, Any]:
        if not self.base:
            raise SyncError(SyncProblem.NOT_ENROLLED, "no server address")
        scheme = urlsplit(self.base).scheme.lower()
        if scheme == "http" and not self.allow_insecure and not is_loopback(self.base):
            # Refused before connecting: the token and citizens' data would cross the network in clear.
            raise SyncError(SyncProblem.INSECURE, self.base)
        # The desk's clock, as HTTP says a client may send it: the server refuses a push from a
        # clock ahead of its own (docs/sync.md, clocks).
        headers = {"Date": formatdate(usegmt=True)}
        if auth:
            if not self.token:
                raise SyncError(SyncProblem.NOT_ENROLLED, "no token")
            headers["Authorization"] = f"Bearer {self.token}"
        if "json" in kwargs:
            # orjson: a push of 1,000 changes encodes in ~2 ms instead of ~10 (benchmarks).
            kwargs["body"] = orjson.dumps(kwargs.pop("json"))
        if "body" in kwargs:
            kwargs["data"] = kwargs.pop("body")
            headers["Content-Type"] = "application/json"
        try:
            resp = self.session.request(
                method, self.base + API + path, headers=headers, timeout=timeout, **kwargs
            )
            content = resp.content  # read the whole body here: a cut mid-body is "unreachable"
        except requests.exceptions.InvalidURL as exc:
            raise SyncError(SyncProblem.UNREACHABLE, f"bad server address: {exc}") from exc
        except requests.exceptions.SSLError as exc:
            raise self._tls_error(exc) from exc
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
            raise SyncError(
                SyncProblem.BAD_ANSWER, f"{method} {path}: not a JSON object", status=resp.status_code
            )
        return body

    def _tls_error(self, exc: Exception) -> SyncError:
        if self.fingerprint and "fingerprints did not match" in str(exc).lower():
            return SyncError(SyncProblem.CERT_MISMATCH, str(exc))
        if not self.fingerprint and "certificate verify failed" in str(exc).lower():
            # Show the certificate's fingerprint, for a person to compare with the centre's.
            return SyncError(SyncProblem.CERT_UNTRUSTED, server_fingerprint(self.base) or str(exc))
        return SyncError(SyncProblem.UNREACHABLE, f"TLS: {exc}")


def _http_error(status: int, body: Any, enrolling: bool) -> SyncError:
    detail = body.get("detail") if isinstance(body, dict) else None
    server_code, message = "", ""
    if isinstance(detail, dict):
        server_code, message = str(detail.get("code", "")), str(detail.get("message", ""))
    elif detail is not None:
        message = str(detail)
    if status == 400 and server_code == "clock_ahead":
        ahead = detail.get("ahead_seconds") if isinstance(detail, dict) else None
        minutes = str(math.ceil(ahead / 60)) if isinstance(ahead, int | float) and ahead > 0 else ""
        return SyncError(SyncProblem.CLOCK_AHEAD, minutes, status=status, server_code=server_code)
    if status == 429:
        wait = detail.get("retry_after") if isinstance(detail, dict) else None
        return SyncError(
            SyncProblem.TOO_MANY_ATTEMPTS,
            str(wait) if isinstance(wait, int) else "",
            status=status,
            server_code=server_code,
        )
    if status == 413:
        return SyncError(SyncProblem.TOO_LARGE, message, status=status, server_code=server_code)
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
