#!/usr/bin/env bash
# One command from a fresh Debian 12 to a working ScaleLab:
#   installer/bootstrap.sh run    install what is missing, build, open the workbench
#   installer/bootstrap.sh test   install what is missing, build with warnings as errors, run every test
set -euo pipefail

mode=${1:-run}
here=$(cd "$(dirname "$0")/.." && pwd)
build=${SCALELAB_BUILD_DIR:-$here/build}

packages=(build-essential cmake ninja-build pkg-config
          qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools libqt6sql6-sqlite
          libqt6opengl6-dev  # Qt Charts needs its CMake files, only a "Recommends" of qt6-charts-dev
          libboost-graph-dev)
# The tests also check exported Graphviz files with Graphviz itself.
[ "$mode" = test ] && packages+=(graphviz)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

case "$mode" in
run)
    cmake -S "$here" -B "$build" -G Ninja -DSCALELAB_BUILD_TESTS=OFF >/dev/null
    cmake --build "$build" --target scalelab
    # No file: a first start offers lesson 1, later ones what was autosaved.
    "$build/app/scalelab"
    ;;
test)
    cmake -S "$here" -B "$build" -G Ninja -DSCALELAB_WERROR=ON -DSCALELAB_BUILD_TESTS=ON >/dev/null
    cmake --build "$build"
    ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
    ;;
*)
    echo "usage: installer/bootstrap.sh run|test" >&2
    exit 2
    ;;
esac
