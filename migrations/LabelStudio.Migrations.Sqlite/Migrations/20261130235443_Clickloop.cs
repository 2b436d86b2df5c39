using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Clickloop : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "EvidenceWindowDays",
                table: "FeedbackSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AlterColumn<double>(
                name: "PRelevant",
                table: "FeedbackLabels",
                type: "REAL",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL");

            migrationBuilder.AddColumn<string>(
                name: "EvidenceIngestIdsJson",
                table: "FeedbackIngests",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "FeedbackIngests",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "RolledBackAt",
                table: "FeedbackIngests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RolledBackById",
                table: "FeedbackIngests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FeedbackCatalog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 190, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackCatalog", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackCatalog_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackEvidence",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    IngestId = table.Column<long>(type: "INTEGER", nullable: false),
                    QueryId = table.Column<string>(type: "TEXT", maxLength: 190, nullable: false),
                    DocId = table.Column<string>(type: "TEXT", maxLength: 190, nullable: false),
                    Impressions = table.Column<int>(type: "INTEGER", nullable: false),
                    Clicks = table.Column<int>(type: "INTEGER", nullable: false),
                    SatClicks = table.Column<int>(type: "INTEGER", nullable: false),
                    SdbnExamined = table.Column<int>(type: "INTEGER", nullable: false),
                    SdbnLastClicks = table.Column<int>(type: "INTEGER", nullable: false),
                    DistinctClickers = table.Column<int>(type: "INTEGER", nullable: false),
                    ClickerClicks = table.Column<int>(type: "INTEGER", nullable: false),
                    TopClicker = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    TopClickerClicks = table.Column<int>(type: "INTEGER", nullable: false),
                    Cells = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackEvidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackEvidence_FeedbackIngests_IngestId",
                        column: x => x.IngestId,
                        principalTable: "FeedbackIngests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackIngests_RolledBackById",
                table: "FeedbackIngests",
                column: "RolledBackById");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackCatalog_ProjectId_Kind_ItemId",
                table: "FeedbackCatalog",
                columns: new[] { "ProjectId", "Kind", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackEvidence_IngestId_Id",
                table: "FeedbackEvidence",
                columns: new[] { "IngestId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackEvidence_ProjectId_QueryId_DocId",
                table: "FeedbackEvidence",
                columns: new[] { "ProjectId", "QueryId", "DocId" });

            migrationBuilder.AddForeignKey(
                name: "FK_FeedbackIngests_AspNetUsers_RolledBackById",
                table: "FeedbackIngests",
                column: "RolledBackById",
                principalTable: "AspNetUsers",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_FeedbackIngests_AspNetUsers_RolledBackById",
                table: "FeedbackIngests");

            migrationBuilder.DropTable(
                name: "FeedbackCatalog");

            migrationBuilder.DropTable(
                name: "FeedbackEvidence");

            migrationBuilder.DropIndex(
                name: "IX_FeedbackIngests_RolledBackById",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "EvidenceWindowDays",
                table: "FeedbackSettings");

            migrationBuilder.DropColumn(
                name: "EvidenceIngestIdsJson",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "RolledBackAt",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "RolledBackById",
                table: "FeedbackIngests");

            migrationBuilder.AlterColumn<double>(
                name: "PRelevant",
                table: "FeedbackLabels",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldNullable: true);
        }
    }
}
