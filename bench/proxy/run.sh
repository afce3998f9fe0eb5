#!/usr/bin/env bash
# Proxy benchmark (issues 2 and 3): a Patient read and a 20-entry search at 32 connections, four lines from one run,
# all against the same sandbox upstream:
#   (a) straight at the sandbox source          http://127.0.0.1:8091/aco-sandbox/...
#   (b) a bare YARP route to it (no FHIR work)   http://127.0.0.1:8092/...           (bench/BareProxy)
#   (c) the gateway's FHIR route, no auth        http://127.0.0.1:8093/fhir/aco-sandbox/...  (Smart:Enforcement=disabled)
#   (d) the gateway with token + scope checks    http://127.0.0.1:8094/fhir/aco-sandbox/...  (Smart:Enforcement=required)
# (c) and (d) are gateways of their own with the sandbox off and source aco-sandbox pointing at the sandbox of the
# default gateway (:8090, which also issues nothing here): each line's proxy runs in a process without the upstream.
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
gateway_dll=gateway/bin/Release/net10.0/Lead.Gateway.dll

gw=http://127.0.0.1:8090 sandbox=http://127.0.0.1:8091 bare=http://127.0.0.1:8092 noauth=http://127.0.0.1:8093 auth=http://127.0.0.1:8094
dotnet $gateway_dll --urls $gw --DataDirectory "$work/data" --Sandbox:Url $sandbox >"$work/gateway.log" 2>&1 &
for _ in $(seq 1 120); do curl -fs "$sandbox/aco-sandbox/metadata" >/dev/null 2>&1 && break; sleep 0.5; done
dotnet $gateway_dll --urls $noauth --DataDirectory "$work/data-noauth" --Sandbox:Enabled=false --Smart:Enforcement=disabled \
  --Sources:aco-sandbox:Kind=aco --Sources:aco-sandbox:BaseUrl="$sandbox/aco-sandbox/" >"$work/noauth.log" 2>&1 &
dotnet bench/BareProxy/bin/Release/net10.0/Lead.Bench.BareProxy.dll --urls $bare --Target "$sandbox/aco-sandbox/" >"$work/bare.log" 2>&1 &
# (d): the demo backend client of the default gateway, registered here from its public key.
for _ in $(seq 1 120); do [ -f "$work/data/keys/demo-backend-client.private.jwk.json" ] && break; sleep 0.5; done
mkdir -p "$work/data-auth/keys" && cp "$work/data/keys/demo-backend-client.private.jwk.json" "$work/data-auth/keys/"
jwks=$(python3 -c 'import json,sys; k=json.load(open(sys.argv[1])); print(json.dumps({"keys":[{f:k[f] for f in ("kty","kid","alg","n","e")}]}))' "$work/data-auth/keys/demo-backend-client.private.jwk.json")
dotnet $gateway_dll --urls $auth --DataDirectory "$work/data-auth" --Sandbox:Enabled=false \
  --Sources:aco-sandbox:Kind=aco --Sources:aco-sandbox:BaseUrl="$sandbox/aco-sandbox/" \
  --Auth:Clients:0:ClientId=demo-backend --Auth:Clients:0:Type=backend --Auth:Clients:0:Scopes="system/*.rs" \
  --Auth:Clients:0:Jwks="$jwks" >"$work/auth.log" 2>&1 &

for url in "$gw/readyz" "$noauth/readyz" "$auth/readyz" "$bare/metadata"; do
  for _ in $(seq 1 120); do curl -fs "$url" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "$url" >/dev/null || { echo "not ready: $url"; tail -20 "$work"/*.log; exit 1; }
done
token=$(dotnet $gateway_dll demo-token --url $auth --DataDirectory "$work/data-auth" --scope "system/*.rs")

id=$(curl -fs "$sandbox/aco-sandbox/Patient?_count=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entry"][0]["resource"]["id"])')

run() { # label url [wrk args...]
  local label=$1 url=$2; shift 2
  local out rps p50 p99 errors
  out=$(wrk -t$threads -c$connections -d"${duration}s" --latency "$@" "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo "wrk -t$threads -c$connections -d${duration}s --latency; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| route | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
for kind in read search; do
  path="Patient/$id"; [ $kind = search ] && path="Observation?_count=20"
  curl -fs -o /dev/null "$noauth/fhir/aco-sandbox/$path"
  curl -fs -o /dev/null -H "Authorization: Bearer $token" "$auth/fhir/aco-sandbox/$path"
  run "$kind (a) sandbox direct" "$sandbox/aco-sandbox/$path"
  run "$kind (b) bare YARP route" "$bare/$path"
  run "$kind (c) gateway FHIR route, no auth" "$noauth/fhir/aco-sandbox/$path"
  run "$kind (d) gateway FHIR route, token + scopes" "$auth/fhir/aco-sandbox/$path" -H "Authorization: Bearer $token"
done
