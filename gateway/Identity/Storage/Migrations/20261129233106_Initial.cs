using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lead.Gateway.Identity.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "identity_conflicts",
                columns: table => new
                {
                    Id = table.Column<long>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Source = table.Column<string>(nullable: false),
                    PatientId = table.Column<string>(nullable: false),
                    System = table.Column<string>(nullable: false),
                    Value = table.Column<string>(nullable: false),
                    PersonId = table.Column<string>(nullable: false),
                    OtherPersonId = table.Column<string>(nullable: false),
                    Kind = table.Column<string>(nullable: false),
                    DetectedAt = table.Column<DateTimeOffset>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_conflicts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "identity_identifiers",
                columns: table => new
                {
                    Source = table.Column<string>(nullable: false),
                    PatientId = table.Column<string>(nullable: false),
                    System = table.Column<string>(nullable: false),
                    Value = table.Column<string>(nullable: false),
                    Kind = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_identifiers", x => new { x.Source, x.PatientId, x.System, x.Value });
                });

            migrationBuilder.CreateTable(
                name: "identity_persons",
                columns: table => new
                {
                    Id = table.Column<string>(nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_persons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "identity_records",
                columns: table => new
                {
                    Source = table.Column<string>(nullable: false),
                    PatientId = table.Column<string>(nullable: false),
                    PersonId = table.Column<string>(nullable: false),
                    Reason = table.Column<string>(nullable: false),
                    AssertedBy = table.Column<string>(nullable: true),
                    LinkedAt = table.Column<DateTimeOffset>(nullable: false),
                    SeenAt = table.Column<DateTimeOffset>(nullable: false),
                    Family = table.Column<string>(nullable: true),
                    Given = table.Column<string>(nullable: true),
                    BirthDate = table.Column<string>(nullable: true),
                    Gender = table.Column<string>(nullable: true),
                    PostalCode = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_records", x => new { x.Source, x.PatientId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_identity_conflicts_Source_PatientId_System_Value_OtherPersonId",
                table: "identity_conflicts",
                columns: new[] { "Source", "PatientId", "System", "Value", "OtherPersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_identity_identifiers_Value_System",
                table: "identity_identifiers",
                columns: new[] { "Value", "System" });

            migrationBuilder.CreateIndex(
                name: "IX_identity_records_BirthDate",
                table: "identity_records",
                column: "BirthDate");

            migrationBuilder.CreateIndex(
                name: "IX_identity_records_Family",
                table: "identity_records",
                column: "Family");

            migrationBuilder.CreateIndex(
                name: "IX_identity_records_PersonId",
                table: "identity_records",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "identity_conflicts");

            migrationBuilder.DropTable(
                name: "identity_identifiers");

            migrationBuilder.DropTable(
                name: "identity_persons");

            migrationBuilder.DropTable(
                name: "identity_records");
        }
    }
}
