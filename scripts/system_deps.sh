#!/usr/bin/env bash
# System packages the product and its tests need: Chromium (browser tests) and espeak-ng
# (the offline voice). Installs only what is missing, so it is cheap to call every time.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
if ((${#need[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing system packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o=Dpkg::Use-Pty=0 --no-install-recommends "${need[@]}"
fi
