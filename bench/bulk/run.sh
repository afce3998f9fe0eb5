#!/usr/bin/env bash
# Bulk export benchmark (issue 5): N synthetic people seeded into the three sandbox sources, then one system-level
# $export through the gateway, timed from kick-off to the complete manifest.
#   phase 1 (generator): bench/bulk/Generator writes the sandbox's synthetic population for N people as NDJSON
#                        (streamed), and `Lead.Gateway.dll import` loads each source's file (batches of 500).
#                        (--Sandbox:SeedPeople 10000 would be simpler but the seeder stores a whole source in one
#                        batch and SQLite refuses more than 32,766 parameters in one query.)
#   phase 2 (export):    a fresh gateway on that data directory (no seeding, so its peak RSS is the export's) runs
#                        GET /fhir/$export with a real backend-services token (system/*.rs), in four set-ups:
#                        - "gateway alone": the production shape. The three sources are served by a second process
#                          (a gateway with the sandbox on); the measured gateway has the sandbox off and reaches them
#                          as ordinary configured sources over HTTP.
#                        - "all in one": the README's default, the sandbox sources inside the gateway process, so its
#                          RSS includes three FHIR servers answering 240 search pages.
#                        Both with MALLOC_ARENA_MAX=2, as `dotnet run` (gateway/Properties/launchSettings.json) and the
#                        Dockerfile set it, and once with glibc's default; the last line is server GC for comparison.
# Prints resources/s, MB/s and the measured gateway's peak RSS (VmHWM from /proc/<pid>/status).
# Usage: bench/bulk/run.sh [people]      (default 10000, about 240,000 resources)
set -euo pipefail
cd "$(dirname "$0")/../.."
people="${1:-10000}"
gw=http://127.0.0.1:8190

work=$(mktemp -d)
pid=""
cleanup() { for p in $pid ${sources_pid:-}; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release gateway/Gateway.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/bulk/Generator/BulkGenerator.csproj -v q -nologo >/dev/null
dll=gateway/bin/Release/net10.0/Lead.Gateway.dll

wait_ready() {
  for _ in $(seq 1 600); do curl -fs "$gw/readyz" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "gateway not ready"; tail -20 "$work/gateway.log"; exit 1
}

# Phase 1: generate and load the population.
seed_start=$(date +%s.%N)
dotnet bench/bulk/Generator/bin/Release/net10.0/Lead.Gateway.Bench.dll "$people" "$work/ndjson" >"$work/generate.log"
for source in aco-sandbox medicaid-sandbox hie-sandbox; do
  # The folder goes last: configuration reads a leading-slash argument as a "/key value" pair and would eat what follows.
  dotnet $dll import --DataDirectory="$work/data" --source $source "$work/ndjson/$source" >>"$work/import.log" 2>&1 \
    || { echo "import into $source failed"; tail -5 "$work/import.log"; exit 1; }
done
seed_end=$(date +%s.%N)

# Phase 2: export. Each run is a fresh gateway process on the loaded data directory.
sources_pid=""
export_once() { # label, mode (all-in-one|alone), then environment assignments for the measured gateway
  local label=$1 mode=$2; shift 2
  local args=(--urls $gw --DataDirectory "$work/data" --Sandbox:SeedPeople 0 --Logging:LogLevel:Default=Warning)
  if [ "$mode" = alone ]; then
    # The sources' process polls for export jobs rarely, so the measured gateway runs the job.
    dotnet $dll --urls http://127.0.0.1:8192 --DataDirectory "$work/data" --Sandbox:SeedPeople 0 --Sandbox:Url http://127.0.0.1:8193 \
      --BulkExport:PollInterval 00:10:00 --Logging:LogLevel:Default=Warning >"$work/sources.log" 2>&1 &
    sources_pid=$!
    for _ in $(seq 1 600); do curl -fs http://127.0.0.1:8192/readyz >/dev/null 2>&1 && break; sleep 0.5; done
    args+=(--Sandbox:Enabled false)
    for source in aco medicaid hie; do
      args+=(--Sources:$source:Kind $source --Sources:$source:BaseUrl http://127.0.0.1:8193/$source-sandbox)
    done
  fi
  env "$@" dotnet $dll "${args[@]}" >"$work/gateway.log" 2>&1 &
  pid=$!
  wait_ready
  local token status code start end hwm rss_before resources errors bytes seconds
  token=$(dotnet $dll demo-token --url $gw --DataDirectory "$work/data" --scope "system/*.rs")
  rss_before=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  start=$(date +%s.%N)
  status=$(curl -fs -D - -o /dev/null -H "Authorization: Bearer $token" -H "Prefer: respond-async" "$gw/fhir/\$export" \
    | awk 'tolower($1)=="content-location:" {print $2}' | tr -d '\r')
  while :; do
    code=$(curl -s -o "$work/manifest.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$status")
    [ "$code" = 200 ] && break
    [ "$code" = 202 ] || { echo "status $code"; cat "$work/manifest.json"; exit 1; }
    sleep 0.2
  done
  end=$(date +%s.%N)
  hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
  resources=$(python3 -c 'import json,sys; print(sum(o["count"] for o in json.load(open(sys.argv[1]))["output"]))' "$work/manifest.json")
  errors=$(python3 -c 'import json,sys; print(sum(o["count"] for o in json.load(open(sys.argv[1]))["error"]))' "$work/manifest.json")
  bytes=$(du -sb "$work/data/exports/${status##*/}" | awk '{print $1}')
  seconds=$(echo "$end - $start" | bc -l)
  printf '| %s | %d | %d | %.1f | %.0f | %.1f | %.1f | %d MB | %d MB | %d MB |\n' "$label" "$resources" "$errors" "$seconds" \
    "$(echo "$resources / $seconds" | bc -l)" "$(echo "$bytes / 1048576" | bc -l)" "$(echo "$bytes / 1048576 / $seconds" | bc -l)" \
    $((rss_before / 1024)) $((hwm / 1024)) $(((hwm - rss_before) / 1024))
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  if [ -n "$sources_pid" ]; then kill "$sources_pid"; wait "$sources_pid" 2>/dev/null || true; sources_pid=""; fi
  rm -rf "$work/data/exports"
}

cat "$work/generate.log"
echo "bulk export: $people people; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); generate+import $(printf '%.1f' "$(echo "$seed_end - $seed_start" | bc -l)") s"
echo
echo "| measured gateway | resources | errors | seconds | resources/s | MB | MB/s | RSS before export | peak RSS (VmHWM) | peak - before |"
echo "|---|---|---|---|---|---|---|---|---|---|"
export_once "gateway alone, sources in their own process" alone MALLOC_ARENA_MAX=2
export_once "gateway alone, glibc's default malloc arenas" alone
export_once "all in one (README default: embedded sandbox sources)" all-in-one MALLOC_ARENA_MAX=2
export_once "all in one, glibc's default malloc arenas" all-in-one
export_once "all in one, server GC (DOTNET_gcServer=1)" all-in-one MALLOC_ARENA_MAX=2 DOTNET_gcServer=1
