using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Dedup7 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ContentHash",
                table: "Tasks",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_ProjectId_ContentHash",
                table: "Tasks",
                columns: new[] { "ProjectId", "ContentHash" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_ProjectId_ContentHash",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "ContentHash",
                table: "Tasks");
        }
    }
}
