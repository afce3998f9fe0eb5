namespace Lead.Auth.Scopes;

/// <summary>SMART v2 interactions (<c>c r u d s</c>); v1 <c>read</c> maps to r+s, <c>write</c> to c+u+d.</summary>
[Flags]
public enum SmartInteraction
{
    None = 0,
    Create = 1,
    Read = 2,
    Update = 4,
    Delete = 8,
    Search = 16,
    All = Create | Read | Update | Delete | Search,
}
