#!/usr/bin/env bash
# setup.sh - install the Debian packages migc needs to build and test.
# Idempotent: asks dpkg first, runs apt-get only when something is missing.
# Run as root on Debian 12 (or with sudo available).
set -euo pipefail

packages=(
  build-essential autoconf automake libtool pkg-config
  flex bison
  libcriterion-dev
  libgrpc-dev protobuf-c-compiler libprotobuf-c-dev
  valgrind
  strace  # tests/build.sh, tests/migrun-cli.sh: which files the fast paths touch
  groff-base  # tests/man.sh: the manual pages render without warnings
  zsh  # tests/completion.sh: the zsh completion
  vim  # tests/editor.sh: the Vim syntax, run headless
  openssl  # tests/ydb: a throwaway self-signed certificate for the TLS test
  clang libclang-rt-dev  # make fuzz and tests/fuzz/smoke.sh: clang with its libFuzzer runtime
)

# The ydbsim conformance check runs YDB's official Node.js SDKs (npm ci with a lockfile).
# Machines of this project's kind come with Node.js 20 and npm; Debian's nodejs and npm are
# the fallback where they do not.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} build packages are installed"
  exit 0
fi

echo "setup: missing packages: ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "setup: error: installing packages needs root; run this script as root" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: error: apt-get not found; install these by hand: ${missing[*]}" >&2
  exit 1
fi

echo "setup: apt-get update"
"${sudo[@]}" apt-get update -q
echo "setup: apt-get install ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup: done"
