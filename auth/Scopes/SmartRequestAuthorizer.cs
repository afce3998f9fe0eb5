using System.Security.Claims;

namespace Lead.Auth.Scopes;

/// <summary>
/// Decides one FHIR request against a token's scopes and patient context. Pure and allocation-light: the gateway calls
/// it on every request before any I/O. Order of contexts: system, then user, then patient (the only one that confines
/// the request to a compartment); a <c>patient/</c> grant without a patient claim fails closed.
/// </summary>
public static class SmartRequestAuthorizer
{
    private static readonly SmartContext[] ContextOrder = [SmartContext.System, SmartContext.User, SmartContext.Patient];

    public static SmartAuthorizationDecision Authorize(
        string method, string path, IEnumerable<KeyValuePair<string, string?>> query, ClaimsPrincipal principal) =>
        Authorize(method, path, query, SmartTokenContext.FromPrincipal(principal));

    public static SmartAuthorizationDecision Authorize(
        string method, string path, IEnumerable<KeyValuePair<string, string?>> query, SmartTokenContext token)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(token);
        var (cleanPath, parameters) = SplitQuery(path ?? string.Empty, query);
        var target = FhirRequestClassifier.Classify(method, cleanPath, parameters.Count > 0);
        if (target.Error is not null)
        {
            return SmartAuthorizationDecision.Deny(target.Error);
        }

        if (target.IsOpen)
        {
            return new SmartAuthorizationDecision { Kind = SmartDecisionKind.Allow };
        }

        if (target.IsBundle)
        {
            return new SmartAuthorizationDecision { Kind = SmartDecisionKind.CheckBundleEntries };
        }

        return target.IsSystemLevel
            ? AuthorizeSystemLevel(target, parameters, token)
            : AuthorizeTyped(target, parameters, token);
    }

    /// <summary>
    /// Batch/transaction entries (<c>request.method</c>, <c>request.url</c>): all or nothing. The result for entry i
    /// is in the list at i; the overall decision is the first refusal, or Allow when every entry is allowed.
    /// </summary>
    public static (SmartAuthorizationDecision Overall, IReadOnlyList<SmartAuthorizationDecision> Entries) AuthorizeBundle(
        IEnumerable<(string Method, string Url)> entries, SmartTokenContext token)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var results = new List<SmartAuthorizationDecision>();
        foreach (var (entryMethod, url) in entries)
        {
            var decision = Authorize(entryMethod, url, [], token);
            // A nested batch inside an entry is not a FHIR interaction.
            results.Add(decision.Kind == SmartDecisionKind.CheckBundleEntries
                ? SmartAuthorizationDecision.Deny("Nested batch/transaction entries are not allowed.")
                : decision);
        }

        var refused = results.Select((d, i) => (d, i)).FirstOrDefault(x => !x.d.IsAllowed);
        var overall = refused.d is null
            ? new SmartAuthorizationDecision { Kind = SmartDecisionKind.Allow }
            : refused.d with { Reason = $"Bundle entry {refused.i}: {refused.d.Reason}" };
        return (overall, results);
    }

    private static SmartAuthorizationDecision AuthorizeSystemLevel(
        FhirRequestTarget target, List<KeyValuePair<string, string>> parameters, SmartTokenContext token)
    {
        // Across all types: a wildcard grant outside patient context is needed; _type narrows to listed types.
        var types = parameters.Where(p => p.Key == "_type")
            .SelectMany(p => p.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        var checkedTypes = types.Count > 0 ? types : ["*"];
        foreach (var context in ContextOrder.Where(c => c != SmartContext.Patient))
        {
            if (checkedTypes.All(t => token.Scopes.GrantsFor(context, t, target.Interaction).Any(g => !g.IsConstrained)))
            {
                return new SmartAuthorizationDecision { Kind = SmartDecisionKind.Allow, Interaction = target.Interaction, FilterIncludes = true };
            }
        }

        return SmartAuthorizationDecision.Deny("System-level interactions need an unconstrained wildcard (or per _type) grant in system or user context.");
    }

    private static SmartAuthorizationDecision AuthorizeTyped(
        FhirRequestTarget target, List<KeyValuePair<string, string>> parameters, SmartTokenContext token)
    {
        var type = target.ResourceType!;
        foreach (var context in ContextOrder)
        {
            var grants = token.Scopes.GrantsFor(context, type, target.Interaction);
            if (grants.Count == 0)
            {
                continue;
            }

            var constraints = grants.Any(g => !g.IsConstrained)
                ? []
                : grants.Select(g => g.Constraints).ToList();
            if (constraints.Count > 0 && target.Interaction.HasFlag(SmartInteraction.Search)
                && constraints.Any(set => set.All(c => parameters.Contains(new(c.Parameter, c.Value)))))
            {
                // The search already carries one constraint set verbatim: nothing more to enforce.
                constraints = [];
            }

            if (IncludeRefusal(parameters, token, context) is { } refusal)
            {
                return SmartAuthorizationDecision.Deny(refusal);
            }

            var decision = new SmartAuthorizationDecision
            {
                Kind = SmartDecisionKind.Allow,
                ResourceType = type,
                Interaction = target.Interaction,
                RequiredConstraints = constraints,
                FilterIncludes = parameters.Any(p => p.Key.StartsWith("_include", StringComparison.Ordinal) || p.Key.StartsWith("_revinclude", StringComparison.Ordinal)),
            };
            return context == SmartContext.Patient
                ? PatientCompartmentRules.Apply(decision, target, parameters, token.PatientId)
                : decision;
        }

        return SmartAuthorizationDecision.Deny($"The token's scopes do not grant '{Describe(target.Interaction)}' on {type}.") with
        {
            ResourceType = type,
            Interaction = target.Interaction,
        };
    }

    /// <summary>_revinclude and typed _include must name types the token can read in the same context.</summary>
    private static string? IncludeRefusal(List<KeyValuePair<string, string>> parameters, SmartTokenContext token, SmartContext context)
    {
        foreach (var (key, value) in parameters)
        {
            var isRev = key.StartsWith("_revinclude", StringComparison.Ordinal);
            if (!isRev && !key.StartsWith("_include", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = value.Split(':');
            if (value == "*" || parts.Any(p => p == "*"))
            {
                return $"Wildcard {key} is not allowed.";
            }

            var included = isRev ? parts[0] : parts.Length >= 3 ? parts[2] : null;
            if (included is not null && !token.Scopes.Allows(context, included, SmartInteraction.Read)
                && !token.Scopes.Allows(context, included, SmartInteraction.Search))
            {
                return $"{key}={value} would return {included}, which the token does not cover.";
            }
        }

        return null;
    }

    private static (string Path, List<KeyValuePair<string, string>> Parameters) SplitQuery(
        string path, IEnumerable<KeyValuePair<string, string?>> query)
    {
        var parameters = (query ?? []).Select(p => new KeyValuePair<string, string>(p.Key, p.Value ?? string.Empty)).ToList();
        var mark = path.IndexOf('?', StringComparison.Ordinal);
        if (mark >= 0)
        {
            foreach (var pair in path[(mark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                parameters.Add(equals < 0
                    ? new(Uri.UnescapeDataString(pair), string.Empty)
                    : new(Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '))));
            }

            path = path[..mark];
        }

        return (path.Trim('/'), parameters);
    }

    private static string Describe(SmartInteraction interaction) =>
        string.Concat("cruds".Where((_, i) => interaction.HasFlag((SmartInteraction)(1 << i))));
}
