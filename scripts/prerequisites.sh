# Sourced by run-tests.sh and run-samples.sh: installs what the build and the tests need on a fresh
# Debian machine (a C compiler for the test libraries, objdump for the decoder's differential test,
# zlib and libcrypto for the samples, Chromium for the report screenshots). Does nothing when everything is there.
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v objdump >/dev/null 2>&1 || missing+=(binutils)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[ -e /lib/x86_64-linux-gnu/libz.so.1 ] || [ -e /usr/lib/x86_64-linux-gnu/libz.so.1 ] || missing+=(zlib1g)
[ -e /lib/x86_64-linux-gnu/libcrypto.so.3 ] || [ -e /usr/lib/x86_64-linux-gnu/libcrypto.so.3 ] || missing+=(libssl3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
source "$(dirname "${BASH_SOURCE[0]}")/chromium.sh"
MVN=(mvn -B -ntp -Dstyle.color=never)
