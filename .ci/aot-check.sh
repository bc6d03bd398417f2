#!/usr/bin/env bash
# Native AOT check: publishes tests/Lrn.AotSmoke (generated kernels of every convention, not in the solution) with
# PublishAot twice and compares each binary with the JIT build of the same program:
#   1. default settings: must build, with warning LRN0015 (no IlcInstructionSet: x86-64-v2, no AVX2/FMA);
#   2. IlcInstructionSet = x86-64-v4 on a processor with AVX-512, x86-64-v3 on one with AVX2 and FMA: no LRN0015.
# Every run must print the JIT's hash of the faithful kernels' output bits and keep the Fast kernels within their bound.
# Each run also times case A (a Stopwatch loop in the smoke app; the figures are printed, never asserted).
# Needs clang and zlib1g-dev (Debian), which .ci/run installs; the ILCompiler package comes from NuGet at the SDK's version.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
project=tests/Lrn.AotSmoke
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$project/bin" "$project/obj"

fail() { echo "FAIL: $*"; exit 1; }

check_run() { # name output-file
  grep -q '^fast-within-bound True$' "$2" || fail "$1: a Fast kernel exceeded its bound"
  diff <(grep '^faithful ' "$work/jit.txt") <(grep '^faithful ' "$2") > "$work/diff.txt" \
    || { cat "$work/diff.txt"; fail "$1: faithful kernels' bits differ from the JIT's"; }
  echo "$1: faithful bits equal the JIT's ($(grep '^faithful-all ' "$2")); Fast within bound"
}

echo "== JIT build"
dotnet build "$project" -c Release -nologo -v q -o "$work/jit-bin" > "$work/jit-build.log" 2>&1 || { cat "$work/jit-build.log"; fail "JIT build"; }
dotnet "$work/jit-bin/Lrn.AotSmoke.dll" -time | tee "$work/jit.txt"

publish() { # name output-dir extra-msbuild-arguments...
  local name=$1 out=$2; shift 2
  # A fresh intermediate directory, so that the compiler (and the analyzer) runs in every publish.
  rm -rf "$project/obj/Release/net10.0/linux-x64" "$project/bin/Release/net10.0/linux-x64"
  echo "== Native AOT publish: $name"
  if ! dotnet publish "$project" -c Release -nologo -o "$out" "$@" > "$work/$name.log" 2>&1; then
    cat "$work/$name.log"; fail "$name: publish failed"
  fi
}

publish default "$work/aot-default"
grep -q "warning LRN0015" "$work/default.log" || { cat "$work/default.log"; fail "default: no warning LRN0015"; }
grep -m1 -o "warning LRN0015: [^(]*" "$work/default.log"
"$work/aot-default/Lrn.AotSmoke" -time | tee "$work/aot-default.txt"
grep -q "Fma=False" "$work/aot-default.txt" || fail "default: the binary has FMA (expected the x86-64-v2 baseline)"
check_run default "$work/aot-default.txt"

flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
has() { for f in "$@"; do [[ " $flags " == *" $f "* ]] || return 1; done; }
if has avx512f avx512bw avx512cd avx512dq avx512vl avx2 fma; then level=x86-64-v4
elif has avx2 fma bmi1 bmi2 movbe; then level=x86-64-v3
else level=""; fi

if [[ -n "$level" ]]; then
  publish "$level" "$work/aot-$level" "-p:IlcInstructionSet=$level"
  if grep -q "LRN0015" "$work/$level.log"; then cat "$work/$level.log"; fail "$level: LRN0015 reported"; fi
  "$work/aot-$level/Lrn.AotSmoke" -time | tee "$work/aot-$level.txt"
  grep -q "Fma=True" "$work/aot-$level.txt" || fail "$level: the binary has no FMA"
  check_run "$level" "$work/aot-$level.txt"
else
  echo "this processor has no AVX2 and FMA: the IlcInstructionSet publish was not run"
fi
echo "aot check passed"
