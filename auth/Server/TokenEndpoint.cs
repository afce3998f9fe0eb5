using Lead.Auth.AppLaunch;
using Lead.Auth.BackendServices;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Lead.Auth.Server;

/// <summary>The token endpoint after OpenIddict has validated the request and authenticated the client.</summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing; is UseAuthentication() in the pipeline?");
        if (request.IsClientCredentialsGrantType())
        {
            return await http.RequestServices.GetRequiredService<BackendTokenIssuer>().IssueAsync(http, request);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            return await http.RequestServices.GetRequiredService<AppLaunchTokenIssuer>().IssueAsync(http, request);
        }

        return OpenIddictResults.Error(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }
}
