using System.Security.Claims;
using Lead.Auth.Clients;
using Lead.Auth.Scopes;
using Lead.Auth.Server;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// The authorize endpoint after OpenIddict has validated client, exact redirect_uri, response type and PKCE (S256).
/// Adds SMART's rules: <c>aud</c> is one of our FHIR bases, scopes = requested ∩ registered, sign-in, EHR launch
/// context or a patient picked after sign-in, and fails closed when a patient scope has no patient. The patient, from
/// either, must be a record of the FHIR server <c>aud</c> names: that is where the token's patient id will be read.
/// </summary>
internal sealed class AuthorizeEndpoint(
    ClientRegistry clients, LaunchContextStore launches, IPatientDirectory patients, IOptions<SmartAuthOptions> options,
    IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions, IDataProtectionProvider protection)
{
    private readonly PatientPick _pick = new(antiforgery, antiforgeryOptions.Value, protection);

    private static readonly HashSet<string> AppScopes = new(StringComparer.Ordinal)
    {
        OpenIddictConstants.Scopes.OpenId, "fhirUser", OpenIddictConstants.Scopes.Profile, "launch", "launch/patient", "launch/encounter", OpenIddictConstants.Scopes.OfflineAccess, "online_access",
    };

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenIddict request is missing.");
        var settings = options.Value;
        var aud = (string?)request["aud"];
        if (!FhirAudiences.IsAllowed(aud, FhirAudiences.Origin(settings, http.Request), settings.FhirBaseUrls))
        {
            return OpenIddictResults.Error(Errors.InvalidRequest, "aud must be one of this server's FHIR base URLs.");
        }

        var client = await clients.FindAsync(request.ClientId!, http.RequestAborted);
        if (client is null || client.Type == SmartClientTypes.Backend)
        {
            return OpenIddictResults.Error(Errors.UnauthorizedClient, "This client cannot use App Launch.");
        }

        var granted = SmartScopeIntersection.Intersect(SmartScopeSet.Parse(request.Scope), SmartScopeSet.Parse(client.Scopes))
            .Where(s => AppScopes.Contains(s) || s.StartsWith("patient/", StringComparison.Ordinal) || s.StartsWith("user/", StringComparison.Ordinal))
            .ToList();
        var grantedSet = SmartScopeSet.Parse(granted);
        if (!grantedSet.Grants.Any())
        {
            return OpenIddictResults.Error(Errors.InvalidScope, "None of the requested resource scopes is registered for this client.");
        }

        var launchId = (string?)request["launch"];
        LaunchContext? context = null;
        if (!string.IsNullOrEmpty(launchId))
        {
            var entry = await launches.FindAsync(launchId, client.ClientId, http.RequestAborted);
            if (entry is null)
            {
                return OpenIddictResults.Error(Errors.InvalidRequest, "The launch parameter is unknown or expired.");
            }

            // The EHR launched the patient at one FHIR server (the app's iss); the same id at another is somebody else.
            if (!FhirBases.Same(entry.FhirBase, aud) || !await patients.IsRecordOfAsync(entry.PatientId, aud!, http.RequestAborted))
            {
                return OpenIddictResults.Error(Errors.InvalidRequest, "aud must be the FHIR base URL the launch was registered for (its iss).");
            }

            context = new LaunchContext(entry.PatientId, entry.EncounterId);
        }

        var user = await http.AuthenticateAsync(SmartAuthDefaults.SignInScheme);
        if (user.Principal is not { Identity.IsAuthenticated: true } signedIn)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return OpenIddictResults.Error(Errors.LoginRequired, "The user is not signed in.");
            }

            return Results.Challenge(new AuthenticationProperties { RedirectUri = AuthorizeUrl(http, request) }, [ExternalSignInSetup.ChallengeScheme(settings)]);
        }

        var needsPatient = grantedSet.Contains("launch/patient") || grantedSet.HasContext(SmartContext.Patient);
        if (context is null && needsPatient)
        {
            var picked = await _pick.ReadAsync(http, request, signedIn.FindFirstValue(Claims.Subject));
            if (picked is null)
            {
                // The user chooses the patient (and so agrees to this app's access) every time: never silently.
                if (request.HasPromptValue(PromptValues.None))
                {
                    return OpenIddictResults.Error(Errors.InteractionRequired, "The user must choose a patient.");
                }

                return Results.Redirect($"{settings.PathPrefix}/patient?returnUrl={Uri.EscapeDataString(AuthorizeUrl(http, request))}");
            }

            var patient = await patients.FindAsync(signedIn, picked, http.RequestAborted);
            if (patient is null)
            {
                return OpenIddictResults.Error(Errors.AccessDenied, "The selected patient is not available to this user.");
            }

            if (!await patients.IsRecordOfAsync(patient.Id, aud!, http.RequestAborted))
            {
                return OpenIddictResults.Error(Errors.InvalidRequest, "The selected patient is not a record of the FHIR server aud names.");
            }

            context = new LaunchContext(patient.Id, null);
        }

        if (!string.IsNullOrEmpty(launchId) && !await launches.ConsumeAsync(launchId, http.RequestAborted))
        {
            return OpenIddictResults.Error(Errors.InvalidRequest, "The launch was already used.");
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, signedIn.FindFirstValue(Claims.Subject));
        identity.SetClaim(Claims.Name, signedIn.FindFirstValue(Claims.Name));
        identity.SetClaim(SmartClaims.FhirUser, signedIn.FindFirstValue(SmartClaims.FhirUser));
        if (context is not null)
        {
            identity.SetClaim(SmartClaims.Patient, context.PatientId);
            identity.SetClaim(SmartClaims.Encounter, context.EncounterId);
            identity.SetClaim(LaunchClaims.NeedPatientBanner, launchId is null ? "true" : "false");
        }

        identity.SetClaims(SmartClaims.Sources, [.. client.Sources]);
        identity.SetScopes(granted);
        identity.SetResources(aud!);
        identity.SetDestinations(LaunchClaims.Destinations);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The authorize request as a local GET URL (POSTed requests too), to come back to after sign-in or picking.</summary>
    private string AuthorizeUrl(HttpContext http, OpenIddictRequest request)
    {
        var query = new QueryBuilder();
        foreach (var (name, value) in request.GetParameters())
        {
            if (!_pick.IsPickField(name) && (string?)value is { } text)
            {
                query.Add(name, text);
            }
        }

        return http.Request.PathBase + http.Request.Path + query.ToQueryString();
    }

    private sealed record LaunchContext(string PatientId, string? EncounterId);
}
