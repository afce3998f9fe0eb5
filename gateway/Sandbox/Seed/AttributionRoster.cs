using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>
/// The ACO's attribution list, Da Vinci ATR style: one Group whose members carry the attributed ACO and the
/// Coverage the attribution rests on. Group/{id}/$export starts from here.
/// </summary>
internal static class AttributionRoster
{
    /// <summary>LEAD's first performance year: attribution applies from January 2027.</summary>
    public static readonly DateOnly Start = new(2027, 1, 1);
    public static readonly DateOnly End = new(2027, 12, 31);

    public static Group Create(ResourceReference aco, IReadOnlyList<(ResourceReference Patient, ResourceReference Coverage)> members)
    {
        var group = new Group
        {
            Identifier = [new Identifier(SeedFhir.RosterSystem, SyntheticPopulation.AttributionGroupId)],
            Active = true,
            Type = Group.GroupType.Person,
            Actual = true,
            Name = "LEAD ACO attribution roster 2027 (synthetic)",
            Quantity = members.Count,
            ManagingEntity = aco,
        };

        foreach (var (patient, coverage) in members)
        {
            var member = new Group.MemberComponent { Entity = patient, Period = SeedFhir.Period(Start, End), Inactive = false };
            member.Extension.Add(new Extension(LeadCanonicals.AttributedAcoExtension, new ResourceReference(aco.Reference)));
            member.Extension.Add(new Extension(LeadCanonicals.AttributionCoverageExtension, coverage));
            group.Member.Add(member);
        }

        return group;
    }
}
