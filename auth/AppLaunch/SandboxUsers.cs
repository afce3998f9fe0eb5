using System.Security.Claims;
using Lead.Auth.Scopes;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Lead.Auth.AppLaunch;

/// <summary>Sandbox users from <c>Auth:Users</c>; a production deployment federates sign-in instead.</summary>
internal sealed class SandboxUsers(IOptions<SmartAuthOptions> options)
{
    // Verifying against a dummy hash for unknown users keeps response times from revealing which usernames exist.
    private static readonly string DummyHash = SandboxPasswordHasher.Hash(Guid.NewGuid().ToString());

    public ClaimsPrincipal? SignIn(string? username, string? password)
    {
        var user = options.Value.Users.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.Ordinal));
        var valid = SandboxPasswordHasher.Verify(password ?? string.Empty, user?.PasswordHash ?? DummyHash);
        if (user is null || !valid)
        {
            return null;
        }

        var identity = new ClaimsIdentity(SmartAuthDefaults.SignInScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Username));
        identity.AddClaim(new Claim(Claims.Name, user.DisplayName ?? user.Username));
        if (!string.IsNullOrEmpty(user.FhirUser))
        {
            identity.AddClaim(new Claim(SmartClaims.FhirUser, user.FhirUser));
        }

        return new ClaimsPrincipal(identity);
    }
}
