using System.Security.Claims;

namespace Lead.Auth.BackendServices;

/// <summary>Outcome of validating a SMART client assertion; failures carry an RFC 6749 §5.2 error code.</summary>
internal sealed record AssertionResult(ClaimsIdentity? Identity, string? ClientId, string? Error, string? Description)
{
    public bool Succeeded => Identity is not null;

    public static AssertionResult Fail(string description, string error = "invalid_client") => new(null, null, error, description);
}
