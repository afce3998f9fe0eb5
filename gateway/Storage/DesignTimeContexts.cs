using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Identity.Storage;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Subscriptions.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lead.Gateway.Storage;

/// <summary>
/// What <c>dotnet ef migrations add</c> uses to build each room's DbContext (see docs/migrations.md); never used at run
/// time. Migrations are generated against SQLite and made provider-neutral (<see cref="StoreMigrator"/>).
/// </summary>
internal abstract class DesignTimeContextFactory<TContext> : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=:memory:");
        return (TContext)Activator.CreateInstance(typeof(TContext), options.Options)!;
    }
}

internal sealed class SandboxDesignTimeFactory : DesignTimeContextFactory<SandboxDbContext>;

internal sealed class BulkExportDesignTimeFactory : DesignTimeContextFactory<BulkExportDbContext>;

internal sealed class IdentityDesignTimeFactory : DesignTimeContextFactory<IdentityDbContext>;

internal sealed class SubscriptionsDesignTimeFactory : DesignTimeContextFactory<SubscriptionsDbContext>;
