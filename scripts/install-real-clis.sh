#!/usr/bin/env bash
# Installs the real agent CLIs the classifier fixtures and lifecycle tests drive, with npm, into a
# cache directory OUTSIDE the repo (never globally), at pinned versions. Idempotent: a cache that
# already holds these versions is left alone. Prints the directory holding the binaries.
#   ORC_CLI_CACHE   where to install (default ~/.cache/tmux-orc/real-clis)
set -euo pipefail

CACHE="${ORC_CLI_CACHE:-$HOME/.cache/tmux-orc/real-clis}"
# Pinned: the fixtures under test/fixtures/screens/real were captured with these versions.
PACKAGES=(
  "@anthropic-ai/claude-code@2.1.332"
  "@openai/codex@0.171.0"
  "@google/gemini-cli@0.61.0"
  "@qwen-code/qwen-code@0.24.4"
  "opencode-ai@1.18.33"
)
STAMP="$CACHE/.installed"
WANT="$(printf '%s\n' "${PACKAGES[@]}")"

mkdir -p "$CACHE"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -d "$CACHE/node_modules/.bin" ]; then
  echo "real CLIs already installed in $CACHE/node_modules/.bin" >&2
else
  start=$(date +%s)
  [ -f "$CACHE/package.json" ] || echo '{"name":"tmux-orc-real-clis","private":true}' > "$CACHE/package.json"
  # Their postinstall scripts place the native binaries (claude, codex, opencode).
  npm install --prefix "$CACHE" --no-audit --no-fund --no-save --loglevel=error "${PACKAGES[@]}"
  # Qwen Code ships its ripgrep without the execute bit (it then warns on every start).
  find "$CACHE/node_modules/@qwen-code" -path '*/vendor/ripgrep/*' -name rg -type f -exec chmod +x {} + 2>/dev/null || true
  printf '%s\n' "$WANT" > "$STAMP"
  echo "real CLIs installed in $CACHE/node_modules/.bin in $(( $(date +%s) - start )) s" >&2
fi
echo "$CACHE/node_modules/.bin"
