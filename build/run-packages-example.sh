#!/usr/bin/env bash
# Builds and runs docs/getting-started.md's complete example as a new app that uses only the packed packages.
#   build/run-packages-example.sh <packages folder> <work folder outside the repository>
# The work folder gets its own nuget.config (the packages folder plus the machine's registries) and its own
# NUGET_PACKAGES, so no stale package of the same version is ever reused.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -ne 2 ]; then
    echo "usage: $0 <packages folder> <work folder>" >&2
    exit 2
fi
packages="$(cd "$1" && pwd)"
mkdir -p "$2"
work="$(cd "$2" && pwd)"

core="$(ls "$packages"/Batchivo.Core.*.nupkg 2>/dev/null | head -1 || true)"
if [ -z "$core" ]; then
    echo "error: no Batchivo.Core package in $packages; pack first: dotnet msbuild build/Batchivo.Pack.proj -restore -t:Pack -p:PackageOutput=$packages" >&2
    exit 1
fi
version="${core##*/Batchivo.Core.}"
version="${version%.nupkg}"

awk '/^## A complete example/ { section = 1 }
     section && /^```csharp$/ { code = 1; next }
     code && /^```$/ { exit }
     code { print }' "$root/docs/getting-started.md" >"$work/Program.cs"
if [ ! -s "$work/Program.cs" ]; then
    echo "error: docs/getting-started.md has no csharp block under '## A complete example'" >&2
    exit 1
fi

cat >"$work/PackagesExample.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Batchivo.Hosting" Version="$version" />
    <PackageReference Include="Batchivo.Storage.Sqlite" Version="$version" />
  </ItemGroup>
</Project>
XML
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="batchivo-packed" value="$packages" />
  </packageSources>
</configuration>
XML

export NUGET_PACKAGES="$work/nuget-packages"
cd "$work"
dotnet build -c Release -v q -nologo PackagesExample.csproj
dotnet bin/Release/net10.0/PackagesExample.dll
