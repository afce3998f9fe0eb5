using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Lead.Gateway.Sandbox;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Sources;

/// <summary>Stops start-up on a bad source with a message naming the source and the setting at fault.</summary>
internal sealed partial class SourcesOptionsValidator(IOptions<SandboxOptions> sandbox) : IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var failures = new List<string>();
        foreach (var (id, source) in options.Items)
        {
            if (!IdPattern().IsMatch(id))
            {
                failures.Add($"Sources:{id}: a source id is lower-case letters, digits and '-' (it becomes the path /fhir/{{id}}).");
            }

            var results = new List<ValidationResult>();
            Validator.TryValidateObject(source.Export, new ValidationContext(source.Export), results, validateAllProperties: true);
            failures.AddRange(ExportFailures(id, source.Export));
            if (sandbox.Value.Enabled && SandboxSources.All.Any(s => s.Id == id))
            {
                // A sandbox source may be given its export mode, nothing else: its address and credentials are the sandbox's.
                if (source.Kind.Length > 0 || source.BaseUrl.Length > 0 || source.Auth.Mode != "none" || source.ResponseBaseUrls.Count > 0)
                {
                    failures.Add($"Sources:{id}: this id belongs to a sandbox source (only Export settings may be given); choose another id or set Sandbox:Enabled=false.");
                }

                failures.AddRange(results.Select(r => $"Sources:{id}:Export:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
                continue;
            }

            failures.AddRange(results.Select(r => $"Sources:{id}:Export:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
            results.Clear();
            Validator.TryValidateObject(source, new ValidationContext(source), results, validateAllProperties: true);
            Validator.TryValidateObject(source.Auth, new ValidationContext(source.Auth), results, validateAllProperties: true);
            failures.AddRange(results.Select(r => $"Sources:{id}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));

            if (Uri.TryCreate(source.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"Sources:{id}:BaseUrl must be http or https.");
            }

            switch (source.Auth.Mode)
            {
                case "bearer" when string.IsNullOrWhiteSpace(source.Auth.Token):
                    failures.Add($"Sources:{id}:Auth:Token is required when Auth:Mode is 'bearer'.");
                    break;
                case "client-credentials" when string.IsNullOrWhiteSpace(source.Auth.TokenEndpoint)
                    || string.IsNullOrWhiteSpace(source.Auth.ClientId) || string.IsNullOrWhiteSpace(source.Auth.ClientSecret):
                    failures.Add($"Sources:{id}:Auth: TokenEndpoint, ClientId and ClientSecret are required when Auth:Mode is 'client-credentials'.");
                    break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> ExportFailures(string id, SourceExportOptions export) =>
        export.Parameters.Where(p => p is not ("_typeFilter" or "_elements"))
            .Select(p => $"Sources:{id}:Export:Parameters: '{p}' is not an optional $export parameter the gateway passes on (_typeFilter, _elements).");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();
}
