namespace Lead.Profiles.Tests.Conformance;

/// <summary>Agreement of our verdicts with the recorded Firely SDK and HL7 Java verdicts.</summary>
internal sealed record ConformanceFigures(
    int FirelyBaseAgreed, int FirelyBaseTotal, int FirelyProfileAgreed, int FirelyProfileTotal,
    int JavaBaseAgreed, int JavaBaseTotal, int JavaProfileAgreed, int JavaProfileTotal,
    IReadOnlyList<string> FirelyDisagreements, IReadOnlyList<string> JavaDisagreements)
{
    public int FirelyAgreed => FirelyBaseAgreed + FirelyProfileAgreed;

    public int FirelyTotal => FirelyBaseTotal + FirelyProfileTotal;

    public int JavaAgreed => JavaBaseAgreed + JavaProfileAgreed;

    public int JavaTotal => JavaBaseTotal + JavaProfileTotal;

    public static ConformanceFigures From(IReadOnlyList<CaseVerdict> verdicts)
    {
        var firelyBase = verdicts.Where(v => v.Case.FirelyErrors is not null).ToList();
        var firelyProfile = verdicts.Where(v => v.Case.ProfileFirelyErrors is not null && v.ProfileInvalid is not null).ToList();
        var javaProfile = verdicts.Where(v => v.Case.ProfileJavaErrors is not null && v.ProfileInvalid is not null).ToList();

        var firelyMiss = firelyBase.Where(v => v.BaseInvalid != v.Case.FirelyErrors > 0).Select(v => Describe(v, "base", v.BaseInvalid, againstJava: false))
            .Concat(firelyProfile.Where(v => v.ProfileInvalid != v.Case.ProfileFirelyErrors > 0).Select(v => Describe(v, "profile", v.ProfileInvalid!.Value, againstJava: false)))
            .Order(StringComparer.Ordinal).ToList();
        var javaMiss = verdicts.Where(v => v.BaseInvalid != (v.Case.JavaExpected == "invalid")).Select(v => Describe(v, "base", v.BaseInvalid, againstJava: true))
            .Concat(javaProfile.Where(v => v.ProfileInvalid != v.Case.ProfileJavaErrors > 0).Select(v => Describe(v, "profile", v.ProfileInvalid!.Value, againstJava: true)))
            .Order(StringComparer.Ordinal).ToList();

        return new ConformanceFigures(
            firelyBase.Count(v => v.BaseInvalid == v.Case.FirelyErrors > 0), firelyBase.Count,
            firelyProfile.Count(v => v.ProfileInvalid == v.Case.ProfileFirelyErrors > 0), firelyProfile.Count,
            verdicts.Count(v => v.BaseInvalid == (v.Case.JavaExpected == "invalid")), verdicts.Count,
            javaProfile.Count(v => v.ProfileInvalid == v.Case.ProfileJavaErrors > 0), javaProfile.Count,
            firelyMiss, javaMiss);
    }

    private static string Describe(CaseVerdict v, string run, bool invalid, bool againstJava)
    {
        bool? other = againstJava
            ? run == "base" ? (v.Case.FirelyErrors is { } f ? f > 0 : null) : (v.Case.ProfileFirelyErrors is { } pf ? pf > 0 : null)
            : run == "base" ? v.Case.JavaExpected == "invalid" : (v.Case.ProfileJavaErrors is { } e ? e > 0 : null);
        var who = againstJava ? "Firely's recorded verdict" : "Java";
        var side = other is null ? "" : other == invalid ? $" ({who} agrees with us)" : $" ({who} agrees with {(againstJava ? "Java" : "Firely")})";
        return $"{v.Case.Name} ({run}): we say {(invalid ? "invalid" : "valid")}{side}{(v.Note is null ? "" : " — " + v.Note.ReplaceLineEndings(" "))}";
    }
}
