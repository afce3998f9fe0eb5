using System.Net;
using Lead.Auth.BackendServices;

namespace Lead.Auth.Tests.BackendServices;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void AddressPolicy_PrivateOrLocal_IsPrivate(string address)
    {
        Assert.True(AddressPolicy.IsPrivate(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    public void AddressPolicy_Public_IsNotPrivate(string address)
    {
        Assert.False(AddressPolicy.IsPrivate(IPAddress.Parse(address)));
    }
}
