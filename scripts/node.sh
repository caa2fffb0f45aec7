# Sourced, not run: `. scripts/node.sh` puts Node.js 24 first on this shell's PATH. When the
# machine's own Node is older, the official binary is fetched once from the npm registry
# (the `node-linux-<arch>` package, checked against the registry's integrity hash by npm)
# into .tools/, which needs no root and no other host than the registry.
TASKLANE_NODE=24.22.3
# Sourced from the checkout's root (the README's commands and .ci/run are).
_tasklane_root="$PWD"
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 24 ? 0 : 1)' 2>/dev/null; then
  _tasklane_dir="$_tasklane_root/.tools/node-$TASKLANE_NODE"
  if [ ! -x "$_tasklane_dir/bin/node" ]; then
    case "$(uname -m)" in x86_64) _tasklane_arch=x64 ;; aarch64 | arm64) _tasklane_arch=arm64 ;; *) _tasklane_arch="$(uname -m)" ;; esac
    echo "▸ Fetching Node.js $TASKLANE_NODE (node-linux-$_tasklane_arch from the npm registry) into .tools/"
    _tasklane_tmp="$(mktemp -d)"
    if (cd "$_tasklane_tmp" && npm pack --silent "node-linux-$_tasklane_arch@$TASKLANE_NODE" >/dev/null); then
      mkdir -p "$_tasklane_dir"
      tar xzf "$_tasklane_tmp"/*.tgz -C "$_tasklane_dir" --strip-components=1
    else
      echo "✖ Could not fetch Node.js $TASKLANE_NODE from the npm registry; install Node.js 24 and run again." >&2
    fi
    rm -rf "$_tasklane_tmp"
  fi
  [ -x "$_tasklane_dir/bin/node" ] && export PATH="$_tasklane_dir/bin:$PATH"
fi
unset _tasklane_root _tasklane_dir _tasklane_arch _tasklane_tmp
