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

            if (sandbox.Value.Enabled && SandboxSources.All.Any(s => s.Id == id))
            {
                failures.Add($"Sources:{id}: this id belongs to a sandbox source; choose another id or set Sandbox:Enabled=false.");
            }

            var results = new List<ValidationResult>();
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

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();
}
