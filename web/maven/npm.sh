#!/bin/sh
# Runs one npm step of the Maven build (web/pom.xml): checks first that Node.js >= 20 and npm are installed,
# and says in one sentence what to install when not. Never downloads Node.js or a browser.
#
#   maven/npm.sh ci          npm ci, skipped when node_modules was installed from this very package-lock.json
#   maven/npm.sh run SCRIPT  npm run SCRIPT
set -eu
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1; then
  echo "web: Node.js 20 or newer is needed to build web/ and was not found: install it (apt-get install nodejs npm, or from https://nodejs.org)" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "web: Node.js 20 or newer is needed to build web/, found $(node --version): install a newer Node.js (https://nodejs.org)" >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "web: npm is needed to build web/ and was not found: install it (apt-get install npm)" >&2
  exit 1
fi
# playwright-core downloads nothing on install; this makes sure no other package of the tree does either
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1

case ${1:-} in
  ci)
    # the lockfile's checksum, written after a successful npm ci: equal means node_modules is that install
    stamp=node_modules/.maven-npm-ci
    want=$(node -e 'const c=require("node:crypto"),f=require("node:fs");process.stdout.write(c.createHash("sha256").update(f.readFileSync("package-lock.json")).update(process.version).digest("hex"))')
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
      echo "web: node_modules matches package-lock.json, npm ci skipped"
      exit 0
    fi
    npm ci --no-audit --no-fund --loglevel=error
    printf '%s' "$want" >"$stamp"
    ;;
  run)
    shift
    exec npm run --silent "$@"
    ;;
  *)
    echo "usage: maven/npm.sh ci | run SCRIPT" >&2
    exit 2
    ;;
esac
