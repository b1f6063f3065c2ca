#!/usr/bin/env bash
# Idempotent install + build: Debian packages, the pinned Python venv (.venv/), and the C++
# build in build/ (the CLI lands at build/bin/mlflow-cpp). Safe to run again: each step is
# skipped when already done.
#
#   scripts/setup.sh [--no-build] [--build-dir DIR] [--build-type TYPE] [-- extra cmake args]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

build=1
build_dir=${MLFLOWCPP_BUILD_DIR:-build}
build_type=${MLFLOWCPP_BUILD_TYPE:-Release}
extra_cmake=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --no-build) build=0 ;;
    --build-dir) build_dir=$2; shift ;;
    --build-type) build_type=$2; shift ;;
    --) shift; extra_cmake=("$@"); break ;;
    *) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# 1. Debian packages (C++ toolchain and libraries, wrk, PostgreSQL, clang for fuzzing, doxygen).
apt_packages=(build-essential cmake ninja-build pkg-config git curl openssl
  libcurl4-openssl-dev nlohmann-json3-dev libeigen3-dev libfmt-dev catch2 libcli11-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  clang libclang-rt-14-dev clang-format clang-tidy wrk doxygen postgresql python3-venv)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq || true
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 2. Python venv with the pinned set (mlflow server/client, dvc, scikit-learn, pybind11, ...).
python=${PYTHON:-python3}
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [[ ! -x .venv/bin/python ]]; then
  say "creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  say "installing pinned Python packages (requirements.txt)"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q --no-deps -r requirements.txt
  echo "$want" >"$stamp"
fi

# 3. Configure and build.
if [[ $build -eq 1 ]]; then
  if [[ ! -f $build_dir/build.ninja ]]; then
    say "configuring $build_dir ($build_type)"
    # Release at -O2 (not CMake's -O3) and without debug info: a third less compile time on 2 cores.
    # Warnings are errors in CI (CI=true) or with MLFLOWCPP_WERROR=ON.
    werror=${MLFLOWCPP_WERROR:-OFF}
    [[ ${CI:-} == true ]] && werror=ON
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
      -DMLFLOWCPP_WERROR="$werror" "${extra_cmake[@]}"
  fi
  say "building $build_dir"
  cmake --build "$build_dir" -j"$(nproc)"
fi
