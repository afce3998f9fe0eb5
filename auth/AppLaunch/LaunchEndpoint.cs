using System.Text.Json;
using Lead.Auth.Scopes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// <c>POST {prefix}/launch</c>: an EHR (a backend client with <c>system/launch.write</c>) registers a launch context
/// <c>{"patient":"123","encounter":"456","client_id":"app"}</c> and gets back the opaque <c>launch</c> value it passes
/// to the app.
/// </summary>
internal static class LaunchEndpoint
{
    public static async Task<IResult> RegisterAsync(HttpContext http, LaunchContextStore store)
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

        if (body is null || string.IsNullOrWhiteSpace(body.Patient))
        {
            return Results.BadRequest(new { error = "invalid_request", error_description = "A JSON body with 'patient' is required." });
        }

        var (id, lifetime) = await store.CreateAsync(body.Patient, body.Encounter, body.ClientId, token.ClientId ?? "unknown", http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { launch = id, expires_in = (int)lifetime.TotalSeconds }, statusCode: StatusCodes.Status201Created);
    }

    private sealed record LaunchRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("patient")] string? Patient,
        [property: System.Text.Json.Serialization.JsonPropertyName("encounter")] string? Encounter,
        [property: System.Text.Json.Serialization.JsonPropertyName("client_id")] string? ClientId);
}
