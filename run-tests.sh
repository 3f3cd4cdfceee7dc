#!/usr/bin/env bash
# Runs every test of every module (the README's test command; CI runs exactly this).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
"${MVN[@]}" install "$@"
