using Lead.Auth.Clients;
using Lead.Auth.Tests.Infrastructure;

namespace Lead.Auth.Tests.Clients;

public sealed class JwksGuardTests
{
    [Fact]
    public void JwksGuard_PublicKeys_Accepted()
    {
        Assert.Null(JwksGuard.Check(TestKeys.PublicJwks(TestKeys.Rsa, TestKeys.Ec)));
    }

    [Theory]
    [InlineData("""{"keys":[{"kty":"RSA","kid":"a","n":"x","e":"AQAB","d":"secret"}]}""", "'d'")]
    [InlineData("""{"keys":[{"kty":"EC","kid":"a","crv":"P-384","x":"x","y":"y","d":"secret"}]}""", "'d'")]
    [InlineData("""{"keys":[{"kty":"oct","kid":"a","k":"c2VjcmV0"}]}""", "'k'")]
    [InlineData("""{"keys":[{"kty":"RSA","n":"x","e":"AQAB"}]}""", "kid")]
    [InlineData("""{"keys":[]}""", "non-empty")]
    [InlineData("not json", "not valid JSON")]
    public void JwksGuard_BadJwks_Refused(string jwks, string reason)
    {
        var error = JwksGuard.Check(jwks);

        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
