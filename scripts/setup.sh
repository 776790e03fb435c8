#!/usr/bin/env bash
# Idempotent machine set-up for what the tests need beyond npm packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
# The portal's browser tests drive Debian's chromium (never a downloaded browser build).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  else
    echo "setup: /usr/bin/chromium is missing and this is not root: run 'apt-get update && apt-get install -y chromium' as root" >&2
    exit 1
  fi
fi
# The 数据分析 briefings' PDF needs a Chinese font: Debian's fonts-wqy-microhei (WenQuanYi Micro Hei).
if [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-wqy-microhei
  else
    echo "setup: the font /usr/share/fonts/truetype/wqy/wqy-microhei.ttc is missing and this is not root: run 'apt-get update && apt-get install -y fonts-wqy-microhei' as root" >&2
    exit 1
  fi
fi
