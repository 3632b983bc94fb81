"""The public channel through sync (issue 12): a citizen's submission made on the server reaches
the station's desk at its next round, photos included; the desk's decision goes back, and the
citizen's tracking page follows the case. Real desks (SQLite files) and a real server."""

from __future__ import annotations

import re

import requests
from sync_helpers import pending

from desk_app.domain.public import SubmissionState
from desk_app.domain.validation import ReferralDraft
from desk_app.storage.public_store import PublicStore
from tests.server.public_helpers import code_of, exif_of, photo_with_gps, submit


def _slip(desk) -> ReferralDraft:  # type: ignore[no-untyped-def]
    return ReferralDraft(
        handling_unit_id=desk.unit.id,
        handler="王科长",
        referred_on=desk.store.today(),
        working_days=5,
        supervisor="李明",
    )


def _enrolled(make_desk, server, station):  # type: ignore[no-untyped-def]
    a = make_desk("a")
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert a.sync().ok
    return a


def _link(desk) -> str:  # type: ignore[no-untyped-def]
    token = PublicStore(desk.store).ensure_links([], by=desk.clerk.id)[None].token
    assert desk.sync().ok
    return token


def test_a_submission_reaches_the_desk_in_one_round(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = _enrolled(make_desk, server, station)
    code = code_of(submit(server.url, _link(desk), matter="楼道灯不亮已经两个月", photos=[photo_with_gps()]))
    assert desk.sync().ok
    [row] = PublicStore(desk.store).submissions()
    assert (row.code, row.matter, row.photo_count) == (code, "楼道灯不亮已经两个月", 1)


def test_the_pulled_photo_carries_no_exif(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = _enrolled(make_desk, server, station)
    code_of(submit(server.url, _link(desk), photos=[photo_with_gps()]))
    desk.sync()
    queue = PublicStore(desk.store)
    [photo] = queue.photos(queue.submissions()[0].id)
    assert photo[:2] == b"\xff\xd8" and exif_of(photo) == {}


def test_what_arrived_while_the_desk_was_offline_comes_at_the_next_round(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = _enrolled(make_desk, server, station)
    token = _link(desk)
    server.stop()
    server.start()
    codes = {code_of(submit(server.url, token)) for _ in range(3)}
    assert PublicStore(desk.store).submissions() == []
    assert desk.sync().ok
    assert {r.code for r in PublicStore(desk.store).submissions()} == codes


def test_accepting_makes_a_qr_scan_case_and_the_tracking_page_follows_it(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = _enrolled(make_desk, server, station)
    code = code_of(
        submit(server.url, _link(desk), matter="小区垃圾站满了没人清运", photos=[photo_with_gps()])
    )
    desk.sync()
    queue = PublicStore(desk.store)
    case_id = queue.accept(queue.submissions()[0].id, by=desk.clerk.id)
    detail = desk.store.case_detail(case_id)
    assert (detail.channel, detail.content) == ("qr_scan", "小区垃圾站满了没人清运")
    assert len(queue.case_photos(case_id)) == 1
    desk.store.refer(case_id, _slip(desk), by=desk.clerk.id)
    assert desk.sync().ok and pending(desk.store) == 0
    page = requests.get(f"{server.url}/t/{code}", timeout=30).text
    assert "已交五星街道办事处办理" in page and "王科长" not in page


def test_a_rejection_reaches_the_citizen(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = _enrolled(make_desk, server, station)
    code = code_of(submit(server.url, _link(desk)))
    desk.sync()
    queue = PublicStore(desk.store)
    queue.reject(queue.submissions()[0].id, "已由12345热线受理，请关注热线回复", by=desk.clerk.id)
    assert queue.submissions() == [] and queue.submissions(SubmissionState.REJECTED.value)
    desk.sync()
    page = requests.get(f"{server.url}/t/{code}", timeout=30).text
    assert "已由12345热线受理，请关注热线回复" in page


def test_the_citizens_online_rating_reaches_the_desk_beside_the_case(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = _enrolled(make_desk, server, station)
    code = code_of(submit(server.url, _link(desk)))
    desk.sync()
    queue = PublicStore(desk.store)
    case_id = queue.accept(queue.submissions()[0].id, by=desk.clerk.id)
    desk.store.refer(case_id, _slip(desk), by=desk.clerk.id)
    desk.store.record_reply(case_id, replied_on=desk.store.today(), reply_text="已清运", by=desk.clerk.id)
    desk.sync()
    http = requests.Session()
    page = http.get(f"{server.url}/t/{code}", timeout=30).text
    form = re.search(r'name="form_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    rated = http.post(
        f"{server.url}/t/{code}/rate",
        data={"verdict": "satisfied", "words": "很快", "form_token": form},
        allow_redirects=False,
        timeout=30,
    )
    assert rated.status_code == 303
    desk.sync()
    row = queue.submission_of_case(case_id)
    assert row is not None and (row.online_verdict, row.online_words) == ("satisfied", "很快")
    assert desk.store.case_detail(case_id).status == "replied"


def _restore_after(desk, work) -> None:  # type: ignore[no-untyped-def]
    """Take a backup of the desk's database, run `work`, then put the backup back (as
    `desk-app restore` does) and reopen the desk."""
    import shutil

    from desk_app.storage.db import database_path

    def copy(src, dst) -> None:  # type: ignore[no-untyped-def]
        for suffix in ("", "-wal", "-shm"):
            s, d = type(src)(str(src) + suffix), type(dst)(str(dst) + suffix)
            if s.exists():
                shutil.copyfile(s, d)
            elif d.exists():
                d.unlink()

    desk.engine.close()
    desk.store.close()
    backup = desk.data_dir.parent / "backup.sqlite3"
    copy(database_path(desk.data_dir), backup)
    desk.reopen()
    work()
    desk.engine.close()
    desk.store.close()
    copy(backup, database_path(desk.data_dir))
    desk.reopen()


def test_a_restored_desk_gets_back_a_submission_that_arrived_after_its_backup(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    desk = _enrolled(make_desk, server, station)
    token = _link(desk)
    codes: list[str] = []

    def arrives() -> None:
        codes.append(code_of(submit(server.url, token)))
        assert desk.sync().ok and len(PublicStore(desk.store).submissions()) == 1

    _restore_after(desk, arrives)
    assert PublicStore(desk.store).submissions() == []
    assert desk.sync().ok
    assert [s.code for s in PublicStore(desk.store).submissions()] == codes


def test_a_restored_desk_gets_back_a_submission_it_accepted_after_its_backup(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    desk = _enrolled(make_desk, server, station)
    token = _link(desk)
    made: dict[str, str] = {}

    def accepted() -> None:
        made["code"] = code_of(submit(server.url, token))
        assert desk.sync().ok
        [row] = PublicStore(desk.store).submissions()
        made["case"] = PublicStore(desk.store).accept(row.id, by=desk.clerk.id)
        assert desk.sync().ok and pending(desk.store) == 0

    _restore_after(desk, accepted)
    assert desk.sync().ok
    [back] = PublicStore(desk.store).submissions(state=None)
    assert (back.code, back.state, back.case_id) == (
        made["code"],
        SubmissionState.ACCEPTED.value,
        made["case"],
    )
    assert desk.store.case_detail(made["case"]).channel == "qr_scan"
