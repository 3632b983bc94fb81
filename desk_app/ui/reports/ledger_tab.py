"""The ledger page of the reports screen: import a ledger (台账) of past cases from Excel, with
the clerk's own column headings mapped to the template's, all rows or none, never twice.

Every row is checked first; a file with any bad row imports nothing and every problem is
listed by row and column. Cancel rolls a half-applied import back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.ui.kit.files import choose_open_file, choose_save_file, file_problem_text, with_suffix
from desk_app.ui.kit.tables import ProblemTable
from desk_app.ui.kit.widgets import Banner, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.reports.jobs import BackgroundJob, Cancelled
from desk_app.ui.session import DeskSession


def parse_mapping(text: str) -> dict[str, str]:
    """`来电时间=登记时间；反映事项=反映问题` -> {own heading: template heading}; bad parts ignored."""
    mapping: dict[str, str] = {}
    for part in re.split(r"[;；,，\n]+", text):
        own, sep, ours = part.replace("＝", "=").partition("=")
        if sep and own.strip() and ours.strip():
            mapping[own.strip()] = ours.strip()
    return mapping


class LedgerProblemsDialog(QDialog):
    """Every bad row of a ledger, 第N行 [列] 问题: nothing was imported."""

    def __init__(
        self, problems: Sequence[tuple[int, str, str]], ignored: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerProblems")
        self.setWindowTitle(self.tr("Problems in the ledger"))
        rows = len({p[0] for p in problems})
        text = self.tr(
            "%1 rows of the ledger have problems, so nothing was imported. Correct the rows "
            "listed below in the Excel file and import it again."
        ).replace("%1", str(rows))
        if ignored:
            text += "\n" + self.tr("Columns not imported (no matching template column): %1").replace(
                "%1", "、".join(ignored)
            )
        self.summary = hint(text)
        self.summary.setObjectName("ledgerSummary")
        self.table = ProblemTable(problems)
        self.table.setObjectName("ledgerErrors")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        box.addWidget(buttons)
        self.resize(680, 440)

    def lines(self) -> list[str]:
        """The rows as the clerk reads them: 第3行 [联系电话] 电话号码格式不对."""
        return [
            f"{self.table.item(i, 0).text()} [{self.table.item(i, 1).text()}] {self.table.item(i, 2).text()}"
            for i in range(self.table.rowCount())
        ]


class LedgerTab(QWidget):
    ledger_finished = Signal(object)  # the documents.LedgerImport (None when cancelled)
    template_written = Signal(str)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerTab")
        self._session = session
        self.problems_dialog: LedgerProblemsDialog | None = None
        self.ledger_job: BackgroundJob | None = None
        # Tests and the lead may replace these to bypass the file dialogs.
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt
        )
        self.choose_open_path: Callable[[str, str], str] = lambda title, flt: choose_open_file(
            self, title, flt
        )
        self.ledger_banner = Banner()
        self.ledger_banner.setObjectName("ledgerBanner")
        self.ledger_template_button = QPushButton(self.tr("Write template…"))
        self.ledger_template_button.setObjectName("ledgerTemplate")
        self.ledger_import_button = QPushButton(self.tr("Import ledger…"))
        self.ledger_import_button.setObjectName("ledgerImport")
        self.ledger_mapping = QLineEdit()
        self.ledger_mapping.setObjectName("ledgerMapping")
        self.ledger_mapping.setPlaceholderText(
            self.tr("e.g. your heading=template heading; another=template heading")
        )
        box = QGroupBox(self.tr("Import a ledger from Excel"))
        inner = QVBoxLayout(box)
        inner.addWidget(
            hint(
                self.tr(
                    "Write the template, fill in one case per row (or use your own ledger: common headings such as "
                    "the time of reception, the content and the responsible unit are recognised), then import it. Every row is checked first: if any row "
                    "has a problem, nothing is imported and every problem is listed by row and column. Importing the "
                    "same file again adds nothing twice."
                )
            )
        )
        mapping = QHBoxLayout()
        mapping.addWidget(QLabel(self.tr("Your own headings (optional):")))
        mapping.addWidget(self.ledger_mapping, 1)
        inner.addLayout(mapping)
        inner.addWidget(hint(self.tr("Write each as your heading=template heading, separated by ;")))
        buttons = QHBoxLayout()
        buttons.addWidget(self.ledger_template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.ledger_import_button)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.ledger_banner)
        layout.addWidget(box)
        layout.addStretch(1)
        self.ledger_template_button.clicked.connect(self.write_ledger_template)
        self.ledger_import_button.clicked.connect(self.import_ledger)

    def write_ledger_template(self) -> None:
        path = self.choose_save_path(
            self.tr("Write the ledger template"),
            self.tr("Ledger template.xlsx"),
            self.tr("Excel files (*.xlsx)"),
        )
        if not path:
            return
        path = with_suffix(path, ".xlsx")

        def write() -> OSError | None:
            from desk_app.reports.ledger_xlsx import write_template

            try:
                write_template(Path(path))
            except OSError as exc:
                return exc
            return None

        DbOp(write, parent=self).success(lambda exc: self._template_done(path, exc)).failure(
            self._ledger_failed
        ).run()

    def _template_done(self, path: str, exc: OSError | None) -> None:
        if exc is not None:
            self.ledger_banner.show_message(file_problem_text(exc), ok=False)
            return
        self.ledger_banner.show_message(
            self.tr(
                "Template written: %1. Fill in one case per row (the second row "
                "is an example: replace it), then import it."
            ).replace("%1", path)
        )
        self.template_written.emit(path)

    def import_ledger(self) -> None:
        if self.ledger_job is not None:
            return
        path = self.choose_open_path(self.tr("Import a ledger"), self.tr("Excel files (*.xlsx)"))
        if not path:
            return
        store, by = self._session.store, self._session.operator.id
        mapping = parse_mapping(self.ledger_mapping.text())
        job = BackgroundJob(
            self,
            self.tr("Importing the ledger"),
            self.tr("Checking and importing %1…").replace("%1", Path(path).name),
        )
        self.ledger_job = job
        self.ledger_import_button.setEnabled(False)

        def run() -> Any:
            from desk_app.reports.documents import import_ledger

            try:
                return import_ledger(store, Path(path), by=by, mapping=mapping, progress=job.report)
            except Cancelled:
                return None

        job.canceled.connect(self._ledger_cancel_pressed)
        DbOp(run, parent=self).success(self._ledger_done).failure(self._ledger_failed).always(
            lambda: self._ledger_always(job)
        ).run()

    def _ledger_cancel_pressed(self) -> None:
        self.ledger_job = None
        self.ledger_banner.show_message(self.tr("Import cancelled: nothing is imported."), ok=False)
        self.ledger_import_button.setEnabled(True)

    def _ledger_always(self, job: BackgroundJob) -> None:
        job.finish()
        if self.ledger_job is job:
            self.ledger_job = None
            self.ledger_import_button.setEnabled(True)

    def _ledger_failed(self, exc: BaseException) -> None:
        self.ledger_banner.show_message(describe_error(exc), ok=False)

    def _ledger_done(self, result: Any) -> None:
        if result is None:
            self.ledger_banner.show_message(self.tr("Import cancelled: nothing is imported."), ok=False)
            self.ledger_finished.emit(None)
            return
        from desk_app.domain.ledger import COLUMN_ZH, VISIT_COLUMN_ZH

        read = result.read
        if read.file_error:
            self.ledger_banner.show_message(read.file_error, ok=False)
            self.ledger_finished.emit(result)
            return
        several = sum(1 for sh in read.sheets if sh.kind) > 1

        def where(sheet: str, column: str) -> str:
            return f"{sheet} · {column}" if several and sheet else column

        problems = [(e.row, where(e.sheet, e.column), e.message) for e in read.errors]
        if result.applied is not None:
            names = {**VISIT_COLUMN_ZH, **COLUMN_ZH}
            problems += [
                (p.row, where(p.sheet, read.headings.get(p.column, names.get(p.column, p.column))), p.message)
                for p in result.applied.problems
            ]
        if problems:
            problems.sort()
            rows = len({p[0] for p in problems})
            self.ledger_banner.show_message(
                self.tr("%1 rows have problems: nothing was imported.").replace("%1", str(rows)), ok=False
            )
            if self.problems_dialog is not None:
                self.problems_dialog.deleteLater()
            self.problems_dialog = LedgerProblemsDialog(problems, read.ignored_headings, self)
            self.problems_dialog.open()
            self.ledger_finished.emit(result)
            return
        applied = result.applied
        parts = [
            self.tr("Imported: %1 cases added, %2 taken further.")
            .replace("%1", str(applied.added))
            .replace("%2", str(applied.updated))
        ]
        if applied.visits_added:
            parts.append(self.tr("%1 deputy-visits added.").replace("%1", str(applied.visits_added)))
        sheets = [
            self.tr("%1: %2 added, %3 taken further, %4 already there")
            .replace("%1", sh.name)
            .replace("%2", str(applied.sheets[sh.name].added))
            .replace("%3", str(applied.sheets[sh.name].updated))
            .replace("%4", str(applied.sheets[sh.name].already))
            for sh in read.sheets
            if sh.kind == "cases" and sh.name in applied.sheets
        ]
        if sheets:
            parts.append(self.tr("Sheets read: %1.").replace("%1", "; ".join(sheets)))
        unread = [sh.name for sh in read.sheets if not sh.kind]
        if unread:
            parts.append(
                self.tr("Sheets without a ledger header, not read: %1.").replace("%1", "、".join(unread))
            )
        if applied.already:
            parts.append(
                self.tr("%1 rows were imported before and were not added again.").replace(
                    "%1", str(applied.already)
                )
            )
        if applied.new_units:
            parts.append(self.tr("New handling units: %1.").replace("%1", "、".join(applied.new_units)))
        if applied.new_categories:
            parts.append(self.tr("New categories: %1.").replace("%1", "、".join(applied.new_categories)))
        if read.ignored_headings:
            parts.append(
                self.tr("Columns not imported (no matching template column): %1").replace(
                    "%1", "、".join(read.ignored_headings)
                )
            )
        self.ledger_banner.show_message(" ".join(parts))
        if applied.added or applied.updated:
            self._session.events.case_changed.emit("")
            # An import may add categories and handling units: the screens listing them reload.
            self._session.events.directory_changed.emit("category")
            self._session.events.directory_changed.emit("handling_unit")
        self.ledger_finished.emit(result)
