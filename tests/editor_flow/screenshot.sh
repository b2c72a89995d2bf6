#!/bin/sh
# The README's screenshot: the editor mid-run on the demo model, on a 1400x900 Xvfb screen.
#   tests/editor_flow/screenshot.sh BUILD_DIR [OUT.png]
# Needs xvfb-run and ImageMagick (import, convert). Writes resources/screenshots/editor-midrun.png
# by default: lossless when under 400 KB, else reduced to 256 colours without dithering.
set -eu
build=${1:?usage: screenshot.sh BUILD_DIR [OUT.png]}
out=${2:-$(dirname "$0")/../../resources/screenshots/editor-midrun.png}
raw=$(mktemp --suffix=.png)
trap 'rm -f "$raw"' EXIT
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" "$build/tests/editor_flow/ifedit-screenshot-midrun" "$raw"
convert "$raw" -strip "$out"
if [ "$(stat -c %s "$out")" -gt 409600 ]; then
  convert "$raw" -strip -dither None -colors 256 PNG8:"$out"
fi
ls -l "$out"
