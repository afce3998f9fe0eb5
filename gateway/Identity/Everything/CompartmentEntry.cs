namespace Lead.Gateway.Identity.Everything;

/// <summary>A resource of a person's compartment as one source holds it (raw JSON, upstream URLs not yet rewritten).</summary>
internal sealed record CompartmentEntry(string Source, string Type, string Id, string Json);
