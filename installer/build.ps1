# Build the Windows bundle into dist\station-desk (Windows PowerShell 5.1 or PowerShell 7; run
# from anywhere: it works in the repository root). Two programs share one folder of libraries:
#   dist\station-desk\station-desk.exe      the window (no console behind it)
#   dist\station-desk\station-desk-cli.exe  the command line: its output shows in the console,
#                                           e.g. station-desk-cli.exe print tally --month 2026-11 -o t.pdf
# The desk embeds SimSun or Microsoft YaHei from C:\Windows\Fonts in its PDFs; nothing to install.
$ErrorActionPreference = "Stop"
# "Stop" covers cmdlets only, not a native program's exit code. PowerShell 7.3+ can treat a
# non-zero exit code as an error; Windows PowerShell 5.1 cannot, so every native command below
# also goes through Invoke-Native, which checks $LASTEXITCODE itself.
$PSNativeCommandUseErrorActionPreference = $true
# (On 5.1, do not run this script with 2>&1: PyInstaller logs to stderr, and redirected stderr
# lines become errors that "Stop" ends the build on.)

function Invoke-Native([scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) {
        throw "Build stopped: exit code $LASTEXITCODE from {$Command}"
    }
}

Set-Location (Split-Path -Parent $PSScriptRoot)
$python = ".\.venv\Scripts\python.exe"
if (-not (Test-Path $python)) { Invoke-Native { py -3.11 -m venv .venv } }
Invoke-Native { & $python -m pip install -q --upgrade pip }
# The desk and its Qt only (the `desk` extra; the server's packages are left out of the bundle
# by the spec in any case). pywin32-ctypes comes with keyring: the Credential Manager backend.
Invoke-Native { & $python -m pip install -q -e ".[desk]" "pyinstaller>=6.10,<7" }
Invoke-Native { & $python -m PyInstaller --noconfirm --clean --distpath dist --workpath build installer\station-desk.spec }

# The console program starts and prints: the bundle found its Python modules.
$cli = "dist\station-desk\station-desk-cli.exe"
Invoke-Native { & $cli --version }
Invoke-Native { & $cli --help } | Out-Null
Write-Host "Built: dist\station-desk\station-desk.exe (window), dist\station-desk\station-desk-cli.exe (command line)"
