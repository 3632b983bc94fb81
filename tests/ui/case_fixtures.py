"""Data and helpers for the case list / case view / action dialog tests.

Cases are made through the real DeskStore (tests/conftest.py's store, clerk and FakeClock);
`zh` installs the shipped Chinese catalogue when it is built, plus the pending strings
(resources/translations/pending_*.json) of work not merged into the .ts yet.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.domain.vocab import CallbackMethod, Channel, Outcome, Verdict
from desk_app.storage.cases import CallbackDraft
from desk_app.storage.records import HandlingUnitInfo, OperatorInfo, ReferralInfo
from desk_app.storage.store import DeskStore
from desk_app.ui import ops

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"


def wait_idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Until every background storage operation has delivered its result."""
    qtbot.waitUntil(lambda: ops.task_manager().running == 0, timeout=10_000)


def add_unit(
    store: DeskStore,
    clerk: OperatorInfo,
    name: str = "区住建局",
    contact: str = "王强",
    phone: str = "0376-6221234",
) -> HandlingUnitInfo:
    return store.save_handling_unit(by=clerk.id, name=name, contact_person=contact, phone=phone)


def add_case(
    store: DeskStore,
    clerk: OperatorInfo,
    *,
    name: str = "张三",
    phone: str = "13912345678",
    content: str = "小区电梯经常故障，希望尽快维修",
    channel: Channel = Channel.WALK_IN,
    received_at: datetime | None = None,
    category_id: str | None = None,
    deputy_ids: tuple[str, ...] = (),
    outcome: Outcome = Outcome.NEEDS_REFERRAL,
    on_site_answer: str = "",
) -> str:
    draft = ReceptionDraft(
        received_at=received_at or store.clock() - timedelta(hours=1),
        channel=channel,
        content=content,
        outcome=outcome,
        citizen_name=name,
        citizen_phone=phone,
        category_id=category_id,
        deputy_ids=deputy_ids,
        on_site_answer=on_site_answer,
    )
    return store.register_reception(draft, by=clerk.id)


def refer(
    store: DeskStore,
    clerk: OperatorInfo,
    reception_id: str,
    unit_id: str,
    *,
    referred_on: date | None = None,
    working_days: int = 15,
    supervisor: str = "王代表",
) -> ReferralInfo:
    draft = ReferralDraft(
        handling_unit_id=unit_id,
        handler="王强",
        referred_on=referred_on or store.today(),
        working_days=working_days,
        supervisor=supervisor,
    )
    return store.refer(reception_id, draft, by=clerk.id)


def reply(store: DeskStore, clerk: OperatorInfo, reception_id: str, text: str = "已联系物业维修") -> None:
    store.record_reply(reception_id, replied_on=store.today(), reply_text=text, by=clerk.id)


def callback(store: DeskStore, clerk: OperatorInfo, reception_id: str, verdict: Verdict) -> None:
    draft = CallbackDraft(
        called_at=store.clock(),
        caller=clerk.name,
        method=CallbackMethod.PHONE,
        verdict=verdict,
        citizen_words="还是没有修好" if verdict is Verdict.DISSATISFIED else "",
        cause="unit_fault" if verdict is Verdict.DISSATISFIED else "",
    )
    store.record_callback(reception_id, draft, by=clerk.id)


@dataclass
class Desk:
    """A small station with data in every state, for list and filter tests."""

    store: DeskStore
    clerk: OperatorInfo
    unit: HandlingUnitInfo
    other_unit: HandlingUnitInfo
    waiting: str  # awaiting referral, 张三, 电梯
    referred: str  # referred, 李四婷
    overdue: str  # referred long ago, deadline passed, 王五
    second_round: str  # dissatisfied then referred again, 赵六
    on_site: str  # resolved on the spot, 钱七


def make_desk(store: DeskStore, clerk: OperatorInfo, clock) -> Desk:  # type: ignore[no-untyped-def]
    unit = add_unit(store, clerk)
    other = add_unit(store, clerk, name="区交通运输局", contact="刘洋")
    category = next(c for c in store.categories() if c.name == "交通")
    now = clock.now
    # The overdue case was received and referred two months ago: move the clock there and back.
    clock.now = now - timedelta(days=60)
    overdue = add_case(store, clerk, name="王五", phone="13800001111", content="路灯不亮已经两个月了")
    refer(store, clerk, overdue, unit.id)
    clock.now = now - timedelta(days=30)
    second = add_case(
        store,
        clerk,
        name="赵六",
        phone="13700002222",
        content="公交站牌位置不合理",
        channel=Channel.HOTLINE_12345,
        category_id=category.id,
    )
    refer(store, clerk, second, other.id)
    reply(store, clerk, second, "已调整站牌")
    callback(store, clerk, second, Verdict.DISSATISFIED)
    clock.now = now - timedelta(days=2)
    refer(store, clerk, second, other.id, supervisor="人大常委会办公室")
    clock.now = now - timedelta(days=1)
    referred = add_case(store, clerk, name="李四婷", phone="13600003333", content="楼道堆放杂物存在消防隐患")
    refer(store, clerk, referred, unit.id)
    clock.now = now
    on_site = add_case(
        store,
        clerk,
        name="钱七",
        phone="",
        content="咨询医保报销比例",
        outcome=Outcome.RESOLVED_ON_SITE,
        on_site_answer="已当场解答",
        channel=Channel.WINDOW_VISIT,
    )
    waiting = add_case(store, clerk)
    return Desk(store, clerk, unit, other, waiting, referred, overdue, second, on_site)


@dataclass(frozen=True)
class DeskCases:
    """What make_desk made, without the store: desk_builds keeps it with the built database."""

    unit: HandlingUnitInfo
    other_unit: HandlingUnitInfo
    waiting: str
    referred: str
    overdue: str
    second_round: str
    on_site: str


def build_case_desk(store: DeskStore, clerk: OperatorInfo, clock) -> DeskCases:  # type: ignore[no-untyped-def]
    """make_desk's desk, built once per test process (tests/conftest.py desk_builds)."""
    d = make_desk(store, clerk, clock)
    return DeskCases(d.unit, d.other_unit, d.waiting, d.referred, d.overdue, d.second_round, d.on_site)


def case_desk_fixtures() -> tuple[object, ...]:
    """A module's `built_store`, `store`, `clerk` and `desk_cases` fixtures: a test that asks
    for `desk_cases` (through `desk`) gets a copy of its own of make_desk's desk, built once per
    test process and opened by DeskStore; the module's other tests an empty desk, as before.

        built_store, store, clerk, desk_cases = cf.case_desk_fixtures()

        @pytest.fixture
        def desk(store, clerk, desk_cases) -> Desk:
            return cf.desk_of(store, clerk, desk_cases)
    """
    from tests.conftest import built_desk_fixtures

    return built_desk_fixtures(build_case_desk, "desk_cases")


def desk_of(store: DeskStore, clerk: OperatorInfo, cases: DeskCases) -> Desk:
    """The Desk of a test's copy of the built desk (its own store; the built clerk and cases)."""
    return Desk(
        store,
        clerk,
        cases.unit,
        cases.other_unit,
        cases.waiting,
        cases.referred,
        cases.overdue,
        cases.second_round,
        cases.on_site,
    )


def fill_cases(store: DeskStore, clerk: OperatorInfo, n: int) -> list[str]:
    """n plain cases, one minute apart (newest last), in one go."""
    start = store.clock() - timedelta(minutes=n + 5)
    names = ("张伟", "王芳", "李娜", "刘强", "陈静", "杨洋", "赵磊", "黄敏")
    return [
        add_case(
            store,
            clerk,
            name=names[i % len(names)],
            phone=f"139{i:08d}",
            content=f"第{i}号意见：小区道路破损需要修补",
            received_at=start + timedelta(minutes=i),
        )
        for i in range(n)
    ]


# -- Chinese --------------------------------------------------------------------------------------


def _ts_table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for ts in sorted(TRANSLATIONS.glob("*zh_CN*.ts")):
        for ctx in ET.parse(ts).getroot().iter("context"):
            name = ctx.findtext("name") or ""
            for msg in ctx.iter("message"):
                tr = msg.find("translation")
                if tr is not None and tr.text and tr.get("type") not in ("obsolete", "vanished"):
                    table.setdefault(name, {})[msg.findtext("source") or ""] = tr.text
    return table


def _pending_table() -> dict[str, dict[str, str]]:
    """Every pending translation file (work not yet merged into the .ts: pending_<branch>.json)."""
    table: dict[str, dict[str, str]] = {}
    for path in sorted(TRANSLATIONS.glob("pending_*.json")):
        for context, messages in json.loads(path.read_text(encoding="utf-8")).items():
            table.setdefault(context, {}).update(messages)
    return table


def _write_ts(table: dict[str, dict[str, str]], path: Path) -> None:
    root = ET.Element("TS", version="2.1", language="zh_CN")
    for context, messages in sorted(table.items()):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for source, translation in messages.items():
            msg = ET.SubElement(ctx, "message")
            ET.SubElement(msg, "source").text = source
            ET.SubElement(msg, "translation").text = translation
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


@pytest.fixture(scope="session")
def zh_catalogue(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """A .qm of the shipped .ts catalogue plus every pending translation file's strings."""
    table = _ts_table()
    for context, messages in _pending_table().items():
        table.setdefault(context, {}).update(messages)
    folder = tmp_path_factory.mktemp("zh")
    _write_ts(table, folder / "case_zh_CN.ts")
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    tool = str(lrelease) if lrelease.exists() else (shutil.which("pyside6-lrelease") or "lrelease")
    subprocess.run(
        [tool, "-silent", str(folder / "case_zh_CN.ts"), "-qm", str(folder / "case_zh_CN.qm")],
        check=True,
        capture_output=True,
    )
    return folder / "case_zh_CN.qm"


@dataclass
class Zh:
    # Whether the shared Messages catalogue (refusals, storage problems) is translated yet.
    messages_translated: bool


@pytest.fixture
def zh(qapp, zh_catalogue: Path) -> Iterator[Zh]:  # type: ignore[no-untyped-def]
    """Chinese on screen: the .ts catalogue (as the lead ships it) and the pending case strings."""
    locale = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    translator = QTranslator()
    assert translator.load(str(zh_catalogue))
    qapp.installTranslator(translator)
    probe = "The case is already signed off."
    yield Zh(messages_translated=QCoreApplication.translate("Messages", probe) != probe)
    qapp.removeTranslator(translator)
    QLocale.setDefault(locale)
