using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lead.Gateway.Sandbox.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sandbox_references",
                columns: table => new
                {
                    Key = table.Column<long>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Source = table.Column<string>(nullable: false),
                    Type = table.Column<string>(nullable: false),
                    Id = table.Column<string>(nullable: true),
                    Param = table.Column<string>(nullable: false),
                    TargetType = table.Column<string>(nullable: true),
                    TargetId = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sandbox_references", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "sandbox_resources",
                columns: table => new
                {
                    Source = table.Column<string>(nullable: false),
                    Type = table.Column<string>(nullable: false),
                    Id = table.Column<string>(nullable: false),
                    VersionId = table.Column<int>(nullable: false),
                    LastUpdated = table.Column<long>(nullable: false),
                    IsCurrent = table.Column<bool>(nullable: false),
                    Deleted = table.Column<bool>(nullable: false),
                    Json = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sandbox_resources", x => new { x.Source, x.Type, x.Id, x.VersionId });
                });

            migrationBuilder.CreateTable(
                name: "sandbox_tokens",
                columns: table => new
                {
                    Key = table.Column<long>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Source = table.Column<string>(nullable: false),
                    Type = table.Column<string>(nullable: false),
                    Id = table.Column<string>(nullable: true),
                    Param = table.Column<string>(nullable: false),
                    System = table.Column<string>(nullable: true),
                    Value = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sandbox_tokens", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sandbox_references_Source_Type_Id",
                table: "sandbox_references",
                columns: new[] { "Source", "Type", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sandbox_references_Source_Type_Param_TargetId",
                table: "sandbox_references",
                columns: new[] { "Source", "Type", "Param", "TargetId" });

            migrationBuilder.CreateIndex(
                name: "IX_sandbox_resources_Source_Type_IsCurrent_Id",
                table: "sandbox_resources",
                columns: new[] { "Source", "Type", "IsCurrent", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sandbox_resources_Source_Type_IsCurrent_LastUpdated",
                table: "sandbox_resources",
                columns: new[] { "Source", "Type", "IsCurrent", "LastUpdated" });

            migrationBuilder.CreateIndex(
                name: "IX_sandbox_tokens_Source_Type_Id",
                table: "sandbox_tokens",
                columns: new[] { "Source", "Type", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sandbox_tokens_Source_Type_Param_Value",
                table: "sandbox_tokens",
                columns: new[] { "Source", "Type", "Param", "Value" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sandbox_references");

            migrationBuilder.DropTable(
                name: "sandbox_resources");

            migrationBuilder.DropTable(
                name: "sandbox_tokens");
        }
    }
}
