# Build the Windows bundle into dist\station-desk (PowerShell, from the repo root).
# The desk embeds SimSun or Microsoft YaHei from C:\Windows\Fonts in its PDFs; nothing to install.
$ErrorActionPreference = "Stop"
if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.\.venv\Scripts\python -m pip install -q --upgrade pip
.\.venv\Scripts\python -m pip install -q -e ".[server]" "pyinstaller>=6.10"
.\.venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build installer\station-desk.spec
Write-Host "Built: dist\station-desk\station-desk.exe"
