#!/usr/bin/env bash
# Proxy benchmark (issue 2, item 12): a Patient read and a 20-entry search at 32 connections, three lines from one run:
#   (a) straight at the sandbox source, (b) through a bare YARP route to it, (c) through the gateway's FHIR route.
# Usage: bench/proxy/run.sh [duration-seconds]     (installs wrk from Debian when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10}"
connections=32
threads=2

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build -c Release gateway/Gateway.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/BareProxy/BareProxy.csproj -v q -nologo >/dev/null

gw=http://127.0.0.1:8090 sandbox=http://127.0.0.1:8091 bare=http://127.0.0.1:8092
dotnet gateway/bin/Release/net10.0/Lead.Gateway.dll --urls $gw --DataDirectory "$work/data" --Sandbox:Url $sandbox \
  --Logging:LogLevel:Default=Warning ${GATEWAY_ARGS:-} >"$work/gateway.log" 2>&1 &
dotnet bench/BareProxy/bin/Release/net10.0/Lead.Bench.BareProxy.dll --urls $bare --Target "$sandbox/aco-sandbox/" >"$work/bare.log" 2>&1 &

for _ in $(seq 1 120); do curl -fs "$gw/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$gw/readyz" >/dev/null || { echo "gateway did not become ready"; cat "$work/gateway.log"; exit 1; }

id=$(curl -fs "$sandbox/aco-sandbox/Patient?_count=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entry"][0]["resource"]["id"])')
read_path="Patient/$id"
search_path="Observation?_count=20"

run() { # label url
  local out
  out=$(wrk -t$threads -c$connections -d"${duration}s" --latency ${WRK_ARGS:-} "$2")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50.000%" || $1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99.000%" || $1=="99%" {print $2}' <<<"$out")
  local errors
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo "wrk -t$threads -c$connections -d${duration}s, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| route | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
for kind in read search; do
  path=$read_path; [ $kind = search ] && path=$search_path
  curl -fs -o /dev/null "$sandbox/aco-sandbox/$path" && curl -fs -o /dev/null "$bare/$path" && curl -fs -o /dev/null "$gw/fhir/aco-sandbox/$path"
  run "$kind (a) sandbox direct" "$sandbox/aco-sandbox/$path"
  run "$kind (b) bare YARP" "$bare/$path"
  run "$kind (c) gateway FHIR route" "$gw/fhir/aco-sandbox/$path"
  if [ -n "${BENCH_TOKEN_CMD:-}" ]; then
    token=$(eval "$BENCH_TOKEN_CMD")
    WRK_ARGS="-H 'Authorization: Bearer $token'" run "$kind (d) gateway + token and scopes" "$gw/fhir/aco-sandbox/$path"
  fi
done
