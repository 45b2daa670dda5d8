#!/usr/bin/env bash
# Installs code-server (a real VS Code server + web workbench, published on npm) and the Debian packages
# needed to build and drive it, following /work/shared/REAL-VSCODE.md. Idempotent: a marker file is written
# when the install is complete, so a second run only checks it and prints the binary path.
#
# Usage:  scripts/e2e/install-code-server.sh         # prints the code-server binary path on stdout (last line)
# Env:    XDG_CACHE_HOME             cache root (default ~/.cache)
#         MODELREADY_CODE_SERVER_DIR install folder (default $XDG_CACHE_HOME/modelready/code-server-4.100.3)
#         MODELREADY_SKIP_APT=1      do not call apt-get even when packages are missing
#
# All progress output goes to stderr; stdout carries only the binary path, so callers can do
#   CODE_SERVER=$(scripts/e2e/install-code-server.sh)
set -euo pipefail

CS_VERSION=4.100.3
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}"
DIR="${MODELREADY_CODE_SERVER_DIR:-$CACHE_ROOT/modelready/code-server-$CS_VERSION}"
MARKER="$DIR/.modelready-install-complete"
BIN="$DIR/node_modules/.bin/code-server"
APT_PACKAGES=(chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)

log() { printf '[install-code-server] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

read -r node_major node_abi < <(node -p 'process.versions.node.split(".")[0] + " " + process.versions.modules' 2>/dev/null || echo "0 0")
[[ "$node_major" == 20 ]] || die "code-server $CS_VERSION needs Node 20 (found: $(node --version 2>/dev/null || echo none))"
# Native modules are built for this ABI; a marker written under another ABI means rebuild.
NODE_ABI="node-abi $node_abi"

installed() { [[ -f "$MARKER" && -x "$BIN" ]] && grep -qx "$NODE_ABI" "$MARKER"; }

# ---------------------------------------------------------------- fast path
if installed && [[ -x /usr/bin/chromium ]]; then
  echo "$BIN"
  exit 0
fi

# ---------------------------------------------------------------- Debian packages
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# node-gyp also needs a compiler, make and python3
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)

if ((${#missing[@]})); then
  if [[ "${MODELREADY_SKIP_APT:-}" == 1 ]]; then
    die "missing Debian packages: ${missing[*]} (MODELREADY_SKIP_APT=1 set)"
  fi
  SUDO=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || die "missing Debian packages (${missing[*]}) and not root / no sudo"
    SUDO=(sudo)
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -y >&2
  "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium not found after apt install"
[[ -x /usr/bin/rg ]] || die "/usr/bin/rg not found after apt install"

# ---------------------------------------------------------------- code-server
mkdir -p "$(dirname "$DIR")"
# Serialise concurrent installs (two test runs started at once on a cold machine).
exec 9>"$DIR.lock"
flock 9

if installed; then   # another process finished it while we waited
  echo "$BIN"
  exit 0
fi

start=$SECONDS
log "installing code-server@$CS_VERSION into $DIR (about 2 min with a cold npm cache, 80 s with a warm one)"
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
printf '{ "name": "modelready-code-server", "private": true }\n' > package.json

# code-server's postinstall.sh refuses root without unsafe-perm and then runs a plain `npm install` in
# lib/vscode, which fails because @vscode/ripgrep downloads from GitHub. So skip the install scripts here
# and do every step of postinstall.sh by hand below.
export npm_config_unsafe_perm=true
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false
log "npm install code-server@$CS_VERSION --ignore-scripts"
npm install --omit=dev --ignore-scripts --no-package-lock "code-server@$CS_VERSION" >&2

CS="$DIR/node_modules/code-server"
VS="$CS/lib/vscode"
[[ -d "$VS" ]] || die "unexpected code-server layout: $VS missing"

log "lib/vscode: npm install --omit=dev --ignore-scripts"
(cd "$VS" && npm install --omit=dev --ignore-scripts >&2)

log "lib/vscode: using Debian ripgrep instead of @vscode/ripgrep's GitHub download"
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"
chmod 755 "$VS/node_modules/@vscode/ripgrep/bin/rg"

log "lib/vscode: npm rebuild (native modules; node-pty's post-install helper is known to fail)"
if ! (cd "$VS" && npm rebuild >&2); then
  log "npm rebuild reported a failure; checking that the native modules were built anyway"
fi
# The ripgrep package's own postinstall (if it ran during rebuild) may have replaced/removed the binary.
if [[ ! -x "$VS/node_modules/@vscode/ripgrep/bin/rg" ]]; then
  mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
  cp /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"
  chmod 755 "$VS/node_modules/@vscode/ripgrep/bin/rg"
fi
for f in @vscode/spdlog/build/Release/spdlog.node kerberos/build/Release/kerberos.node \
         native-watchdog/build/Release/watchdog.node node-pty/build/Release/pty.node; do
  [[ -f "$VS/node_modules/$f" ]] || die "native module not built: $f (see npm rebuild output above)"
done

log "postinstall.sh steps: symlinks"
(cd "$VS" && rm -rf node_modules.asar && ln -s node_modules node_modules.asar)
(cd "$VS/bin/remote-cli" && rm -rf code-server && ln -s code-linux.sh code-server)
(cd "$VS/bin/helpers" && rm -rf browser.sh && ln -s browser-linux.sh browser.sh)

log "lib/vscode/extensions: npm install --omit=dev --ignore-scripts"
(cd "$VS/extensions" && npm install --omit=dev --ignore-scripts >&2)

log "argon2: source rebuild (from the folder code-server was installed in, where npm hoisted it)"
(cd "$DIR" && npm_config_build_from_source=true npm rebuild argon2 >&2)

[[ -x "$BIN" ]] || die "$BIN missing"
# --config to a throw-away file: without it code-server writes ~/.config/code-server/config.yaml
vcfg="$(mktemp -d)"
version="$(XDG_DATA_HOME="$vcfg" XDG_CACHE_HOME="$vcfg" "$BIN" --config "$vcfg/config.yaml" --user-data-dir "$vcfg/data" --version 2>/dev/null | grep -E "^$CS_VERSION" | head -n1 || true)"
rm -rf "$vcfg"
case "$version" in
  "$CS_VERSION"*) log "ok: code-server --version -> $version" ;;
  *) die "code-server --version printed '$version'" ;;
esac

printf 'code-server %s\n%s\ninstalled %s in %ss\n' "$CS_VERSION" "$NODE_ABI" "$(date -u +%FT%TZ)" "$((SECONDS - start))" > "$MARKER"
log "done in $((SECONDS - start)) s"
echo "$BIN"
