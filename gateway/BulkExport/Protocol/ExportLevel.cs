namespace Lead.Gateway.BulkExport.Protocol;

internal static class ExportLevel
{
    public const string System = "system";
    public const string Patient = "patient";
    public const string Group = "group";
}
