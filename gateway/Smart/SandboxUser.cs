namespace Lead.Gateway.Smart;

/// <summary>
/// The sign-in sandbox mode provides when no <c>Auth:Users</c> are configured. Synthetic data only: a deployment with
/// real data turns the sandbox off and configures its users or an external OpenID Connect provider.
/// </summary>
internal static class SandboxUser
{
    public const string Username = "clinician";
    public const string Password = "lead-sandbox";
    public const string PractitionerId = "sandbox-clinician";
    public const string FhirUser = "Practitioner/" + PractitionerId;
}
