#!/bin/bash
# Installs the Debian 12 packages that building and testing IF-Edit Studio needs.
# Idempotent: when every package is already installed it changes nothing and asks no server.
set -euo pipefail

packages=(
  # toolchain
  cmake ninja-build ccache g++ pkg-config
  # the Debian package: dpkg-shlibdeps reads its dependencies off the binaries (CPack finds
  # them with `file`, which minimal Debian installs lack)
  dpkg-dev file
  # engine: libtorch (CPU on Debian), OpenCV, JSON; sentencepiece tools for the test tokenizer
  libtorch-dev libopencv-dev sentencepiece nlohmann-json3-dev
  # app and editor: Qt 6, QCoro, keyring, translation tools, SVG icons
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  qcoro-qt6-dev qtkeychain-qt6-dev
  # Qt's own translations (standard buttons such as Cancel in the German and Chinese interface)
  qt6-translations-l10n
  # zlib: bounded inflate of compressed PNG text chunks (a dropped file may be a deflate bomb)
  zlib1g-dev
  # WebP export (Qt image format plugins); checking the installed .desktop and AppStream files
  qt6-image-formats-plugins desktop-file-utils appstream
  # running the editor and screenshots on headless machines
  xvfb xauth imagemagick
  # the GPU check's summary, dry-run in the tests (tests/bench/summarize_gpu_check.py)
  python3
  # locale sources: a test builds a German locale (decimal comma) to run ifedit-cli under it
  locales
)

# Debian 13 moved Qt's SVG icon engine (every icon of the editor is an SVG) out of libqt6svg6.
if [[ $(. /etc/os-release && echo "${VERSION_ID:-}") != 12 ]]; then
  packages+=(qt6-svg-plugins)
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for p in "${packages[@]}"; do
  # Debian 13+ contrib's CUDA build of libtorch conflicts with libtorch-dev and serves as well:
  # installing libtorch-dev would replace it with the CPU build.
  if [[ $p == libtorch-dev ]] && installed libtorch-cuda-dev; then continue; fi
  installed "$p" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
