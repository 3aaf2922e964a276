#!/usr/bin/env bash
# Installs the Debian 12 packages gdchaos builds and tests with. Idempotent: does nothing when all
# are present, so the test command can call it on every run.
set -euo pipefail
packages=(
  build-essential cmake time pkg-config
  libcli11-dev nlohmann-json3-dev libeigen3-dev libpng-dev
  libgtest-dev libbenchmark-dev
  python3-numpy python3-matplotlib
  pybind11-dev python3-dev python3-venv python3-pip python3-setuptools python3-pytest
  python3-nbconvert python3-nbformat python3-ipykernel python3-tqdm
  dataset-fashion-mnist python3-sklearn zlib1g-dev libzip-dev libhwy-dev
  libopenmpi-dev openmpi-bin
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "installing: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
