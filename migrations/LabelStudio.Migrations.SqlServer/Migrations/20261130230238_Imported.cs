using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Imported : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CompleteTaskCount",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RatingCount",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ImportedRaterId",
                table: "Annotations",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ImportedRaters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    ExternalKey = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    DisplayName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ImportBatchId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportedRaters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportedRaters_ImportBatches_ImportBatchId",
                        column: x => x.ImportBatchId,
                        principalTable: "ImportBatches",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ImportedRaters_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportedRaters_ImportBatchId",
                table: "ImportedRaters",
                column: "ImportBatchId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportedRaters_ProjectId_ExternalKey",
                table: "ImportedRaters",
                columns: new[] { "ProjectId", "ExternalKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportedRaters");

            migrationBuilder.DropColumn(
                name: "CompleteTaskCount",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "RatingCount",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "ImportedRaterId",
                table: "Annotations");
        }
    }
}
