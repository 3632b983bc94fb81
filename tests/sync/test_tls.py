"""HTTPS with a pinned certificate, against a real `desk-server serve --cert --key` on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from desk_app.sync.client import SyncClient, SyncError, SyncProblem, normalize_url
from desk_server.tls import MadeCert, make_self_signed
from tests.server_process import ServerProcess


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> MadeCert:
    return make_self_signed("localhost", ["127.0.0.1"], tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory, cert: MadeCert) -> Iterator[ServerProcess]:
    """One HTTPS server for the module (a start is a second or more); each test enrols with a
    code of its own. Stopped by SIGKILL: a graceful stop of a TLS server waits for the desks'
    idle connections to finish their TLS close, which a test's closed desk never sends."""
    srv = ServerProcess(tmp_path_factory.mktemp("server"), tls=(cert.cert, cert.key), migrated=True)
    srv.start()
    yield srv
    srv.kill()
    srv.close()


@pytest.fixture
def code(https_server: ServerProcess) -> str:
    district = https_server.admin.create_district()
    return https_server.admin.enroll_code(station_id=https_server.admin.create_station(district))


def _other_fingerprint(fingerprint: str) -> str:
    return fingerprint[:-2] + ("00" if not fingerprint.endswith("00") else "11")


def test_enrolment_with_the_right_fingerprint_syncs(make_desk, https_server, cert, code) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    desk.engine.enroll(https_server.url, code, fingerprint=cert.fingerprint)
    assert desk.sync().ok
    assert desk.store.setting("sync.fingerprint") == cert.fingerprint


def test_enrolment_with_a_wrong_fingerprint_is_refused_before_the_code_is_sent(
    make_desk, https_server, cert, code
) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    with pytest.raises(SyncError) as err:
        desk.engine.enroll(https_server.url, code, fingerprint=_other_fingerprint(cert.fingerprint))
    assert err.value.code is SyncProblem.CERT_MISMATCH
    desk.engine.enroll(https_server.url, code, fingerprint=cert.fingerprint)  # the code is still unused


def test_self_signed_server_without_a_fingerprint_is_untrusted_and_its_fingerprint_shown(
    make_desk, https_server, cert, code
) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    with pytest.raises(SyncError) as err:
        desk.engine.enroll(https_server.url, code)
    assert err.value.code is SyncProblem.CERT_UNTRUSTED
    assert cert.fingerprint in err.value.message_zh()


def test_another_certificate_after_enrolment_stops_the_sync(make_desk, cert, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A server of its own: it is restarted with another certificate.
    own = ServerProcess(tmp_path / "server", tls=(cert.cert, cert.key), migrated=True)
    own.start()
    try:
        desk = make_desk("a")
        station = own.admin.create_station(own.admin.create_district())
        desk.engine.enroll(own.url, own.admin.enroll_code(station_id=station), fingerprint=cert.fingerprint)
        impostor = make_self_signed("localhost", ["127.0.0.1"], tmp_path / "impostor")
        own.kill()  # a graceful stop would wait for the desk's idle TLS connection (see https_server)
        own.tls = (impostor.cert, impostor.key)  # same address, another certificate
        own.verify = str(impostor.cert)
        own.start()
        assert desk.sync().errors == ["cert_mismatch"]
    finally:
        own.kill()
        own.close()


def test_fingerprint_is_read_with_or_without_colons(https_server, cert) -> None:  # type: ignore[no-untyped-def]
    bare = cert.fingerprint.removeprefix("SHA256:").replace(":", "").lower()
    client = SyncClient(https_server.url, "t", fingerprint=bare)
    assert client.fingerprint == cert.fingerprint
    client.close()


def test_plain_http_to_another_computer_is_refused_before_connecting() -> None:
    # 192.0.2.0/24 is TEST-NET-1: nothing answers there, so a connection attempt would hang.
    client = SyncClient("http://192.0.2.10:8765")
    started = time.monotonic()
    with pytest.raises(SyncError) as err:
        client.enroll("K7QF-3MZP-8XRT-WD4N", "desk")
    client.close()
    assert err.value.code is SyncProblem.INSECURE
    assert time.monotonic() - started < 0.5


def test_plain_http_to_this_computer_is_allowed(server, station) -> None:  # type: ignore[no-untyped-def]
    client = SyncClient(server.url)  # http://127.0.0.1:…
    answer = client.enroll(server.admin.enroll_code(station_id=station.station_id), "desk")
    client.close()
    assert answer.desk_id


def test_address_without_a_scheme_is_https() -> None:
    assert normalize_url("10.0.0.5:8765/") == "https://10.0.0.5:8765"
