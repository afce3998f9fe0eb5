using System.Security.Claims;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// Patients a signed-in user may pick for a standalone launch. The gateway registers its own implementation (backed by
/// its FHIR data) before or after <c>AddSmartAuth</c>; the default lists <see cref="SmartAuthOptions.Patients"/>.
/// </summary>
public interface IPatientDirectory
{
    Task<IReadOnlyList<PatientSummary>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>The patient if <paramref name="user"/> may launch with it, else null.</summary>
    Task<PatientSummary?> FindAsync(ClaimsPrincipal user, string patientId, CancellationToken cancellationToken);
}
