#!/usr/bin/env bash
# `npm start`: opens the project's JupyterLab (from .venv) on notebooks/, with the vtlab kernel.
# Runs ./install.sh first (quick when everything is already set up), so a fresh clone works too.
# Extra arguments go to `jupyter lab` (e.g. `npm start -- --port 9999 --no-browser`).
# The server listens on localhost only; JupyterLab's update check and news feed are switched off
# so the lab makes no requests outside this machine.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

./install.sh

extra=()
[ "$(id -u)" = 0 ] && extra+=(--allow-root) # jupyter refuses to run as root without it

exec "$REPO/.venv/bin/jupyter" lab \
  --ServerApp.root_dir="$REPO/notebooks" \
  --ServerApp.ip=127.0.0.1 \
  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  --LabApp.news_url=None \
  --LabApp.extension_manager=readonly \
  --MappingKernelManager.default_kernel_name=vtlab \
  "${extra[@]}" "$@"
