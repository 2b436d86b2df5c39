using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Feedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FeedbackIngests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ImportedById = table.Column<string>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CountersJson = table.Column<string>(type: "TEXT", nullable: false),
                    ThetaJson = table.Column<string>(type: "TEXT", nullable: false),
                    CalibrationJson = table.Column<string>(type: "TEXT", nullable: false),
                    OutcomeJson = table.Column<string>(type: "TEXT", nullable: false),
                    TimingsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackIngests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackIngests_AspNetUsers_ImportedById",
                        column: x => x.ImportedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_FeedbackIngests_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackSeeds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RowCount = table.Column<int>(type: "INTEGER", nullable: false),
                    MalformedRows = table.Column<int>(type: "INTEGER", nullable: false),
                    RelevantRows = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentTsv = table.Column<string>(type: "TEXT", nullable: false),
                    UploadedById = table.Column<string>(type: "TEXT", nullable: true),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackSeeds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackSeeds_AspNetUsers_UploadedById",
                        column: x => x.UploadedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_FeedbackSeeds_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackSettings",
                columns: table => new
                {
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    TargetPrecision = table.Column<double>(type: "REAL", nullable: false),
                    RelevantMinGrade = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxNewTasks = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackSettings", x => x.ProjectId);
                    table.ForeignKey(
                        name: "FK_FeedbackSettings_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackLabels",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    IngestId = table.Column<long>(type: "INTEGER", nullable: false),
                    QueryId = table.Column<string>(type: "TEXT", maxLength: 190, nullable: false),
                    DocId = table.Column<string>(type: "TEXT", maxLength: 190, nullable: false),
                    TaskId = table.Column<long>(type: "INTEGER", nullable: true),
                    Model = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    PRelevant = table.Column<double>(type: "REAL", nullable: false),
                    Decision = table.Column<int>(type: "INTEGER", nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    EvidenceJson = table.Column<string>(type: "TEXT", nullable: false),
                    CalibrationJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackLabels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackLabels_FeedbackIngests_IngestId",
                        column: x => x.IngestId,
                        principalTable: "FeedbackIngests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackIngests_ImportedById",
                table: "FeedbackIngests",
                column: "ImportedById");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackIngests_ProjectId_Id",
                table: "FeedbackIngests",
                columns: new[] { "ProjectId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackIngests_ProjectId_Sha256",
                table: "FeedbackIngests",
                columns: new[] { "ProjectId", "Sha256" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackLabels_IngestId",
                table: "FeedbackLabels",
                column: "IngestId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackLabels_ProjectId_Decision",
                table: "FeedbackLabels",
                columns: new[] { "ProjectId", "Decision" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackLabels_ProjectId_QueryId_DocId_Id",
                table: "FeedbackLabels",
                columns: new[] { "ProjectId", "QueryId", "DocId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackLabels_TaskId",
                table: "FeedbackLabels",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackSeeds_ProjectId_Id",
                table: "FeedbackSeeds",
                columns: new[] { "ProjectId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackSeeds_UploadedById",
                table: "FeedbackSeeds",
                column: "UploadedById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FeedbackLabels");

            migrationBuilder.DropTable(
                name: "FeedbackSeeds");

            migrationBuilder.DropTable(
                name: "FeedbackSettings");

            migrationBuilder.DropTable(
                name: "FeedbackIngests");
        }
    }
}
