"""The shipped Simplified Chinese translation: complete, compiled from its source, on by default."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desk_app.paths import translations_dir

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "desk_zh_CN.ts"
QM = ROOT / "resources" / "translations" / "desk_zh_CN.qm"
BIN = Path(sys.executable).parent
# The modules whose strings must all be in the .ts now. The case screens are merged into the
# .ts by the lead with scripts/update-translations; add them here once they are.


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (it comes with PySide6)")
    return path


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (ctx.findtext("name") or "", m.findtext("source") or "", m.find("translation"))  # type: ignore[misc]
        for ctx in root.iter("context")
        for m in ctx.iter("message")
    ]


def test_every_message_has_a_finished_chinese_translation() -> None:
    problems = []
    for ctx, source, translation in _messages(TS):
        kind = translation.get("type")
        # Plural messages (%n) hold one <numerusform> per plural form of the language.
        forms = translation.findall("numerusform")
        text = " ".join(f.text or "" for f in forms) if forms else translation.text or ""
        if forms and not all((f.text or "").strip() for f in forms):
            text = ""
        if kind in ("unfinished", "vanished", "obsolete") or not text.strip():
            problems.append(f"{ctx}: {source!r} ({kind or 'empty'})")
        elif set(re.findall(r"%[\dn]", source)) != set(re.findall(r"%[\dn]", text)):
            problems.append(f"{ctx}: {source!r} placeholders differ in {text!r}")
        elif not re.search(r"[\u4e00-\u9fff]", text) and not re.fullmatch(r"[\W\d%]*", source):
            problems.append(f"{ctx}: {source!r} is not translated into Chinese: {text!r}")
    assert not problems, "unfinished translations:\n" + "\n".join(problems)


def test_shipped_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "desk_zh_CN.qm"
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(fresh)], check=True)
    assert QM.read_bytes() == fresh.read_bytes(), "run scripts/update-translations and commit the .qm"


def test_ts_holds_every_string_of_the_checked_modules(tmp_path: Path) -> None:
    scanned = tmp_path / "scan.ts"
    files = [str(path) for path in sorted((ROOT / "desk_app" / "ui").rglob("*.py"))]
    subprocess.run(
        [_tool("pyside6-lupdate"), "-silent", "-locations", "none", *files, "-ts", str(scanned)], check=True
    )
    shipped = {(ctx, src) for ctx, src, _t in _messages(TS)}
    missing = [f"{ctx}: {src!r}" for ctx, src, _t in _messages(scanned) if (ctx, src) not in shipped]
    assert not missing, "run scripts/update-translations and translate:\n" + "\n".join(missing)


def test_qm_is_found_where_the_desk_looks() -> None:
    assert (translations_dir() / "desk_zh_CN.qm").is_file()


def test_a_widget_speaks_chinese_by_default(qtbot, qapp, store, clerk) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale

    from desk_app.ui import ops
    from desk_app.ui.app import install_translators, remove_translators, resolve_language
    from desk_app.ui.sign_in import SignInDialog

    # No --lang and no saved choice: the desk starts in Chinese.
    lang = resolve_language(None, store.setting("ui.lang"))
    locale = QLocale()
    translators = install_translators(qapp, lang)
    try:
        dialog = SignInDialog(store)
        qtbot.addWidget(dialog)
        assert dialog.sign_in_button.text() == "登录"
        assert "接待台" in dialog.windowTitle()
        qtbot.waitUntil(lambda: ops.task_manager().running == 0)
    finally:
        remove_translators(qapp, translators)
        QLocale.setDefault(locale)


@pytest.fixture
def shipped_chinese(qapp):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale

    from desk_app.ui.app import install_translators, remove_translators

    locale = QLocale()
    translators = install_translators(qapp, "zh_CN")
    yield
    remove_translators(qapp, translators)
    QLocale.setDefault(locale)


@pytest.mark.usefixtures("shipped_chinese")
def test_every_refusal_says_in_chinese_what_the_command_line_and_server_say() -> None:
    from desk_app.domain.lifecycle import REFUSAL_EN, REFUSAL_ZH, Refusal
    from desk_app.ui import messages

    for refusal in Refusal:
        assert messages.refusal_source(refusal) == REFUSAL_EN[refusal], refusal
        assert messages.refusal_text(refusal) == REFUSAL_ZH[refusal], refusal


@pytest.mark.usefixtures("shipped_chinese")
def test_every_weak_pin_is_refused_with_the_domain_words() -> None:
    from desk_app.domain.pins import PIN_PROBLEM_ZH, PinProblem
    from desk_app.storage.errors import WeakPin
    from desk_app.ui import messages

    for problem in PinProblem:
        assert messages.pin_problem_text(problem) == PIN_PROBLEM_ZH[problem], problem
        assert messages.describe_error(WeakPin(problem)) == PIN_PROBLEM_ZH[problem], problem


@pytest.mark.usefixtures("shipped_chinese")
def test_role_refusals_say_what_the_store_says() -> None:
    from desk_app.domain.permissions import Action, NotPermitted
    from desk_app.storage.operators import LastAdministrator
    from desk_app.ui import messages

    for action in Action:
        for reason in ("role", "unknown", "inactive"):
            refused = NotPermitted(action, "deputy", reason)
            assert messages.describe_error(refused) == refused.message_zh(), (action, reason)
    last = LastAdministrator("admin")
    assert messages.describe_error(last) == last.message_zh()
