#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring
# Secret Service, so keytar talks to a real keychain that no other session shares.
# Usage: scripts/with-secret-service.sh <command> [args...]
set -euo pipefail
if [ "${CNS_IN_SECRET_SERVICE:-}" = "1" ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "Missing $tool. On Debian/Ubuntu run: sudo apt-get install -y dbus gnome-keyring libsecret-1-dev" >&2
    exit 1
  fi
done
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/cns-keyring.XXXXXX")
export CNS_KEYRING_HOME="$keyring_home"
export CNS_IN_SECRET_SERVICE=1
# shellcheck disable=SC2016
exec dbus-run-session -- bash -c '
  export XDG_DATA_HOME="$CNS_KEYRING_HOME/data" XDG_RUNTIME_DIR="$CNS_KEYRING_HOME/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  eval "$(printf "cns-test-keyring" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
  unset XDG_DATA_HOME XDG_RUNTIME_DIR
  status=0; "$@" || status=$?
  rm -rf "$CNS_KEYRING_HOME"
  exit $status
' cns-secret-service "$@"
