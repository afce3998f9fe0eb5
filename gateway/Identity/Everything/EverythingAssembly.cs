namespace Lead.Gateway.Identity.Everything;

/// <summary>A person's combined record in page order, with the sources or types that failed. Never changed once built.</summary>
internal sealed record EverythingAssembly(IReadOnlyList<CompartmentEntry> Entries, IReadOnlyList<string> Problems);
