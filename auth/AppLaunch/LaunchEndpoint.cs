using System.Text.Json;
using Lead.Auth.Clients;
using Lead.Auth.Scopes;
using Lead.Auth.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// <c>POST {prefix}/launch</c>: an EHR (a backend client with <c>system/launch.write</c>) registers a launch context
/// <c>{"patient":"123","encounter":"456","client_id":"app","aud":"https://gw/fhir/aco"}</c> and gets back the opaque
/// <c>launch</c> value it passes to the app. The launch is bound to the app (<c>client_id</c>: whoever holds a launch id
/// could otherwise redeem it) and to the FHIR base (<c>aud</c>, the app's <c>iss</c>) the patient is a record of.
/// </summary>
internal static class LaunchEndpoint
{
    public static async Task<IResult> RegisterAsync(
        HttpContext http, LaunchContextStore store, ClientRegistry clients, IPatientDirectory patients, IOptions<SmartAuthOptions> options)
    {
        var authenticated = await http.AuthenticateAsync(SmartAuthDefaults.InternalBearerScheme);
        if (authenticated.Principal is not { } principal)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Results.Unauthorized();
        }

        var token = SmartTokenContext.FromPrincipal(principal);
        if (!token.Scopes.Contains(SmartAuthDefaults.LaunchWriteScope))
        {
            http.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{SmartAuthDefaults.LaunchWriteScope}\"";
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        LaunchRequest? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync<LaunchRequest>(http.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Patient) || string.IsNullOrWhiteSpace(body.ClientId) || string.IsNullOrWhiteSpace(body.Aud))
        {
            return Invalid("A JSON body with 'patient', 'client_id' and 'aud' is required.");
        }

        var settings = options.Value;
        if (!FhirAudiences.IsAllowed(body.Aud, FhirAudiences.Origin(settings, http.Request), settings.FhirBaseUrls))
        {
            return Invalid("'aud' must be one of this server's FHIR base URLs (absolute).");
        }

        if (await clients.FindAsync(body.ClientId, http.RequestAborted) is not { } app || app.Type == SmartClientTypes.Backend)
        {
            return Invalid("'client_id' must be a registered App Launch client.");
        }

        if (!await patients.IsRecordOfAsync(body.Patient, body.Aud, http.RequestAborted))
        {
            return Invalid("'patient' is not a record of the FHIR server 'aud' names.");
        }

        var (id, lifetime) = await store.CreateAsync(body.Patient, body.Encounter, app.ClientId, body.Aud, token.ClientId ?? "unknown", http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { launch = id, expires_in = (int)lifetime.TotalSeconds }, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Invalid(string description) =>
        Results.BadRequest(new { error = "invalid_request", error_description = description });

    private sealed record LaunchRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("patient")] string? Patient,
        [property: System.Text.Json.Serialization.JsonPropertyName("encounter")] string? Encounter,
        [property: System.Text.Json.Serialization.JsonPropertyName("client_id")] string? ClientId,
        [property: System.Text.Json.Serialization.JsonPropertyName("aud")] string? Aud);
}
