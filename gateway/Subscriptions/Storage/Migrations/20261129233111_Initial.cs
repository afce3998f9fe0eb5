using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lead.Gateway.Subscriptions.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "subscription",
                columns: table => new
                {
                    Id = table.Column<string>(nullable: false),
                    Json = table.Column<string>(nullable: false),
                    VersionId = table.Column<int>(nullable: false),
                    ClientId = table.Column<string>(nullable: false),
                    Scopes = table.Column<string>(nullable: false),
                    PatientId = table.Column<string>(nullable: true),
                    Sources = table.Column<string>(nullable: false),
                    FhirBase = table.Column<string>(nullable: false),
                    Topic = table.Column<string>(nullable: false),
                    Filters = table.Column<string>(nullable: false),
                    Endpoint = table.Column<string>(nullable: false),
                    Headers = table.Column<string>(nullable: false),
                    Content = table.Column<string>(nullable: false),
                    ContentType = table.Column<string>(nullable: false),
                    HeartbeatSeconds = table.Column<int>(nullable: true),
                    TimeoutSeconds = table.Column<int>(nullable: false),
                    MaxCount = table.Column<int>(nullable: false),
                    Status = table.Column<string>(nullable: false),
                    Error = table.Column<string>(nullable: true),
                    EventCount = table.Column<long>(nullable: false),
                    NextHeartbeatTicks = table.Column<long>(nullable: false),
                    EndTicks = table.Column<long>(nullable: true),
                    CreatedTicks = table.Column<long>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subscription", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "subscription_notification",
                columns: table => new
                {
                    Id = table.Column<long>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubscriptionId = table.Column<string>(nullable: false),
                    Kind = table.Column<string>(nullable: false),
                    EventNumber = table.Column<long>(nullable: true),
                    DedupeKey = table.Column<string>(nullable: true),
                    TimestampTicks = table.Column<long>(nullable: false),
                    AcceptedTicks = table.Column<long>(nullable: false),
                    FocusSource = table.Column<string>(nullable: true),
                    FocusType = table.Column<string>(nullable: true),
                    FocusId = table.Column<string>(nullable: true),
                    FocusJson = table.Column<string>(nullable: true),
                    ContextJson = table.Column<string>(nullable: true),
                    Interaction = table.Column<string>(nullable: true),
                    State = table.Column<string>(nullable: false),
                    Attempts = table.Column<int>(nullable: false),
                    NextAttemptTicks = table.Column<long>(nullable: false),
                    LeaseUntilTicks = table.Column<long>(nullable: false),
                    LeaseOwner = table.Column<string>(nullable: true),
                    DeliveredTicks = table.Column<long>(nullable: true),
                    LastError = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subscription_notification", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_subscription_ClientId",
                table: "subscription",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_subscription_notification_State_NextAttemptTicks",
                table: "subscription_notification",
                columns: new[] { "State", "NextAttemptTicks" });

            migrationBuilder.CreateIndex(
                name: "IX_subscription_notification_SubscriptionId_DedupeKey",
                table: "subscription_notification",
                columns: new[] { "SubscriptionId", "DedupeKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_subscription_notification_SubscriptionId_EventNumber",
                table: "subscription_notification",
                columns: new[] { "SubscriptionId", "EventNumber" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "subscription");

            migrationBuilder.DropTable(
                name: "subscription_notification");
        }
    }
}
