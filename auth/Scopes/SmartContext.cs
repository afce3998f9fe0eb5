namespace Lead.Auth.Scopes;

/// <summary>The context part of a SMART scope: <c>patient/</c>, <c>user/</c> or <c>system/</c>.</summary>
public enum SmartContext
{
    Patient,
    User,
    System,
}
