using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Lead.Auth.AppLaunch;

/// <summary>Default directory: every sandbox user may pick any patient listed in <c>Auth:Patients</c>.</summary>
internal sealed class ConfiguredPatientDirectory(IOptions<SmartAuthOptions> options) : IPatientDirectory
{
    public Task<IReadOnlyList<PatientSummary>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PatientSummary>>(options.Value.Patients.Select(p => new PatientSummary(p.Id, p.Name)).ToList());

    public Task<PatientSummary?> FindAsync(ClaimsPrincipal user, string patientId, CancellationToken cancellationToken) =>
        Task.FromResult(Find(patientId) is { } p ? new PatientSummary(p.Id, p.Name) : null);

    public Task<bool> IsRecordOfAsync(string patientId, string audience, CancellationToken cancellationToken) =>
        Task.FromResult(Find(patientId) is { } patient && (string.IsNullOrEmpty(patient.FhirBase) || SameBase(patient.FhirBase, audience)));

    private SmartPatientOptions? Find(string patientId) =>
        options.Value.Patients.FirstOrDefault(p => string.Equals(p.Id, patientId, StringComparison.Ordinal));

    private static bool SameBase(string configured, string audience)
    {
        if (!Uri.TryCreate(audience, UriKind.Absolute, out var aud))
        {
            return false;
        }

        // A path names a base on this server, whatever origin the request came in on (FhirBaseUrls checked that origin).
        // (Checked first: on Unix "/fhir/x" also parses as an absolute file: URI.)
        return configured.StartsWith('/')
            ? string.Equals(configured.TrimEnd('/'), aud.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal)
            : FhirBases.Same(configured, audience);
    }
}
