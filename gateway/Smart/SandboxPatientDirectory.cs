using System.Security.Claims;
using System.Text.Json;
using Lead.Auth.AppLaunch;
using Lead.Gateway.Routing;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Search;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Smart;

/// <summary>
/// The standalone-launch patient picker in sandbox mode: the ACO sandbox's patients (synthetic), the ACO being the
/// party whose EHR apps launch. Patient ids are those of <c>aco-sandbox</c>, so tokens are for that base.
/// </summary>
internal sealed class SandboxPatientDirectory(SandboxStore store, SourceRegistry sources, UnifiedRoutes routes) : IPatientDirectory
{
    private const int PickerSize = 200;

    public async Task<IReadOnlyList<PatientSummary>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var request = SearchRequest.Parse("Patient", [new("_count", PickerSize.ToString(System.Globalization.CultureInfo.InvariantCulture))], PickerSize, PickerSize);
        var result = await store.SearchAsync(SandboxSources.Aco, "Patient", request, cancellationToken);
        return result.Matches.Select(Summary).ToList();
    }

    public async Task<PatientSummary?> FindAsync(ClaimsPrincipal user, string patientId, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(SandboxSources.Aco, "Patient", patientId, cancellationToken);
        return stored is null || stored.Deleted ? null : Summary(stored);
    }

    /// <summary>
    /// A record of the source the gateway will read the token's patient in (<see cref="SmartPatientSource"/>: the source
    /// the audience names, or the one the unified base routes Patient to), so the two can never disagree.
    /// </summary>
    public async Task<bool> IsRecordOfAsync(string patientId, string audience, CancellationToken cancellationToken)
    {
        var token = new ClaimsPrincipal(new ClaimsIdentity([new Claim("aud", audience)]));
        if (SmartPatientSource.Of(token, sources, routes) is not { } source)
        {
            return false;
        }

        var stored = await store.ReadAsync(source, "Patient", patientId, cancellationToken);
        return stored is { Deleted: false };
    }

    private static PatientSummary Summary(StoredResource patient)
    {
        using var json = JsonDocument.Parse(patient.Json ?? "{}");
        var name = json.RootElement.TryGetProperty("name", out var names) && names.GetArrayLength() > 0 ? names[0] : default;
        var family = name.ValueKind == JsonValueKind.Object && name.TryGetProperty("family", out var f) ? f.GetString() : null;
        var given = name.ValueKind == JsonValueKind.Object && name.TryGetProperty("given", out var g) && g.GetArrayLength() > 0 ? g[0].GetString() : null;
        var birth = json.RootElement.TryGetProperty("birthDate", out var b) ? b.GetString() : null;
        return new PatientSummary(patient.Id, $"{given} {family} ({birth})".Trim());
    }
}
