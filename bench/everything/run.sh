#!/usr/bin/env bash
# Patient/$everything benchmark (issue 6, item 7): latency p50/p99 for one person with ~200 resources across the three
# sandbox sources (aco, medicaid, hie), with a real Backend Services token (system/*.rs) from the gateway's own server.
# Usage: bench/everything/run.sh [requests] [target-resources] [callers]
set -euo pipefail
cd "$(dirname "$0")/../.."
requests="${1:-200}"
target="${2:-200}"
callers="${3:-4}"

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build -c Release gateway/Gateway.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/everything/EverythingBench.csproj -v q -nologo >/dev/null

gw=http://127.0.0.1:${GW_PORT:-8094} sandbox=http://127.0.0.1:${SANDBOX_PORT:-8095}
dotnet gateway/bin/Release/net10.0/Lead.Gateway.dll --urls $gw --DataDirectory "$work/data" --Sandbox:Url $sandbox \
  --Logging:LogLevel:Default=Warning ${GATEWAY_ARGS:-} >"$work/gateway.log" 2>&1 &

for _ in $(seq 1 120); do curl -fs "$gw/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$gw/readyz" >/dev/null || { echo "gateway did not become ready"; cat "$work/gateway.log"; exit 1; }

token=$(dotnet gateway/bin/Release/net10.0/Lead.Gateway.dll demo-token --url $gw --DataDirectory "$work/data" --scope "system/*.rs")
echo "$(date -u +%Y-%m-%dT%H:%MZ)"
dotnet bench/everything/bin/Release/net10.0/Lead.Bench.Everything.dll "$gw" "$sandbox" "$token" "$requests" "$target" "$callers" \
  || { echo "benchmark failed; gateway log:"; tail -40 "$work/gateway.log"; exit 1; }
