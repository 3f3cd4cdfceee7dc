# Sourced by scripts/prerequisites.sh (or run on its own): installs Debian's headless-capable Chromium
# when it is missing. The report tests take screenshots with it; without it they are skipped, and on
# CI (CI=true) they fail, so a machine that cannot install it is noticed.
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing: chromium (for the report screenshot tests)"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core
fi
