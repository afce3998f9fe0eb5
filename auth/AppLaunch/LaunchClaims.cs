using System.Security.Claims;
using Lead.Auth.Scopes;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Lead.Auth.AppLaunch;

/// <summary>Where each claim of an App Launch principal goes: context claims to the access token, identity to the id_token.</summary>
internal static class LaunchClaims
{
    public const string NeedPatientBanner = "need_patient_banner";

    public static IEnumerable<string> Destinations(Claim claim)
    {
        var scopes = claim.Subject?.GetScopes() ?? [];
        switch (claim.Type)
        {
            case Claims.Subject:
                return [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken];
            case SmartClaims.FhirUser when scopes.Contains("fhirUser") || scopes.Contains(OpenIddictConstants.Scopes.OpenId):
                return [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken];
            case Claims.Name when scopes.Contains(OpenIddictConstants.Scopes.Profile) || scopes.Contains(OpenIddictConstants.Scopes.OpenId):
                return [OpenIddictConstants.Destinations.IdentityToken];
            case SmartClaims.Patient or SmartClaims.Encounter or SmartClaims.FhirUser or SmartClaims.Sources:
                return [OpenIddictConstants.Destinations.AccessToken];
            default:
                // Internal claims (need_patient_banner, security stamps...) stay in the server's own tokens.
                return [];
        }
    }
}
