using System.Security.Claims;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// Patients a signed-in user may pick for a standalone launch, and which FHIR server each is a record of. The gateway
/// registers its own implementation (backed by its FHIR data) before or after <c>AddSmartAuth</c>; the default lists
/// <see cref="SmartAuthOptions.Patients"/>.
/// </summary>
public interface IPatientDirectory
{
    Task<IReadOnlyList<PatientSummary>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>The patient if <paramref name="user"/> may launch with it, else null.</summary>
    Task<PatientSummary?> FindAsync(ClaimsPrincipal user, string patientId, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="patientId"/> names a record of the FHIR server at <paramref name="audience"/> (an absolute
    /// FHIR base URL the token will be for). A token's patient id is read at the server its <c>aud</c> names, and ids
    /// repeat across servers (<c>Patient/17</c> elsewhere is somebody else), so a launch whose patient is not a record of
    /// that server is refused. Answer false when unsure.
    /// </summary>
    Task<bool> IsRecordOfAsync(string patientId, string audience, CancellationToken cancellationToken);
}
