"""The reports screen (统计报表): the monthly tally, the committee's summary workbook and the
ledger (台账) import, one page each (tally_tab, summary_tab, ledger_tab).

All reading and writing runs on the database thread (DbOp); long work shows its progress and
can be cancelled (jobs.BackgroundJob). Documents write to a hidden file and rename it only when
complete, so a cancelled or failed document never leaves half a file behind.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desk_app.domain.permissions import Action, permits
from desk_app.ui.kit.layout import scroll_page
from desk_app.ui.reports.centre_tab import CentreTallyTab
from desk_app.ui.reports.ledger_tab import LedgerTab
from desk_app.ui.reports.summary_tab import SummaryTab
from desk_app.ui.reports.tally_tab import TallyTab
from desk_app.ui.session import DeskSession
from desk_app.ui.transfers import TransferRegisterTab


class ReportsPanel(QWidget):
    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPanel")
        self.tally_tab = TallyTab(session)
        self.summary_tab = SummaryTab(session)
        self.ledger_tab = LedgerTab(session)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportsTabs")
        # The tally is taller than a 1366x768 screen: it scrolls rather than growing the window.
        self.tabs.addTab(scroll_page(self.tally_tab, "tallyScroll"), self.tr("Monthly tally"))
        self.tabs.addTab(self.summary_tab, self.tr("Summary for the committee"))
        self.tabs.addTab(self.ledger_tab, self.tr("Import a ledger"))
        # A ledger carries sign-offs: importing one is the office's work.
        self.tabs.setTabVisible(
            self.tabs.indexOf(self.ledger_tab), permits(session.operator.role, Action.IMPORT_LEDGER)
        )
        # Issue 13: the register of transfers between levels (every desk), and on a district
        # centre's desk its stations side by side with the district total.
        self.transfer_tab = TransferRegisterTab(session)
        self.tabs.addTab(self.transfer_tab, self.tr("Transfers"))
        self.centre_tab: CentreTallyTab | None = None
        if session.store.is_centre_desk():
            self.centre_tab = CentreTallyTab(session)
            self.tabs.addTab(self.centre_tab, self.tr("Stations side by side"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
