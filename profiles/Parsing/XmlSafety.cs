using System.Xml;

namespace Lead.Profiles.Parsing;

/// <summary>XML reader settings and checks that make external entities impossible.</summary>
internal static class XmlSafety
{
    /// <summary>DTDs prohibited and no resolver: a DOCTYPE fails the read, nothing is ever fetched or opened.</summary>
    public static XmlReaderSettings ReaderSettings(long maxBytes) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = maxBytes,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    public static bool HasDtd(string? xhtml) =>
        xhtml is not null
        && (xhtml.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || xhtml.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase));
}
