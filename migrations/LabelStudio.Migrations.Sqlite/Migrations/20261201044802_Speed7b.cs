using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Speed7b : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TaskOutcomeRevisions_ProjectId_TaskId_Id",
                table: "TaskOutcomeRevisions",
                columns: new[] { "ProjectId", "TaskId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_ProjectId_TaskId_Id",
                table: "Annotations",
                columns: new[] { "ProjectId", "TaskId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskOutcomeRevisions_ProjectId_TaskId_Id",
                table: "TaskOutcomeRevisions");

            migrationBuilder.DropIndex(
                name: "IX_Annotations_ProjectId_TaskId_Id",
                table: "Annotations");
        }
    }
}
