#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 interpreter (Django 6 needs it), building one if needed.
#
# Debian 12 ships Python 3.11 only, and this project may fetch nothing but PyPI, npm and
# Debian packages, so when no python3.12+/python3.13 is on PATH we build CPython 3.13 from
# Debian's own source package (trixie) into $NYINORGE_PYTHON_PREFIX, once per machine.
set -euo pipefail

prefix="${NYINORGE_PYTHON_PREFIX:-/opt/nyinorge-python}"

for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 "$prefix/bin/python3.13" python3; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys, ssl, sqlite3, ctypes, lzma, bz2; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    echo "$path"
    exit 0
  fi
done

log() { echo "ensure-python: $*" >&2; }
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

log "no Python >= 3.12 found; building CPython 3.13 from Debian's source into $prefix (about 5 minutes, once)"
src_list=/etc/apt/sources.list.d/nyinorge-trixie-src.sources
if [ ! -f "$src_list" ]; then
  sudo_if_needed tee "$src_list" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
sudo_if_needed apt-get update -qq >&2
sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  build-essential dpkg-dev xz-utils pkg-config libssl-dev libsqlite3-dev libffi-dev zlib1g-dev \
  libbz2-dev liblzma-dev libreadline-dev libncurses-dev libgdbm-dev uuid-dev libexpat1-dev >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get source --download-only -qq python3.13 >&2)
tar -xf "$work"/python3.13_*.orig.tar.xz -C "$work"
cd "$work"/Python-3.13*/
./configure --prefix="$prefix" --with-ensurepip=install --enable-shared \
  LDFLAGS="-Wl,-rpath,$prefix/lib" >"$work/configure.log" 2>&1 || { tail -40 "$work/configure.log" >&2; exit 1; }
make -j"$(nproc)" >"$work/make.log" 2>&1 || { tail -60 "$work/make.log" >&2; exit 1; }
sudo_if_needed make install >"$work/install.log" 2>&1 || { tail -40 "$work/install.log" >&2; exit 1; }
"$prefix/bin/python3.13" -c 'import ssl, sqlite3, ctypes, lzma, bz2' >&2
echo "$prefix/bin/python3.13"
