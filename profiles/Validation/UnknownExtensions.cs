using Hl7.Fhir.Model;

namespace Lead.Profiles.Validation;

/// <summary>
/// Reports extensions whose definition the gateway does not have. Firely is told not to resolve them
/// (<see cref="ExtensionUrlHandling.DontResolve"/>): resolving would cache a miss per URL a client invents,
/// growing memory without bound. Unknown modifier extensions are always errors (a receiver must understand
/// them); unknown ordinary extensions are warnings unless <see cref="LeadValidatorOptions.UnknownExtensionsAreErrors"/>.
/// </summary>
internal static class UnknownExtensions
{
    public static void Check(Base root, string path, Func<string, bool> isKnown, bool unknownAreErrors, List<OperationOutcome.IssueComponent> issues)
    {
        foreach (var (name, value) in root.EnumerateElements())
        {
            switch (value)
            {
                case Base single:
                    Visit(single, $"{path}.{name}", name, isKnown, unknownAreErrors, issues);
                    break;
                case IEnumerable<Base> list:
                    var i = 0;
                    foreach (var item in list)
                    {
                        Visit(item, $"{path}.{name}[{i++}]", name, isKnown, unknownAreErrors, issues);
                    }

                    break;
            }
        }
    }

    private static void Visit(Base element, string path, string name, Func<string, bool> isKnown, bool unknownAreErrors, List<OperationOutcome.IssueComponent> issues)
    {
        if (element is Extension { Url: { } url } && !isKnown(url) && !IsLocal(url, name))
        {
            var modifier = name == "modifierExtension";
            var severity = modifier || unknownAreErrors ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning;
            var what = modifier ? "Modifier extension" : "Extension";
            issues.Add(Issues.Create(severity, OperationOutcome.IssueType.Extension, $"{what} '{url}' is unknown to this gateway; its content was not validated", path));
        }

        Check(element, path, isKnown, unknownAreErrors, issues);
    }

    // Sub-extensions of a complex extension carry relative urls ("month", "code") defined by their parent.
    private static bool IsLocal(string url, string name) => name == "extension" && !url.Contains(':', StringComparison.Ordinal);
}
