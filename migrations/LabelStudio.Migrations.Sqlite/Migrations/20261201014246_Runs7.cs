using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Runs7 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ConsensusRunId",
                table: "DatasetVersions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OutcomeWatermark",
                table: "DatasetVersions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "TaskWatermark",
                table: "DatasetVersions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "ConsensusRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SettingsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ModelVersion = table.Column<long>(type: "INTEGER", nullable: true),
                    ConfigVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxAnnotationId = table.Column<long>(type: "INTEGER", nullable: false),
                    MaxGoldId = table.Column<long>(type: "INTEGER", nullable: false),
                    MaxResolutionId = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TaskCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    StateCountsJson = table.Column<string>(type: "TEXT", nullable: false),
                    OutcomeWatermark = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsensusRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsensusRuns_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TaskOutcomeRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    RunId = table.Column<long>(type: "INTEGER", nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsensusResultJson = table.Column<string>(type: "TEXT", nullable: true),
                    Method = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AgreementScore = table.Column<double>(type: "REAL", nullable: true),
                    Posterior = table.Column<double>(type: "REAL", nullable: true),
                    RatingCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelVersion = table.Column<long>(type: "INTEGER", nullable: true),
                    DetailsJson = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskOutcomeRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaskOutcomeRevisions_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsensusRuns_ProjectId_Id",
                table: "ConsensusRuns",
                columns: new[] { "ProjectId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskOutcomeRevisions_RunId_Id",
                table: "TaskOutcomeRevisions",
                columns: new[] { "RunId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskOutcomeRevisions_TaskId_Id",
                table: "TaskOutcomeRevisions",
                columns: new[] { "TaskId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsensusRuns");

            migrationBuilder.DropTable(
                name: "TaskOutcomeRevisions");

            migrationBuilder.DropColumn(
                name: "ConsensusRunId",
                table: "DatasetVersions");

            migrationBuilder.DropColumn(
                name: "OutcomeWatermark",
                table: "DatasetVersions");

            migrationBuilder.DropColumn(
                name: "TaskWatermark",
                table: "DatasetVersions");
        }
    }
}
