namespace Lead.Auth;

public static class SmartClientTypes
{
    public const string Public = "public";
    public const string Confidential = "confidential";
    public const string Backend = "backend";
}
