"""The citizen's pages in a real browser (issue 12): Debian's chromium driven by Selenium through
chromium-driver, at a phone's size. Open the page from the QR code's URL, write the matter, pick a
category, attach a photo, send; read the tracking page; after the unit's reply, rate online.

Screenshots of every step are kept in test-artifacts/public-channel/ (not committed). Skipped only
where chromium or chromium-driver is absent (scripts/bootstrap.sh test installs both)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.conftest import DeskClient, reception, refer, reply, unit, update
from tests.server.public_helpers import photo_with_gps, push_categories, push_link
from tests.server_process import ServerProcess

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "public-channel"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None, reason="chromium and chromium-driver are not installed"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, DeskClient, str, str]]:
    server = ServerProcess(tmp_path_factory.mktemp("server"), migrated=True).start()
    district = server.admin.create_district()
    station = server.admin.create_station(
        district, name="浉河区五星街道人大代表监督岗", short_name="浉河监督岗"
    )
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station), "desk"))
    push_categories(desk, "城建", "物业", "环境")
    yield server, desk, station, push_link(desk, station)
    server.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN"):
        options.add_argument(arg)
    options.add_argument("--window-size=412,915")  # a phone's screen
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    driver.set_page_load_timeout(30)
    # An element looked up right after a click that sends a form waits for the answer's page: on a
    # loaded machine the page with the code came after the lookup (no such element "code").
    driver.implicitly_wait(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _shot(driver: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))  # type: ignore[attr-defined]


def test_a_citizen_sends_with_a_photo_reads_the_progress_and_rates(
    site: tuple[ServerProcess, DeskClient, str, str], browser: object, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    server, desk, station, token = site
    d = browser
    photo = tmp_path / "门口.jpg"
    photo.write_bytes(photo_with_gps((1600, 1200)))

    d.get(f"{server.url}/p/{token}")  # type: ignore[attr-defined]
    _shot(d, "1-form")
    assert "浉河区五星街道人大代表监督岗" in d.page_source  # type: ignore[attr-defined]
    d.find_element(By.ID, "matter").send_keys("小区门口的路灯坏了一个多月，晚上老人出门不安全。")  # type: ignore[attr-defined]
    Select(d.find_element(By.ID, "category")).select_by_visible_text("城建")  # type: ignore[attr-defined]
    d.find_element(By.ID, "place").send_keys("五星街道建设路12号院门口")  # type: ignore[attr-defined]
    d.find_element(By.ID, "phone").send_keys("13812341234")  # type: ignore[attr-defined]
    d.find_element(By.ID, "name").send_keys("张女士")  # type: ignore[attr-defined]
    d.find_element(By.NAME, "photo1").send_keys(str(photo))  # type: ignore[attr-defined]
    _shot(d, "2-filled")
    d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # type: ignore[attr-defined]

    code = d.find_element(By.ID, "code").text  # type: ignore[attr-defined]
    _shot(d, "3-sent")
    assert len(code) == 10 and "138****1234" in d.page_source  # type: ignore[attr-defined]
    assert "13812341234" not in d.page_source  # type: ignore[attr-defined]

    # The desk pulls it (with its photo), takes it into a case, refers it; the unit replies.
    pulled = [c for c in desk.pull_all()[0] if c["entity"] in ("public_submission", "public_photo")]
    sub = next(c for c in pulled if c["entity"] == "public_submission")
    assert [c["entity"] for c in pulled].count("public_photo") == 1
    case = reception(station, content=sub["fields"]["matter"], channel="qr_scan")
    desk.push(
        [
            case,
            update(
                "public_submission",
                sub["entity_id"],
                state=("pending", "accepted"),
                case_id=case["entity_id"],
            ),
        ]
    )
    u = unit("五星街道办事处")
    desk.push([u])
    moves = refer(case["entity_id"], station, u["entity_id"])
    desk.push(moves)
    desk.push(reply(case["entity_id"], moves[0]["entity_id"]))

    d.get(f"{server.url}/t/{code}")  # type: ignore[attr-defined]
    _shot(d, "4-replied")
    assert "已交五星街道办事处办理" in d.page_source and "单位已答复" in d.page_source  # type: ignore[attr-defined]
    d.find_element(By.CSS_SELECTOR, "input[name=verdict][value=basically_satisfied]").click()  # type: ignore[attr-defined]
    d.find_element(By.ID, "words").send_keys("修好了，谢谢")  # type: ignore[attr-defined]
    d.find_element(By.CSS_SELECTOR, "form[action$='/rate'] button").click()  # type: ignore[attr-defined]
    _shot(d, "5-rated")
    assert d.find_element(By.ID, "rated").text == "基本满意"  # type: ignore[attr-defined]


def test_a_missing_phone_is_said_in_chinese_and_the_matter_is_kept(
    site: tuple[ServerProcess, DeskClient, str, str], browser: object
) -> None:
    from selenium.webdriver.common.by import By

    server, _desk, _station, token = site
    d = browser
    d.get(f"{server.url}/p/{token}")  # type: ignore[attr-defined]
    d.find_element(By.ID, "matter").send_keys("垃圾桶满了三天没人清")  # type: ignore[attr-defined]
    d.find_element(By.ID, "place").send_keys("解放路口")  # type: ignore[attr-defined]
    d.find_element(By.ID, "phone").send_keys("123")  # type: ignore[attr-defined]
    d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # type: ignore[attr-defined]
    _shot(d, "6-bad-phone")
    assert "电话号码不对" in d.page_source  # type: ignore[attr-defined]
    assert d.find_element(By.ID, "matter").get_attribute("value") == "垃圾桶满了三天没人清"  # type: ignore[attr-defined]
