#!/usr/bin/env bash
# $lead-eligibility benchmark (issue 7, item 6): p50/p99 at 16 concurrent callers against a running gateway whose check
# consults three sources: aco-sandbox (aco), medicaid-sandbox (medicaid) and cms-feed (cms: the sandbox ACO's data
# served as a second, configured upstream, so the third source costs real HTTP like the other two).
# Usage: bench/eligibility/run.sh [duration-seconds] [callers]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-20}"
callers="${2:-16}"

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build -c Release gateway/Gateway.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/eligibility/EligibilityBench.csproj -v q -nologo >/dev/null

gw=http://127.0.0.1:${GW_PORT:-8090} sandbox=http://127.0.0.1:${SANDBOX_PORT:-8091}
dotnet gateway/bin/Release/net10.0/Lead.Gateway.dll --urls $gw --DataDirectory "$work/data" --Sandbox:Url $sandbox \
  --Sources:cms-feed:Kind=cms --Sources:cms-feed:BaseUrl=$sandbox/aco-sandbox/ \
  --Logging:LogLevel:Default=Warning ${GATEWAY_ARGS:-} >"$work/gateway.log" 2>&1 &

for _ in $(seq 1 120); do curl -fs "$gw/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$gw/readyz" >/dev/null || { echo "gateway did not become ready"; cat "$work/gateway.log"; exit 1; }

# Every Medicare beneficiary of the seed (MBIs of the ACO's patients), written as system|value, one a line.
curl -fs "$sandbox/medicaid-sandbox/Patient?_count=1000" | python3 -c '
import json, sys
for e in json.load(sys.stdin)["entry"]:
    for i in e["resource"].get("identifier", []):
        if i.get("system") == "http://hl7.org/fhir/sid/us-mbi": print(i["system"] + "|" + i["value"])
' >"$work/identifiers"

# The verdict mix the load runs over (one sequential pass).
mix=$(while read -r id; do
  curl -fs "$gw/fhir/Patient/\$lead-eligibility?identifier=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$id")&date=2027-03-01"
  echo
done <"$work/identifiers" | python3 -c '
import json, sys, collections
c = collections.Counter(next(p["valueCode"] for p in json.loads(l)["parameter"] if p["name"] == "verdict") for l in sys.stdin if l.strip())
print(", ".join(f"{n} {v}" for v, n in sorted(c.items())))')
echo "verdicts over the identifiers: $mix"
echo "$(wc -l <"$work/identifiers") people by MBI, ${duration}s after a 3s warm-up, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| callers | req/s | p50 | p90 | p99 | max | failures |"
echo "|---|---|---|---|---|---|---|"
dotnet bench/eligibility/bin/Release/net10.0/Lead.Bench.Eligibility.dll "$gw" "$work/identifiers" "$duration" "$callers" \
  || { echo "benchmark failed; gateway log:"; tail -40 "$work/gateway.log"; exit 1; }
