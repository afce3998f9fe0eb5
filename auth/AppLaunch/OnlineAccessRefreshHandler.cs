using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// SMART <c>online_access</c> also earns a refresh token (OpenIddict only issues one for <c>offline_access</c>). Its
/// lifetime is capped at <see cref="MaxLifetime"/>, standing in for "while the user is online".
/// </summary>
internal sealed class OnlineAccessRefreshHandler : IOpenIddictServerHandler<ProcessSignInContext>
{
    public const string Scope = "online_access";
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<OnlineAccessRefreshHandler>()
            .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType != OpenIddictServerEndpointType.Token || context.Principal is not { } principal
            || !principal.HasScope(Scope) || principal.HasScope(OpenIddictConstants.Scopes.OfflineAccess))
        {
            return default;
        }

        var lifetime = principal.GetRefreshTokenLifetime();
        principal.SetRefreshTokenLifetime(lifetime is { } l && l < MaxLifetime ? l : MaxLifetime);
        context.GenerateRefreshToken = true;
        context.IncludeRefreshToken = true;
        return default;
    }
}
