using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lead.Auth.Storage;

/// <summary>What <c>dotnet ef migrations add</c> uses to build the authorization server's DbContext; never used at run time.</summary>
internal sealed class SmartAuthDesignTimeFactory : IDesignTimeDbContextFactory<SmartAuthDbContext>
{
    public SmartAuthDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SmartAuthDbContext>().UseSqlite("Data Source=:memory:").UseOpenIddict();
        return new SmartAuthDbContext(options.Options);
    }
}
