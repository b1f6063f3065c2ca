#!/usr/bin/env bash
# Builds and installs the `mlflowcpp` Python package (bindings/python) into .venv, offline.
#
#   scripts/install-bindings.sh [--force]
#
# Idempotent: skipped when the installed package was built from the same sources (a hash of
# bindings/python, lib/, cmake/, CMakeLists.txt and VERSION, kept in .venv). The CMake build
# tree persists in build/python (or $MLFLOWCPP_PYTHON_BUILD_DIR), so a rebuild after a change
# only recompiles what changed. Uses the build tools already pinned in .venv (scikit-build-core,
# pybind11): pip runs with --no-build-isolation --no-deps and downloads nothing.
# Concurrent callers (ctest and a developer) serialise on a lock in the build directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

force=0
case ${1:-} in
  --force) force=1 ;;
  "") ;;
  *) echo "install-bindings.sh: unknown option $1 (only --force)" >&2; exit 2 ;;
esac

venv=${MLFLOWCPP_VENV:-$root/.venv}
python=$venv/bin/python
build_dir=${MLFLOWCPP_PYTHON_BUILD_DIR:-$root/build/python}
stamp=$venv/.mlflowcpp-bindings.sha256
if [[ ! -x $python ]]; then
  echo "install-bindings.sh: $python not found; run scripts/setup.sh first" >&2
  exit 1
fi

sources_hash() {
  find bindings/python lib cmake CMakeLists.txt VERSION -type f \
      -not -path '*/__pycache__/*' -not -path 'bindings/python/tests/*' -not -name '*.pyc' -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

installed_ok() {
  [[ -f $stamp && $(cat "$stamp") == "$1" ]] &&
    "$python" -c 'import mlflowcpp._core' >/dev/null 2>&1
}

want=$(sources_hash)
if [[ $force -eq 0 ]] && installed_ok "$want"; then
  echo "mlflowcpp bindings up to date ($("$python" -c 'import mlflowcpp; print(mlflowcpp.__version__)'))"
  exit 0
fi

mkdir -p "$build_dir"
exec 9>"$build_dir/.install.lock"
flock 9
# Another caller may have installed the same sources while we waited for the lock.
want=$(sources_hash)
if [[ $force -eq 0 ]] && installed_ok "$want"; then
  echo "mlflowcpp bindings up to date"
  exit 0
fi

echo "==> building and installing mlflowcpp into $venv (build tree $build_dir)" >&2
rm -f "$stamp"
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
# Link the libraries scripts/setup.sh already built (a Release tree without sanitizers) rather
# than compiling the library a second time; MLFLOWCPP_PREBUILT_DIR= (empty) forces the latter.
prebuilt=${MLFLOWCPP_PREBUILT_DIR-$root/build}
settings=(--config-settings=build-dir="$build_dir")
if [[ -n $prebuilt && -f $prebuilt/mlflowcppTargets.cmake ]] &&
  ! grep -qE '^MLFLOWCPP_SANITIZE:STRING=.+' "$prebuilt/CMakeCache.txt"; then
  echo "==> linking the libraries built in $prebuilt" >&2
  settings+=(--config-settings=cmake.define.MLFLOWCPP_PREBUILT_DIR="$prebuilt")
else
  settings+=(--config-settings=cmake.define.MLFLOWCPP_PREBUILT_DIR=)
fi
"$python" -m pip install --no-build-isolation --no-deps --no-cache-dir --disable-pip-version-check -q \
  "${settings[@]}" ./bindings/python
"$python" -c 'import mlflowcpp._core' # fails loudly when the module does not load
echo "$want" >"$stamp"
echo "mlflowcpp bindings installed ($("$python" -c 'import mlflowcpp; print(mlflowcpp.__version__)'))"
