using System.Security.Cryptography;
using System.Text;

namespace Lead.Gateway.BulkExport.Protocol;

/// <summary>The canonical form of a kick-off, hashed: the same client asking the same thing twice at once gets a 429.</summary>
internal static class RequestKey
{
    public static string Compute(ExportRequest request, ExportGrant grant)
    {
        var text = string.Join('\n',
            request.Level, request.SourceId, request.GroupId, request.SinceText,
            string.Join(',', grant.Types.Order(StringComparer.Ordinal)),
            string.Join(',', grant.TypeFilters.Order(StringComparer.Ordinal)),
            string.Join(',', request.Patients.Order(StringComparer.Ordinal)),
            string.Join(',', request.Elements.Order(StringComparer.Ordinal)),
            string.Join(',', grant.Sources));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
