namespace Lead.Auth.AppLaunch;

public sealed record PatientSummary(string Id, string DisplayName);
