#!/usr/bin/env bash
# Make sure the system tools the test suite needs are present: gettext's msgfmt (to compile the
# catalogues) and Chromium (for the browser tests). Missing ones are installed with apt-get when
# we are root on a Debian-like system; otherwise the script says what to install and fails.
# Prints the Chromium executable's path on stdout (messages go to stderr).
set -euo pipefail

say() { echo "$*" >&2; }

apt_updated=""
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$apt_updated" ]; then
    apt-get update -qq >&2 || return 1
    apt_updated=1
  fi
  say "Installing $* with apt-get"
  apt-get install -y -qq --no-install-recommends "$@" >&2
}

find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    if [ -x "$CHROMIUM_PATH" ]; then echo "$CHROMIUM_PATH"; fi
    return 0
  fi
  for candidate in /usr/bin/chromium chromium chromium-browser; do
    if command -v "$candidate" >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 0
}

if ! command -v msgfmt >/dev/null 2>&1; then
  apt_install gettext || {
    say "msgfmt (gettext) is missing. Install it: apt-get install gettext (Debian) or your system's gettext package."
    exit 1
  }
fi

chromium="$(find_chromium)"
if [ -z "$chromium" ] && [ -n "${CHROMIUM_PATH:-}" ]; then
  say "CHROMIUM_PATH is set to '$CHROMIUM_PATH', which is not an executable. Fix it or unset it."
  exit 1
fi
if [ -z "$chromium" ]; then
  apt_install chromium || true
  chromium="$(find_chromium)"
fi
if [ -z "$chromium" ]; then
  say "The browser tests need Chromium and it could not be installed here."
  say "Install it (Debian: apt-get install chromium, as root) or set CHROMIUM_PATH to a Chromium executable."
  exit 1
fi
echo "$chromium"
