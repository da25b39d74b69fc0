#!/bin/sh
# Install the desktop launcher (menu entry + icons) for the current user.
#   resources/install-launcher.sh                  launch this checkout (`npm start`)
#   resources/install-launcher.sh PATH.AppImage    launch a downloaded AppImage
#   resources/install-launcher.sh --uninstall      remove the launcher again
# The .deb package installs its own launcher; this is for checkouts and AppImages.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps="$data/applications"
icons="$data/icons/hicolor"
entry="$apps/tmux-orchestrator.desktop"
sizes="16 32 48 64 128 256 512"

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$entry"
  for s in $sizes; do rm -f "$icons/${s}x${s}/apps/tmux-orchestrator.png"; done
  echo "removed the Tmux Orchestrator launcher"
  exit 0
fi

# Escape a value for a sed replacement, then quote it for the Exec key (Desktop Entry spec).
sed_escape() { printf '%s' "$1" | sed 's/[\\&|]/\\&/g'; }
# (backslash → 4 backslashes; " ` $ → \\ + char; % → %%)
exec_quote() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g' -e 's/%/%%/g')"; }

if [ $# -ge 1 ]; then
  appimage=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  [ -f "$appimage" ] || { echo "no such file: $1" >&2; exit 1; }
  chmod +x "$appimage"
  exec_line=$(exec_quote "$appimage")
  workdir=$HOME
else
  node=$(command -v node) || { echo "node is not on PATH: install Node.js >= 20.19 first" >&2; exit 1; }
  [ -d "$repo/node_modules" ] || { echo "run npm install in $repo first" >&2; exit 1; }
  exec_line="$(exec_quote "$node") scripts/start.mjs"
  workdir=$repo
fi

mkdir -p "$apps"
for s in $sizes; do
  mkdir -p "$icons/${s}x${s}/apps"
  cp "$here/icons/${s}x${s}.png" "$icons/${s}x${s}/apps/tmux-orchestrator.png"
done
sed -e "s|@EXEC@|$(sed_escape "$exec_line")|" -e "s|@PATH@|$(sed_escape "$workdir")|" \
  "$here/tmux-orchestrator.desktop" > "$entry"
chmod 644 "$entry"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$icons" || true
echo "installed $entry"
