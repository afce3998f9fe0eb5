using System.Text.RegularExpressions;

namespace Lead.Gateway.Hosting;

/// <summary>
/// One id per request, echoed in <c>X-Request-Id</c>, sent upstream and used in logs and error outcomes, so an operator
/// can follow a request across the gateway and its sources. A caller's id is kept only if it is short and plain.
/// </summary>
internal sealed partial class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        if (SafeId().IsMatch(incoming))
        {
            context.TraceIdentifier = incoming;
        }

        // ASP.NET's own request log scope reads TraceIdentifier when it is written, so logs carry this id already.
        context.Response.Headers[HeaderName] = context.TraceIdentifier;
        return next(context);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{8,64}$")]
    private static partial Regex SafeId();
}
