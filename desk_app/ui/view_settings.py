"""Where the window keeps how the user left it (column widths and order, window geometry).

These are the user's, per computer, not the desk's data: an INI file under the user's settings
folder (QSettings, named after the application), never the desk database. Tests point QSettings
at a temporary folder (QSettings.setPath) so they never touch the real one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings

from desk_app.paths import APP_AUTHOR, APP_NAME


def ui_settings() -> QSettings:
    organisation = QCoreApplication.organizationName() or APP_AUTHOR
    application = QCoreApplication.applicationName() or APP_NAME
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, organisation, application)
