using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lead.Auth.Storage.Migrations
{
    /// <inheritdoc />
    public partial class LaunchContextFhirBase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FhirBase",
                table: "SmartLaunchContexts",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FhirBase",
                table: "SmartLaunchContexts");
        }
    }
}
