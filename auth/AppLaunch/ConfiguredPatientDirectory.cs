using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Lead.Auth.AppLaunch;

/// <summary>Default directory: every sandbox user may pick any patient listed in <c>Auth:Patients</c>.</summary>
internal sealed class ConfiguredPatientDirectory(IOptions<SmartAuthOptions> options) : IPatientDirectory
{
    public Task<IReadOnlyList<PatientSummary>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PatientSummary>>(options.Value.Patients.Select(p => new PatientSummary(p.Id, p.Name)).ToList());

    public Task<PatientSummary?> FindAsync(ClaimsPrincipal user, string patientId, CancellationToken cancellationToken) =>
        Task.FromResult(options.Value.Patients
            .Where(p => string.Equals(p.Id, patientId, StringComparison.Ordinal))
            .Select(p => new PatientSummary(p.Id, p.Name))
            .FirstOrDefault());
}
