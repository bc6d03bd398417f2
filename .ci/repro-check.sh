#!/usr/bin/env bash
# Reproducible builds: the assemblies of src/* (Lrn.Runtime, Lrn.Generator, Lrn.CodeFixes: dll, pdb and xml docs) must be
# byte-identical across clean Release builds of the same commit.
#   1. as a developer builds: one clone built, cleaned (git clean -xdf) and built again, in the same directory;
#   2. as the package is built (ContinuousIntegrationBuild=true, as .ci/package-check.sh packs, which maps the source
#      paths to /_/): that clone and a second clone at another path, one build each.
# Only committed work is checked (the clones are of HEAD).
# Usage: bash .ci/repro-check.sh [--quick]   (--quick: the second check only, two builds instead of four; .ci/run uses it)
set -euo pipefail
quick=false
[ "${1:-}" = "--quick" ] && quick=true
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*"; exit 1; }

build() { # label clone-dir extra-msbuild-arguments...: a clean build, its outputs copied to $work/out/label
  local label=$1 dir=$2
  shift 2
  git -C "$dir" clean -xdfq
  # Lrn.Runtime builds Lrn.Generator and Lrn.CodeFixes too (its package carries them).
  dotnet build "$dir/src/Lrn.Runtime/Lrn.Runtime.csproj" -c Release -nologo "$@" > "$work/$label.log" 2>&1 \
    || { cat "$work/$label.log"; fail "$label: build"; }
  mkdir -p "$work/out/$label"
  for p in Lrn.Runtime Lrn.Generator Lrn.CodeFixes; do
    local files
    files=$(find "$dir/src/$p/bin/Release" -type f \( -name "$p.dll" -o -name "$p.pdb" -o -name "$p.xml" \))
    [ -n "$files" ] || fail "$label: no output for $p"
    for f in $files; do cp "$f" "$work/out/$label/"; done
  done
}

compare() { # what label-a label-b
  local what=$1 a=$work/out/$2 b=$work/out/$3 failed=0
  echo "== $what"
  [ "$(ls "$a")" = "$(ls "$b")" ] || fail "$what: the builds produced different files ($(ls "$a" | tr '\n' ' ') / $(ls "$b" | tr '\n' ' '))"
  for f in $(ls "$a"); do
    if cmp -s "$a/$f" "$b/$f"; then
      echo "  identical  $(sha256sum < "$a/$f" | cut -c1-16)  $f"
    else
      echo "  DIFFERENT  $f"; failed=1
    fi
  done
  [ "$failed" = 0 ] || fail "$what: not reproducible"
}

echo "== two clones of $(git rev-parse --short HEAD): $work/one and $work/two-elsewhere"
git clone --quiet --no-hardlinks "$root" "$work/one"
git clone --quiet --no-hardlinks "$root" "$work/two-elsewhere"

if [ "$quick" = false ]; then
  build dev-1 "$work/one"
  build dev-2 "$work/one"
  compare "same directory, built twice (git clean -xdf between)" dev-1 dev-2
fi

build ci-one "$work/one" -p:ContinuousIntegrationBuild=true
build ci-two "$work/two-elsewhere" -p:ContinuousIntegrationBuild=true
compare "two directories, ContinuousIntegrationBuild=true" ci-one ci-two

echo "reproducible: Lrn.Runtime, Lrn.Generator, Lrn.CodeFixes"
