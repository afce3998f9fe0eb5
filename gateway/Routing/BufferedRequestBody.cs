namespace Lead.Gateway.Routing;

/// <summary>The request body as the gateway read and checked it, for later stages (validation) to reuse without re-reading.</summary>
internal sealed record BufferedRequestBody(byte[] Bytes, string ContentType);
