using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lead.Gateway.BulkExport.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bulk_export_delegations",
                columns: table => new
                {
                    Id = table.Column<long>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<string>(nullable: false),
                    SourceId = table.Column<string>(nullable: false),
                    KickOffUrl = table.Column<string>(nullable: false),
                    StatusUrl = table.Column<string>(nullable: true),
                    StartedAt = table.Column<long>(nullable: false),
                    ManifestRead = table.Column<bool>(nullable: false),
                    RequiresAccessToken = table.Column<bool>(nullable: false),
                    Done = table.Column<bool>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bulk_export_delegations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "bulk_export_errors",
                columns: table => new
                {
                    Id = table.Column<long>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<string>(nullable: false),
                    SourceId = table.Column<string>(nullable: true),
                    Severity = table.Column<string>(nullable: false),
                    Code = table.Column<string>(nullable: false),
                    Message = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bulk_export_errors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "bulk_export_jobs",
                columns: table => new
                {
                    Id = table.Column<string>(nullable: false),
                    ClientId = table.Column<string>(nullable: false),
                    RequestKey = table.Column<string>(nullable: false),
                    RequestUrl = table.Column<string>(nullable: false),
                    BaseUrl = table.Column<string>(nullable: false),
                    Level = table.Column<string>(nullable: false),
                    GroupId = table.Column<string>(nullable: true),
                    GroupSource = table.Column<string>(nullable: true),
                    Since = table.Column<string>(nullable: true),
                    Types = table.Column<string>(nullable: false),
                    TypeFilters = table.Column<string>(nullable: false),
                    Patients = table.Column<string>(nullable: false),
                    Elements = table.Column<string>(nullable: true),
                    Sources = table.Column<string>(nullable: false),
                    Status = table.Column<string>(nullable: false),
                    TransactionTime = table.Column<string>(nullable: false),
                    CreatedAt = table.Column<long>(nullable: false),
                    ExpiresAt = table.Column<long>(nullable: false),
                    CompletedAt = table.Column<long>(nullable: true),
                    LeaseOwner = table.Column<string>(nullable: true),
                    LeaseExpires = table.Column<long>(nullable: false),
                    Failure = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bulk_export_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "bulk_export_tasks",
                columns: table => new
                {
                    Id = table.Column<long>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<string>(nullable: false),
                    SourceId = table.Column<string>(nullable: false),
                    Type = table.Column<string>(nullable: false),
                    FileName = table.Column<string>(nullable: false),
                    InitialUrl = table.Column<string>(nullable: false),
                    NextUrl = table.Column<string>(nullable: true),
                    Done = table.Column<bool>(nullable: false),
                    Failed = table.Column<bool>(nullable: false),
                    Lines = table.Column<long>(nullable: false),
                    Bytes = table.Column<long>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bulk_export_tasks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bulk_export_delegations_JobId",
                table: "bulk_export_delegations",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "IX_bulk_export_errors_JobId",
                table: "bulk_export_errors",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "IX_bulk_export_jobs_ClientId_RequestKey",
                table: "bulk_export_jobs",
                columns: new[] { "ClientId", "RequestKey" });

            migrationBuilder.CreateIndex(
                name: "IX_bulk_export_jobs_Status_LeaseExpires",
                table: "bulk_export_jobs",
                columns: new[] { "Status", "LeaseExpires" });

            migrationBuilder.CreateIndex(
                name: "IX_bulk_export_tasks_JobId",
                table: "bulk_export_tasks",
                column: "JobId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bulk_export_delegations");

            migrationBuilder.DropTable(
                name: "bulk_export_errors");

            migrationBuilder.DropTable(
                name: "bulk_export_jobs");

            migrationBuilder.DropTable(
                name: "bulk_export_tasks");
        }
    }
}
