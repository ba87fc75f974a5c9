#!/usr/bin/env bash
# Builds every module and runs all tests (unit and integration): ./verify.sh [more mvn args]
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/jdk.sh
. scripts/jdk.sh
exec mvn -B verify "$@"
