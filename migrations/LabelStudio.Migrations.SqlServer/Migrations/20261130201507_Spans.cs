using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Spans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Annotations_TaskId_UserId",
                table: "Annotations");

            migrationBuilder.AddColumn<bool>(
                name: "ConflictFlagBoundaries",
                table: "Projects",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "NoEntitiesJson",
                table: "Annotations",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Annotations",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "SupersedesId",
                table: "Annotations",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Drafts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TaskId = table.Column<long>(type: "bigint", nullable: false),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    ResultJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    NoEntitiesJson = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    RevisesId = table.Column<long>(type: "bigint", nullable: true),
                    LeadTimeSeconds = table.Column<double>(type: "float", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Drafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Drafts_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Drafts_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_SupersedesId",
                table: "Annotations",
                column: "SupersedesId");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_TaskId_UserId_Revision",
                table: "Annotations",
                columns: new[] { "TaskId", "UserId", "Revision" },
                unique: true,
                filter: "[UserId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_TaskId_UserId",
                table: "Drafts",
                columns: new[] { "TaskId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_UserId_ProjectId",
                table: "Drafts",
                columns: new[] { "UserId", "ProjectId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Drafts");

            migrationBuilder.DropIndex(
                name: "IX_Annotations_SupersedesId",
                table: "Annotations");

            migrationBuilder.DropIndex(
                name: "IX_Annotations_TaskId_UserId_Revision",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "ConflictFlagBoundaries",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "NoEntitiesJson",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "SupersedesId",
                table: "Annotations");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_TaskId_UserId",
                table: "Annotations",
                columns: new[] { "TaskId", "UserId" },
                unique: true,
                filter: "[UserId] IS NOT NULL");
        }
    }
}
