namespace Lead.Gateway.Routing;

/// <summary>
/// A request feature that makes the proxy buffer a successful FHIR JSON response and let a later stage judge or trim
/// it before any byte reaches the client (SMART patient compartment, v2 constraints, include filtering). Requests
/// without it are streamed untouched.
/// </summary>
internal interface IResponseBodyCheck
{
    /// <summary>The body to send (possibly trimmed), or a refusal status and reason.</summary>
    ResponseBodyVerdict Check(byte[] body);
}

internal sealed record ResponseBodyVerdict(byte[]? Body, int Status = 200, string? Reason = null);
