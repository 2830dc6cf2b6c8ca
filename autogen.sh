#!/bin/sh
# Generate ./configure and friends from a git checkout.
set -e
cd "$(dirname "$0")"
autoreconf --force --install --verbose
