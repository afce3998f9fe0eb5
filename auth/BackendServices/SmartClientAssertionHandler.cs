using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Lead.Auth.BackendServices;

/// <summary>
/// Runs just before OpenIddict's own client-assertion validation on the token, introspection and revocation endpoints:
/// validates the SMART assertion with <see cref="ClientAssertionValidator"/>, then hands OpenIddict the validated
/// principal and switches its own validation off for this request. A failure rejects with <c>invalid_client</c>.
/// </summary>
internal sealed class SmartClientAssertionHandler(ClientAssertionValidator validator) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseScopedHandler<SmartClientAssertionHandler>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientAssertion.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType is not (OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.Introspection
            or OpenIddictServerEndpointType.Revocation) || string.IsNullOrEmpty(context.ClientAssertion))
        {
            return;
        }

        if (context.ClientAssertionType != ClientAssertionTypes.JwtBearer)
        {
            context.Reject(error: "invalid_client", description: "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.");
            return;
        }

        AssertionResult result;
        try
        {
            result = await validator.ValidateAsync(
                context.ClientAssertion, context.Request.ClientId, ValidAudiences(context), context.CancellationToken);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or System.Text.Json.JsonException
            or Microsoft.IdentityModel.Tokens.SecurityTokenException)
        {
            // Malformed claims (a numeric iss, a non-JSON segment...): refuse as a bad credential, never a 500.
            result = AssertionResult.Fail("The client assertion is malformed.");
        }

        if (!result.Succeeded)
        {
            context.Logger.LogClientAssertionRefused(context.Request.ClientId, result.Description);
            context.Reject(error: result.Error, description: result.Description);
            return;
        }

        context.ClientAssertionPrincipal = new System.Security.Claims.ClaimsPrincipal(result.Identity!);
        context.ValidateClientAssertion = false;
        context.Request.ClientId ??= result.ClientId;
    }

    /// <summary>
    /// SMART clients put the token endpoint URL in <c>aud</c>; introspection/revocation callers may name that endpoint.
    /// With a configured issuer only issuer-based URLs count: a Host-header-derived URL would let another server that
    /// received an assertion meant for itself replay it here.
    /// </summary>
    private static string[] ValidAudiences(ProcessAuthenticationContext context)
    {
        var baseUri = context.Options.Issuer ?? context.BaseUri
            ?? throw new InvalidOperationException("The request base URI is unknown.");
        var root = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        var endpoints = context.Options.TokenEndpointUris.AsEnumerable();
        endpoints = context.EndpointType switch
        {
            OpenIddictServerEndpointType.Introspection => endpoints.Concat(context.Options.IntrospectionEndpointUris),
            OpenIddictServerEndpointType.Revocation => endpoints.Concat(context.Options.RevocationEndpointUris),
            _ => endpoints,
        };
        return endpoints.Select(e => e.IsAbsoluteUri ? e.AbsoluteUri : new Uri(root, e).AbsoluteUri).Distinct().ToArray();
    }
}
