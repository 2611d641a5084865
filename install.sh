#!/usr/bin/env bash
# vtlab set-up: Node dependencies, the TypeScript build, the Python .venv (JupyterLab, jupyter_server,
# nbclient, jupyter_kernel_test, plotly) and the "vtlab" Jupyter kernelspec.
#
#   ./install.sh                    set up everything; kernelspec into .venv (jupyter --sys-prefix)
#   ./install.sh --user             ... and also into the user's own Jupyter (~/.local/share/jupyter)
#   ./install.sh --interrupt-mode signal    kernelspec asks Jupyter to interrupt with SIGINT instead of
#                                           an interrupt_request on the control channel (the default)
#
# Idempotent and quick when already set up: each step records a stamp (hash of its inputs) and is
# skipped while the stamp matches. Downloads only from the npm registry and PyPI.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$REPO"

USER_INSTALL=0
INTERRUPT_MODE=message # the kernel's preferred mode (kernel/README.md, "Interrupts")
while [ $# -gt 0 ]; do
  case "$1" in
    --user) USER_INSTALL=1 ;;
    --interrupt-mode) shift; INTERRUPT_MODE="${1:-}" ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }
die() { printf '[install] error: %s\n' "$*" >&2; exit 1; }
hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }

command -v node >/dev/null || die "node is not on PATH (vtlab needs Node >= 20)"
command -v npm >/dev/null || die "npm is not on PATH"
command -v python3 >/dev/null || die "python3 is not on PATH (vtlab's .venv needs Python >= 3.9)"
NODE="$(node -p 'process.execPath')"

# 1. Node dependencies -------------------------------------------------------------------------------
NPM_STAMP=node_modules/.vtlab-install-stamp
npm_want="$(hash_of package.json package-lock.json)"
if [ -f "$NPM_STAMP" ] && [ "$(cat "$NPM_STAMP")" = "$npm_want" ]; then
  say "node_modules up to date"
elif [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1; then
  # Already installed by hand (npm ls checks every declared dependency is present and satisfies its range).
  say "node_modules already satisfies package.json"
  echo "$npm_want" > "$NPM_STAMP"
else
  if [ -f package-lock.json ]; then
    say "npm ci"
    npm ci --no-audit --no-fund
  else
    say "npm install (no package-lock.json)"
    npm install --no-audit --no-fund
  fi
  echo "$(hash_of package.json package-lock.json)" > "$NPM_STAMP"
fi

# 2. Build ---------------------------------------------------------------------------------------------
BUILD_STAMP=dist/.vtlab-build-stamp
build_want="$(find src kernel tsconfig.json package-lock.json -type f \( -name '*.ts' -o -name '*.json' \) \
  -printf '%p %T@\n' 2>/dev/null | sort | sha256sum | cut -d' ' -f1)"
if [ -f "$BUILD_STAMP" ] && [ "$(cat "$BUILD_STAMP")" = "$build_want" ] && [ -f dist/kernel/main.js ]; then
  say "build up to date"
else
  say "npm run build"
  npm run build --silent
  mkdir -p dist && echo "$build_want" > "$BUILD_STAMP"
fi
[ -f dist/kernel/main.js ] || die "the build did not produce dist/kernel/main.js (is kernel/main.ts there?)"

# 3. Python virtual environment ------------------------------------------------------------------------
VENV="$REPO/.venv"
PIP_STAMP="$VENV/.vtlab-requirements-stamp"
pip_want="$(hash_of requirements.txt)-$(python3 -c 'import sys; print(sys.version.split()[0])')"
if [ ! -x "$VENV/bin/python" ]; then
  say "python3 -m venv .venv"
  python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
fi
if [ -f "$PIP_STAMP" ] && [ "$(cat "$PIP_STAMP")" = "$pip_want" ]; then
  say ".venv packages up to date"
else
  say "pip install -r requirements.txt"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$pip_want" > "$PIP_STAMP"
fi

# 4. Kernelspec ----------------------------------------------------------------------------------------
SPEC_TMP="$(mktemp -d)"
trap 'rm -rf "$SPEC_TMP"' EXIT
node scripts/render-kernelspec.js "$SPEC_TMP/vtlab" --interrupt-mode "$INTERRUPT_MODE" --node "$NODE"
installed="$VENV/share/jupyter/kernels/vtlab"
spec_same() { for f in kernel.json logo-32x32.png logo-64x64.png; do cmp -s "$SPEC_TMP/vtlab/$f" "$1/$f" || return 1; done; }
quiet() { local out; out="$("$@" 2>&1)" || { printf '%s\n' "$out" >&2; die "$* failed"; }; }
if spec_same "$installed"; then
  say "kernelspec vtlab up to date (interrupt_mode $INTERRUPT_MODE)"
else
  say "kernelspec vtlab -> .venv (interrupt_mode $INTERRUPT_MODE)"
  quiet "$VENV/bin/jupyter" kernelspec install --sys-prefix --replace --name vtlab "$SPEC_TMP/vtlab"
  "$VENV/bin/jupyter" kernelspec list | grep -E '^\s+vtlab\s' >/dev/null || die "kernelspec vtlab not visible to .venv's jupyter"
fi
if [ "$USER_INSTALL" = 1 ]; then
  say "kernelspec vtlab -> user's Jupyter"
  quiet "$VENV/bin/jupyter" kernelspec install --user --replace --name vtlab "$SPEC_TMP/vtlab"
fi

say "done. Start JupyterLab with: npm start"
