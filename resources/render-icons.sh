#!/bin/sh
# Render the PNG icon set (tray, window, launcher, packages) from icon.svg.
# Needs rsvg-convert (Debian: librsvg2-bin). Run from anywhere; commit the PNGs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/icons"
for size in 16 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" "$here/icon.svg" -o "$here/icons/${size}x${size}.png"
done
# electron-builder and the window use a single 512 px icon.png as well.
cp "$here/icons/512x512.png" "$here/icon.png"
echo "rendered $(ls "$here/icons" | wc -l) icons into $here/icons"
