#!/usr/bin/env bash
# Packs the Lrn.Generators package into a local feed and proves it works as users install it: tests/Lrn.PackageConsumer
# (outside the solution) restores it by PackageReference from that feed (no project reference), builds with the generator
# and analyzer running from the package, and runs a generated kernel on the seed example; a second build with a wrong
# port must fail with the package's LRN0001.
#
# The package is packed from a clean clone of HEAD (committed work only, as a release is) whose origin is the public
# repository URL, so that SourceLink maps the sources to it. Output: artifacts/package-feed/Lrn.Generators.<version>.nupkg
# and .snupkg (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

version=$(dotnet msbuild src/Lrn.Runtime/Lrn.Runtime.csproj -getProperty:PackageVersion)
repository=$(dotnet msbuild src/Lrn.Runtime/Lrn.Runtime.csproj -getProperty:RepositoryUrl)
feed="$root/artifacts/package-feed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== pack Lrn.Generators $version (clean clone of $(git rev-parse --short HEAD), origin $repository)"
git clone --quiet --no-hardlinks "$root" "$work/repo"
git -C "$work/repo" remote set-url origin "$repository"
rm -rf "$feed"
mkdir -p "$feed"
dotnet pack "$work/repo/src/Lrn.Runtime/Lrn.Runtime.csproj" -c Release -o "$feed" -p:ContinuousIntegrationBuild=true -nologo

nupkg="$feed/Lrn.Generators.$version.nupkg"
snupkg="$feed/Lrn.Generators.$version.snupkg"
echo "== unzip -l $(basename "$nupkg")"
unzip -l "$nupkg"
echo "== unzip -l $(basename "$snupkg")"
unzip -l "$snupkg"

# The layout users depend on, and SourceLink in the symbols.
for entry in lib/net10.0/Lrn.Runtime.dll lib/net10.0/Lrn.Runtime.xml analyzers/dotnet/cs/Lrn.Generator.dll analyzers/dotnet/cs/Lrn.CodeFixes.dll buildTransitive/Lrn.Generators.props README.md; do
  unzip -l "$nupkg" "$entry" >/dev/null || { echo "FAIL: $entry missing from the package"; exit 1; }
done
unzip -p "$nupkg" Lrn.Generators.nuspec | grep '<license type="expression">MIT</license>' >/dev/null || { echo "FAIL: no MIT license expression"; exit 1; }
# grep without -q reads the whole pdb: with -q it stops at the first match, unzip then dies of SIGPIPE, and pipefail fails the test.
if unzip -p "$snupkg" lib/net10.0/Lrn.Runtime.pdb | grep -a "raw.githubusercontent.com" >/dev/null; then
  echo "SourceLink: Lrn.Runtime.pdb maps its sources to $(unzip -p "$snupkg" lib/net10.0/Lrn.Runtime.pdb | grep -ao 'https://raw.githubusercontent.com/[^"]*' | sed -n 1p)"
else
  echo "FAIL: no SourceLink in Lrn.Runtime.pdb"; exit 1
fi

echo "== consumer: restore from the local feed (package cache for $version cleared first)"
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
rm -rf "${cache%/}/lrn.generators/$version"
rm -rf tests/Lrn.PackageConsumer/bin tests/Lrn.PackageConsumer/obj
dotnet build tests/Lrn.PackageConsumer -c Release -p:LrnPackageVersion="$version" -nologo
test -f "${cache%/}/lrn.generators/$version/lrn.generators.$version.nupkg.sha512" || { echo "FAIL: the package was not restored into the cache"; exit 1; }

echo "== consumer: run"
dotnet tests/Lrn.PackageConsumer/bin/Release/net10.0/Lrn.PackageConsumer.dll

echo "== consumer: a wrong port must fail the build with the package's LRN0001"
if dotnet build tests/Lrn.PackageConsumer -c Release -p:LrnPackageVersion="$version" -p:LrnBadPort=true -nologo -o "$work/bad" > "$work/bad.log" 2>&1; then
  cat "$work/bad.log"; echo "FAIL: the build with LRN0001 succeeded"; exit 1
fi
grep -q "error LRN0001" "$work/bad.log" || { cat "$work/bad.log"; echo "FAIL: the build failed without LRN0001"; exit 1; }
grep -m1 "error LRN0001" "$work/bad.log"
echo "== consumer: PublishAot without an instruction set must warn LRN0015 (the package's buildTransitive props at work)"
if ! dotnet build tests/Lrn.PackageConsumer -c Release -p:LrnPackageVersion="$version" -p:PublishAot=true -p:WarningsNotAsErrors=LRN0015 -nologo -o "$work/aot" > "$work/aot.log" 2>&1; then
  cat "$work/aot.log"; echo "FAIL: the consumer build with PublishAot failed"; exit 1
fi
grep -q "warning LRN0015" "$work/aot.log" || { cat "$work/aot.log"; echo "FAIL: no LRN0015 from the package"; exit 1; }
grep -m1 -o "warning LRN0015: [^:]*" "$work/aot.log"

echo "package check passed: Lrn.Generators $version"
