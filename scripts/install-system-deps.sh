#!/usr/bin/env bash
# Debian packages for the PDF (xelatex, CJK fonts), its text check (pdftotext) and the browser
# tests (chromium). Installs only what is missing, so a second run costs nothing.
set -euo pipefail
packages=(texlive-xetex texlive-latex-extra texlive-latex-recommended texlive-fonts-recommended
          latexmk fonts-freefont-otf tex-gyre texlive-lang-chinese fonts-noto-cjk poppler-utils
          chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "==> Debian packages: all present"
  exit 0
fi
echo "==> installing Debian packages: ${missing[*]} (a few minutes the first time)"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
