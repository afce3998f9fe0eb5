using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// A patient choice is only ever taken from the picker's own form, POSTed back to the authorize endpoint: with this
/// user's antiforgery token and a protected binding to the very authorize request and user the picker was shown for.
/// A patient named in the app's authorize URL is never accepted, so an app cannot choose the patient for a signed-in user.
/// </summary>
internal sealed class PatientPick(IAntiforgery antiforgery, AntiforgeryOptions antiforgeryOptions, IDataProtectionProvider protection)
{
    public const string PatientField = "lead_patient";
    public const string BindingField = "lead_pick";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("Lead.Auth.AppLaunch.PatientPick").ToTimeLimitedDataProtector();

    /// <summary>Form fields of the pick itself, which are not part of the authorize request it answers.</summary>
    public bool IsPickField(string name) =>
        name is PatientField or BindingField || string.Equals(name, antiforgeryOptions.FormFieldName, StringComparison.Ordinal);

    /// <summary>The value the picker form carries, binding a pick to <paramref name="parameters"/> and the user.</summary>
    public string Bind(IEnumerable<KeyValuePair<string, string>> parameters, string? subject) =>
        _protector.Protect(Digest(parameters, subject), Lifetime);

    /// <summary>The picked patient id when this is the picker's POST for this authorize request and user, else null.</summary>
    public async Task<string?> ReadAsync(HttpContext http, OpenIddictRequest request, string? subject)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType
            || (string?)request[PatientField] is not { Length: > 0 } patient || (string?)request[BindingField] is not { Length: > 0 } binding
            || !await antiforgery.IsRequestValidAsync(http))
        {
            return null;
        }

        string bound;
        try
        {
            bound = _protector.Unprotect(binding);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parameters = request.GetParameters()
            .Where(p => !IsPickField(p.Key) && (string?)p.Value is not null)
            .Select(p => new KeyValuePair<string, string>(p.Key, (string)p.Value!));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(bound), Encoding.ASCII.GetBytes(Digest(parameters, subject)))
            ? patient
            : null;
    }

    private string Digest(IEnumerable<KeyValuePair<string, string>> parameters, string? subject)
    {
        var canonical = new StringBuilder().Append(Uri.EscapeDataString(subject ?? string.Empty));
        foreach (var (name, value) in parameters.Where(p => !IsPickField(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            canonical.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
