#!/usr/bin/env bash
# One-step set-up on a fresh Debian machine: Chromium (PDF reports, browser tests), CJK fonts
# (Noto for charts; WenQuanYi Micro Hei, TrueType, which PDFs embed as a subset) and poppler's PDF
# tools (the tests read the PDFs back) from the system packages, then the Python environment in .venv.
set -euo pipefail
cd "$(dirname "$0")"

if command -v apt-get >/dev/null 2>&1 \
    && { ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
         || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK" \
         || ! fc-list 2>/dev/null | grep -q "WenQuanYi Micro Hei"; }; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk fonts-wqy-microhei \
    poppler-utils >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -r requirements.txt
.venv/bin/python -m slakit kernel >/dev/null
echo "slakit is set up: .venv/bin/slakit --help"
