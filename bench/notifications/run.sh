#!/usr/bin/env bash
# Notification latency benchmark (issue 6, item 7): Encounters created through the gateway at a steady rate, one
# encounter-start subscription with a rest-hook listener on loopback; p50/p99 from the write's 201 to the notification.
# Usage: bench/notifications/run.sh [rate-per-second=20] [seconds=30] [content=id-only]
set -euo pipefail
cd "$(dirname "$0")/../.."
rate="${1:-20}"
seconds="${2:-30}"
content="${3:-id-only}"

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build -c Release gateway/Gateway.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/notifications/NotificationsBench.csproj -v q -nologo >/dev/null
bench=bench/notifications/bin/Release/net10.0/Lead.Bench.Notifications.dll
dotnet $bench keygen "$work"

# A backend client registered for the benchmark (write and Subscription scopes); loopback rest-hooks allowed.
gw=http://127.0.0.1:${GW_PORT:-8092}
dotnet gateway/bin/Release/net10.0/Lead.Gateway.dll --urls $gw --DataDirectory "$work/data" \
  --Auth:Clients:0:ClientId=bench-notifications --Auth:Clients:0:Type=backend \
  --Auth:Clients:0:Jwks="$(cat "$work/bench.jwks.json")" --Auth:Clients:0:Scopes='system/*.cruds' \
  --Subscriptions:AllowPrivateEndpoints=true \
  --Logging:LogLevel:Default=Warning ${GATEWAY_ARGS:-} >"$work/gateway.log" 2>&1 &

for _ in $(seq 1 120); do curl -fs "$gw/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$gw/readyz" >/dev/null || { echo "gateway did not become ready"; cat "$work/gateway.log"; exit 1; }

echo "${rate} writes/s for ${seconds}s after a 3s warm-up, payload ${content}, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| payload | rate | events | p50 | p90 | p99 | max | p50 from send | p99 from send | missing | failed writes |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
dotnet $bench "$gw" "$work/bench.private.pem" "$rate" "$seconds" "$content" \
  || { echo "benchmark failed; gateway log:"; tail -40 "$work/gateway.log"; exit 1; }
