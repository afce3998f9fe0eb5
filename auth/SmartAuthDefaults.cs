namespace Lead.Auth;

public static class SmartAuthDefaults
{
    /// <summary>Cookie scheme of the sandbox sign-in page (scoped to the auth path, never the gateway's default scheme).</summary>
    public const string SignInScheme = "SmartAuth.SignIn";

    /// <summary>OpenID Connect scheme of federated sign-in (<c>Auth:ExternalSignIn</c>); it signs into <see cref="SignInScheme"/>.</summary>
    public const string ExternalSignInScheme = "SmartAuth.External";

    /// <summary>JwtBearer scheme the auth endpoints themselves use (e.g. <c>POST {prefix}/launch</c>).</summary>
    public const string InternalBearerScheme = "SmartAuth.Bearer";

    /// <summary>Scope a backend client needs to register EHR launch contexts.</summary>
    public const string LaunchWriteScope = "system/launch.write";
}
